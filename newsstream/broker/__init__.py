"""A real single-node Apache Kafka broker (KRaft) on the JVM, for machines without Docker.

Kafka's own jars are fetched from Maven Central with Maven (``pom.xml`` next to
this file) into ``BrokerSettings.broker_cache/<version>/libs``, once per
machine.  Each data directory gets its storage formatted once
(``<data_dir>/kafka/``); the broker's own logs go to ``<data_dir>/kafka/logs/``.

    with LocalBroker(settings, port=19092, controller_port=19093) as broker:
        produce_to(broker.bootstrap)
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import logging
import os
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import threading
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import FrameType, TracebackType

from kafka import KafkaAdminClient
from kafka.errors import KafkaError

from newsstream.errors import BrokerError
from newsstream.settings import BrokerSettings

logger = logging.getLogger(__name__)

_COMPLETE_MARKER = ".complete"
_TAIL_LINES = 40


def jar_dir(settings: BrokerSettings) -> Path:
    """Where the jars of ``settings.kafka_version`` live (or will, after ``ensure_jars``)."""
    return settings.broker_cache / settings.kafka_version / "libs"


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes (two test sessions fetching at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_jars(settings: BrokerSettings) -> Path:
    """Fetch Kafka's jars with Maven unless the cache already holds them; return their folder."""
    libs = jar_dir(settings)
    if (libs / _COMPLETE_MARKER).exists():
        return libs
    mvn = shutil.which("mvn")
    if mvn is None:
        raise BrokerError(
            "Maven (mvn) is not on PATH; it fetches the Kafka jars. "
            "Install it (apt-get install -y maven) or set NEWSSTREAM_KAFKA_BOOTSTRAP "
            "to a running broker."
        )
    version_dir = libs.parent
    with _file_lock(version_dir.parent / f"{settings.kafka_version}.lock"):
        if (libs / _COMPLETE_MARKER).exists():  # another process fetched them meanwhile
            return libs
        partial = version_dir / "libs.partial"
        shutil.rmtree(partial, ignore_errors=True)
        shutil.rmtree(libs, ignore_errors=True)
        logger.info(
            "fetching_kafka_jars version=%s into=%s (Maven Central, once per machine)",
            settings.kafka_version,
            libs,
        )
        started = time.monotonic()
        pom = resources.files("newsstream.broker") / "pom.xml"
        with resources.as_file(pom) as pom_path:
            command = [
                mvn,
                "-q",
                "-B",
                "-Dstyle.color=never",
                "-f",
                str(pom_path),
                f"-Dkafka.version={settings.kafka_version}",
                "dependency:copy-dependencies",
                f"-DoutputDirectory={partial}",
                "-DincludeScope=runtime",
            ]
            result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0 or not any(partial.glob("kafka_2.13-*.jar")):
            tail = _tail_text(result.stdout + result.stderr)
            raise BrokerError(
                f"Maven could not fetch Kafka {settings.kafka_version} "
                f"(exit code {result.returncode}). Check that Maven Central is reachable "
                f"and that the version exists (NEWSSTREAM_KAFKA_VERSION). "
                f"Command: {' '.join(command)}\nMaven output (tail):\n{tail}"
            )
        (partial / _COMPLETE_MARKER).write_text(settings.kafka_version + "\n")
        partial.rename(libs)
        logger.info(
            "fetched_kafka_jars version=%s jars=%d seconds=%.1f",
            settings.kafka_version,
            len(list(libs.glob("*.jar"))),
            time.monotonic() - started,
        )
    return libs


def _split_bootstrap(bootstrap: str) -> tuple[str, int]:
    first = bootstrap.split(",")[0].strip()
    host, _, port = first.rpartition(":")
    if not host or not port.isdigit():
        raise BrokerError(f"bootstrap address {first!r} is not HOST:PORT")
    return host.strip("[]"), int(port)


def kafka_reachable(bootstrap: str, timeout_s: float) -> bool:
    """True when a Kafka broker at ``bootstrap`` answers ApiVersions and metadata requests."""
    try:
        host, port = _split_bootstrap(bootstrap)
    except BrokerError:
        return False
    try:  # a refused TCP connection answers at once, without kafka-python's error logs
        with socket.create_connection((host, port), timeout=timeout_s) as probe:
            # Linux connects a socket to itself when nothing listens on an (even) ephemeral
            # port and the kernel picks that very port as the source. That is no broker,
            # and a normal close would leave it in TIME_WAIT, blocking the broker's bind
            # for a minute: close it with a reset instead.
            if probe.getsockname() == probe.getpeername():
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return False
    except OSError:
        return False
    timeout_ms = max(int(timeout_s * 1000), 100)
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap,
            client_id="newsstream-probe",
            bootstrap_timeout_ms=timeout_ms,
            request_timeout_ms=timeout_ms,
        )
    except (KafkaError, OSError):
        return False
    try:
        cluster = admin.describe_cluster()
    except (KafkaError, OSError):
        return False
    finally:
        admin.close()
    return bool(cluster.get("brokers"))


