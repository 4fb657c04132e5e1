"""Re-enrichment of stored articles, on SQLite and a real PostgreSQL.

The reference is always a fresh store written with the new enrichment: after a
re-enrichment every rollup table must equal its rows, row by row.
"""

from __future__ import annotations

import random
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, select, text

from newsstream.enrich import Enricher
from newsstream.errors import StoreError
from newsstream.events import ArticleEvent, EnrichedArticle
from newsstream.sources import read_articles
from newsstream.store import ArticleRecord, Store, open_store, schema
from newsstream.store.reenrich import reenrich

ROOT = Path(__file__).resolve().parents[2]
ROLLUPS = ("rollup_actor", "rollup_theme", "rollup_actor_theme", "rollup_bucket")
DETAILS = ("actor_mentions", "theme_assignments", "quotes")


@pytest.fixture(scope="module")
def old() -> Enricher:
    return Enricher.load()


@pytest.fixture(scope="module")
def new(old: Enricher) -> Enricher:
    """The engine after a knowledge-base edit: Jens Stoltenberg and the theme
    nato_membership removed, NATO renamed."""
    kb = old.kb
    actors = kb.actors.model_copy(
        update={
            "persons": tuple(p for p in kb.actors.persons if p.id != "jens-stoltenberg"),
            "organizations": tuple(
                o.model_copy(update={"name": "Nordatlantikpakt"}) if o.id == "nato" else o
                for o in kb.actors.organizations
            ),
        }
    )
    themes = kb.themes.model_copy(
        update={"themes": tuple(t for t in kb.themes.themes if t.id != "nato_membership")}
    )
    enricher = Enricher(kb.model_copy(update={"actors": actors, "themes": themes}))
    assert enricher.version != old.version
    return enricher


def _corpus() -> list[ArticleEvent]:
    """The seeds and a held-out gold set, plus one undated article."""
    events = list(read_articles([ROOT / "seeds", ROOT / "tests" / "gold_heldout"]))
    undated = ArticleEvent.create(source="test", text=events[0].text, published_at=None)
    return [*events, undated]


def _mixed(n: int, seed: int) -> list[ArticleEvent]:
    """``n`` articles of sentences drawn from the corpus, with assorted dates."""
    rng = random.Random(seed)
    sentences = [s for e in _corpus() for s in re.split(r"(?<=[.!?“])\s+", e.text) if s]
    dates = ["2022-06", "2023-07", "2024-05", None]
    return [
        ArticleEvent.create(
            source=f"mix-{seed}",
            text=" ".join(rng.sample(sentences, 8)),
            published_at=rng.choice(dates),
        )
        for _ in range(n)
    ]


def _write(url: str, events: list[ArticleEvent], enricher: Enricher, batch: int = 7) -> None:
    with open_store(url) as store:
        records = [ArticleRecord(e, enricher.enrich(e)) for e in events]
        for i in range(0, len(records), batch):
            store.write_batch(records[i : i + batch])


def _write_enriched(url: str, events: list[ArticleEvent], enriched: list[EnrichedArticle]) -> None:
    with open_store(url) as store:
        store.write_batch([ArticleRecord(e, a) for e, a in zip(events, enriched, strict=True)])


@pytest.fixture
def read() -> Iterator[Callable[[str], Connection]]:
    """``read(url)``: a connection to a store, closed after the test."""
    opened: list[tuple[Any, Connection]] = []

    def connect(url: str) -> Connection:
        engine = create_engine(url)
        opened.append((engine, engine.connect()))
        return opened[-1][1]

    yield connect
    for engine, conn in opened:
        conn.close()
        engine.dispose()


