"""Re-enrichment: redo the stored enrichment of articles with the current engine.

Each stored article keeps the enrichment made when it was consumed, and the
``engine_version`` that made it.  After the engine or its knowledge base changed,
:func:`reenrich` pages through the articles stored with another version (or all
of them), enriches each batch again from its stored text, title and date, and
hands it to :meth:`Store.replace_enrichment`: one transaction per batch, which
moves the rollups by the difference of the old and the new enrichment.  The
engine comes in as a function (like the consumer's), so the store does not
depend on it.  ``newsstream reenrich`` is the command line around it.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from tqdm import tqdm

from newsstream.errors import StoreError
from newsstream.events import ArticleEvent, EnrichedArticle
from newsstream.store.base import ReplaceResult, Store

logger = logging.getLogger(__name__)

EnrichFn = Callable[[ArticleEvent], EnrichedArticle]


@dataclass
class ReenrichReport:
    #: Articles read and enriched again.
    checked: int = 0
    #: Articles whose stored enrichment was replaced (they carry the new version now).
    replaced: int = 0
    #: Of those, articles whose actors, themes, quotes or places changed.
    changed: int = 0
    #: Articles the engine failed on: they keep their old enrichment.
    failed: list[str] = field(default_factory=list)
    #: Articles gone from the store between listing and writing (nothing written).
    missing: int = 0
    #: Net change of articles per actor / theme.
    actor_articles: Counter[str] = field(default_factory=Counter)
    theme_articles: Counter[str] = field(default_factory=Counter)
    #: Stopped by a signal before every stale article was done.
    stopped: bool = False

    @property
    def unchanged(self) -> int:
        """Articles whose tags came out the same (only the version, or nothing, changed)."""
        return self.checked - self.changed - len(self.failed) - self.missing

    def add(self, result: ReplaceResult) -> None:
        self.replaced += result.replaced
        self.changed += result.changed
        self.missing += len(result.missing)
        self.actor_articles.update(result.actor_articles)
        self.theme_articles.update(result.theme_articles)


def stale_count(versions: dict[str, int], current: str) -> int:
    """Articles of ``versions`` (:meth:`Store.engine_versions`) not made by ``current``."""
    return sum(n for version, n in versions.items() if version != current)


def reenrich(
    store: Store,
    enrich: EnrichFn,
    version: str,
    *,
    everything: bool = False,
    batch_size: int = 200,
    progress: bool = True,
    stop: threading.Event | None = None,
) -> ReenrichReport:
    """Re-enrich the stored articles whose ``engine_version`` is not ``version`` (every
    article with ``everything``), ``batch_size`` per transaction.

    Raises :class:`StoreError` when a batch cannot be read or written: that batch
    keeps its old enrichment, the batches before it stay committed.
    """
    report = ReenrichReport()
    selected = None if everything else version
    versions = store.engine_versions()
    total = sum(versions.values()) if everything else stale_count(versions, version)
    after: str | None = None
    ids: list[str] = []
    with tqdm(total=total, unit="article", desc="re-enrich", disable=not progress) as bar:
        while True:
            if stop is not None and stop.is_set():
                report.stopped = True
                break
            stage = "read"
            try:
                ids = store.stale_article_ids(selected, after=after, limit=batch_size)
                if not ids:
                    break
                after = ids[-1]
                events = store.stored_events(ids)
                items = []
                for event in events:
                    enriched = _enrich(enrich, event, report)
                    if enriched is not None:
                        items.append((event.article_id, enriched))
                stage = "write"
                result = store.replace_enrichment(items)
            except StoreError as e:
                raise StoreError(_stopped_message(e, stage, ids, report)) from e
            report.checked += len(events)
            report.add(result)
            bar.update(len(ids))
    logger.info(
        "re-enrichment checked=%d replaced=%d changed=%d failed=%d version=%s",
        report.checked,
        report.replaced,
        report.changed,
        len(report.failed),
        version,
    )
    return report


def _enrich(
    enrich: EnrichFn, event: ArticleEvent, report: ReenrichReport
) -> EnrichedArticle | None:
    try:
        return enrich(event)
    except Exception:  # an engine bug on one article must not stop the others
        logger.exception(
            "enrichment failed article_id=%s, it keeps its old enrichment", event.article_id
        )
        report.failed.append(event.article_id)
        return None


def _stopped_message(error: StoreError, stage: str, ids: list[str], report: ReenrichReport) -> str:
    done = (
        f"{report.replaced} article(s) re-enriched before it are committed"
        if report.replaced
        else "no article was re-enriched before it"
    )
    if stage == "write":
        what = (
            f"The batch of {len(ids)} article(s) {ids[0]}..{ids[-1]} was rolled back and keeps "
            "its old enrichment and rollups"
        )
    else:
        what = "Reading the next batch failed, nothing of it was written"
    return (
        f"re-enrichment stopped: {error}. {what}; {done}. "
        "Run `newsstream reenrich` again to continue."
    )
