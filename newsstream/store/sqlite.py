"""SQLite backend: the embedded default (one writer process, any number of readers).

WAL journal so dashboard readers never block the consumer's transactions and
``busy_timeout`` so a writer waits for a lock instead of failing.  Write
transactions start with ``BEGIN IMMEDIATE`` (a separate engine), so two writers
queue for the lock instead of deadlocking on a read-to-write upgrade.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.engine import make_url

from newsstream.store.base import Store

_WAL_ATTEMPTS = 100  # x 50 ms


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=10000")
    _use_wal(cur)
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _use_wal(cur: sqlite3.Cursor) -> None:
    """Switch the file to WAL once.  The switch needs an exclusive lock and SQLite
    refuses it at once (no busy wait) while another connection holds the file, e.g.
    the consumer and the dashboard opening a new store together: look, retry."""
    for _ in range(_WAL_ATTEMPTS):
        if cur.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
            return
        try:
            cur.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            time.sleep(0.05)
    cur.execute("PRAGMA journal_mode=WAL")  # last try: raises with SQLite's reason


def _engine(url: str, begin: str) -> Engine:
    engine = create_engine(url)
    event.listen(engine, "connect", _on_connect)

    def on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(begin)

    event.listen(engine, "begin", on_begin)
    return engine


def open_sqlite(url: str) -> Store:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    return Store(_engine(url, "BEGIN"), insert, write_engine=_engine(url, "BEGIN IMMEDIATE"))
