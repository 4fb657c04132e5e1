"""Session fixtures for the integration tests: a real Kafka broker and a real PostgreSQL.

How each server is chosen is in ``tests/support/kafka.py`` and
``tests/support/postgres.py``.  When a server cannot be found or started, every
test that needs it FAILS with the reason: CI must execute them, not skip them.
Tests using these fixtures get the ``kafka`` / ``postgres`` marker automatically.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Iterator

import pytest
from kafka import KafkaAdminClient
from kafka.errors import KafkaError
from support.kafka import KafkaStartError, TopicFactory, kafka_for_tests
from support.postgres import PostgresStartError, postgres_for_tests

from newsstream.errors import BrokerError

logger = logging.getLogger(__name__)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by the servers they use, so ``-m "not kafka"`` selects the fast ones."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "kafka_bootstrap" in fixtures:
            item.add_marker(pytest.mark.kafka)
        if "postgres_url" in fixtures:
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Bootstrap address of a real Kafka broker, started once per session if none is given."""
    with contextlib.ExitStack() as stack:
        try:
            bootstrap = stack.enter_context(kafka_for_tests(tmp_path_factory.mktemp("kafka")))
        except (KafkaStartError, BrokerError) as e:
            pytest.fail(f"no Kafka broker for the integration tests: {e}", pytrace=False)
        yield bootstrap


@pytest.fixture(scope="session")
def kafka_admin(kafka_bootstrap: str) -> Iterator[KafkaAdminClient]:
    admin = KafkaAdminClient(bootstrap_servers=kafka_bootstrap, client_id="newsstream-tests")
    yield admin
    admin.close()


@pytest.fixture
def topic_factory(kafka_admin: KafkaAdminClient) -> Iterator[TopicFactory]:
    """``topic_factory(partitions=1, prefix="test") -> name``: a fresh uuid-named topic.

    Returns once every partition has a leader; the topics are deleted after the test.
    """
    created: list[str] = []

    def create(partitions: int = 1, prefix: str = "test") -> str:
        name = f"{prefix}-{uuid.uuid4().hex}"
        kafka_admin.create_topics(
            {name: {"num_partitions": partitions, "replication_factor": 1}},
            wait_for_metadata=True,
        )
        created.append(name)
        return name

    yield create
    if created:
        try:
            kafka_admin.delete_topics(created)
        except KafkaError as e:  # leftovers are harmless: names are unique
            logger.warning("topic_cleanup_failed topics=%s error=%s", created, e)


@pytest.fixture
def group_id() -> str:
    """A fresh consumer group id."""
    return f"test-group-{uuid.uuid4().hex}"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """SQLAlchemy URL (``postgresql+psycopg://``) of a real PostgreSQL database."""
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(postgres_for_tests())
        except PostgresStartError as e:
            pytest.fail(f"no PostgreSQL for the integration tests: {e}", pytrace=False)
        yield url
