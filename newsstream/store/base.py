"""The store interface: one class, two backends (``sqlite.py``, ``postgres.py``).

``write_batch`` is the consumer's write: it stores a batch of enriched articles,
their rows and their rollup deltas, plus the batch's dead letters, in ONE
transaction.  Articles already stored (same ``article_id``) are skipped and add
nothing to the rollups, so redelivery, restarts and re-published articles never
count twice.

``replace_enrichment`` is the only other write: it swaps the enrichment of stored
articles for a new one (``newsstream reenrich``), in ONE transaction, by adding the
difference of the two enrichments' rollups (:func:`newsstream.aggregate.rollup` of
each).  Rollups are only ever incremented by deltas, never recounted, so both
writes can run at the same time; a rollup row that falls to zero is deleted.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Table, and_, bindparam, delete, select, update

from newsstream.aggregate import Rollup, rollup, time_bucket
from newsstream.errors import StoreError, StoreRejectedError
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


@dataclass(frozen=True)
class ReplaceResult:
    """What :meth:`Store.replace_enrichment` did to one batch."""

    #: Articles whose stored enrichment was rewritten (they now carry the new version).
    replaced: int
    #: Of those, articles whose actors, themes, quotes or places changed (their rows
    #: and rollups were redone); the others only got the new version and evidence.
    changed: int
    #: Ids not in the store: nothing was written for them.
    missing: tuple[str, ...] = ()
    #: Net change of the number of articles per actor / theme (all buckets), non-zero only.
    actor_articles: Mapping[str, int] = field(default_factory=dict)
    theme_articles: Mapping[str, int] = field(default_factory=dict)


K = TypeVar("K", bound=Hashable)


def _difference(plus: Counter[K], minus: Counter[K]) -> dict[K, int]:
    """``plus - minus`` per key, negative values kept, zeros dropped (``Counter``'s own
    subtraction drops everything below one)."""
    out = dict(plus)
    for key, n in minus.items():
        out[key] = out.get(key, 0) - n
    return {key: n for key, n in out.items() if n}


def _tags(article: EnrichedArticle) -> str:
    """The enrichment without the version that made it: equal tags, equal strings."""
    return article.model_dump_json(exclude={"engine_version"})


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
            schema.create(conn)

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
            self._insert_details(conn, [(r.event.article_id, r.enriched) for r in fresh])
            self._apply_rollups(conn, rollup(r.enriched for r in fresh))
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

    def replace_enrichment(self, items: Sequence[tuple[str, EnrichedArticle]]) -> ReplaceResult:
        """Replace the stored enrichment of stored articles, in ONE transaction.

        For each ``(article_id, enriched)`` whose stored enrichment differs: the old
        rows (actor mentions, theme assignments, quotes) are replaced by the new
        ones, the rollups get ``rollup(new) - rollup(old)`` (the old enrichment read
        from the stored JSON, under a row lock), the ``actors``/``themes`` rows take
        the new names and labels, and the article its new JSON and
        ``engine_version``.  Safe while consumers write: rollups only take deltas,
        in the same key order as :meth:`write_batch`.  All or nothing: on an error
        (StoreError) every article of the batch keeps its old enrichment.
        """
        new: dict[str, EnrichedArticle] = {}
        for article_id, enriched in items:
            if enriched.article_id != article_id:
                raise StoreRejectedError(
                    f"enrichment for article {article_id} is of article {enriched.article_id}; "
                    "nothing of this batch was written"
                )
            new[article_id] = enriched
        if not new:
            return ReplaceResult(0, 0)
        new_json = {i: e.model_dump_json() for i, e in new.items()}
        art = schema.articles
        with self._translate("replace enrichment"), self._write_engine.begin() as conn:
            # Lock the articles (PostgreSQL; SQLite's write transaction holds the whole
            # file) so that two re-enrichments of one article cannot both subtract its
            # old enrichment.
            stored = conn.execute(
                select(art.c.article_id, art.c.enrichment)
                .where(art.c.article_id.in_(sorted(new)))
                .order_by(art.c.article_id)
                .with_for_update()
            ).all()
            rewrite = [(i, old_json) for i, old_json in stored if new_json[i] != old_json]
            old = {i: EnrichedArticle.model_validate_json(j) for i, j in rewrite}
            changed = sorted(i for i in old if _tags(old[i]) != _tags(new[i]))
            plus = rollup(new[i] for i in changed)
            minus = rollup(old[i] for i in changed)
            if changed:
                for table in (schema.actor_mentions, schema.theme_assignments, schema.quotes):
                    conn.execute(delete(table).where(table.c.article_id.in_(changed)))
                self._insert_details(conn, [(i, new[i]) for i in changed], refresh=True)
                self._apply_rollups(conn, plus, minus)
            if rewrite:
                conn.execute(
                    update(art)
                    .where(art.c.article_id == bindparam("b_article_id"))
                    .values(
                        engine_version=bindparam("b_engine_version"),
                        enrichment=bindparam("b_enrichment"),
                    ),
                    [
                        {
                            "b_article_id": i,
                            "b_engine_version": new[i].engine_version,
                            "b_enrichment": new_json[i],
                        }
                        for i, _ in rewrite
                    ],
                )
        actors: Counter[str] = Counter()
        for (_, actor_id), n in _difference(plus.actor_articles, minus.actor_articles).items():
            actors[actor_id] += n
        themes: Counter[str] = Counter()
        for (_, theme_id), n in _difference(plus.theme_articles, minus.theme_articles).items():
            themes[theme_id] += n
        found = {i for i, _ in stored}
        result = ReplaceResult(
            replaced=len(rewrite),
            changed=len(changed),
            missing=tuple(i for i in new if i not in found),
            actor_articles={k: n for k, n in actors.items() if n},
            theme_articles={k: n for k, n in themes.items() if n},
        )
        logger.debug(
            "enrichment replaced=%d changed=%d missing=%d",
            result.replaced,
            result.changed,
            len(result.missing),
        )
        return result

    def _insert_details(
        self,
        conn: Connection,
        articles: list[tuple[str, EnrichedArticle]],
        *,
        refresh: bool = False,
    ) -> None:
        """Insert the rows of ``(article_id, enriched)``; the ``actors``/``themes`` rows
        are inserted when new, and with ``refresh`` also updated to these names."""
        actors: dict[str, dict[str, Any]] = {}
        themes: dict[str, dict[str, Any]] = {}
        mentions, assignments, quotes = [], [], []
        for aid, enriched in articles:
            for a in enriched.actors:
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
            for t in enriched.themes:
                themes.setdefault(t.id, {"theme_id": t.id, "label": t.label})
                assignments.append({"article_id": aid, "theme_id": t.id, "score": t.score})
            for seq, q in enumerate(enriched.quotes):
                quotes.append(
                    {
                        "article_id": aid,
                        "seq": seq,
                        "speaker": q.speaker,
                        "speaker_id": q.speaker_id,
                        "text": q.text,
                    }
                )
        self._upsert_dimension(conn, schema.actors, "actor_id", actors, refresh=refresh)
        self._upsert_dimension(conn, schema.themes, "theme_id", themes, refresh=refresh)
        for table, rows in (
            (schema.actor_mentions, mentions),
            (schema.theme_assignments, assignments),
            (schema.quotes, quotes),
        ):
            if rows:
                conn.execute(table.insert(), rows)

    def _upsert_dimension(
        self,
        conn: Connection,
        table: Table,
        key: str,
        rows: dict[str, dict[str, Any]],
        *,
        refresh: bool,
    ) -> None:
        if not rows:
            return
        stmt = self._insert(table)
        if refresh:
            stmt = stmt.on_conflict_do_update(
                index_elements=[key],
                set_={c: stmt.excluded[c] for c in rows[next(iter(rows))] if c != key},
            )
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=[key])
        conn.execute(stmt, [rows[k] for k in sorted(rows)])

    def _apply_rollups(self, conn: Connection, plus: Rollup, minus: Rollup | None = None) -> None:
        """Add ``plus - minus`` to the rollup tables; rows that fall to zero articles
        are deleted (a fresh store would not have them)."""
        minus = minus or Rollup()
        actor_articles = _difference(plus.actor_articles, minus.actor_articles)
        actor_mentions = _difference(plus.actor_mentions, minus.actor_mentions)
        theme_articles = _difference(plus.theme_articles, minus.theme_articles)
        actor_theme = _difference(plus.actor_theme_articles, minus.actor_theme_articles)
        bucket_articles = _difference(plus.bucket_articles, minus.bucket_articles)
        # Sorted keys: concurrent writers take row locks in the same order (no deadlock).
        self._increment(
            conn,
            schema.rollup_actor,
            ["bucket", "actor_id"],
            [
                {
                    "bucket": b,
                    "actor_id": a,
                    "articles": actor_articles.get((b, a), 0),
                    "mentions": actor_mentions.get((b, a), 0),
                }
                for b, a in sorted(actor_articles.keys() | actor_mentions.keys())
            ],
            ["articles", "mentions"],
        )
        self._increment(
            conn,
            schema.rollup_theme,
            ["bucket", "theme_id"],
            [
                {"bucket": b, "theme_id": t, "articles": n}
                for (b, t), n in sorted(theme_articles.items())
            ],
            ["articles"],
        )
        self._increment(
            conn,
            schema.rollup_actor_theme,
            ["bucket", "actor_id", "theme_id"],
            [
                {"bucket": b, "actor_id": a, "theme_id": t, "articles": n}
                for (b, a, t), n in sorted(actor_theme.items())
            ],
            ["articles"],
        )
        self._increment(
            conn,
            schema.rollup_bucket,
            ["bucket"],
            [{"bucket": b, "articles": n} for b, n in sorted(bucket_articles.items())],
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
        """Add the counters of ``rows`` (upsert).  When some are negative, read the
        rows back: a count below zero means the rollups do not match the stored
        enrichment (StoreError, all rolled back); rows at zero articles are deleted."""
        if not rows:
            return
        stmt = self._insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=keys,
            set_={c: table.c[c] + stmt.excluded[c] for c in counters},
        )
        if all(row[c] >= 0 for row in rows for c in counters):
            conn.execute(stmt, rows)
            return
        stmt = stmt.returning(*(table.c[k] for k in keys), *(table.c[c] for c in counters))
        after = conn.execute(stmt, rows).mappings().all()
        broken = [dict(row) for row in after if any(row[c] < 0 for c in counters)]
        if broken:
            raise StoreError(
                f"{table.name} would fall below zero at {broken[:3]}: the stored rollups do "
                "not match the stored enrichment; nothing of this batch was written"
            )
        gone = [{f"b_{k}": row[k] for k in keys} for row in after if row["articles"] == 0]
        if gone:
            conn.execute(
                delete(table).where(
                    and_(*(table.c[k] == bindparam(f"b_{k}") for k in keys)),
                    table.c.articles == 0,
                ),
                gone,
            )

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
