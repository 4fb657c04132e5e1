"""The store: SQLite (embedded default) or PostgreSQL, chosen by the URL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from newsstream.errors import ConfigError, StoreError
from newsstream.store.base import (
    ArticleRecord,
    BatchResult,
    KafkaPosition,
    ReplaceResult,
    Store,
)
from newsstream.store.queries import (
    ActorThemeCell,
    ActorTotal,
    ArticleSummary,
    BucketCount,
    DeadLetterRow,
    StoredArticle,
    StoreStats,
    ThemeTotal,
)

__all__ = [
    "ActorThemeCell",
    "ActorTotal",
    "ArticleRecord",
    "ArticleSummary",
    "BatchResult",
    "BucketCount",
    "DeadLetterRow",
    "KafkaPosition",
    "ReplaceResult",
    "Store",
    "StoreStats",
    "StoredArticle",
    "ThemeTotal",
    "open_store",
]


def open_store(url: str, *, create: bool = True) -> Store:
    """Open the store at a SQLAlchemy URL (``sqlite:///path`` or ``postgresql+psycopg://``).

    With ``create`` the tables are created when missing (idempotent); without it a
    SQLite file that does not exist is an error (and is not created).
    """
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError as e:
        raise ConfigError(f"NEWSSTREAM_DB_URL is not a database URL: {e}") from e
    if backend == "sqlite":
        from newsstream.store.sqlite import open_sqlite

        database = make_url(url).database
        if not create and database and database != ":memory:" and not Path(database).exists():
            raise StoreError(f"no store at {database}: nothing was stored there yet")
        store = open_sqlite(url)
    elif backend == "postgresql":
        from newsstream.store.postgres import open_postgres

        store = open_postgres(url)
    else:
        raise ConfigError(
            f"NEWSSTREAM_DB_URL backend {backend!r} is not supported: use sqlite or postgresql"
        )
    if create:
        store.create_schema()
    return store
