"""The producer's shell: read articles, pace them, publish them keyed by ``article_id``."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from kafka.errors import KafkaError
from tqdm import tqdm

from newsstream.errors import KafkaUnavailableError
from newsstream.events import ArticleEvent
from newsstream.kafka_clients import ensure_topics, make_producer
from newsstream.settings import ProducerSettings
from producer.schedule import Scheduled, pass_length, schedule

logger = logging.getLogger(__name__)


@dataclass
class PublishReport:
    published: int = 0
    passes: int = 0


class Publisher:
    """Publishes article events; flushes (waits for every ack) on exit."""

    def __init__(self, settings: ProducerSettings) -> None:
        self.settings = settings
        self.topic = settings.topic_raw
        ensure_topics(
            settings.kafka_bootstrap,
            [settings.topic_raw, settings.topic_dlq],
            partitions=settings.partitions,
            replication_factor=settings.replication_factor,
        )
        self._producer = make_producer(settings.kafka_bootstrap)
        self._pending: list[tuple[ArticleEvent, Any]] = []

    def __enter__(self) -> Publisher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None or exc_type is KeyboardInterrupt:
                self.flush()
        finally:
            self._producer.close(timeout=10)

    def send(self, event: ArticleEvent) -> None:
        future = self._producer.send(
            self.topic, key=event.article_id.encode(), value=event.to_bytes()
        )
        self._pending.append((event, future))

    def flush(self) -> int:
        """Wait until the broker acknowledged everything sent; returns how many."""
        self._producer.flush(timeout=60)
        failed: list[str] = []
        for event, future in self._pending:
            try:
                future.get(timeout=0)
            except KafkaError as e:
                failed.append(f"{event.article_id} ({e})")
        acked = len(self._pending) - len(failed)
        self._pending.clear()
        if failed:
            raise KafkaUnavailableError(
                f"{len(failed)} article(s) were NOT published to {self.topic} "
                f"(not acknowledged): {', '.join(failed[:5])}. Publishing them again is "
                "safe: the consumer counts each article_id once."
            )
        return acked


def publish(
    events: Sequence[ArticleEvent],
    settings: ProducerSettings,
    *,
    rate: float | None = None,
    simulate: bool = False,
    speedup: float | None = None,
    loop: bool = False,
    progress: bool = True,
    stop: threading.Event | None = None,
) -> PublishReport:
    """Publish ``events`` once (or forever with ``loop``) at the chosen pace."""
    kwargs = {"speedup": speedup} if speedup is not None else {}
    plan = schedule(events, rate=rate, simulate=simulate, **kwargs)
    stop = stop or threading.Event()
    report = PublishReport()
    with Publisher(settings) as publisher:
        while not stop.is_set():
            report.passes += 1
            report.published += _one_pass(publisher, plan, report.passes, progress, stop)
            if not loop:
                break
            stop.wait(pass_length(plan, rate=rate) - (plan[-1].at if plan else 0.0))
    logger.info(
        "published articles=%d passes=%d topic=%s",
        report.published,
        report.passes,
        settings.topic_raw,
    )
    return report


def _one_pass(
    publisher: Publisher,
    plan: Sequence[Scheduled],
    pass_no: int,
    progress: bool,
    stop: threading.Event,
) -> int:
    start = time.monotonic()
    sent = 0
    bar = tqdm(
        total=len(plan), desc=f"publish pass {pass_no}", unit="article", disable=not progress
    )
    try:
        for item in plan:
            delay = item.at - (time.monotonic() - start)
            if delay > 0 and stop.wait(delay):
                break
            event = item.event
            if pass_no > 1:  # a re-publication: same article_id, new event
                event = event.model_copy(
                    update={"event_id": uuid.uuid4(), "ingested_at": datetime.now(UTC)}
                )
            publisher.send(event)
            sent += 1
            bar.update(1)
        publisher.flush()
    finally:
        bar.close()
    return sent
