"""The pipeline against a real Kafka broker: producer -> Kafka -> consumer -> store.

Each test uses fresh uuid-named topics and groups, and its own store (SQLite
here; the store tests cover PostgreSQL, and one pipeline test runs on it too).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from kafka import KafkaConsumer, KafkaProducer
from support.stores import fresh_postgres_url, fresh_sqlite_url

from consumer.loop import ArticleConsumer
from newsstream.enrich import Enricher
from newsstream.events import ActorMention, ArticleEvent, DeadLetter, EnrichedArticle
from newsstream.settings import ConsumerSettings, ProducerSettings
from newsstream.sources import read_articles
from newsstream.store import Store, open_store
from producer.publisher import publish

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
IDLE_S = 4.0

# Read off the five seeds by hand: in how many articles each actor appears.
EXPECTED_ACTOR_ARTICLES = {
    "nato": 5,
    "ukraine": 5,
    "jens-stoltenberg": 4,
    "wolodymyr-selenskyj": 4,
    "dmitri-peskow": 2,
    "mark-rutte": 1,
    "emmanuel-macron": 1,
    "grant-shapps": 1,
    "giorgia-meloni": 1,
    "keir-starmer": 1,
    "dmytro-kuleba": 1,
    "andrij-sybiha": 1,
    "wladimir-putin": 2,
}


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher.load()


@pytest.fixture
def topics(topic_factory: object) -> tuple[str, str]:
    make = topic_factory  # type: ignore[assignment]
    return make(partitions=3, prefix="raw"), make(partitions=1, prefix="dlq")  # type: ignore[operator]


def _settings(bootstrap: str, topics: tuple[str, str], group: str, db: str) -> ConsumerSettings:
    return ConsumerSettings(
        kafka_bootstrap=bootstrap,
        topic_raw=topics[0],
        topic_dlq=topics[1],
        group_id=group,
        db_url=db,  # type: ignore[arg-type]
        batch_size=7,
        poll_timeout_ms=500,
    )


def _produce(bootstrap: str, topics: tuple[str, str], events: list[ArticleEvent]) -> None:
    settings = ProducerSettings(kafka_bootstrap=bootstrap, topic_raw=topics[0], topic_dlq=topics[1])
    assert publish(events, settings, progress=False).published == len(events)


def _consume(settings: ConsumerSettings, store: Store, enricher: Enricher) -> ArticleConsumer:
    with ArticleConsumer(settings, store, enricher.enrich) as consumer:
        consumer.run(max_idle_s=IDLE_S)
    return consumer


def _totals(store: Store) -> tuple[dict[str, tuple[int, int]], dict[str, int]]:
    actors = {a.actor_id: (a.articles, a.mentions) for a in store.actor_totals()}
    themes = {t.theme_id: t.articles for t in store.theme_totals()}
    return actors, themes


def _expected_from_engine(
    enricher: Enricher, events: list[ArticleEvent]
) -> tuple[dict[str, tuple[int, int]], dict[str, int]]:
    articles: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    themes: Counter[str] = Counter()
    for event in events:
        enriched = enricher.enrich(event)
        for a in enriched.actors:
            articles[a.id] += 1
            mentions[a.id] += a.mentions
        for t in enriched.themes:
            themes[t.id] += 1
    return {k: (articles[k], mentions[k]) for k in articles}, dict(themes)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_seeds_end_to_end_exact_counts_and_idempotent_republish(
    backend: str,
    kafka_bootstrap: str,
    topics: tuple[str, str],
    group_id: str,
    enricher: Enricher,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    db = (
        fresh_sqlite_url(tmp_path)
        if backend == "sqlite"
        else fresh_postgres_url(request.getfixturevalue("postgres_url"))
    )
    events = list(read_articles([SEEDS]))
    _produce(kafka_bootstrap, topics, events)
    settings = _settings(kafka_bootstrap, topics, group_id, db)
    with open_store(db) as store:
        consumer = _consume(settings, store, enricher)
        assert consumer.report.stored == 5
        stats = store.stats()
        assert (stats.articles, stats.dead_letters) == (5, 0)
        assert stats.last_event_time == "2024-12"
        actors, themes = _totals(store)
        for actor_id, n in EXPECTED_ACTOR_ARTICLES.items():
            assert actors[actor_id][0] == n, actor_id
        assert themes["nato_membership"] >= 4
        expected_actors, expected_themes = _expected_from_engine(enricher, events)
        assert actors == expected_actors
        assert themes == expected_themes

        # The same seeds published twice more: every count stays the same.
        _produce(kafka_bootstrap, topics, list(read_articles([SEEDS])))
        _produce(kafka_bootstrap, topics, list(read_articles([SEEDS])))
        again = _consume(settings, store, enricher)
        assert (again.report.polled, again.report.stored, again.report.duplicates) == (10, 0, 10)
        assert _totals(store) == (actors, themes)
        assert store.stats().articles == 5


def test_bad_events_go_to_the_dead_letter_topic_and_valid_ones_are_stored(
    kafka_bootstrap: str,
    topics: tuple[str, str],
    group_id: str,
    enricher: Enricher,
    tmp_path: Path,
) -> None:
    valid = list(read_articles([SEEDS]))[:2]
    schema_invalid = json.loads(valid[0].to_bytes())
    del schema_invalid["text"]
    schema_invalid["published_at"] = "2024-13"
    bad_values = [b"\xff\xfe not utf-8", b"{this is not json", json.dumps(schema_invalid).encode()]
    producer = KafkaProducer(bootstrap_servers=kafka_bootstrap)
    for i, value in enumerate([valid[0].to_bytes(), *bad_values, valid[1].to_bytes()]):
        producer.send(topics[0], key=b"k%d" % i, value=value, partition=0)
    producer.flush()
    producer.close()

    db = fresh_sqlite_url(tmp_path)
    with open_store(db) as store:
        consumer = _consume(_settings(kafka_bootstrap, topics, group_id, db), store, enricher)
        assert consumer.report.stored == 2
        assert consumer.report.dead_letters == 3
        assert store.stats().articles == 2
        assert store.stats().dead_letters == 3

    letters = _dead_letters(kafka_bootstrap, topics[1])
    assert [
        (d.error_type, d.original_topic, d.original_partition, d.original_offset) for d in letters
    ] == [
        ("undecodable", topics[0], 0, 1),
        ("invalid_json", topics[0], 0, 2),
        ("invalid_event", topics[0], 0, 3),
    ]
    assert "text: Field required" in letters[2].reason
    assert "published_at" in letters[2].reason
    assert letters[1].payload == "{this is not json"
    assert letters[0].key == "k1"


def _dead_letters(bootstrap: str, topic: str) -> list[DeadLetter]:
    """Everything on the dead-letter topic, from the start."""
    dlq = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=5000,
    )
    letters = [DeadLetter.model_validate_json(m.value) for m in dlq]
    dlq.close()
    return letters


def _many_articles(n: int) -> list[ArticleEvent]:
    seeds = list(read_articles([SEEDS]))
    return [
        ArticleEvent.create(
            source="test",
            text=f"{seeds[i % 5].text}\n\nMeldung Nr. {i}.",
            published_at=seeds[i % 5].published_at,
        )
        for i in range(n)
    ]


def test_two_consumers_in_a_group_give_the_same_totals_as_one(
    kafka_bootstrap: str,
    topic_factory: object,
    enricher: Enricher,
    tmp_path: Path,
) -> None:
    raw = topic_factory(partitions=4, prefix="raw")  # type: ignore[operator]
    dlq = topic_factory(partitions=1, prefix="dlq")  # type: ignore[operator]
    events = _many_articles(60)
    _produce(kafka_bootstrap, (raw, dlq), events + events[:20])  # 20 re-published

    single_db = fresh_sqlite_url(tmp_path)
    with open_store(single_db) as store:
        _consume(_settings(kafka_bootstrap, (raw, dlq), "single", single_db), store, enricher)
        single = _totals(store)
        assert store.stats().articles == 60

    group_db = fresh_sqlite_url(tmp_path)
    members: list[ArticleConsumer] = []
    stop = threading.Event()

    def member() -> None:
        with open_store(group_db) as store:
            settings = _settings(kafka_bootstrap, (raw2, dlq), "pair", group_db)
            with ArticleConsumer(settings, store, enricher.enrich) as consumer:
                members.append(consumer)
                consumer.run(stop=stop)

    # A second raw topic, filled only once both members hold partitions of it.
    raw2 = topic_factory(partitions=4, prefix="raw")  # type: ignore[operator]
    threads = [threading.Thread(target=member) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        _wait_for(lambda: len(members) == 2 and all(m.assigned_partitions() for m in members))
        assert sum(len(m.assigned_partitions()) for m in members) == 4
        _produce(kafka_bootstrap, (raw2, dlq), events + events[:20])
        _wait_for(lambda: sum(m.report.polled for m in members) == 80, timeout=90)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    assert all(m.report.polled > 0 for m in members), "both members should get records"
    assert sum(m.report.stored for m in members) == 60
    with open_store(group_db) as store:
        assert store.stats().articles == 60
        assert _totals(store) == single


def _wait_for(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


class _CrashBeforeCommit(ArticleConsumer):
    """Stores a batch, then dies before committing offsets (as a killed process would)."""

    def _commit(self, messages: object) -> None:
        raise RuntimeError("killed between store and commit")


def test_crash_between_store_and_commit_loses_and_double_counts_nothing(
    kafka_bootstrap: str,
    topics: tuple[str, str],
    group_id: str,
    enricher: Enricher,
    tmp_path: Path,
) -> None:
    events = list(read_articles([SEEDS]))
    _produce(kafka_bootstrap, topics, events)
    db = fresh_sqlite_url(tmp_path)
    settings = _settings(kafka_bootstrap, topics, group_id, db)
    with open_store(db) as store:
        with pytest.raises(RuntimeError), _CrashBeforeCommit(settings, store, enricher.enrich) as c:
            c.run(max_idle_s=IDLE_S)
        first = store.stats().articles
        assert 0 < first <= 5
        before = _totals(store)
        restarted = _consume(settings, store, enricher)
        assert restarted.report.polled >= first  # the uncommitted batch came back
        assert restarted.report.duplicates >= first
        assert store.stats().articles == 5
        after = _totals(store)
        for actor_id, (n, _) in before[0].items():
            assert after[0][actor_id][0] >= n
        assert after == _expected_from_engine(enricher, events)


def test_an_article_the_store_refuses_is_dead_lettered_not_blocking(
    kafka_bootstrap: str,
    topics: tuple[str, str],
    group_id: str,
    enricher: Enricher,
    postgres_url: str,
) -> None:
    """PostgreSQL refuses an actor id longer than its column: that article goes to the DLQ,
    the rest of the batch is stored, and the partition moves on."""
    poison = ArticleEvent.create(
        source="test", text="Die NATO tagt. POISON", published_at="2024-01"
    )

    def enrich(event: ArticleEvent) -> EnrichedArticle:
        enriched = enricher.enrich(event)
        if "POISON" not in event.text:
            return enriched
        too_long = ActorMention(id="x" * 500, name="X", type="person", mentions=1)
        return enriched.model_copy(update={"actors": (*enriched.actors, too_long)})

    events = list(read_articles([SEEDS]))
    _produce(kafka_bootstrap, topics, [events[0], poison, *events[1:]])
    db = fresh_postgres_url(postgres_url)
    with open_store(db) as store:
        settings = _settings(kafka_bootstrap, topics, group_id, db)
        with ArticleConsumer(settings, store, enrich) as consumer:
            consumer.run(max_idle_s=IDLE_S)
        assert consumer.report.stored == 5
        assert consumer.report.dead_letters == 1
        assert store.stats().articles == 5
        rows = store.dead_letter_rows()
        assert [r.error_type for r in rows] == ["store_rejected"]
        assert "refused" in rows[0].reason
        assert _totals(store) == _expected_from_engine(enricher, events)
    letters = _dead_letters(kafka_bootstrap, topics[1])
    assert [(d.error_type, d.key) for d in letters] == [("store_rejected", poison.article_id)]
    assert ArticleEvent.model_validate_json(letters[0].payload).text == poison.text
