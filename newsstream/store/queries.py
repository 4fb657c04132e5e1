"""Read queries of the store: what ``newsstream stats`` and the dashboard show.

They read the rollup and dimension tables; only :meth:`Reads.article` (one row)
and :meth:`Reads.stored_events` (a batch to re-enrich) read the stored text.
Every result is a frozen dataclass.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import Connection, and_, desc, distinct, func, select, true
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

from newsstream.aggregate import UNKNOWN_BUCKET
from newsstream.errors import StoreError, StoreRejectedError
from newsstream.events import ArticleEvent, EnrichedArticle
from newsstream.store import schema as s

#: Characters of text returned with each latest article (for untitled ones).
LEAD_CHARS = 120


@dataclass(frozen=True)
class ActorTotal:
    actor_id: str
    name: str
    type: str
    known: bool
    articles: int
    mentions: int


@dataclass(frozen=True)
class ThemeTotal:
    theme_id: str
    label: str
    articles: int


@dataclass(frozen=True)
class BucketCount:
    bucket: str
    key: str
    label: str
    articles: int
    mentions: int


@dataclass(frozen=True)
class ActorThemeCell:
    actor_id: str
    actor_name: str
    theme_id: str
    theme_label: str
    articles: int


@dataclass(frozen=True)
class ArticleSummary:
    article_id: str
    title: str | None
    published_at: str | None
    source: str
    stored_at: datetime
    lead: str  # the first LEAD_CHARS characters of the text
    actors: tuple[str, ...]
    themes: tuple[str, ...]


@dataclass(frozen=True)
class StoredArticle:
    article_id: str
    source: str
    title: str | None
    published_at: str | None
    stored_at: datetime
    enriched: EnrichedArticle


@dataclass(frozen=True)
class DeadLetterRow:
    original_topic: str
    original_partition: int
    original_offset: int
    error_type: str
    reason: str
    failed_at: datetime


@dataclass(frozen=True)
class StoreStats:
    articles: int
    dead_letters: int
    actors: int
    last_event_time: str | None
    last_stored_at: datetime | None
    undated_articles: int  # counted in totals, not on the time axis


class Reads:
    """Read-side methods of :class:`newsstream.store.Store`."""

    def _connect(self) -> Connection:
        raise NotImplementedError

    @contextlib.contextmanager
    def _translate(self, what: str) -> Iterator[None]:
        try:
            yield
        except (IntegrityError, DataError) as e:
            raise StoreRejectedError(f"store refused to {what} (rolled back): {e}") from e
        except SQLAlchemyError as e:
            raise StoreError(f"store failed to {what} (rolled back): {e}") from e

    def stats(self) -> StoreStats:
        with self._translate("read stats"), self._connect() as conn:
            articles = conn.execute(select(func.count()).select_from(s.articles)).scalar_one()
            dlq = conn.execute(select(func.count()).select_from(s.dead_letters)).scalar_one()
            # Actors named by a stored article (an actor re-enrichment dropped from every
            # article keeps its dimension row but has no rollup row left).
            actors = conn.execute(
                select(func.count(distinct(s.rollup_actor.c.actor_id)))
            ).scalar_one()
            last_event = conn.execute(select(func.max(s.articles.c.published_at))).scalar()
            last_stored = conn.execute(select(func.max(s.articles.c.stored_at))).scalar()
            undated = conn.execute(
                select(s.rollup_bucket.c.articles).where(s.rollup_bucket.c.bucket == UNKNOWN_BUCKET)
            ).scalar()
        return StoreStats(articles, dlq, actors, last_event, last_stored, int(undated or 0))

    def actor_totals(
        self, limit: int | None = None, types: Sequence[str] | None = None
    ) -> list[ActorTotal]:
        """Actors by articles naming them (then mentions); only ``types`` if given."""
        r, a = s.rollup_actor, s.actors
        n_articles = func.sum(r.c.articles).label("articles")
        stmt = (
            select(a.c.actor_id, a.c.name, a.c.type, a.c.known, n_articles, func.sum(r.c.mentions))
            .join(a, a.c.actor_id == r.c.actor_id)
            .where(a.c.type.in_(list(types)) if types is not None else true())
            .group_by(a.c.actor_id, a.c.name, a.c.type, a.c.known)
            .order_by(desc(n_articles), desc(func.sum(r.c.mentions)), a.c.actor_id)
            .limit(limit)
        )
        with self._translate("read actor totals"), self._connect() as conn:
            return [ActorTotal(*row) for row in conn.execute(stmt)]

    def theme_totals(self) -> list[ThemeTotal]:
        r, t = s.rollup_theme, s.themes
        n_articles = func.sum(r.c.articles).label("articles")
        stmt = (
            select(t.c.theme_id, t.c.label, n_articles)
            .join(t, t.c.theme_id == r.c.theme_id)
            .group_by(t.c.theme_id, t.c.label)
            .order_by(desc(n_articles), t.c.theme_id)
        )
        with self._translate("read theme totals"), self._connect() as conn:
            return [ThemeTotal(*row) for row in conn.execute(stmt)]

    def actor_timeline(self, actor_ids: Sequence[str]) -> list[BucketCount]:
        """Articles and mentions per month for the given actors (dated articles only)."""
        r, a = s.rollup_actor, s.actors
        stmt = (
            select(r.c.bucket, r.c.actor_id, a.c.name, r.c.articles, r.c.mentions)
            .join(a, a.c.actor_id == r.c.actor_id)
            .where(and_(r.c.actor_id.in_(list(actor_ids)), r.c.bucket != UNKNOWN_BUCKET))
            .order_by(r.c.bucket, r.c.actor_id)
        )
        with self._translate("read actor timeline"), self._connect() as conn:
            return [BucketCount(*row) for row in conn.execute(stmt)]

    def actor_theme_matrix(self, actor_ids: Sequence[str]) -> list[ActorThemeCell]:
        r, a, t = s.rollup_actor_theme, s.actors, s.themes
        stmt = (
            select(r.c.actor_id, a.c.name, r.c.theme_id, t.c.label, func.sum(r.c.articles))
            .join(a, a.c.actor_id == r.c.actor_id)
            .join(t, t.c.theme_id == r.c.theme_id)
            .where(r.c.actor_id.in_(list(actor_ids)))
            .group_by(r.c.actor_id, a.c.name, r.c.theme_id, t.c.label)
            .order_by(r.c.actor_id, r.c.theme_id)
        )
        with self._translate("read actor x theme"), self._connect() as conn:
            return [ActorThemeCell(*row) for row in conn.execute(stmt)]

    def latest_articles(self, limit: int = 20) -> list[ArticleSummary]:
        art = s.articles
        stmt = (
            select(
                art.c.article_id,
                art.c.title,
                art.c.published_at,
                art.c.source,
                art.c.stored_at,
                func.substr(art.c.text, 1, LEAD_CHARS),
            )
            .order_by(
                desc(art.c.stored_at), desc(art.c.published_at).nulls_last(), art.c.article_id
            )
            .limit(limit)
        )
        with self._translate("read latest articles"), self._connect() as conn:
            heads = conn.execute(stmt).all()
            ids = [h.article_id for h in heads]
            actor_rows = conn.execute(
                select(s.actor_mentions.c.article_id, s.actors.c.name)
                .join(s.actors, s.actors.c.actor_id == s.actor_mentions.c.actor_id)
                .where(s.actor_mentions.c.article_id.in_(ids))
                .order_by(desc(s.actor_mentions.c.mentions), s.actors.c.name)
            ).all()
            theme_rows = conn.execute(
                select(s.theme_assignments.c.article_id, s.themes.c.label)
                .join(s.themes, s.themes.c.theme_id == s.theme_assignments.c.theme_id)
                .where(s.theme_assignments.c.article_id.in_(ids))
                .order_by(desc(s.theme_assignments.c.score), s.themes.c.label)
            ).all()
        actors: dict[str, list[str]] = {i: [] for i in ids}
        themes: dict[str, list[str]] = {i: [] for i in ids}
        for aid, name in actor_rows:
            actors[aid].append(name)
        for aid, label in theme_rows:
            themes[aid].append(label)
        return [
            ArticleSummary(
                *h, actors=tuple(actors[h.article_id]), themes=tuple(themes[h.article_id])
            )
            for h in heads
        ]

    def article(self, article_id: str) -> StoredArticle | None:
        art = s.articles
        stmt = select(
            art.c.article_id,
            art.c.source,
            art.c.title,
            art.c.published_at,
            art.c.stored_at,
            art.c.enrichment,
        ).where(art.c.article_id == article_id)
        with self._translate("read article"), self._connect() as conn:
            row = conn.execute(stmt).first()
        if row is None:
            return None
        enriched = EnrichedArticle.model_validate_json(row.enrichment)
        return StoredArticle(*row[:5], enriched=enriched)

    def dead_letter_rows(self, limit: int = 50) -> list[DeadLetterRow]:
        d = s.dead_letters
        stmt = (
            select(
                d.c.original_topic,
                d.c.original_partition,
                d.c.original_offset,
                d.c.error_type,
                d.c.reason,
                d.c.failed_at,
            )
            .order_by(desc(d.c.id))
            .limit(limit)
        )
        with self._translate("read dead letters"), self._connect() as conn:
            return [DeadLetterRow(*row) for row in conn.execute(stmt)]

    # --- stored enrichment and the engine that made it ---------------------------------

    def engine_versions(self) -> dict[str, int]:
        """Stored articles per ``engine_version`` (one GROUP BY over its index)."""
        v = s.articles.c.engine_version
        stmt = select(v, func.count()).group_by(v).order_by(v)
        with self._translate("read engine versions"), self._connect() as conn:
            return {version: n for version, n in conn.execute(stmt)}

    def stale_article_ids(
        self, version: str | None, *, after: str | None = None, limit: int = 200
    ) -> list[str]:
        """Ids of stored articles whose ``engine_version`` is not ``version`` (every
        article when ``version`` is None), in id order, at most ``limit`` of them after
        the id ``after``: pass the last id of a page to get the next one."""
        art = s.articles
        stmt = (
            select(art.c.article_id)
            .where(art.c.engine_version != version if version is not None else true())
            .where(art.c.article_id > after if after is not None else true())
            .order_by(art.c.article_id)
            .limit(limit)
        )
        with self._translate("read stale article ids"), self._connect() as conn:
            return list(conn.execute(stmt).scalars())

    def stored_events(self, article_ids: Sequence[str]) -> list[ArticleEvent]:
        """The stored articles as the events they were stored from, in id order: the
        engine's input to enrich them again (text, title, date and id as stored)."""
        art = s.articles
        stmt = (
            select(
                art.c.event_id,
                art.c.article_id,
                art.c.source,
                art.c.title,
                art.c.published_at,
                art.c.language,
                art.c.text,
                art.c.ingested_at,
            )
            .where(art.c.article_id.in_(list(article_ids)))
            .order_by(art.c.article_id)
        )
        with self._translate("read stored articles"), self._connect() as conn:
            rows = conn.execute(stmt).all()
        try:
            return [ArticleEvent.model_validate(row._asdict()) for row in rows]
        except ValidationError as e:
            raise StoreError(f"a stored article is not a valid article event: {e}") from e
