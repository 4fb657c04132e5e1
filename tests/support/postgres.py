"""A throwaway PostgreSQL cluster for the tests (Debian's ``postgresql`` package).

``initdb`` into a fresh temporary folder, a unix socket in that folder plus a
free TCP port on 127.0.0.1, password authentication over TCP, one database;
``pg_ctl stop`` and the folder removed at the end.  PostgreSQL refuses to run
as root, so as root every server command runs as the ``postgres`` user.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from .servers import TestServers, free_port

logger = logging.getLogger(__name__)

USER = "newsstream"
PASSWORD = "newsstream"
DATABASE = "newsstream"
SERVER_USER = "postgres"  # the account Debian's package creates


class PostgresStartError(RuntimeError):
    """No PostgreSQL server could be found or started; the message says what to do."""


def find_bin_dir() -> Path:
    """The newest ``/usr/lib/postgresql/<major>/bin`` holding ``initdb`` and ``pg_ctl``."""
    candidates = [
        path.parent
        for path in Path("/usr/lib/postgresql").glob("*/bin/initdb")
        if (path.parent / "pg_ctl").exists()
    ]
    if candidates:

        def major(path: Path) -> int:
            found = re.match(r"\d+", path.parent.name)
            return int(found.group()) if found else 0

        return max(candidates, key=major)
    initdb = shutil.which("initdb")
    if initdb is not None:
        return Path(initdb).resolve().parent
    raise PostgresStartError(
        "PostgreSQL server binaries (initdb, pg_ctl) not found. Install them with "
        "`apt-get install -y postgresql` (scripts/test does), or set "
        "NEWSSTREAM_TEST_POSTGRES_URL to a running server."
    )


def _server_account() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError as e:
        raise PostgresStartError(
            f"running as root, but there is no {SERVER_USER!r} user to run PostgreSQL as "
            "(Debian's postgresql package creates it: apt-get install -y postgresql)."
        ) from e


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    _server_account()
    return ["runuser", "-u", SERVER_USER, "--", *command]


def _run(command: list[str], what: str, log_file: Path | None = None) -> None:
    result = subprocess.run(
        _as_server_user(command), capture_output=True, text=True, check=False, timeout=120
    )
    if result.returncode != 0:
        server_log = ""
        if log_file is not None and log_file.exists():
            server_log = f"\nServer log {log_file} (tail):\n" + "\n".join(
                log_file.read_text(errors="replace").splitlines()[-30:]
            )
        raise PostgresStartError(
            f"{what} failed (exit code {result.returncode}): {' '.join(command)}\n"
            f"{(result.stdout + result.stderr).strip()[-3000:]}{server_log}"
        )


def check_connection(url: str) -> None:
    """Raise PostgresStartError unless ``select 1`` works at the SQLAlchemy ``url``."""
    conninfo = url.replace("postgresql+psycopg://", "postgresql://", 1)
    try:
        with psycopg.connect(conninfo, connect_timeout=10) as connection:
            connection.execute("select 1").fetchone()
    except psycopg.Error as e:
        shown = make_url(url).render_as_string(hide_password=True)
        raise PostgresStartError(
            f"cannot query PostgreSQL at {shown}: {e}. Start it, or unset "
            "NEWSSTREAM_TEST_POSTGRES_URL to let the tests start a throwaway cluster."
        ) from e


@contextlib.contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a fresh PostgreSQL cluster; yield its ``postgresql+psycopg://`` URL; remove it."""
    bin_dir = find_bin_dir()
    # not under pytest's tmp dir: that is private to root, and the server runs as postgres
    base = Path(tempfile.mkdtemp(prefix="newsstream-pg-"))
    data, socket_dir, log_file = base / "data", base / "socket", base / "server.log"
    password_file = base / "password"
    port = free_port()
    started = False
    try:
        socket_dir.mkdir(mode=0o700)
        password_file.write_text(PASSWORD + "\n")
        password_file.chmod(0o600)
        if os.geteuid() == 0:
            server = _server_account()
            for path in (base, socket_dir, password_file):
                os.chown(path, server.pw_uid, server.pw_gid)
        _run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                USER,
                f"--pwfile={password_file}",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            "initdb",
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {socket_dir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data)]
        _run(
            [*pg_ctl, "-l", str(log_file), "-o", options, "-w", "-t", "60", "start"],
            "starting PostgreSQL",
            log_file,
        )
        started = True
        url = f"postgresql+psycopg://{USER}:{PASSWORD}@127.0.0.1:{port}/{DATABASE}"
        admin = f"host=127.0.0.1 port={port} user={USER} password={PASSWORD} dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(sql.SQL("create database {}").format(sql.Identifier(DATABASE)))
        check_connection(url)
        logger.info("postgres_for_tests source=throwaway url=%s data=%s", url, data)
        yield url
    finally:
        if started:
            _run(
                [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                "stopping PostgreSQL",
                log_file,
            )
        shutil.rmtree(base, ignore_errors=True)


@contextlib.contextmanager
def postgres_for_tests() -> Iterator[str]:
    """``NEWSSTREAM_TEST_POSTGRES_URL`` when set (it must answer), else a throwaway cluster."""
    configured = TestServers().test_postgres_url
    if configured:
        check_connection(configured)
        logger.info("postgres_for_tests source=env")
        yield configured
        return
    with throwaway_cluster() as url:
        yield url
