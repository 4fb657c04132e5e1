"""Aggregation: enriched articles in, rollup deltas out.  Pure: no SQL, no clock.

Rollups are keyed by event-time bucket (the month of ``published_at``; the
bucket ``unknown`` when an article's date is unknown, which is never invented).
The store adds these deltas only for articles it has not stored before, so an
article is counted once however often it is delivered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsstream.events import EnrichedArticle

UNKNOWN_BUCKET = "unknown"


def time_bucket(published_at: str | None) -> str:
    """Month bucket ``YYYY-MM`` of an event time, or :data:`UNKNOWN_BUCKET`."""
    return published_at[:7] if published_at else UNKNOWN_BUCKET


@dataclass
class Rollup:
    """Additive counts over a set of articles."""

    #: (bucket, actor_id) -> articles naming the actor
    actor_articles: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: (bucket, actor_id) -> mentions of the actor (after coreference)
    actor_mentions: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: (bucket, theme_id) -> articles assigned the theme
    theme_articles: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: (bucket, actor_id, theme_id) -> articles with both
    actor_theme_articles: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    #: bucket -> articles
    bucket_articles: Counter[str] = field(default_factory=Counter)

    def add(self, article: EnrichedArticle) -> None:
        bucket = time_bucket(article.published_at)
        self.bucket_articles[bucket] += 1
        for actor in article.actors:
            self.actor_articles[bucket, actor.id] += 1
            self.actor_mentions[bucket, actor.id] += actor.mentions
        for theme in article.themes:
            self.theme_articles[bucket, theme.id] += 1
        for actor in article.actors:
            for theme in article.themes:
                self.actor_theme_articles[bucket, actor.id, theme.id] += 1


def rollup(articles: Iterable[EnrichedArticle]) -> Rollup:
    """Sum the rollup contributions of ``articles``."""
    result = Rollup()
    for article in articles:
        result.add(article)
    return result
