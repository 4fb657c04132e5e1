"""``newsstream up`` as a user runs it: one command, the seeds stored within 30 s."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from newsstream.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_up_fills_the_store_and_serves_the_dashboard_then_stops_cleanly(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    port = _free_port()
    db = f"sqlite:///{tmp_path / 'up.db'}"
    env = {
        **os.environ,
        "NEWSSTREAM_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "NEWSSTREAM_DB_URL": db,
        "NEWSSTREAM_DATA_DIR": str(tmp_path / "data"),
        "NEWSSTREAM_TOPIC_RAW": f"up-raw-{uuid.uuid4().hex}",
        "NEWSSTREAM_TOPIC_DLQ": f"up-dlq-{uuid.uuid4().hex}",
        "NEWSSTREAM_GROUP_ID": f"up-{uuid.uuid4().hex}",
        "NEWSSTREAM_DASHBOARD_PORT": str(port),
    }
    log = (tmp_path / "up.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsstream", "up", "--seeds", str(ROOT / "seeds")],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        started = time.monotonic()
        articles = 0
        while time.monotonic() - started < 30 and articles < 5:
            time.sleep(0.5)
            assert proc.poll() is None, (tmp_path / "up.log").read_text()
            if (tmp_path / "up.db").exists():
                with open_store(db) as store:
                    articles = store.stats().articles
        assert articles == 5, (tmp_path / "up.log").read_text()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:
            assert r.status == 200
        with open_store(db) as store:
            names = {a.name for a in store.actor_totals()}
        assert {"NATO", "Jens Stoltenberg", "Ukraine"} <= names
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=60)
        log.close()
    output = (tmp_path / "up.log").read_text()
    assert code == 0, output
    assert "stopped consumer exit=0" in output
    assert "stopped dashboard" in output
