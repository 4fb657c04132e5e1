"""The dashboard in a real headless Chromium, served by ``run_dashboard`` on a free port.

Chromium is driven over the DevTools protocol (``--remote-debugging-port``,
spoken with ``websockets``, a dependency of Streamlit): ``--dump-dom`` alone
returns before Streamlit's websocket has delivered the page, so the test waits
until the rendered text shows the data, then takes the DOM and a screenshot.
Without ``/usr/bin/chromium`` the test is skipped locally and FAILS on CI
(``CI=true``), where ``apt-get install -y chromium`` provides it.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.servers import free_port
from websockets.sync.client import ClientConnection, connect

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 60.0


def chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    found = shutil.which("chromium")
    if found:
        return Path(found)
    message = "headless Chromium not found: apt-get install -y chromium"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def wait_until(what: str, check: Any, deadline: float = DEADLINE) -> Any:
    end = time.monotonic() + deadline
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {deadline:g}s waiting for {what}")
        time.sleep(0.25)


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@contextlib.contextmanager
def dashboard(url: str, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``run_dashboard`` in a child process, as ``newsstream dashboard`` runs it."""
    port = free_port()
    env = {
        **os.environ,
        "NEWSSTREAM_DB_URL": url,
        "NEWSSTREAM_DASHBOARD_PORT": str(port),
        "NEWSSTREAM_REFRESH_SECONDS": "1",
    }
    code = (
        "from dashboard.server import run_dashboard\n"
        "from newsstream.settings import DashboardSettings\n"
        "raise SystemExit(run_dashboard(DashboardSettings()))\n"
    )
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", code], env=env, cwd=ROOT, stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(
            "the Streamlit server",
            lambda: proc.poll() is not None or http_ok(f"{base}/_stcore/health"),
        )
        assert proc.poll() is None, log.read_text()
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


class DevTools:
    """The few DevTools protocol calls the test needs, on one page target."""

    def __init__(self, ws: ClientConnection) -> None:
        self._ws = ws
        self._ids = itertools.count(1)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        call_id = next(self._ids)
        self._ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv(timeout=30))
            if message.get("id") == call_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                result: dict[str, Any] = message["result"]
                return result

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")


@contextlib.contextmanager
def headless_chromium(profile: Path) -> Iterator[DevTools]:
    proc = subprocess.Popen(
        [
            str(chromium()),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            "--window-size=1400,1000",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        wait_until("Chromium's DevTools port", port_file.exists)
        port = wait_until("the port number", lambda: port_file.read_text().split("\n")[0])

        def page_ws() -> str | None:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as r:
                targets = json.load(r)
            pages = [t["webSocketDebuggerUrl"] for t in targets if t.get("type") == "page"]
            return pages[0] if pages else None

        with connect(wait_until("a page target", page_ws), max_size=None) as ws:
            yield DevTools(ws)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_dashboard_renders_in_chromium(hostile_sqlite_url: str, tmp_path: Path) -> None:
    with (
        dashboard(hostile_sqlite_url, tmp_path / "streamlit.log") as (base, server),
        headless_chromium(tmp_path / "profile") as browser,
    ):
        browser.call("Page.enable")
        browser.call("Page.navigate", url=base)
        text = wait_until(
            "the status line, the charts and the article viewer",
            lambda: (
                (t := browser.evaluate("document.body.innerText")) is not None
                and "articles stored" in t
                and "Jens Stoltenberg" in t
                and "eingerückt" in t
                and browser.evaluate("document.querySelectorAll('.js-plotly-plot').length") == 3
                and t
            ),
        )
        dom = browser.evaluate("document.documentElement.outerHTML")
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            width=1400,
            height=2600,
            deviceScaleFactor=1,
            mobile=False,
        )
        time.sleep(1.5)  # let the charts re-layout to the new viewport
        shot = browser.call("Page.captureScreenshot", format="png")
        (tmp_path / "dashboard.png").write_bytes(base64.b64decode(shot["data"]))

        assert "6 articles stored · 1 dead-lettered · last event time 2024-12" in text
        assert "No articles yet" not in text
        assert "Wolodymyr Selenskyj" in text
        # the newest article (full of markup) is shown in the viewer, literally
        assert "<script>alert('x')</script> auf **x** und [Link](http://example.org)" in text
        assert ":red[rot]" in text and "$1+1$" in text
        assert "<script>alert" not in dom  # escaped in the DOM, never an element
        assert "<strong>x</strong>" not in dom
        highlighted = browser.evaluate(
            "Array.from(document.querySelectorAll('[data-testid=\"stMarkdownContainer\"] span'))"
            ".filter(s => s.textContent === 'NATO' && s.style.backgroundColor).length"
        )
        assert highlighted >= 1
        assert (tmp_path / "dashboard.png").stat().st_size > 20_000
        print(f"screenshot: {tmp_path / 'dashboard.png'}")

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=20) == 0
