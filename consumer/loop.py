"""The consumer's shell: poll -> validate -> enrich -> store (one transaction) -> commit.

Delivery guarantees:

* Offsets are committed only after the batch's transaction committed, so a
  crash anywhere before that re-delivers the batch.
* The store skips an ``article_id`` it already holds, so re-delivery, restarts,
  re-published articles and rebalances between group members never count twice.
* An event that cannot be decoded, validated or enriched is published to the
  dead-letter topic (acknowledged before the offsets are committed) and
  recorded in the store with its reason; the consumer keeps going.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from types import TracebackType
from typing import Any, Literal

from kafka import OffsetAndMetadata, TopicPartition
from kafka.errors import CommitFailedError, KafkaError
from tenacity import (
    Retrying,
    retry_if_exception_type,
    retry_if_not_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from newsstream.errors import (
    InvalidEventError,
    KafkaUnavailableError,
    StoreError,
    StoreRejectedError,
)
from newsstream.events import ArticleEvent, DeadLetter, EnrichedArticle, parse_article_event
from newsstream.kafka_clients import make_consumer, make_producer
from newsstream.settings import ConsumerSettings
from newsstream.store import ArticleRecord, BatchResult, KafkaPosition, Store

logger = logging.getLogger(__name__)

EnrichFn = Callable[[ArticleEvent], EnrichedArticle]
ErrorType = Literal["undecodable", "invalid_json", "invalid_event", "enrichment_failed"]


@dataclass
class ConsumeReport:
    polled: int = 0
    stored: int = 0
    duplicates: int = 0
    dead_letters: int = 0


class ArticleConsumer:
    """One member of the consumer group.  Leaves the group cleanly on exit."""

    def __init__(self, settings: ConsumerSettings, store: Store, enrich: EnrichFn) -> None:
        self.settings = settings
        self.store = store
        self.enrich = enrich
        client_id = f"newsstream-consumer-{socket.gethostname()}-{os.getpid()}"
        self._consumer = make_consumer(
            settings.kafka_bootstrap,
            topic=settings.topic_raw,
            group_id=settings.group_id,
            max_records=settings.batch_size,
            client_id=client_id,
        )
        try:
            self._dlq = make_producer(settings.kafka_bootstrap, client_id=f"{client_id}-dlq")
        except KafkaUnavailableError:
            self._consumer.close(autocommit=False)
            raise
        self.report = ConsumeReport()

    def __enter__(self) -> ArticleConsumer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        # Everything stored was committed batch by batch; nothing else may be.
        self._consumer.close(autocommit=False)
        self._dlq.close(timeout=10)
        logger.info(
            "consumer closed group=%s stored=%d duplicates=%d dead_letters=%d",
            self.settings.group_id,
            self.report.stored,
            self.report.duplicates,
            self.report.dead_letters,
        )

    def assigned_partitions(self) -> set[TopicPartition]:
        """Partitions this member holds now (empty until it joined its group)."""
        return set(self._consumer.assignment())

    def run(self, *, stop: threading.Event | None = None, max_idle_s: float | None = None) -> None:
        """Consume until ``stop`` is set, or until idle for ``max_idle_s`` seconds."""
        stop = stop or threading.Event()
        idle = 0.0
        while not stop.is_set():
            n = self.poll_once()
            if n:
                idle = 0.0
                continue
            idle += self.settings.poll_timeout_ms / 1000
            if max_idle_s is not None and idle >= max_idle_s:
                logger.info("idle for %.1fs, stopping", idle)
                break

    def poll_once(self) -> int:
        """Handle one polled batch end to end; returns the number of records."""
        try:
            polled = self._consumer.poll(
                timeout_ms=self.settings.poll_timeout_ms, max_records=self.settings.batch_size
            )
        except KafkaError as e:
            raise KafkaUnavailableError(f"poll failed: {e}") from e
        messages = [m for batch in polled.values() for m in batch]
        if not messages:
            return 0
        records, letters = self._process(messages)
        self._publish_dead_letters(letters)
        result = self._store(records, letters)
        self._commit(messages)
        r = self.report
        r.polled += len(messages)
        r.stored += result.stored
        r.duplicates += result.duplicates
        r.dead_letters += result.dead_letters
        logger.info(
            "batch records=%d stored=%d duplicates=%d dead_letters=%d",
            len(messages),
            result.stored,
            result.duplicates,
            result.dead_letters,
        )
        return len(messages)

    def _process(self, messages: Sequence[Any]) -> tuple[list[ArticleRecord], list[DeadLetter]]:
        records: list[ArticleRecord] = []
        letters: list[DeadLetter] = []
        for m in messages:
            position = KafkaPosition(m.topic, m.partition, m.offset)
            try:
                event = parse_article_event(m.value)
            except InvalidEventError as e:
                letters.append(self._dead_letter(m, e.kind, e.message))
                continue
            try:
                enriched = self.enrich(event)
            except Exception as e:  # a bug in enrichment must not stop the stream
                logger.exception("enrichment failed article_id=%s", event.article_id)
                letters.append(
                    self._dead_letter(m, "enrichment_failed", f"{type(e).__name__}: {e}")
                )
                continue
            records.append(ArticleRecord(event, enriched, position))
        return records, letters

    def _dead_letter(self, m: Any, kind: ErrorType, reason: str) -> DeadLetter:
        value = m.value if isinstance(m.value, bytes) else b""
        logger.warning(
            "dead letter topic=%s partition=%d offset=%d error_type=%s reason=%s -> %s",
            m.topic,
            m.partition,
            m.offset,
            kind,
            reason,
            self.settings.topic_dlq,
        )
        return DeadLetter(
            reason=reason,
            error_type=kind,
            original_topic=m.topic,
            original_partition=m.partition,
            original_offset=m.offset,
            key=m.key.decode("utf-8", "replace") if m.key is not None else None,
            payload=value.decode("utf-8", "replace"),
            consumer_group=self.settings.group_id,
        )

    def _publish_dead_letters(self, letters: Sequence[DeadLetter]) -> None:
        if not letters:
            return
        futures = [
            self._dlq.send(
                self.settings.topic_dlq,
                key=(d.key or "").encode() or None,
                value=d.to_bytes(),
            )
            for d in letters
        ]
        self._dlq.flush(timeout=30)
        try:
            for f in futures:
                f.get(timeout=0)
        except KafkaError as e:
            raise KafkaUnavailableError(
                f"dead letters could not be published to {self.settings.topic_dlq}: {e}; "
                "nothing of this batch was stored or committed, it will be re-delivered"
            ) from e

    def _store(self, records: list[ArticleRecord], letters: list[DeadLetter]) -> BatchResult:
        """Write the batch in one transaction, retrying transient failures.

        If the store refuses the data itself (a constraint or type violation),
        retrying cannot help: the batch is written article by article and each
        refused article is dead-lettered (``store_rejected``) instead of blocking
        the partition.  Offsets are still committed only after all of it.
        """
        try:
            return self._with_retries(lambda: self.store.write_batch(records, letters))
        except StoreRejectedError as e:
            logger.warning("store refused the batch, writing it one article at a time: %s", e)
        stored = duplicates = 0
        rejected: list[DeadLetter] = []
        for record in records:
            try:
                result = self._with_retries(partial(self.store.write_batch, [record]))
            except StoreRejectedError as e:
                rejected.append(self._rejected_letter(record, e))
                continue
            stored += result.stored
            duplicates += result.duplicates
        self._publish_dead_letters(rejected)
        all_letters = [*letters, *rejected]
        counted = self._with_retries(lambda: self.store.write_batch([], all_letters))
        return BatchResult(stored, duplicates, counted.dead_letters)

    def _with_retries(self, write: Callable[[], BatchResult]) -> BatchResult:
        retrying = Retrying(
            retry=retry_if_exception_type(StoreError)
            & retry_if_not_exception_type(StoreRejectedError),
            stop=stop_after_attempt(self.settings.store_retries + 1),
            wait=wait_exponential(multiplier=0.2, max=5),
            reraise=True,
            before_sleep=lambda rs: logger.warning(
                "store transaction failed, retrying attempt=%d error=%s",
                rs.attempt_number,
                rs.outcome.exception() if rs.outcome else None,
            ),
        )
        try:
            for attempt in retrying:
                with attempt:
                    return write()
        except StoreRejectedError:
            raise
        except StoreError as e:
            raise StoreError(
                f"{e}; gave up after {self.settings.store_retries} retries: offsets of this "
                "batch were NOT committed, it will be re-delivered when the consumer restarts"
            ) from e
        raise AssertionError("unreachable")

    def _rejected_letter(self, record: ArticleRecord, error: StoreRejectedError) -> DeadLetter:
        position = record.position or KafkaPosition(self.settings.topic_raw, -1, -1)
        logger.warning(
            "dead letter topic=%s partition=%d offset=%d error_type=store_rejected "
            "article_id=%s -> %s",
            position.topic,
            position.partition,
            position.offset,
            record.event.article_id,
            self.settings.topic_dlq,
        )
        return DeadLetter(
            reason=str(error),
            error_type="store_rejected",
            original_topic=position.topic,
            original_partition=position.partition,
            original_offset=position.offset,
            key=record.event.article_id,
            payload=record.event.model_dump_json(),
            consumer_group=self.settings.group_id,
        )

    def _commit(self, messages: Sequence[Any]) -> None:
        offsets: dict[TopicPartition, OffsetAndMetadata] = {}
        for m in messages:
            tp = TopicPartition(m.topic, m.partition)
            if tp not in offsets or offsets[tp].offset <= m.offset:
                offsets[tp] = OffsetAndMetadata(m.offset + 1, "", -1)
        try:
            self._consumer.commit(offsets)
        except CommitFailedError as e:
            # The group rebalanced: the new owner re-reads these records, and the
            # store drops them as duplicates.  Nothing is lost or double counted.
            logger.warning("commit failed after rebalance, records will be re-delivered: %s", e)
