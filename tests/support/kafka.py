"""A real Kafka broker for the tests, in this order of preference:

1. ``NEWSSTREAM_KAFKA_BOOTSTRAP`` when set (it must answer);
2. a testcontainers container of ``apache/kafka:<KAFKA_VERSION>`` when a Docker engine answers;
3. the JVM broker of ``newsstream.broker`` on free ports in a temporary folder
   (its jars in the normal cache, so ``scripts/test`` and ``newsstream up`` share them).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from newsstream.broker import LocalBroker, kafka_reachable
from newsstream.settings import KAFKA_VERSION, BrokerSettings

from .servers import TestServers, free_port

logger = logging.getLogger(__name__)

STARTUP_TIMEOUT_S = 120.0

TopicFactory = Callable[..., str]
"""The ``topic_factory`` fixture: ``(partitions=1, prefix="test") -> topic name``."""


class KafkaStartError(RuntimeError):
    """No broker could be found or started; the message says what to do."""


def docker_engine_available(timeout_s: float = 2.0) -> bool:
    """True when a Docker engine answers a ping (the ``docker`` client alone is not enough)."""
    try:
        import docker

        client = docker.from_env(timeout=timeout_s)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:  # no socket, no permission, no SDK: all mean "no engine"
        return False


@contextlib.contextmanager
def _container_broker() -> Iterator[str]:
    """apache/kafka, the image of docker-compose.yml, on a fixed free host port.

    testcontainers' ``KafkaContainer`` is written for Confluent's cp-kafka image
    layout; the official image is configured through ``KAFKA_*`` variables instead.
    The host port is chosen first so the advertised listener can name it.
    """
    from testcontainers.core.container import DockerContainer

    port = free_port()
    container = DockerContainer(f"apache/kafka:{KAFKA_VERSION}").with_bind_ports(port, port)
    host = container.get_container_host_ip()
    environment = {
        "KAFKA_NODE_ID": "1",
        "KAFKA_PROCESS_ROLES": "broker,controller",
        "KAFKA_LISTENERS": f"PLAINTEXT://0.0.0.0:{port},CONTROLLER://0.0.0.0:9093",
        "KAFKA_ADVERTISED_LISTENERS": f"PLAINTEXT://{host}:{port}",
        "KAFKA_CONTROLLER_LISTENER_NAMES": "CONTROLLER",
        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "KAFKA_CONTROLLER_QUORUM_VOTERS": "1@localhost:9093",
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": "1",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "1",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": "1",
        "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR": "1",
        "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR": "1",
        "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS": "0",
    }
    for key, value in environment.items():
        container.with_env(key, value)
    with container:
        bootstrap = f"{host}:{port}"
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not kafka_reachable(bootstrap, timeout_s=2.0):
            if time.monotonic() > deadline:
                logs = b"".join(container.get_logs()).decode("utf-8", "replace")[-4000:]
                raise KafkaStartError(
                    f"the apache/kafka:{KAFKA_VERSION} container did not answer at {bootstrap} "
                    f"within {STARTUP_TIMEOUT_S:.0f} s. Container log (tail):\n{logs}"
                )
            container.get_wrapped_container().reload()
            if container.get_wrapped_container().status == "exited":
                logs = b"".join(container.get_logs()).decode("utf-8", "replace")[-4000:]
                raise KafkaStartError(f"the Kafka container exited. Its log (tail):\n{logs}")
        yield bootstrap


@contextlib.contextmanager
def kafka_for_tests(tmp_dir: Path) -> Iterator[str]:
    """Yield the bootstrap address of a broker that answers; stop it afterwards if we started it."""
    configured = TestServers().kafka_bootstrap
    if configured:
        if not kafka_reachable(configured, timeout_s=10.0):
            raise KafkaStartError(
                f"NEWSSTREAM_KAFKA_BOOTSTRAP={configured} is set but no Kafka broker answers "
                "there. Start it, or unset the variable to let the tests start their own."
            )
        logger.info("kafka_for_tests source=env bootstrap=%s", configured)
        yield configured
        return
    if docker_engine_available():
        logger.info("kafka_for_tests source=testcontainers image=apache/kafka:%s", KAFKA_VERSION)
        with _container_broker() as bootstrap:
            yield bootstrap
        return
    broker = LocalBroker(
        BrokerSettings(),
        data_dir=tmp_dir,
        host="127.0.0.1",
        port=free_port(),
        controller_port=free_port(),
        startup_timeout_s=STARTUP_TIMEOUT_S,
    )
    logger.info("kafka_for_tests source=jvm data=%s", broker.home)
    with broker:
        yield broker.bootstrap
