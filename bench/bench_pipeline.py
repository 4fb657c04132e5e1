"""Throughput of the whole pipeline on this machine: produce -> Kafka -> consume -> store.

    python bench/bench_pipeline.py --articles 2000            # SQLite store
    python bench/bench_pipeline.py --db-url postgresql+psycopg://...   # PostgreSQL

Uses the broker at NEWSSTREAM_KAFKA_BOOTSTRAP if one answers, else starts the
local JVM broker in a temporary directory.  Prints, from ONE run: publish rate,
end-to-end consume rate (validate + enrich + store + commit), and the rates of
enrichment alone and of store writes alone over the same articles, so the
bottleneck is visible.  Articles are the seeds with a numbered sentence added,
so every one has its own article_id.  Figures, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import platform
import socket
import tempfile
import time
import uuid
from pathlib import Path

from consumer.loop import ArticleConsumer
from newsstream.broker import LocalBroker, kafka_reachable
from newsstream.enrich import Enricher
from newsstream.events import ArticleEvent
from newsstream.settings import BrokerSettings, ConsumerSettings, ProducerSettings
from newsstream.sources import read_articles
from newsstream.store import ArticleRecord, open_store
from producer.publisher import Publisher

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _articles(n: int) -> list[ArticleEvent]:
    seeds = list(read_articles([SEEDS]))
    return [
        ArticleEvent.create(
            source="bench",
            text=f"{seeds[i % len(seeds)].text}\n\nMeldung Nr. {i}.",
            published_at=seeds[i % len(seeds)].published_at,
        )
        for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--partitions", type=int, default=3)
    parser.add_argument("--db-url", help="store URL (default: a temporary SQLite file)")
    args = parser.parse_args()

    events = _articles(args.articles)
    kb = sum(len(e.text.encode()) for e in events) / len(events) / 1024
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        settings = BrokerSettings()
        bootstrap = settings.kafka_bootstrap
        if not kafka_reachable(bootstrap, timeout_s=2):
            port, controller = _free_port(), _free_port()
            broker = stack.enter_context(
                LocalBroker(settings, data_dir=tmp, port=port, controller_port=controller)
            )
            bootstrap = broker.bootstrap
        db_url = args.db_url or f"sqlite:///{tmp / 'bench.db'}"
        raw, dlq = f"bench-raw-{uuid.uuid4().hex}", f"bench-dlq-{uuid.uuid4().hex}"
        producer_settings = ProducerSettings(
            kafka_bootstrap=bootstrap, topic_raw=raw, topic_dlq=dlq, partitions=args.partitions
        )
        with Publisher(producer_settings) as publisher:  # topics created, producer connected
            t0 = time.perf_counter()
            for event in events:
                publisher.send(event)
            publisher.flush()
            publish_s = time.perf_counter() - t0

        enricher = Enricher.load()
        consumer_settings = ConsumerSettings(
            kafka_bootstrap=bootstrap,
            topic_raw=raw,
            topic_dlq=dlq,
            group_id=f"bench-{uuid.uuid4().hex}",
            db_url=db_url,  # type: ignore[arg-type]
            batch_size=args.batch_size,
            poll_timeout_ms=500,
        )
        with open_store(db_url) as store:
            with ArticleConsumer(consumer_settings, store, enricher.enrich) as consumer:
                while not consumer.poll_once():  # joining the group, no records yet
                    pass
                t0 = time.perf_counter()  # from the end of the first batch
                first = consumer.report.polled
                while consumer.report.polled < len(events):
                    consumer.poll_once()
                consume_s = time.perf_counter() - t0
                consumed = consumer.report.polled - first
            stored = store.stats().articles

        t0 = time.perf_counter()
        enriched = [enricher.enrich(e) for e in events]
        enrich_s = time.perf_counter() - t0

        store_url = f"sqlite:///{tmp / 'bench-store.db'}" if not args.db_url else None
        if store_url is None:  # PostgreSQL: a second pass would find every article stored
            store_s = float("nan")
        else:
            records = [ArticleRecord(e, x) for e, x in zip(events, enriched, strict=True)]
            with open_store(store_url) as s2:
                t0 = time.perf_counter()
                for i in range(0, len(records), args.batch_size):
                    s2.write_batch(records[i : i + args.batch_size])
                store_s = time.perf_counter() - t0

    n = len(events)
    print(
        f"python {platform.python_version()}, {n} articles of {kb:.2f} KB, "
        f"{args.partitions} partitions, batch {args.batch_size}, store {db_url.split(':')[0]}"
    )
    print(f"publish (acks=all, idempotent):      {n / publish_s:8.0f} articles/s  (after connect)")
    print(
        f"consume end to end (enrich+store):   {consumed / consume_s:8.0f} articles/s"
        f"  (stored {stored}; group join and first batch not timed)"
    )
    print(f"  enrichment alone, same articles:   {n / enrich_s:8.0f} articles/s")
    print(f"  store writes alone (SQLite):       {n / store_s:8.0f} articles/s")


if __name__ == "__main__":
    main()
