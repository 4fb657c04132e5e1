"""Behaviour of the store, run against SQLite and a real PostgreSQL."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from newsstream.errors import StoreError
from newsstream.events import ActorMention, ArticleEvent, DeadLetter, EnrichedArticle, Quote
from newsstream.events import ThemeAssignment as Theme
from newsstream.store import ArticleRecord, KafkaPosition, Store, open_store


def _record(
    text_: str,
    published_at: str | None,
    actors: dict[str, int],
    themes: list[str],
    offset: int = 0,
) -> ArticleRecord:
    event = ArticleEvent.create(source="test", text=text_, published_at=published_at)
    enriched = EnrichedArticle(
        article_id=event.article_id,
        published_at=published_at,
        title=None,
        text=text_,
        actors=tuple(
            ActorMention(id=a, name=a.upper(), type="organization", mentions=n)
            for a, n in actors.items()
        ),
        themes=tuple(Theme(id=t, label=t.title(), score=1.0) for t in themes),
        quotes=(Quote(speaker="X", speaker_id="x", text="hallo", start=0, end=5),),
        engine_version="test",
    )
    return ArticleRecord(event, enriched, KafkaPosition("raw", 0, offset))


A = _record("a", "2024-05", {"nato": 3, "ukraine": 1}, ["nato_membership"], 0)
B = _record("b", "2024-05", {"nato": 1}, ["nato_membership", "military_aid"], 1)
C = _record("c", None, {"ukraine": 2}, ["military_aid"], 2)


def _letter(offset: int) -> DeadLetter:
    return DeadLetter(
        reason="value is not JSON",
        error_type="invalid_json",
        original_topic="raw",
        original_partition=0,
        original_offset=offset,
        payload="{oops",
        consumer_group="g",
    )


def test_batch_stores_articles_rows_and_rollups(store: Store) -> None:
    result = store.write_batch([A, B, C], [_letter(7)])
    assert (result.stored, result.duplicates, result.dead_letters) == (3, 0, 1)
    stats = store.stats()
    assert (stats.articles, stats.dead_letters, stats.actors) == (3, 1, 2)
    assert stats.last_event_time == "2024-05"
    totals = {a.actor_id: (a.articles, a.mentions) for a in store.actor_totals()}
    assert totals == {"nato": (2, 4), "ukraine": (2, 3)}
    assert {t.theme_id: t.articles for t in store.theme_totals()} == {
        "nato_membership": 2,
        "military_aid": 2,
    }
    # the undated article counts in totals but not on the time axis
    timeline = store.actor_timeline(["nato", "ukraine"])
    assert {(b.bucket, b.key, b.articles) for b in timeline} == {
        ("2024-05", "nato", 2),
        ("2024-05", "ukraine", 1),
    }
    cells = {(c.actor_id, c.theme_id): c.articles for c in store.actor_theme_matrix(["nato"])}
    assert cells == {("nato", "nato_membership"): 2, ("nato", "military_aid"): 1}


def test_redelivery_and_republication_count_once(store: Store) -> None:
    store.write_batch([A, B])
    again = store.write_batch([A, B, C, C])  # redelivered, plus C twice in one batch
    assert (again.stored, again.duplicates) == (1, 3)
    republished = _record("a", "2024-05", {"nato": 3, "ukraine": 1}, ["nato_membership"], 99)
    assert republished.event.article_id == A.event.article_id
    assert store.write_batch([republished]).stored == 0
    assert store.stats().articles == 3
    assert {a.actor_id: a.articles for a in store.actor_totals()} == {"nato": 2, "ukraine": 2}


def test_dead_letter_redelivered_is_recorded_once(store: Store) -> None:
    assert store.write_batch([], [_letter(1), _letter(2)]).dead_letters == 2
    assert store.write_batch([], [_letter(2)]).dead_letters == 0
    assert store.stats().dead_letters == 2
    assert [d.original_offset for d in store.dead_letter_rows()] == [2, 1]


def test_failed_transaction_stores_nothing(store: Store, store_url: str) -> None:
    store.write_batch([A])
    # Break the rollup table: the next batch must roll back, articles included.
    with store._engine.begin() as conn:
        conn.execute(text("DROP TABLE rollup_bucket"))
    try:
        store.write_batch([B])
    except Exception as e:
        assert "rolled back" in str(e)
    else:
        raise AssertionError("write_batch should have failed")
    with store._engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar_one() == 1


def test_latest_and_single_article_read_back(store: Store) -> None:
    store.write_batch([A, B, C])
    latest = store.latest_articles(limit=2)
    assert len(latest) == 2
    assert latest[0].published_at == "2024-05"
    stored = store.article(A.event.article_id)
    assert stored is not None
    assert stored.enriched == A.enriched
    assert store.article("0" * 32) is None


def test_concurrent_writers_of_the_same_articles_count_once(store_url: str) -> None:
    """Two writers (two consumers during a rebalance) racing on the same articles."""
    records = [
        _record(f"text {i}", "2024-01", {"nato": 1}, ["nato_membership"], i) for i in range(40)
    ]
    errors: list[BaseException] = []

    def write(chunk: list[ArticleRecord]) -> None:
        try:
            with open_store(store_url) as s:
                for i in range(0, len(chunk), 5):
                    s.write_batch(chunk[i : i + 5])
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=write, args=(records,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with open_store(store_url) as s:
        assert s.stats().articles == 40
        assert [(a.actor_id, a.articles, a.mentions) for a in s.actor_totals()] == [
            ("nato", 40, 40)
        ]


def test_opening_a_store_made_before_an_index_existed_adds_it(store_url: str) -> None:
    with open_store(store_url) as s, s._engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_articles_engine_version"))
    with open_store(store_url) as s:
        names = {ix["name"] for ix in inspect(s._engine).get_indexes("articles")}
    assert "ix_articles_engine_version" in names


def test_opening_a_missing_sqlite_store_without_create_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "absent" / "newsstream.db"
    with pytest.raises(StoreError, match=r"no store at .*absent"):
        open_store(f"sqlite:///{path}", create=False)
    assert not path.exists() and not path.parent.exists()
