"""Wire the consumer: store + enrichment engine + Kafka loop."""

from __future__ import annotations

import logging
import threading

from consumer.loop import ArticleConsumer, ConsumeReport
from newsstream.enrich import Enricher
from newsstream.settings import ConsumerSettings
from newsstream.store import open_store

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
        with ArticleConsumer(settings, store, enricher.enrich) as consumer:
            consumer.run(stop=stop, max_idle_s=max_idle_s)
            return consumer.report
