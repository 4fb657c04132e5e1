"""Run the dashboard: ``streamlit run dashboard/app.py`` as a child process.

The settings travel to the page through the child's environment (as
``NEWSSTREAM_*`` variables), where the page reads them back with
:class:`~newsstream.settings.DashboardSettings`.  Ctrl-C or SIGTERM stop the
Streamlit server cleanly; :func:`run_dashboard` returns its exit code.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from pydantic import SecretStr

from newsstream.settings import DashboardSettings

logger = logging.getLogger(__name__)

APP = Path(__file__).with_name("app.py")
STOP_TIMEOUT = 10.0


def settings_environment(settings: DashboardSettings) -> dict[str, str]:
    """Every setting as the ``NEWSSTREAM_*`` variable that sets it (secrets revealed)."""
    env: dict[str, str] = {}
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if value is None:
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        env[f"NEWSSTREAM_{name.upper()}"] = str(value)
    env["NEWSSTREAM_DB_URL"] = settings.database_url()
    return env


def streamlit_command(settings: DashboardSettings, *, headless: bool = True) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(settings.dashboard_port),
        "--server.headless",
        "true" if headless else "false",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",
    ]


def run_dashboard(settings: DashboardSettings, *, headless: bool = True) -> int:
    """Serve the dashboard until Ctrl-C/SIGTERM or until Streamlit exits; its exit code."""
    # The child needs PATH, HOME, ... as well: the environment is handed on, not read.
    env = {**os.environ, **settings_environment(settings)}
    logger.info(
        "dashboard starting url=http://localhost:%d refresh_seconds=%g",
        settings.dashboard_port,
        settings.refresh_seconds,
    )
    proc = subprocess.Popen(streamlit_command(settings, headless=headless), env=env)
    restore = _forward_sigterm(proc)
    try:
        try:
            code = proc.wait()
        except KeyboardInterrupt:
            code = _stop(proc)
    finally:
        restore()
    code = code if code >= 0 else 128 - code  # killed by signal N: 128 + N, like a shell
    logger.info("dashboard stopped exit_code=%d", code)
    return code


def _stop(proc: subprocess.Popen[bytes]) -> int:
    """Stop Streamlit after Ctrl-C (the terminal may have sent it SIGINT already)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    try:
        return proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        logger.warning("dashboard did not stop in %gs, killing it", STOP_TIMEOUT)
        proc.kill()
        return proc.wait()


def _forward_sigterm(proc: subprocess.Popen[bytes]) -> Callable[[], object]:
    """Pass SIGTERM on to Streamlit (only the main thread may set signal handlers)."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def forward(signum: int, _frame: FrameType | None) -> None:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, forward)
    return lambda: signal.signal(signal.SIGTERM, previous)
