"""The JVM Kafka broker of ``newsstream.broker``: real JVM, real jars, real kafka-python clients."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from kafka import KafkaConsumer, KafkaProducer
from support.servers import free_port

from newsstream.broker import LocalBroker, ensure_jars, kafka_reachable
from newsstream.errors import BrokerError
from newsstream.settings import BrokerSettings

pytestmark = pytest.mark.kafka


def _broker(data_dir: Path) -> LocalBroker:
    return LocalBroker(
        BrokerSettings(), data_dir=data_dir, port=free_port(), controller_port=free_port()
    )


def _round_trip(bootstrap: str, topic: str, value: bytes) -> list[bytes]:
    with KafkaProducer(bootstrap_servers=bootstrap) as producer:
        producer.send(topic, key=b"k", value=value).get(timeout=30)
    return _read(bootstrap, topic, expected=1)


def _read(bootstrap: str, topic: str, expected: int) -> list[bytes]:
    """Read from the start until ``expected`` messages arrived (or 30 s passed)."""
    consumer = KafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", enable_auto_commit=False
    )
    values: list[bytes] = []
    deadline = time.monotonic() + 30
    try:
        while len(values) < expected and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                values.extend(message.value for message in batch)
    finally:
        consumer.close()
    return values


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_broker_round_trips_a_message_and_keeps_it_across_a_restart(tmp_path: Path) -> None:
    topic = f"test-{uuid.uuid4().hex}"
    broker = _broker(tmp_path)
    with broker:
        assert kafka_reachable(broker.bootstrap, timeout_s=5)
        assert _round_trip(broker.bootstrap, topic, b"hallo") == [b"hallo"]
        pid = broker.pid
    assert pid is not None
    assert _process_gone(pid), "the JVM must be gone after stop()"
    assert not kafka_reachable(broker.bootstrap, timeout_s=1)
    meta = (broker.home / "data" / "meta.properties").read_text()
    assert broker.log_file.stat().st_size > 0, "the broker logs to its data dir"

    with _broker(tmp_path) as again:  # same data dir, new ports: formatted once, data kept
        assert _read(again.bootstrap, topic, expected=1) == [b"hallo"]
    assert (again.home / "data" / "meta.properties").read_text() == meta


def test_kafka_reachable_is_false_where_nothing_listens() -> None:
    started = time.monotonic()
    assert not kafka_reachable(f"127.0.0.1:{free_port()}", timeout_s=5)
    assert time.monotonic() - started < 2, "a refused connection answers at once"


def test_kafka_reachable_is_false_for_a_server_that_is_not_kafka() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        assert not kafka_reachable(f"127.0.0.1:{port}", timeout_s=1)


def test_start_refuses_a_port_in_use(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        broker = LocalBroker(
            BrokerSettings(), data_dir=tmp_path, port=port, controller_port=free_port()
        )
        with pytest.raises(BrokerError, match=rf"port 127\.0\.0\.1:{port} is already in use"):
            broker.start()
    assert broker.pid is None


def test_a_jvm_that_dies_at_start_up_is_reported_with_its_output(tmp_path: Path) -> None:
    broker = LocalBroker(
        BrokerSettings(broker_heap="not-a-size"),
        data_dir=tmp_path,
        port=free_port(),
        controller_port=free_port(),
    )
    with pytest.raises(BrokerError, match="exited during start-up") as e:
        broker.start()
    assert "Invalid maximum heap size" in str(e.value), "the JVM's own words are in the error"
    assert str(broker.log_file) in str(e.value)
    assert broker.pid is None


def test_ensure_jars_reports_maven_output_when_the_version_does_not_exist(tmp_path: Path) -> None:
    settings = BrokerSettings(kafka_version="0.0.0-no-such-version", broker_cache=tmp_path)
    with pytest.raises(
        BrokerError, match=r"Maven could not fetch Kafka 0\.0\.0-no-such-version"
    ) as e:
        ensure_jars(settings)
    assert "Maven output (tail):" in str(e.value)
    assert not (tmp_path / "0.0.0-no-such-version" / "libs").exists(), "no half-filled cache"


def test_ensure_jars_is_a_no_op_when_the_cache_is_complete() -> None:
    settings = BrokerSettings()
    libs = ensure_jars(settings)
    started = time.monotonic()
    assert ensure_jars(settings) == libs
    assert time.monotonic() - started < 0.5
    assert any(libs.glob("kafka_2.13-*.jar"))
    assert any(libs.glob("log4j-slf4j-impl-*.jar")), "an SLF4J binding, so the broker logs"


def test_run_broker_foreground_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    bootstrap = f"127.0.0.1:{port}"
    env = {
        **os.environ,
        "NEWSSTREAM_KAFKA_BOOTSTRAP": bootstrap,
        "NEWSSTREAM_DATA_DIR": str(tmp_path),
    }
    code = (
        "import logging; logging.basicConfig(level=logging.INFO);"
        "from newsstream.broker import run_broker_foreground;"
        "from newsstream.settings import BrokerSettings;"
        "run_broker_foreground(BrokerSettings())"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 120
        while not kafka_reachable(bootstrap, timeout_s=2):
            assert process.poll() is None, process.communicate()[0].decode()
            assert time.monotonic() < deadline, "newsstream broker did not come up"
            with pytest.raises(subprocess.TimeoutExpired):
                process.wait(timeout=0.25)
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=60)[0].decode()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, output
    assert "broker_running" in output and "broker_stopped" in output, output
    assert str(tmp_path / "kafka" / "logs" / "server.log") in output, "it says where its log is"
    assert not kafka_reachable(bootstrap, timeout_s=1)


def test_cluster_ids_are_kafka_uuids_the_storage_tool_accepts() -> None:
    from newsstream.broker import _new_cluster_id

    ids = [_new_cluster_id() for _ in range(5000)]
    assert all(len(i) == 22 and not i.startswith("-") for i in ids)  # "-x" looks like an option
    assert len(set(ids)) == len(ids)
