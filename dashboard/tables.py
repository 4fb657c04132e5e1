"""Plain data -> what the page prints: the status line and table rows.  Pure: no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from dashboard.data import LatestArticle
from newsstream.events import EnrichedArticle
from newsstream.store import StoreStats


def format_time(moment: datetime | None) -> str:
    """A stored time in UTC (SQLite hands back naive UTC, PostgreSQL aware times)."""
    if moment is None:
        return "never"
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def status_line(stats: StoreStats) -> str:
    """The pipeline status line (plain text: numbers and dates only)."""
    return (
        f"{stats.articles} articles stored · {stats.dead_letters} dead-lettered · "
        f"last event time {stats.last_event_time or 'unknown'} · "
        f"last stored at {format_time(stats.last_stored_at)}"
    )


def undated_note(undated: int, total: int) -> str:
    if undated == 0:
        return "Every stored article has a date: all of them are on the time axis."
    return (
        f"{undated} of {total} articles have no date: they count in the totals, the theme "
        "chart and the heatmap, but not on this time axis (a date is never invented)."
    )


def latest_rows(latest: Sequence[LatestArticle]) -> list[dict[str, Any]]:
    return [
        {
            "article": a.heading,
            "date": a.published_at or "unknown",
            "actors": ", ".join(a.actors),
            "themes": ", ".join(a.themes),
            "source": a.source,
        }
        for a in latest
    ]


def article_label(a: LatestArticle) -> str:
    """How an article is named in the viewer's choice list."""
    return f"{a.published_at or 'undated'} · {a.heading}"


def actor_rows(article: EnrichedArticle) -> list[dict[str, Any]]:
    return [
        {
            "actor": a.name,
            "type": a.type,
            "mentions": a.mentions,
            "known": a.known,
            "roles": ", ".join(a.roles),
            "seen as": ", ".join(a.aliases),
        }
        for a in article.actors
    ]


def theme_rows(article: EnrichedArticle) -> list[dict[str, Any]]:
    return [
        {"theme": t.label, "id": t.id, "score": round(t.score, 3), "evidence": len(t.evidence)}
        for t in article.themes
    ]


def quote_rows(article: EnrichedArticle) -> list[dict[str, Any]]:
    return [{"speaker": q.speaker or "(unattributed)", "quote": q.text} for q in article.quotes]


def evidence_rows(article: EnrichedArticle) -> list[dict[str, Any]]:
    """Every evidence span: what was tagged, the words, and the sentence they stand in."""
    rows = [
        {
            "kind": "actor",
            "tag": a.name,
            "words": article.text[ev.start : ev.end],
            "sentence": ev.sentence,
        }
        for a in article.actors
        for ev in a.evidence
    ]
    rows += [
        {
            "kind": "theme",
            "tag": t.label,
            "words": article.text[ev.start : ev.end],
            "sentence": ev.sentence,
        }
        for t in article.themes
        for ev in t.evidence
    ]
    return rows
