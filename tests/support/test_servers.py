"""Self-tests of the session fixtures: the servers they hand out are real and answer."""

from __future__ import annotations

import time

import psycopg
import pytest
from kafka import KafkaConsumer, KafkaProducer
from sqlalchemy import create_engine, text

from newsstream.broker import kafka_reachable
from support.kafka import TopicFactory


@pytest.mark.postgres
def test_postgres_url_answers_select_1_with_psycopg_and_sqlalchemy(postgres_url: str) -> None:
    assert postgres_url.startswith("postgresql+psycopg://")
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("select 1")).scalar_one() == 1
            version = connection.execute(text("show server_version")).scalar_one()
    finally:
        engine.dispose()
    assert int(version.split(".")[0]) >= 15
    conninfo = postgres_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(conninfo) as connection:
        assert connection.execute("select 1").fetchone() == (1,)


@pytest.mark.postgres
def test_postgres_database_is_writable(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("create temporary table probe (n int)"))
            connection.execute(text("insert into probe values (:n)"), {"n": 7})
            assert connection.execute(text("select sum(n) from probe")).scalar_one() == 7
    finally:
        engine.dispose()


@pytest.mark.kafka
def test_kafka_fixtures_give_fresh_topics_and_groups(
    kafka_bootstrap: str, topic_factory: TopicFactory, group_id: str
) -> None:
    assert kafka_reachable(kafka_bootstrap, timeout_s=5)
    topic = topic_factory(partitions=3)
    assert topic != topic_factory(partitions=3)
    with KafkaProducer(bootstrap_servers=kafka_bootstrap) as producer:
        for partition in range(3):
            producer.send(topic, value=f"m{partition}".encode(), partition=partition)
        producer.flush(timeout=30)
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=kafka_bootstrap,
        group_id=group_id,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    received: list[tuple[int, bytes]] = []
    deadline = time.monotonic() + 30
    try:
        while len(received) < 3 and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                received.extend((message.partition, message.value) for message in batch)
    finally:
        consumer.close()
    assert sorted(received) == [(0, b"m0"), (1, b"m1"), (2, b"m2")]
