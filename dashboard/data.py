"""Data access of the dashboard: the cached store and cached reads, returning plain data.

The store is opened once per database URL and process (``st.cache_resource``);
every read is cached for a short time (``st.cache_data``), so any number of
viewers whose live regions refresh every few seconds cost the database one read
per query and TTL.  The ``fetch_*`` functions do the reading against a
:class:`~newsstream.store.Store` and are tested without Streamlit; the
``load_*`` functions are their cached, URL-keyed wrappers the page calls.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import get_args

import streamlit as st
from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from newsstream.errors import ConfigError, StoreError
from newsstream.events import ActorType
from newsstream.settings import DashboardSettings
from newsstream.store import (
    ActorThemeCell,
    ActorTotal,
    ArticleSummary,
    BucketCount,
    Store,
    StoredArticle,
    StoreStats,
    ThemeTotal,
    open_store,
)

logger = logging.getLogger(__name__)

#: Every actor type the enrichment emits, in the order the sidebar offers them.
ACTOR_TYPES: tuple[str, ...] = get_args(ActorType)

#: How long the live region's reads are reused: short, so the page stays live.
LIVE_TTL = timedelta(seconds=2)
#: One article's full record (a primary-key read).  It changes only when
#: ``newsstream reenrich`` redoes its enrichment, so a viewer sees that within this.
ARTICLE_TTL = timedelta(seconds=10)
#: Characters of the text shown for an article without a title.
FIRST_WORDS = 80


@dataclass(frozen=True)
class LatestArticle:
    """One row of the latest-articles table."""

    article_id: str
    heading: str  # the title, or the first words of the text
    published_at: str | None
    source: str
    actors: tuple[str, ...]
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Snapshot:
    """Everything the live region shows, read in one go."""

    stats: StoreStats
    actors: tuple[ActorTotal, ...]
    timeline: tuple[BucketCount, ...]
    themes: tuple[ThemeTotal, ...]
    matrix: tuple[ActorThemeCell, ...]
    latest: tuple[LatestArticle, ...]


def settings() -> DashboardSettings:
    """The dashboard's settings (environment ``NEWSSTREAM_*``), read on every run."""
    try:
        return DashboardSettings()
    except ValidationError as e:
        raise ConfigError(f"invalid dashboard settings: {e}") from e


def display_url(url: str) -> str:
    """The database URL without its password, fit to show on the page."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(not a database URL)"


# --- reads against a store (no Streamlit) ------------------------------------------------


def fetch_actor_totals(
    store: Store, types: Sequence[str], limit: int | None = None
) -> list[ActorTotal]:
    """Actor totals like :meth:`Store.actor_totals`, restricted to the given actor types."""
    if not types:
        return []
    return store.actor_totals(limit, types=types)


def _shorten(head: str) -> str:
    flat = " ".join(head.split())
    if len(flat) <= FIRST_WORDS:
        return flat
    cut = flat[:FIRST_WORDS].rsplit(" ", 1)[0]
    return f"{cut} …"


def fetch_latest(store: Store, limit: int) -> list[LatestArticle]:
    summaries: list[ArticleSummary] = store.latest_articles(limit)
    return [
        LatestArticle(
            article_id=a.article_id,
            heading=a.title or _shorten(a.lead),
            published_at=a.published_at,
            source=a.source,
            actors=a.actors,
            themes=a.themes,
        )
        for a in summaries
    ]


def fetch_snapshot(store: Store, types: Sequence[str], top_n: int, latest: int = 20) -> Snapshot:
    """One consistent-enough read of everything the live region shows."""
    actors = fetch_actor_totals(store, types, top_n)
    ids = [a.actor_id for a in actors]
    return Snapshot(
        stats=store.stats(),
        actors=tuple(actors),
        timeline=tuple(store.actor_timeline(ids)) if ids else (),
        themes=tuple(store.theme_totals()),
        matrix=tuple(store.actor_theme_matrix(ids)) if ids else (),
        latest=tuple(fetch_latest(store, latest)),
    )


# --- cached, URL-keyed: what the page calls -----------------------------------------------


@st.cache_resource(show_spinner=False)
def get_store(url: str) -> Store:
    """The store at ``url``, opened once per process (raises ConfigError/StoreError).

    A failure is not cached: the next run tries again, so the page recovers
    by itself once the database is up.
    """
    try:
        store = open_store(url)
    except OSError as e:  # e.g. the SQLite file's folder cannot be created
        raise StoreError(f"cannot open the store: {e}") from e
    logger.info("dashboard store opened url=%s", store.url)
    return store


@st.cache_data(ttl=LIVE_TTL, show_spinner=False)
def load_snapshot(url: str, types: tuple[str, ...], top_n: int) -> Snapshot:
    return fetch_snapshot(get_store(url), types, top_n)


@st.cache_data(ttl=LIVE_TTL, show_spinner=False)
def load_latest(url: str, limit: int = 20) -> list[LatestArticle]:
    return fetch_latest(get_store(url), limit)


@st.cache_data(ttl=ARTICLE_TTL, show_spinner=False)
def load_article(url: str, article_id: str) -> StoredArticle | None:
    return get_store(url).article(article_id)
