"""Benchmark: articles/s of the newsstream enrichment engine vs. spaCy's blank German
pipeline with an EntityRuler built from the same knowledge base, in one run, one core.

    taskset -c 0 python bench/bench_enrich.py [--seconds 3] [--runs 3] [SEEDS_DIR]

Input: the seed articles (~3.5 KB each), cycled.  spaCy is the optional ``bench``
extra (``pip install -e '.[bench]'``); without it only the engine is measured.  The
two are measured alternately, ``--runs`` times, in one process pinned to one core,
so a noisy machine shows up as spread between runs rather than as a skewed ratio.
Prints numbers; it is not a timed test.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from newsstream.enrich import ENGINE_VERSION, Enricher
from newsstream.events import ArticleEvent
from newsstream.knowledge import KnowledgeBase
from newsstream.sources import read_articles


def rate(fn: Callable[[ArticleEvent], Any], events: list[ArticleEvent], seconds: float) -> float:
    for e in events:  # warm-up
        fn(e)
    n = 0
    start = time.perf_counter()
    while True:
        for e in events:
            fn(e)
        n += len(events)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed


def spacy_baseline(kb: KnowledgeBase) -> Callable[[list[ArticleEvent]], Any] | None:
    try:
        import spacy
    except ImportError:
        return None
    nlp = spacy.blank("de")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    patterns: list[dict[str, str]] = []
    a = kb.actors
    for c in a.countries:
        for alias in (c.name, *c.aliases, *([c.capital] if c.capital else []), *c.capital_aliases):
            patterns.append({"label": "COUNTRY", "pattern": alias, "id": c.id})
    for o in a.organizations:
        for alias in (o.name, *o.aliases):
            patterns.append({"label": o.type.upper(), "pattern": alias, "id": o.id})
    for p in a.persons:
        names = {p.name, *p.aliases}
        if p.surname:
            names.add(p.name.split()[-1])
        for alias in names:
            patterns.append({"label": "PERSON", "pattern": alias, "id": p.id})
    for pl in kb.places.places:
        for alias in (pl.name, *pl.aliases):
            patterns.append({"label": "PLACE", "pattern": alias, "id": pl.id})
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]

    def run(events: list[ArticleEvent]) -> Any:
        return [
            [(ent.ent_id_, ent.label_, ent.start_char, ent.end_char) for ent in doc.ents]
            for doc in nlp.pipe(e.text for e in events)
        ]

    return run


def rate_batch(
    fn: Callable[[list[ArticleEvent]], Any], events: list[ArticleEvent], seconds: float
) -> float:
    fn(events)  # warm-up
    n = 0
    start = time.perf_counter()
    while True:
        fn(events)
        n += len(events)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", nargs="?", type=Path, default=Path("seeds"))
    parser.add_argument("--seconds", type=float, default=3.0, help="per measurement")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs of both")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    events = list(read_articles([args.seeds]))
    size = sum(len(e.text.encode()) for e in events) / len(events)
    t0 = time.perf_counter()
    enricher = Enricher.load()
    compile_s = time.perf_counter() - t0
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    print(f"python {platform.python_version()} on {platform.machine()}, cores {cores}")
    print(
        "versions: "
        + ", ".join(
            f"{d} {_version(d)}" for d in ("pyahocorasick", "pydantic", "pydantic-core", "spacy")
        )
    )
    print(f"articles: {len(events)} seeds cycled, mean {size / 1024:.2f} KB ({size:.0f} bytes)")
    print(
        f"newsstream engine {ENGINE_VERSION}: compile {compile_s * 1000:.0f} ms, "
        f"{enricher.compiled.matcher.keys} automaton keys"
    )
    baseline = spacy_baseline(enricher.kb)
    if baseline is None:
        print("spaCy not installed: pip install -e '.[bench]' for the side-by-side figure")
    ratios = []
    for run in range(1, args.runs + 1):
        ours = rate(enricher.enrich, events, args.seconds)
        line = f"run {run}: newsstream.enrich {ours:7.0f} articles/s (full EnrichedArticle)"
        if baseline is not None:
            theirs = rate_batch(baseline, events, args.seconds)
            ratios.append(ours / theirs)
            line += (
                f" | spaCy blank('de')+EntityRuler nlp.pipe {theirs:6.0f} articles/s"
                f" (entity spans only) | ratio {ours / theirs:4.1f}x"
            )
        print(line, flush=True)
    if ratios:
        print(
            f"ratio min/median/max: {min(ratios):.1f}x / {sorted(ratios)[len(ratios) // 2]:.1f}x"
            f" / {max(ratios):.1f}x"
        )


if __name__ == "__main__":
    main()
