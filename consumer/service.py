"""Wire the consumer: store + enrichment engine + Kafka loop."""

from __future__ import annotations

import logging
import threading

from consumer.loop import ArticleConsumer, ConsumeReport
from newsstream.enrich import Enricher
from newsstream.settings import ConsumerSettings
from newsstream.store import Store, open_store
from newsstream.store.reenrich import stale_count

logger = logging.getLogger(__name__)


def run_consumer(
    settings: ConsumerSettings,
    *,
    stop: threading.Event | None = None,
    max_idle_s: float | None = None,
) -> ConsumeReport:
    """Consume until stopped (or idle); returns what this member did."""
    enricher = Enricher.load()
    with open_store(settings.database_url()) as store:
        logger.info(
            "consumer starting bootstrap=%s topic=%s group=%s store=%s",
            settings.kafka_bootstrap,
            settings.topic_raw,
            settings.group_id,
            store.url,
        )
        warn_if_stale(store, enricher.version)
        with ArticleConsumer(settings, store, enricher.enrich) as consumer:
            consumer.run(stop=stop, max_idle_s=max_idle_s)
            return consumer.report


def warn_if_stale(store: Store, version: str) -> int:
    """Log one warning when stored articles were enriched by another engine version
    than ``version`` (the consumer's); returns how many."""
    versions = store.engine_versions()
    stale = stale_count(versions, version)
    if stale:
        logger.warning(
            "stale_articles=%d of %d were enriched by another engine version than %s; "
            "new articles get the current one, run `newsstream reenrich` to redo the old",
            stale,
            sum(versions.values()),
            version,
        )
    return stale
