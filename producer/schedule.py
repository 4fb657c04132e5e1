"""When to publish each article: pure, no clock, no Kafka.

Three pacings: as fast as possible (default), ``rate`` articles per second, or
a simulated feed that follows the articles' publication dates compressed by
``speedup`` (seconds of news per wall-clock second).  Articles with an unknown
date have no place on the time line; the simulated feed sends them first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from newsstream.errors import ConfigError
from newsstream.events import ArticleEvent

#: One month of news per 10 seconds.
DEFAULT_SPEEDUP = 30 * 24 * 3600 / 10


@dataclass(frozen=True)
class Scheduled:
    at: float  # seconds after the start of the pass
    event: ArticleEvent


def _event_date(published_at: str) -> date:
    year, month, *day = (int(p) for p in published_at.split("-"))
    return date(year, month, day[0] if day else 1)


def schedule(
    events: Sequence[ArticleEvent],
    *,
    rate: float | None = None,
    simulate: bool = False,
    speedup: float = DEFAULT_SPEEDUP,
) -> list[Scheduled]:
    """Offsets (seconds from the start of a pass) at which to send each event."""
    if rate is not None and simulate:
        raise ConfigError("choose either --rate or --simulate, not both")
    if rate is not None and rate <= 0:
        raise ConfigError(f"--rate must be positive, got {rate}")
    if speedup <= 0:
        raise ConfigError(f"--speedup must be positive, got {speedup}")
    if rate is not None:
        return [Scheduled(i / rate, e) for i, e in enumerate(events)]
    if not simulate:
        return [Scheduled(0.0, e) for e in events]
    undated = [e for e in events if e.published_at is None]
    dated = sorted(
        (e for e in events if e.published_at is not None),
        key=lambda e: (_event_date(e.published_at or ""), e.article_id),
    )
    out = [Scheduled(0.0, e) for e in undated]
    if dated:
        first = _event_date(dated[0].published_at or "")
        for e in dated:
            days = (_event_date(e.published_at or "") - first).days
            out.append(Scheduled(days * 86400 / speedup, e))
    return out


def pass_length(plan: Sequence[Scheduled], *, rate: float | None) -> float:
    """Wall-clock seconds one pass takes, used to space passes in ``--loop``."""
    last = plan[-1].at if plan else 0.0
    gap = 1.0 / rate if rate else 1.0
    return last + gap
