"""Tables of the store (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Raw text lives only in ``articles``; the dashboard reads the ``rollup_*``
tables, which are keyed by event-time bucket (``YYYY-MM`` or ``unknown``).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("event_id", String(36), nullable=False),
    Column("source", String(200), nullable=False),
    Column("title", Text),
    Column("published_at", String(10)),
    Column("bucket", String(7), nullable=False),
    Column("language", String(2), nullable=False),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
    Column("kafka_topic", String(255)),
    Column("kafka_partition", Integer),
    Column("kafka_offset", Integer),
    Column("engine_version", String(40), nullable=False),
    Column("enrichment", Text, nullable=False),  # EnrichedArticle JSON: evidence for the UI
    Index("ix_articles_stored_at", "stored_at"),
    # Stored articles per engine version (stale enrichment) without reading the texts.
    Index("ix_articles_engine_version", "engine_version"),
)

actors = Table(
    "actors",
    metadata,
    Column("actor_id", String(200), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("type", String(20), nullable=False),
    Column("known", Boolean, nullable=False),
)

themes = Table(
    "themes",
    metadata,
    Column("theme_id", String(60), primary_key=True),
    Column("label", String(200), nullable=False),
)

actor_mentions = Table(
    "actor_mentions",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.article_id"), primary_key=True),
    Column("actor_id", String(200), primary_key=True),
    Column("mentions", Integer, nullable=False),
    Column("roles", Text, nullable=False),  # comma-separated role labels
    Index("ix_actor_mentions_actor", "actor_id"),
)

theme_assignments = Table(
    "theme_assignments",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.article_id"), primary_key=True),
    Column("theme_id", String(60), primary_key=True),
    Column("score", Float, nullable=False),
    Index("ix_theme_assignments_theme", "theme_id"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.article_id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("speaker", String(300)),
    Column("speaker_id", String(200)),
    Column("text", Text, nullable=False),
)

rollup_actor = Table(
    "rollup_actor",
    metadata,
    Column("bucket", String(7), primary_key=True),
    Column("actor_id", String(200), primary_key=True),
    Column("articles", Integer, nullable=False),
    Column("mentions", Integer, nullable=False),
)

rollup_theme = Table(
    "rollup_theme",
    metadata,
    Column("bucket", String(7), primary_key=True),
    Column("theme_id", String(60), primary_key=True),
    Column("articles", Integer, nullable=False),
)

rollup_actor_theme = Table(
    "rollup_actor_theme",
    metadata,
    Column("bucket", String(7), primary_key=True),
    Column("actor_id", String(200), primary_key=True),
    Column("theme_id", String(60), primary_key=True),
    Column("articles", Integer, nullable=False),
)

rollup_bucket = Table(
    "rollup_bucket",
    metadata,
    Column("bucket", String(7), primary_key=True),
    Column("articles", Integer, nullable=False),
)

dead_letters = Table(
    "dead_letters",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("original_topic", String(255), nullable=False),
    Column("original_partition", Integer, nullable=False),
    Column("original_offset", Integer, nullable=False),
    Column("error_type", String(40), nullable=False),
    Column("reason", Text, nullable=False),
    Column("key", Text),
    Column("payload", Text, nullable=False),
    Column("consumer_group", String(255), nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("original_topic", "original_partition", "original_offset"),
)


def create(conn: Connection) -> None:
    """Create the missing tables, and indexes added to tables that already exist
    (``create_all`` only creates the indexes of the tables it creates).  Idempotent."""
    metadata.create_all(conn)
    for table in metadata.sorted_tables:
        for index in table.indexes:
            index.create(conn, checkfirst=True)
