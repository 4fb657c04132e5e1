"""The dashboard's reads against a populated store, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from support.servers import free_port

from dashboard import data
from newsstream.errors import ConfigError, StoreError
from newsstream.events import ArticleEvent, EnrichedArticle
from newsstream.store import Store

Seeds = list[tuple[ArticleEvent, EnrichedArticle]]
SEED_ARTICLES = 5
DEAD_LETTERS = 1


def test_actor_totals_all_types_in_order(store: Store, seeds: Seeds) -> None:
    totals = data.fetch_actor_totals(store, data.ACTOR_TYPES)
    articles: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for _, enriched in seeds:
        for a in enriched.actors:
            articles[a.id] += 1
            mentions[a.id] += a.mentions
    assert {t.actor_id: t.articles for t in totals} == dict(articles)
    assert {t.actor_id: t.mentions for t in totals} == dict(mentions)
    keys = [(-t.articles, -t.mentions, t.actor_id) for t in totals]
    assert keys == sorted(keys)
    assert totals == store.actor_totals()


def test_actor_totals_filtered_by_type_and_limited(store: Store) -> None:
    people = data.fetch_actor_totals(store, ["person"])
    assert {t.type for t in people} == {"person"}
    assert {t.actor_id for t in people} == {
        "jens_stoltenberg",
        "wolodymyr_selenskyj",
        "mark_rutte",
        "dmitri_peskow",
    }
    assert [t.actor_id for t in data.fetch_actor_totals(store, ["person"], 2)] == [
        t.actor_id for t in people[:2]
    ]
    assert data.fetch_actor_totals(store, []) == []
    assert data.fetch_actor_totals(store, ["media"]) == []


def test_undated_articles_counted(store: Store, seeds: Seeds) -> None:
    undated = sum(1 for e, _ in seeds if e.published_at is None)
    assert undated == 1
    assert store.stats().undated_articles == undated


def test_latest_articles_have_a_heading(store: Store, seeds: Seeds) -> None:
    latest = data.fetch_latest(store, 20)
    events = {e.article_id: e for e, _ in seeds}
    enriched = {e.article_id: x for e, x in seeds}
    assert sorted(a.article_id for a in latest) == sorted(events)
    for row in latest:
        event = events[row.article_id]
        if event.title:
            assert row.heading == event.title
        else:  # the first words of the text, cut at a word
            words = row.heading.removesuffix(" …")
            assert " ".join(event.text.split()).startswith(words)
            assert 20 < len(row.heading) <= data.FIRST_WORDS + 2
        assert set(row.actors) == {a.name for a in enriched[row.article_id].actors}
        assert set(row.themes) == {t.label for t in enriched[row.article_id].themes}
    assert len(data.fetch_latest(store, 2)) == 2


def test_snapshot(store: Store, seeds: Seeds) -> None:
    snap = data.fetch_snapshot(store, ["person", "organization"], 3)
    assert snap.stats.articles == SEED_ARTICLES
    assert snap.stats.dead_letters == DEAD_LETTERS
    assert snap.stats.last_event_time == "2024-12"
    assert snap.stats.last_stored_at is not None
    assert snap.stats.undated_articles == 1
    top = {a.actor_id for a in snap.actors}
    assert len(top) == 3
    assert {a.type for a in snap.actors} <= {"person", "organization"}
    assert {r.key for r in snap.timeline} == top
    assert "unknown" not in {r.bucket for r in snap.timeline}
    assert {c.actor_id for c in snap.matrix} <= top
    # dated mentions on the time axis + mentions in the undated article = the totals
    undated = next(x for e, x in seeds if e.published_at is None)
    undated_mentions = {a.id: a.mentions for a in undated.actors}
    for actor in snap.actors:
        dated = sum(r.mentions for r in snap.timeline if r.key == actor.actor_id)
        assert dated + undated_mentions.get(actor.actor_id, 0) == actor.mentions
    assert len(snap.latest) == SEED_ARTICLES
    assert {t.theme_id for t in snap.themes} == {
        "nato_membership",
        "military_aid",
        "troop_deployment",
        "air_defense",
    }


def test_snapshot_without_actor_types(store: Store) -> None:
    snap = data.fetch_snapshot(store, [], 5)
    assert snap.actors == ()
    assert snap.timeline == ()
    assert snap.matrix == ()
    assert snap.stats.articles == SEED_ARTICLES


def test_cached_reads_by_url(sqlite_url: str) -> None:
    snap = data.load_snapshot(sqlite_url, data.ACTOR_TYPES, 5)
    assert snap.stats.articles == SEED_ARTICLES
    assert data.load_snapshot(sqlite_url, data.ACTOR_TYPES, 5) == snap
    first = data.load_latest(sqlite_url)[0]
    stored = data.load_article(sqlite_url, first.article_id)
    assert stored is not None
    assert stored.article_id == first.article_id
    assert data.load_article(sqlite_url, "0" * 32) is None
    assert data.get_store(sqlite_url) is data.get_store(sqlite_url)


def test_invalid_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="NEWSSTREAM_DB_URL"):
        data.get_store("not a url")
    with pytest.raises(ConfigError, match="not supported"):
        data.get_store("mysql://u@localhost/db")


def test_unreachable_database_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        data.get_store(f"postgresql+psycopg://u:secret@127.0.0.1:{free_port()}/db")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot open the store"):
        data.get_store(f"sqlite:///{blocker}/sub/store.db")


def test_display_url_hides_the_password() -> None:
    shown = data.display_url("postgresql+psycopg://u:secret@db.example/news")
    assert "secret" not in shown
    assert "db.example/news" in shown
    assert data.display_url("not a url") == "(not a database URL)"
