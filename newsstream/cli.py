"""The ``newsstream`` command line: one entry point for every service.

Logging is configured here (and only here).  A :class:`NewsstreamError` ends a
command with ``error: <what was wrong and what happened to the data>`` and exit
code 1, never with a traceback.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from newsstream.errors import NewsstreamError
from newsstream.settings import (
    BrokerSettings,
    CommonSettings,
    ConsumerSettings,
    DashboardSettings,
    ProducerSettings,
)

app = typer.Typer(
    name="newsstream",
    help="German political news as a live event stream: Kafka, enrichment, store, dashboard.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

S = TypeVar("S", bound=CommonSettings)
PathsArg = Annotated[list[Path], typer.Argument(help="Article files or folders (.txt, .jsonl).")]


def _setup_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    # kafka-python logs every failed connection attempt at ERROR; our own messages say
    # what failed and what to do, so its logs are shown only at DEBUG.
    logging.getLogger("kafka").setLevel(
        logging.DEBUG if level.upper() == "DEBUG" else logging.CRITICAL
    )


def _settings(cls: type[S], **options: object) -> S:
    """Settings from the environment, overridden by the command-line options given."""
    return cls.model_validate({k: v for k, v in options.items() if v is not None})


def _stop_on_signals() -> threading.Event:
    """An event set by SIGINT/SIGTERM, so loops finish their batch and exit cleanly."""
    stop = threading.Event()

    def handler(signum: int, _frame: object) -> None:
        logging.getLogger(__name__).info("signal=%s, stopping after the current batch", signum)
        stop.set()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    return stop


@app.command()
def schema() -> None:
    """Print the JSON Schema of every message, generated from the event models."""
    from newsstream.events import json_schemas

    typer.echo(json.dumps(json_schemas(), indent=2, ensure_ascii=False))


@app.command()
def produce(
    paths: PathsArg,
    rate: Annotated[float | None, typer.Option(help="Articles per second.")] = None,
    simulate: Annotated[
        bool, typer.Option(help="Follow the publication dates, compressed by --speedup.")
    ] = False,
    speedup: Annotated[
        float | None,
        typer.Option(
            help="Seconds of news per second in --simulate (default 259200: a month/10s)."
        ),
    ] = None,
    loop: Annotated[
        bool, typer.Option(help="Replay forever (re-published articles count once).")
    ] = False,
    source: Annotated[str | None, typer.Option(help="Source name of .txt articles.")] = None,
    partitions: Annotated[int | None, typer.Option(help="Partitions of created topics.")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Publish articles to the raw topic (keyed by article_id, idempotent, acks=all)."""
    from newsstream.sources import read_articles
    from producer.publisher import publish

    settings = _settings(ProducerSettings, source=source, partitions=partitions)
    _setup_logging(settings.log_level)
    events = list(read_articles(paths, source=settings.source))
    if not events:
        raise NewsstreamError("no articles found in the given paths")
    report = publish(
        events,
        settings,
        rate=rate,
        simulate=simulate,
        speedup=speedup,
        loop=loop,
        progress=progress,
        stop=_stop_on_signals(),
    )
    typer.echo(
        f"published {report.published} article events in {report.passes} pass(es) "
        f"to {settings.topic_raw} at {settings.kafka_bootstrap}"
    )


