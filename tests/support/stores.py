"""Fresh, empty stores for tests: a SQLite file, or a new database on the test PostgreSQL."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def fresh_sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / f'store-{uuid.uuid4().hex[:8]}.db'}"


def fresh_postgres_url(server_url: str) -> str:
    """Create a uniquely named database on the server of ``server_url``; return its URL."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))  # name is generated, not input
    finally:
        engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)
