"""Pacing of the producer (pure)."""

from __future__ import annotations

import pytest

from newsstream.errors import ConfigError
from newsstream.events import ArticleEvent
from producer.schedule import DEFAULT_SPEEDUP, pass_length, schedule


def _events(*dates: str | None) -> list[ArticleEvent]:
    return [
        ArticleEvent.create(source="s", text=f"t{i}", published_at=d) for i, d in enumerate(dates)
    ]


def test_default_sends_everything_at_once() -> None:
    assert [s.at for s in schedule(_events("2024-01", None))] == [0.0, 0.0]


def test_rate() -> None:
    assert [s.at for s in schedule(_events(None, None, None), rate=2)] == [0.0, 0.5, 1.0]
    assert pass_length(schedule(_events(None, None), rate=2), rate=2) == 1.0


def test_simulated_feed_follows_dates_and_sends_undated_first() -> None:
    events = _events("2023-09", None, "2023-04", "2023-05")
    plan = schedule(events, simulate=True)
    assert [s.event.published_at for s in plan] == [None, "2023-04", "2023-05", "2023-09"]
    assert plan[0].at == 0.0 and plan[1].at == 0.0
    # April has 30 days: one month of news per 10 s by default
    assert plan[2].at == pytest.approx(30 * 86400 / DEFAULT_SPEEDUP) == pytest.approx(10.0)
    fast = schedule(events, simulate=True, speedup=DEFAULT_SPEEDUP * 10)
    assert fast[2].at == pytest.approx(1.0)


@pytest.mark.parametrize(
    "kwargs", [{"rate": 1, "simulate": True}, {"rate": 0}, {"simulate": True, "speedup": -1}]
)
def test_bad_pacing_is_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ConfigError):
        schedule(_events(None), **kwargs)  # type: ignore[arg-type]
