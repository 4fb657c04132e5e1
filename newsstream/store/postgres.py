"""PostgreSQL backend: the scale-out store (several consumers, many readers).

Schema creation takes an advisory lock so that consumers starting together do
not race on ``CREATE TABLE``.
"""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.dialects.postgresql import insert

from newsstream.store import schema
from newsstream.store.base import Store

_SCHEMA_LOCK = 0x6E657773  # "news"


class PostgresStore(Store):
    def create_schema(self) -> None:
        with self._translate("create schema"), self._engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SCHEMA_LOCK})
            schema.create(conn)


def open_postgres(url: str) -> Store:
    engine = create_engine(url, pool_pre_ping=True)
    return PostgresStore(engine, insert)
