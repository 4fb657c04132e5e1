"""``run_dashboard``: the Streamlit command, the settings handed on, a clean stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from pydantic import SecretStr
from support.servers import free_port

from dashboard.server import APP, settings_environment, streamlit_command
from newsstream.settings import DashboardSettings

ROOT = Path(__file__).resolve().parents[2]


def test_streamlit_command() -> None:
    settings = DashboardSettings(dashboard_port=8600)
    cmd = streamlit_command(settings)
    assert cmd[:5] == [sys.executable, "-m", "streamlit", "run", str(APP)]
    assert APP.exists()
    flags = dict(zip(cmd[5::2], cmd[6::2], strict=True))
    assert flags == {
        "--server.port": "8600",
        "--server.headless": "true",
        "--browser.gatherUsageStats": "false",
        "--client.toolbarMode": "minimal",
    }
    assert "false" in streamlit_command(settings, headless=False)


def test_settings_travel_through_the_environment() -> None:
    settings = DashboardSettings(
        db_url=SecretStr("postgresql+psycopg://u:secret@db/news"),
        refresh_seconds=5,
        dashboard_port=8600,
    )
    env = settings_environment(settings)
    assert env["NEWSSTREAM_DB_URL"] == "postgresql+psycopg://u:secret@db/news"
    assert env["NEWSSTREAM_REFRESH_SECONDS"] == "5.0"
    assert env["NEWSSTREAM_DASHBOARD_PORT"] == "8600"
    # read back, they are the same settings
    back = DashboardSettings.model_validate(
        {k.removeprefix("NEWSSTREAM_").lower(): v for k, v in env.items()}
    )
    assert back.database_url() == settings.database_url()
    assert back.refresh_seconds == 5
    default = settings_environment(DashboardSettings(data_dir=Path("/tmp/x")))
    assert default["NEWSSTREAM_DB_URL"] == "sqlite:////tmp/x/newsstream.db"


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_run_dashboard_serves_and_stops_cleanly(
    sqlite_url: str, tmp_path: Path, stop: signal.Signals
) -> None:
    port = free_port()
    env = {**os.environ, "NEWSSTREAM_DB_URL": sqlite_url, "NEWSSTREAM_DASHBOARD_PORT": str(port)}
    code = (
        "from dashboard.server import run_dashboard\n"
        "from newsstream.settings import DashboardSettings\n"
        "raise SystemExit(run_dashboard(DashboardSettings()))\n"
    )
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", code], env=env, cwd=ROOT, stdout=out, stderr=out
        )
    try:
        deadline = time.monotonic() + 60
        while not _healthy(f"http://127.0.0.1:{port}/_stcore/health"):
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "Streamlit did not come up in 60 s"
            time.sleep(0.25)
        proc.send_signal(stop)  # SIGINT: Ctrl-C, which the terminal sends to both
        assert proc.wait(timeout=30) == 0, log.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert f"http://localhost:{port}" in log.read_text()
