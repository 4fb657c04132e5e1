"""``newsstream up``: the whole stack on one machine, stopped together by Ctrl-C.

Starts a local JVM Kafka broker unless one already answers at
``NEWSSTREAM_KAFKA_BOOTSTRAP``, then the consumer, the dashboard and the
producer (replaying the seeds as a simulated feed) as child processes of this
one, with the SQLite store by default.  On Ctrl-C/SIGTERM it stops the producer,
the consumer (which commits what it stored and leaves its group), the dashboard
and last the broker.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from newsstream.broker import LocalBroker, kafka_reachable
from newsstream.errors import ConfigError
from newsstream.settings import BrokerSettings, DashboardSettings

logger = logging.getLogger(__name__)

_STOP_TIMEOUT_S = 20.0


def _child(name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    logger.info("starting %s: newsstream %s", name, " ".join(args))
    return subprocess.Popen([sys.executable, "-m", "newsstream", *args], env=env)


def _stop(name: str, proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(_STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        logger.warning("%s did not stop within %.0fs, killing it", name, _STOP_TIMEOUT_S)
        proc.kill()
        proc.wait()
    logger.info("stopped %s exit=%s", name, proc.returncode)


def run_stack(settings: BrokerSettings, *, seeds: Path, speedup: float) -> int:
    if not seeds.exists():
        raise ConfigError(f"{seeds}: no such folder of articles to replay (use --seeds PATH)")
    stop = threading.Event()
    failed = False
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with contextlib.ExitStack() as stack:
        bootstrap = settings.kafka_bootstrap
        if kafka_reachable(bootstrap, timeout_s=3):
            logger.info("using the Kafka broker at %s", bootstrap)
        else:
            logger.info("no broker at %s, starting a local one (first run fetches jars)", bootstrap)
            broker = stack.enter_context(LocalBroker(settings))
            bootstrap = broker.bootstrap
        env = {**os.environ, "NEWSSTREAM_KAFKA_BOOTSTRAP": bootstrap}
        children: list[tuple[str, subprocess.Popen[bytes]]] = []

        def stop_children() -> None:
            for name, proc in reversed(children):
                _stop(name, proc)

        # Registered after the broker, so it runs before the broker stops.
        stack.callback(stop_children)
        children.append(("consumer", _child("consumer", ["consume"], env)))
        children.append(("dashboard", _child("dashboard", ["dashboard"], env)))
        producer_args = ["produce", str(seeds), "--simulate", "--speedup", str(speedup)]
        children.append(("producer", _child("producer", [*producer_args, "--no-progress"], env)))
        port = DashboardSettings().dashboard_port
        logger.info("dashboard: http://localhost:%d  (Ctrl-C stops everything)", port)
        while not stop.wait(1.0):
            for name, proc in children:
                code = proc.poll()
                if code is None or (name == "producer" and code == 0):
                    continue
                logger.error("%s exited with code %s; stopping the stack", name, code)
                failed = True
                stop.set()
    return 1 if failed else 0