@app.command()
def consume(
    group: Annotated[str | None, typer.Option(help="Consumer group id.")] = None,
    batch_size: Annotated[int | None, typer.Option(help="Max events per transaction.")] = None,
    max_idle: Annotated[
        float | None, typer.Option(help="Exit after this many idle seconds (default: never).")
    ] = None,
) -> None:
    """Validate, enrich and aggregate events into the store (a consumer group member)."""
    from consumer.service import run_consumer

    settings = _settings(ConsumerSettings, group_id=group, batch_size=batch_size)
    _setup_logging(settings.log_level)
    report = run_consumer(settings, stop=_stop_on_signals(), max_idle_s=max_idle)
    typer.echo(
        f"consumed {report.polled} events: stored {report.stored}, "
        f"duplicates {report.duplicates}, dead-lettered {report.dead_letters}"
    )


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """What the store holds: articles, dead letters, last event time, actors, themes."""
    from newsstream.enrich import engine_version
    from newsstream.knowledge import load_knowledge_base
    from newsstream.store import open_store
    from newsstream.store.reenrich import stale_count

    settings = CommonSettings()
    current = engine_version(load_knowledge_base())
    with open_store(settings.database_url()) as store:
        st = store.stats()
        actors = store.actor_totals()
        themes = store.theme_totals()
        letters = store.dead_letter_rows(limit=5)
        versions = store.engine_versions()
        url = store.url
    stale = stale_count(versions, current)
    if as_json:
        doc = {
            "store": url,
            "articles": st.articles,
            "dead_letters": st.dead_letters,
            "last_event_time": st.last_event_time,
            "last_stored_at": st.last_stored_at.isoformat() if st.last_stored_at else None,
            "engine_version": current,
            "stale_articles": stale,
            "engine_versions": versions,
            "actors": [asdict(a) for a in actors],
            "themes": [asdict(t) for t in themes],
            "latest_dead_letters": [
                {**asdict(d), "failed_at": d.failed_at.isoformat()} for d in letters
            ],
        }
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    typer.echo(f"store:           {url}")
    typer.echo(f"articles:        {st.articles}")
    typer.echo(f"dead letters:    {st.dead_letters}")
    typer.echo(f"last event time: {st.last_event_time or '-'}")
    typer.echo(f"last stored at:  {st.last_stored_at or '-'}")
    typer.echo(f"stale articles:  {stale}" + (_STALE_HINT if stale else ""))
    typer.echo(f"\n{'actor':<40} {'type':<13} {'articles':>8} {'mentions':>8}")
    for a in actors:
        name = a.name if a.known else f"{a.name} (unknown)"
        typer.echo(f"{name:<40} {a.type:<13} {a.articles:>8} {a.mentions:>8}")
    typer.echo(f"\n{'theme':<40} {'articles':>8}")
    for t in themes:
        typer.echo(f"{t.theme_id:<40} {t.articles:>8}")
    if letters:
        typer.echo("\nlatest dead letters (also on the dead-letter topic):")
    for d in letters:
        where = f"{d.original_topic}[{d.original_partition}]@{d.original_offset}"
        typer.echo(f"  {where} {d.error_type}: {d.reason}")


_STALE_HINT = " (enriched by another engine version: run `newsstream reenrich`)"


