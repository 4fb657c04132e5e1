"""The store interface: one class, two backends (``sqlite.py``, ``postgres.py``).

``write_batch`` is the only write: it stores a batch of enriched articles, their
rows and their rollup deltas, plus the batch's dead letters, in ONE transaction.
Articles already stored (same ``article_id``) are skipped and add nothing to
the rollups, so redelivery, restarts and re-published articles never count twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table

from newsstream.aggregate import rollup, time_bucket
from newsstream.events import ArticleEvent, DeadLetter, EnrichedArticle
from newsstream.store import queries, schema

logger = logging.getLogger(__name__)

#: ``insert`` of the backend's dialect (sqlite or postgresql): both offer
#: ``on_conflict_do_nothing``/``on_conflict_do_update`` with the same signature.
InsertFactory = Callable[[Table], Any]


@dataclass(frozen=True)
class KafkaPosition:
    topic: str
    partition: int
    offset: int


@dataclass(frozen=True)
class ArticleRecord:
    """One article to store: the event, its enrichment and where it was read."""

    event: ArticleEvent
    enriched: EnrichedArticle
    position: KafkaPosition | None = None


@dataclass(frozen=True)
class BatchResult:
    stored: int
    duplicates: int
    dead_letters: int


class Store(queries.Reads):
    """A SQL store.  Use as a context manager or call :meth:`close`."""

    def __init__(
        self, engine: Engine, insert: InsertFactory, *, write_engine: Engine | None = None
    ) -> None:
        self._engine = engine  # reads
        self._write_engine = write_engine or engine  # write transactions
        self._insert = insert

    # --- lifecycle -----------------------------------------------------------------------

    def create_schema(self) -> None:
        with self._translate("create schema"), self._write_engine.begin() as conn:
            schema.metadata.create_all(conn)

    def close(self) -> None:
        self._engine.dispose()
        self._write_engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        return self._engine.url.render_as_string(hide_password=True)

    def _connect(self) -> Connection:
        return self._engine.connect()

    # --- the write path ------------------------------------------------------------------

    def write_batch(
        self, records: Sequence[ArticleRecord], dead_letters: Sequence[DeadLetter] = ()
    ) -> BatchResult:
        """Store a batch in one transaction; all or nothing (raises StoreError)."""
        unique: dict[str, ArticleRecord] = {}
        for record in records:
            unique.setdefault(record.event.article_id, record)
        with self._translate("write batch"), self._write_engine.begin() as conn:
            new_ids = self._insert_articles(conn, list(unique.values()))
            fresh = [unique[i] for i in unique if i in new_ids]
            self._insert_details(conn, fresh)
            self._add_rollups(conn, [r.enriched for r in fresh])
            dlq = self._insert_dead_letters(conn, dead_letters)
        result = BatchResult(
            stored=len(fresh), duplicates=len(records) - len(fresh), dead_letters=dlq
        )
        logger.debug(
            "batch stored=%d duplicates=%d dead_letters=%d",
            result.stored,
            result.duplicates,
            result.dead_letters,
        )
        return result

    def _insert_articles(self, conn: Connection, records: list[ArticleRecord]) -> set[str]:
        if not records:
            return set()
        now = datetime.now(UTC)
        rows = [
            {
                "article_id": r.event.article_id,
                "event_id": str(r.event.event_id),
                "source": r.event.source,
                "title": r.event.title,
                "published_at": r.event.published_at,
                "bucket": time_bucket(r.event.published_at),
                "language": r.event.language,
                "text": r.event.text,
                "ingested_at": r.event.ingested_at,
                "stored_at": now,
                "kafka_topic": r.position.topic if r.position else None,
                "kafka_partition": r.position.partition if r.position else None,
                "kafka_offset": r.position.offset if r.position else None,
                "engine_version": r.enriched.engine_version,
                "enrichment": r.enriched.model_dump_json(),
            }
            for r in records
        ]
        stmt = (
            self._insert(schema.articles)
            .on_conflict_do_nothing(index_elements=["article_id"])
            .returning(schema.articles.c.article_id)
        )
        inserted = conn.execute(stmt, rows).scalars().all()
        return set(inserted)

    def _insert_details(self, conn: Connection, records: list[ArticleRecord]) -> None:
        actors: dict[str, dict[str, Any]] = {}
        themes: dict[str, dict[str, Any]] = {}
        mentions, assignments, quotes = [], [], []
        for r in records:
            aid = r.event.article_id
            for a in r.enriched.actors:
                actors.setdefault(
                    a.id, {"actor_id": a.id, "name": a.name, "type": a.type, "known": a.known}
                )
                mentions.append(
                    {
                        "article_id": aid,
                        "actor_id": a.id,
                        "mentions": a.mentions,
                        "roles": ",".join(a.roles),
                    }
                )
            for t in r.enriched.themes:
                themes.setdefault(t.id, {"theme_id": t.id, "label": t.label})
                assignments.append({"article_id": aid, "theme_id": t.id, "score": t.score})
            for seq, q in enumerate(r.enriched.quotes):
                quotes.append(
                    {
                        "article_id": aid,
                        "seq": seq,
                        "speaker": q.speaker,
                        "speaker_id": q.speaker_id,
                        "text": q.text,
                    }
                )
        if actors:
            stmt = self._insert(schema.actors).on_conflict_do_nothing(index_elements=["actor_id"])
            conn.execute(stmt, sorted(actors.values(), key=lambda row: row["actor_id"]))
        if themes:
            stmt = self._insert(schema.themes).on_conflict_do_nothing(index_elements=["theme_id"])
            conn.execute(stmt, sorted(themes.values(), key=lambda row: row["theme_id"]))
        for table, rows in (
            (schema.actor_mentions, mentions),
            (schema.theme_assignments, assignments),
            (schema.quotes, quotes),
        ):
            if rows:
                conn.execute(table.insert(), rows)

    def _add_rollups(self, conn: Connection, articles: list[EnrichedArticle]) -> None:
        if not articles:
            return
        r = rollup(articles)
        # Sorted keys: concurrent writers take row locks in the same order (no deadlock).
        self._increment(
            conn,
            schema.rollup_actor,
            ["bucket", "actor_id"],
            [
                {"bucket": b, "actor_id": a, "articles": n, "mentions": r.actor_mentions[b, a]}
                for (b, a), n in sorted(r.actor_articles.items())
            ],
            ["articles", "mentions"],
        )
        self._increment(
            conn,
            schema.rollup_theme,
            ["bucket", "theme_id"],
            [
                {"bucket": b, "theme_id": t, "articles": n}
                for (b, t), n in sorted(r.theme_articles.items())
            ],
            ["articles"],
        )
        self._increment(
            conn,
            schema.rollup_actor_theme,
            ["bucket", "actor_id", "theme_id"],
            [
                {"bucket": b, "actor_id": a, "theme_id": t, "articles": n}
                for (b, a, t), n in sorted(r.actor_theme_articles.items())
            ],
            ["articles"],
        )
        self._increment(
            conn,
            schema.rollup_bucket,
            ["bucket"],
            [{"bucket": b, "articles": n} for b, n in sorted(r.bucket_articles.items())],
            ["articles"],
        )

    def _increment(
        self,
        conn: Connection,
        table: Table,
        keys: list[str],
        rows: list[dict[str, Any]],
        counters: list[str],
    ) -> None:
        if not rows:
            return
        stmt = self._insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=keys,
            set_={c: table.c[c] + stmt.excluded[c] for c in counters},
        )
        conn.execute(stmt, rows)

    def _insert_dead_letters(self, conn: Connection, letters: Sequence[DeadLetter]) -> int:
        if not letters:
            return 0
        rows = [
            {
                "original_topic": d.original_topic,
                "original_partition": d.original_partition,
                "original_offset": d.original_offset,
                "error_type": d.error_type,
                "reason": d.reason,
                "key": d.key,
                "payload": d.payload,
                "consumer_group": d.consumer_group,
                "failed_at": d.failed_at,
            }
            for d in letters
        ]
        stmt = (
            self._insert(schema.dead_letters)
            .on_conflict_do_nothing(
                index_elements=["original_topic", "original_partition", "original_offset"]
            )
            .returning(schema.dead_letters.c.id)
        )
        return len(conn.execute(stmt, rows).scalars().all())