def _rows(conn: Connection, name: str, columns: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
    table = schema.metadata.tables[name]
    cols = [table.c[c] for c in columns] if columns else list(table.c)
    stmt = select(*cols).order_by(*table.primary_key.columns)
    return [tuple(row) for row in conn.execute(stmt)]


def _snapshot(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table."""
    conn.rollback()  # a new snapshot of the database
    return {name: _rows(conn, name) for name in schema.metadata.tables}


def _assert_same_as_fresh(conn: Connection, fresh: Connection) -> None:
    """The rollups, rows and stored enrichment of ``conn`` equal those of a fresh store."""
    conn.rollback()
    for name in (*ROLLUPS, *DETAILS):
        assert _rows(conn, name) == _rows(fresh, name), name
    columns = ("article_id", "engine_version", "enrichment")
    assert _rows(conn, "articles", columns) == _rows(fresh, "articles", columns)
    for name in ROLLUPS:
        assert conn.execute(text(f"SELECT count(*) FROM {name} WHERE articles = 0")).scalar() == 0


def test_reenrich_gives_exactly_the_rollups_of_a_fresh_store(
    make_store_url: Callable[[], str],
    old: Enricher,
    new: Enricher,
    read: Callable[[str], Connection],
) -> None:
    events = _corpus()
    url, fresh_url = make_store_url(), make_store_url()
    _write(url, events, old)
    _write(fresh_url, events, new)
    with open_store(url) as store:
        assert store.engine_versions() == {old.version: len(events)}
        report = reenrich(store, new.enrich, new.version, batch_size=4, progress=False)
        assert store.engine_versions() == {new.version: len(events)}
        with open_store(fresh_url) as fresh:
            assert store.actor_totals() == fresh.actor_totals()  # NATO renamed here too
            assert store.theme_totals() == fresh.theme_totals()
            assert store.stats().actors == fresh.stats().actors
        assert {a.actor_id: a.name for a in store.actor_totals()}["nato"] == "Nordatlantikpakt"
        assert "jens-stoltenberg" not in {a.actor_id for a in store.actor_totals()}
        assert "nato_membership" not in {t.theme_id for t in store.theme_totals()}
    _assert_same_as_fresh(read(url), read(fresh_url))

    assert (report.checked, report.replaced, report.failed) == (len(events), len(events), [])
    assert 0 < report.changed < len(events)
    assert report.unchanged == len(events) - report.changed
    before = Counter(a.id for e in events for a in old.enrich(e).actors)
    after = Counter(a.id for e in events for a in new.enrich(e).actors)
    expected = {k: after[k] - before[k] for k in before | after if after[k] != before[k]}
    assert dict(report.actor_articles) == expected
    assert report.actor_articles["jens-stoltenberg"] < 0
    assert report.theme_articles["nato_membership"] < 0


def test_running_again_changes_nothing(
    store_url: str, old: Enricher, new: Enricher, read: Callable[[str], Connection]
) -> None:
    events = _corpus()
    _write(store_url, events, old)
    conn = read(store_url)
    with open_store(store_url) as store:
        reenrich(store, new.enrich, new.version, progress=False)
        done = _snapshot(conn)
        again = reenrich(store, new.enrich, new.version, progress=False)
        assert (again.checked, again.replaced, again.changed) == (0, 0, 0)
        assert _snapshot(conn) == done
        everything = reenrich(store, new.enrich, new.version, everything=True, progress=False)
        assert (everything.checked, everything.replaced, everything.changed) == (len(events), 0, 0)
        assert everything.unchanged == len(events)
        assert _snapshot(conn) == done


def _fail_after(store: Store, monkeypatch: pytest.MonkeyPatch, calls: int) -> None:
    """Make the store's rollup step fail (a SQL error inside the transaction, after its
    writes) from its ``calls``-th call on."""
    original = store._apply_rollups
    seen = []

    def failing(conn: Connection, *args: Any) -> None:
        original(conn, *args)
        seen.append(1)
        if len(seen) >= calls:
            conn.execute(text("SELECT no_such_column FROM articles"))

    monkeypatch.setattr(store, "_apply_rollups", failing)


def test_a_failed_batch_keeps_the_old_enrichment_and_rollups(
    store: Store,
    store_url: str,
    old: Enricher,
    new: Enricher,
    read: Callable[[str], Connection],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events = _corpus()
    _write(store_url, events, old)
    conn = read(store_url)
    before = _snapshot(conn)
    _fail_after(store, monkeypatch, calls=1)
    with pytest.raises(StoreError, match=r"rolled back"):
        store.replace_enrichment([(e.article_id, new.enrich(e)) for e in events])
    assert _snapshot(conn) == before


def test_a_failure_mid_run_keeps_the_batches_before_it_and_a_rerun_finishes(
    make_store_url: Callable[[], str],
    old: Enricher,
    new: Enricher,
    read: Callable[[str], Connection],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events = sorted(_corpus(), key=lambda e: e.article_id)  # the order re-enrichment takes
    url, partial_url, fresh_url = make_store_url(), make_store_url(), make_store_url()
    _write(url, events, old)
    with open_store(url) as store:
        _fail_after(store, monkeypatch, calls=2)
        with pytest.raises(StoreError) as failure:
            reenrich(store, new.enrich, new.version, batch_size=5, progress=False)
    message = str(failure.value)
    assert "5 article(s) re-enriched before it are committed" in message
    assert "was rolled back and keeps its old enrichment and rollups" in message
    assert "newsstream reenrich" in message
    # the first batch is re-enriched, the failed one and the rest are as they were
    first = [new.enrich(e) for e in events[:5]]
    _write_enriched(partial_url, events, [*first, *(old.enrich(e) for e in events[5:])])
    _assert_same_as_fresh(read(url), read(partial_url))

    with open_store(url) as store:
        report = reenrich(store, new.enrich, new.version, batch_size=5, progress=False)
    assert report.checked == len(events) - 5
    _write(fresh_url, events, new)
    _assert_same_as_fresh(read(url), read(fresh_url))


def test_rollups_that_do_not_match_the_enrichment_stop_the_batch(
    store: Store,
    store_url: str,
    old: Enricher,
    new: Enricher,
    read: Callable[[str], Connection],
) -> None:
    events = _corpus()[:5]
    _write(store_url, events, old)
    conn = read(store_url)
    conn.execute(text("DELETE FROM rollup_actor WHERE actor_id = 'jens-stoltenberg'"))
    conn.commit()
    before = _snapshot(conn)
    with pytest.raises(StoreError, match="would fall below zero"):
        store.replace_enrichment([(e.article_id, new.enrich(e)) for e in events])
    assert _snapshot(conn) == before


def test_unknown_and_mismatched_articles(store: Store, old: Enricher) -> None:
    stored, absent = _corpus()[:2]
    store.write_batch([ArticleRecord(stored, old.enrich(stored))])
    result = store.replace_enrichment([(absent.article_id, old.enrich(absent))])
    assert (result.replaced, result.missing) == (0, (absent.article_id,))
    assert store.stats().articles == 1
    with pytest.raises(StoreError, match="is of article"):
        store.replace_enrichment([(stored.article_id, old.enrich(absent))])


def test_stale_ids_are_paged_in_id_order(store: Store, old: Enricher) -> None:
    events = _corpus()
    records = [
        ArticleRecord(e, old.enrich(e).model_copy(update={"engine_version": f"v{i % 2}"}))
        for i, e in enumerate(events)
    ]
    store.write_batch(records)
    assert store.engine_versions() == {"v0": (len(events) + 1) // 2, "v1": len(events) // 2}
    stale = sorted(r.event.article_id for r in records if r.enriched.engine_version == "v0")
    pages, after = [], None
    while page := store.stale_article_ids("v1", after=after, limit=3):
        pages.append(page)
        after = page[-1]
    assert [i for p in pages for i in p] == stale
    assert all(len(p) == 3 for p in pages[:-1])
    assert store.stale_article_ids(None, limit=1000) == sorted(e.article_id for e in events)
    assert [e.article_id for e in store.stored_events(stale[:2])] == stale[:2]
    event = next(e for e in events if e.article_id == stale[0])
    rebuilt = store.stored_events([stale[0]])[0]
    assert (rebuilt.text, rebuilt.title, rebuilt.published_at, rebuilt.source) == (
        event.text,
        event.title,
        event.published_at,
        event.source,
    )
    assert old.enrich(rebuilt) == old.enrich(event)


def test_concurrent_consumers_and_reenrichment_count_every_article_once(
    make_store_url: Callable[[], str],
    old: Enricher,
    new: Enricher,
    read: Callable[[str], Connection],
) -> None:
    """Two re-enrichments and two consumer-style writers (one still on the old engine)
    at the same time: afterwards the rollups are exactly those of the stored
    enrichment, and a last re-enrichment gives those of the new engine everywhere."""
    stored, by_new, by_old = _mixed(40, 1), _mixed(40, 2), _mixed(40, 3)
    url = make_store_url()
    _write(url, stored, old)
    errors: list[BaseException] = []

    def consume(events: list[ArticleEvent], enricher: Enricher) -> None:
        try:
            with open_store(url) as s:
                for i in range(0, len(events), 5):
                    s.write_batch([ArticleRecord(e, enricher.enrich(e)) for e in events[i : i + 5]])
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    def redo() -> None:
        try:
            with open_store(url) as s:
                reenrich(s, new.enrich, new.version, batch_size=5, progress=False)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [
        threading.Thread(target=consume, args=(by_new, new)),
        threading.Thread(target=consume, args=(by_old, old)),
        threading.Thread(target=redo),
        threading.Thread(target=redo),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    everything = [*stored, *by_new, *by_old]
    conn = read(url)
    held = {
        i: EnrichedArticle.model_validate_json(j)
        for i, j in _rows(conn, "articles", ("article_id", "enrichment"))
    }
    assert len(held) == len(everything) == 120
    assert all(held[e.article_id].engine_version == new.version for e in [*stored, *by_new])
    now_url = make_store_url()
    _write_enriched(now_url, everything, [held[e.article_id] for e in everything])
    _assert_same_as_fresh(conn, read(now_url))

    with open_store(url) as s:
        reenrich(s, new.enrich, new.version, progress=False)
    fresh_url = make_store_url()
    _write(fresh_url, everything, new)
    _assert_same_as_fresh(conn, read(fresh_url))