def _tail_text(text: str, lines: int = _TAIL_LINES) -> str:
    return "\n".join(text.strip().splitlines()[-lines:]) or "(empty)"


def _tail_file(path: Path, lines: int = _TAIL_LINES) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(handle.tell() - 64_000, 0))
            return _tail_text(handle.read().decode("utf-8", errors="replace"), lines)
    except FileNotFoundError:
        return "(no file yet)"


def _error_lines(path: Path, offset: int = 0, limit: int = 12) -> str:
    """The first ERROR lines and causes after ``offset``: the shutdown that follows buries them."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            handle.seek(offset)
            found = [line.rstrip() for line in handle if " ERROR " in line or "Caused by" in line]
    except FileNotFoundError:
        return "(no file yet)"
    return "\n".join(found[:limit]) or "(none)"


_LOG4J2_PROPERTIES = """\
# Written by newsstream.broker; rewritten at every start.
status = warn
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = {log_file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.apache.name = org.apache
logger.apache.level = WARN
logger.apache_kafka.name = org.apache.kafka
logger.apache_kafka.level = INFO
"""


class LocalBroker:
    """A single-node KRaft Kafka broker+controller in a child JVM; a context manager.

    ``host``/``port`` default to the first address of ``settings.kafka_bootstrap``
    (``localhost`` is bound as 127.0.0.1); ``controller_port`` defaults to
    ``port + 1``; ``data_dir`` defaults to ``settings.data_dir``.
    """

    def __init__(
        self,
        settings: BrokerSettings,
        *,
        data_dir: Path | None = None,
        host: str | None = None,
        port: int | None = None,
        controller_port: int | None = None,
        startup_timeout_s: float = 90.0,
        stop_timeout_s: float = 30.0,
    ) -> None:
        default_host, default_port = _split_bootstrap(settings.kafka_bootstrap)
        host = host or default_host
        self.settings = settings
        self.host = "127.0.0.1" if host == "localhost" else host
        self.port = port if port is not None else default_port
        self.controller_port = controller_port if controller_port is not None else self.port + 1
        self.home = (data_dir if data_dir is not None else settings.data_dir).resolve() / "kafka"
        self.startup_timeout_s = startup_timeout_s
        self.stop_timeout_s = stop_timeout_s
        self._process: subprocess.Popen[bytes] | None = None
        self._log_offset = 0  # where this start's lines begin in the (appended) log

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def log_file(self) -> Path:
        """The broker's log4j log."""
        return self.home / "logs" / "server.log"

    @property
    def stdout_file(self) -> Path:
        """What the JVM printed itself (crashes before logging starts)."""
        return self.home / "logs" / "jvm.out"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def __enter__(self) -> LocalBroker:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Fetch jars if needed, format storage once, start the JVM, wait until it answers."""
        if self._process is not None:
            raise BrokerError(f"the local broker at {self.bootstrap} is already started")
        java = shutil.which("java")
        if java is None:
            raise BrokerError(
                "java is not on PATH; the local Kafka broker needs Java 17 "
                "(apt-get install -y openjdk-17-jre-headless)."
            )
        for port in (self.port, self.controller_port):
            if _port_open(self.host, port):
                raise BrokerError(
                    f"port {self.host}:{port} is already in use. If a Kafka broker runs there, "
                    f"use it (NEWSSTREAM_KAFKA_BOOTSTRAP={self.host}:{self.port}); "
                    "otherwise stop what holds the port or choose other ports."
                )
        libs = ensure_jars(self.settings)
        classpath = f"{libs}/*"
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        properties = self._write_config()
        self._format_storage(java, classpath, properties)

        command = [
            java,
            f"-Xmx{self.settings.broker_heap}",
            "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={self.home / 'log4j2.properties'}",
            # Kafka's own shutdown hook logs its controlled shutdown; log4j must not stop first
            "-Dlog4j2.shutdownHookEnabled=false",
            f"-Dkafka.logs.dir={self.log_file.parent}",
            "-cp",
            classpath,
            "kafka.Kafka",
            str(properties),
        ]
        self._log_offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        started = time.monotonic()
        with self.stdout_file.open("ab") as out:
            # own session: a Ctrl-C in the terminal reaches us, and we stop the JVM in order
            self._process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        logger.info(
            "broker_starting bootstrap=%s pid=%d kafka=%s log=%s",
            self.bootstrap,
            self._process.pid,
            self.settings.kafka_version,
            self.log_file,
        )
        try:
            self._wait_ready(started)
        except BaseException:
            self.stop()
            raise
        logger.info(
            "broker_ready bootstrap=%s pid=%d seconds=%.1f",
            self.bootstrap,
            self._process.pid,
            time.monotonic() - started,
        )

    def stop(self) -> None:
        """SIGTERM (controlled shutdown), then SIGKILL after ``stop_timeout_s``."""
        process = self._process
        if process is None:
            return
        self._process = None
        if process.poll() is not None:
            return
        logger.info("broker_stopping bootstrap=%s pid=%d", self.bootstrap, process.pid)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=self.stop_timeout_s)
        except subprocess.TimeoutExpired:
            logger.warning(
                "broker_kill pid=%d reason=no_exit_after_sigterm seconds=%.0f",
                process.pid,
                self.stop_timeout_s,
            )
            process.kill()
            process.wait()
        logger.info("broker_stopped pid=%d exit_code=%s", process.pid, process.returncode)

    def _write_config(self) -> Path:
        data = self.home / "data"
        listeners = (
            f"PLAINTEXT://{self.host}:{self.port},CONTROLLER://{self.host}:{self.controller_port}"
        )
        config = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.voters": f"1@{self.host}:{self.controller_port}",
            "listeners": listeners,
            "advertised.listeners": f"PLAINTEXT://{self.host}:{self.port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs": str(data),
            "num.partitions": "1",
            "offsets.topic.replication.factor": "1",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "share.coordinator.state.topic.replication.factor": "1",
            "share.coordinator.state.topic.min.isr": "1",
            "group.initial.rebalance.delay.ms": "0",
        }
        properties = self.home / "server.properties"
        lines = ["# Written by newsstream.broker; rewritten at every start."]
        lines += [f"{key}={value}" for key, value in config.items()]
        properties.write_text("\n".join(lines) + "\n")
        (self.home / "log4j2.properties").write_text(
            _LOG4J2_PROPERTIES.format(log_file=self.log_file)
        )
        return properties

    def _format_storage(self, java: str, classpath: str, properties: Path) -> None:
        if (self.home / "data" / "meta.properties").exists():
            return
        cluster_id = _new_cluster_id()
        command = [
            java,
            f"-Dlog4j2.configurationFile={self.home / 'log4j2.properties'}",
            "-cp",
            classpath,
            "kafka.tools.StorageTool",
            "format",
            "-t",
            cluster_id,
            "-c",
            str(properties),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BrokerError(
                f"formatting the Kafka storage in {self.home / 'data'} failed "
                f"(exit code {result.returncode}). Delete that folder to start afresh.\n"
                f"Output (tail):\n{_tail_text(result.stdout + result.stderr)}"
            )
        logger.info("broker_storage_formatted dir=%s cluster_id=%s", self.home / "data", cluster_id)

    def _wait_ready(self, started: float) -> None:
        process = self._process
        assert process is not None
        deadline = started + self.startup_timeout_s
        while True:
            if process.poll() is not None:
                raise BrokerError(
                    f"the Kafka broker exited during start-up (exit code {process.returncode}). "
                    f"{self._diagnostics()}"
                )
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrokerError(
                    f"the Kafka broker did not answer at {self.bootstrap} within "
                    f"{self.startup_timeout_s:.0f} s. {self._diagnostics()}"
                )
            if kafka_reachable(self.bootstrap, timeout_s=min(2.0, remaining)):
                return
            # wait for the JVM to exit or the next probe, whichever comes first
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.25)

    def _diagnostics(self) -> str:
        return (
            f"First errors in {self.log_file}:\n"
            f"{_error_lines(self.log_file, self._log_offset)}\n"
            f"Broker log {self.log_file} (tail):\n{_tail_file(self.log_file)}\n"
            f"JVM output {self.stdout_file} (tail):\n{_tail_file(self.stdout_file)}"
        )


def _new_cluster_id() -> str:
    """Like Kafka's ``Uuid.randomUuid()``: 16 random bytes, url-safe base64 without padding,
    never starting with ``-`` (the storage tool would take it for an option)."""
    while True:
        cluster_id = base64.urlsafe_b64encode(secrets.token_bytes(16)).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def _port_open(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=0.5).close()
    except OSError:
        return False
    return True


def run_broker_foreground(settings: BrokerSettings) -> None:
    """``newsstream broker``: run the local broker until SIGINT/SIGTERM, then stop it cleanly."""
    stop_requested = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        logger.info("broker_signal signal=%s", signal.Signals(signum).name)
        stop_requested.set()

    previous = {
        signum: signal.signal(signum, request_stop) for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        with LocalBroker(settings) as broker:
            logger.info(
                "broker_running bootstrap=%s data=%s log=%s jars=%s (Ctrl-C stops it)",
                broker.bootstrap,
                broker.home,
                broker.log_file,
                jar_dir(settings),
            )
            stop_requested.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


__all__ = [
    "LocalBroker",
    "ensure_jars",
    "jar_dir",
    "kafka_reachable",
    "run_broker_foreground",
]
