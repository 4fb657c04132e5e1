"""The producer against a real broker: keyed by article_id, every event acknowledged."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

from kafka import KafkaConsumer

from newsstream.events import parse_article_event
from newsstream.settings import ProducerSettings
from newsstream.sources import read_articles
from producer.publisher import publish

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _read_all(bootstrap: str, topic: str) -> list[tuple[bytes, bytes, int]]:
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=4000,
    )
    records = [(m.key, m.value, m.partition) for m in consumer]
    consumer.close()
    return records


def test_publishes_each_article_keyed_by_its_id(
    kafka_bootstrap: str, topic_factory: object
) -> None:
    raw = topic_factory(partitions=3, prefix="raw")  # type: ignore[operator]
    dlq = topic_factory(partitions=1, prefix="dlq")  # type: ignore[operator]
    settings = ProducerSettings(kafka_bootstrap=kafka_bootstrap, topic_raw=raw, topic_dlq=dlq)
    events = list(read_articles([SEEDS]))
    report = publish(events, settings, rate=50, progress=False)
    assert (report.published, report.passes) == (5, 1)
    records = _read_all(kafka_bootstrap, raw)
    assert sorted(k.decode() for k, _, _ in records) == sorted(e.article_id for e in events)
    for key, value, _ in records:
        assert parse_article_event(value).article_id == key.decode()


def test_creates_missing_topics_and_loops_until_stopped(kafka_bootstrap: str) -> None:
    raw, dlq = f"raw-{uuid.uuid4().hex}", f"dlq-{uuid.uuid4().hex}"
    settings = ProducerSettings(
        kafka_bootstrap=kafka_bootstrap, topic_raw=raw, topic_dlq=dlq, partitions=2
    )
    events = list(read_articles([SEEDS]))[:2]
    stop = threading.Event()
    timer = threading.Timer(2.5, stop.set)
    timer.start()
    report = publish(events, settings, rate=20, loop=True, progress=False, stop=stop)
    timer.cancel()
    assert report.passes >= 2
    records = _read_all(kafka_bootstrap, raw)
    assert len(records) == report.published
    assert {p for _, _, p in records} <= {0, 1}
    # a re-publication: same key (article_id), new event_id
    by_key: dict[bytes, set[str]] = {}
    for key, value, _ in records:
        by_key.setdefault(key, set()).add(str(parse_article_event(value).event_id))
    assert len(by_key) == 2
    assert all(len(ids) >= 2 for ids in by_key.values())