@app.command()
def reenrich(
    db_url: Annotated[
        str | None, typer.Option(help="Store URL (default: NEWSSTREAM_DB_URL or the SQLite file).")
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Every stored article, not only the stale ones.")
    ] = False,
    batch_size: Annotated[
        int | None,
        typer.Option(min=1, help="Articles per transaction (default: NEWSSTREAM_BATCH_SIZE, 200)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option(help="Only count the stale articles and their versions.")
    ] = False,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Redo the stored enrichment made by another engine or knowledge base version."""
    from newsstream.enrich import Enricher, engine_version
    from newsstream.knowledge import load_knowledge_base
    from newsstream.store import open_store
    from newsstream.store.reenrich import reenrich as run_reenrich
    from newsstream.store.reenrich import stale_count

    settings = _settings(ConsumerSettings, db_url=db_url, batch_size=batch_size)
    _setup_logging(settings.log_level)
    kb = load_knowledge_base()
    current = engine_version(kb)
    # A dry run writes nothing, not even missing tables or indexes.
    with open_store(settings.database_url(), create=not dry_run) as store:
        url = store.url
        versions = store.engine_versions()
        todo = sum(versions.values()) if everything else stale_count(versions, current)
        typer.echo(f"store:          {url}")
        typer.echo(f"engine version: {current}")
        typer.echo(f"stale articles: {stale_count(versions, current)} of {sum(versions.values())}")
        for version, n in versions.items():
            if version != current:
                typer.echo(f"  {n:>6}  {version or '(none)'}")
        if dry_run:
            typer.echo(f"dry run: would re-enrich {todo} article(s); nothing was written")
            return
        report = run_reenrich(
            store,
            Enricher(kb).enrich,
            current,
            everything=everything,
            batch_size=settings.batch_size,
            progress=progress,
            stop=_stop_on_signals(),
        )
        left = stale_count(store.engine_versions(), current)
    typer.echo(f"checked:        {report.checked} article(s) enriched again")
    typer.echo(f"re-enriched:    {report.replaced} stored anew (tags changed in {report.changed})")
    typer.echo(f"unchanged:      {report.unchanged} (same actors, themes, quotes, places)")
    typer.echo(f"failed:         {len(report.failed)} (kept their old enrichment)")
    typer.echo(f"actor articles: {_changes(report.actor_articles)}")
    typer.echo(f"theme articles: {_changes(report.theme_articles)}")
    for article_id in report.failed:
        typer.echo(f"  the engine failed on {article_id}: see the log")
    if report.stopped:
        typer.echo("stopped by a signal: run `newsstream reenrich` again to continue")
    typer.echo(f"stale left:     {left}")


def _changes(counts: Mapping[str, int], limit: int = 8) -> str:
    """``id +n, id -m, ...``: the largest changes first, at most ``limit`` of them."""
    ranked = sorted(((k, n) for k, n in counts.items() if n), key=lambda kn: (-abs(kn[1]), kn[0]))
    if not ranked:
        return "no change"
    shown = ", ".join(f"{k} {n:+d}" for k, n in ranked[:limit])
    more = len(ranked) - limit
    return f"{shown}, and {more} more" if more > 0 else shown


@app.command()
def dashboard(
    port: Annotated[int | None, typer.Option(help="Port (default 8501).")] = None,
) -> None:
    """Serve the live Streamlit dashboard."""
    from dashboard.server import run_dashboard

    settings = _settings(DashboardSettings, dashboard_port=port)
    _setup_logging(settings.log_level)
    raise typer.Exit(run_dashboard(settings))


@app.command()
def broker() -> None:
    """Run a local single-node Apache Kafka (KRaft) on the JVM until Ctrl-C."""
    from newsstream.broker import run_broker_foreground

    settings = BrokerSettings()
    _setup_logging(settings.log_level)
    run_broker_foreground(settings)


@app.command()
def up(
    seeds: Annotated[Path, typer.Option(help="Articles to replay.")] = Path("seeds"),
    speedup: Annotated[
        float, typer.Option(help="Seconds of news per second (default: two months/s).")
    ] = 5_184_000.0,
) -> None:
    """Start everything: broker (if none answers), consumer, producer, dashboard."""
    from newsstream.up import run_stack

    settings = BrokerSettings()
    _setup_logging(settings.log_level)
    raise typer.Exit(run_stack(settings, seeds=seeds, speedup=speedup))


@app.command()
def enrich(
    paths: PathsArg,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="jsonl (the stored model, one object per line), table (one line per tag)"
            " or explain (each tag with the text that gave it).",
        ),
    ] = "table",
) -> None:
    """Enrich article files offline with the consumer's engine."""
    from newsstream.enrich.commands import OUTPUT_FORMATS, enrich_main

    for out_format in OUTPUT_FORMATS:
        if fmt == out_format:
            enrich_main(paths, out_format)
            return
    raise NewsstreamError(f"--format must be one of {', '.join(OUTPUT_FORMATS)}, got {fmt!r}")


@app.command(name="eval")
def evaluate(gold_dir: Annotated[Path, typer.Argument(help="Folder of gold annotations.")]) -> None:
    """Precision, recall and F1 of the enrichment against a hand-annotated gold set."""
    from newsstream.enrich.commands import eval_main

    eval_main(gold_dir)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; a NewsstreamError prints ``error: ...`` and returns 1."""
    try:
        app(args=argv, prog_name="newsstream")
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else 0
    except NewsstreamError as e:
        typer.echo(f"error: {e}", err=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
