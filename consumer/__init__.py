"""The consumer service: validates, enriches and aggregates events into the store."""
