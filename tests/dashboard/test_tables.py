"""Status line and table rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from dashboard import tables
from dashboard.data import LatestArticle
from newsstream.store import StoreStats


def test_status_line() -> None:
    stats = StoreStats(5, 1, 8, "2024-12", datetime(2025, 1, 2, 3, 4, 5), 1)
    assert tables.status_line(stats) == (
        "5 articles stored · 1 dead-lettered · last event time 2024-12 · "
        "last stored at 2025-01-02 03:04:05 UTC"
    )
    empty = StoreStats(0, 0, 0, None, None, 0)
    assert tables.status_line(empty) == (
        "0 articles stored · 0 dead-lettered · last event time unknown · last stored at never"
    )


def test_times_are_shown_in_utc() -> None:
    cest = timezone(timedelta(hours=2))
    assert tables.format_time(datetime(2025, 6, 1, 14, 0, tzinfo=cest)) == "2025-06-01 12:00:00 UTC"
    assert tables.format_time(datetime(2025, 6, 1, 12, 0, tzinfo=UTC)) == "2025-06-01 12:00:00 UTC"


def test_undated_note() -> None:
    assert "1 of 5 articles have no date" in tables.undated_note(1, 5)
    assert "Every stored article has a date" in tables.undated_note(0, 5)


def test_latest_rows_and_label() -> None:
    row = LatestArticle("a" * 32, "Titel", None, "seed", ("NATO", "Ukraine"), ("Militärhilfe",))
    assert tables.latest_rows([row]) == [
        {
            "article": "Titel",
            "date": "unknown",
            "actors": "NATO, Ukraine",
            "themes": "Militärhilfe",
            "source": "seed",
        }
    ]
    assert tables.article_label(row) == "undated · Titel"
