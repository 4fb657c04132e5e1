"""The producer service: replays article files as events on ``articles.raw``."""
