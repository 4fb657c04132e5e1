"""Benchmark: articles/s of the newsstream enrichment engine vs. spaCy's blank German
pipeline with an EntityRuler built from the same knowledge base, in one run, one core.

    python bench/bench_enrich.py [--seconds 3] [SEEDS_DIR]

Input: the seed articles (~3.5 KB each), cycled.  spaCy is the optional ``bench``
extra (``pip install -e '.[bench]'``); without it only the engine is measured.
Prints numbers; it is not a timed test.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable
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


def spacy_baseline(kb: KnowledgeBase) -> Callable[[ArticleEvent], Any] | None:
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

    def run(event: ArticleEvent) -> Any:
        doc = nlp(event.text)
        return [(ent.ent_id_, ent.label_, ent.start_char, ent.end_char) for ent in doc.ents]

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", nargs="?", type=Path, default=Path("seeds"))
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    events = list(read_articles([args.seeds]))
    size = sum(len(e.text.encode()) for e in events) / len(events)
    t0 = time.perf_counter()
    enricher = Enricher.load()
    compile_s = time.perf_counter() - t0
    print(f"python {platform.python_version()} on {platform.machine()}, one core")
    print(f"articles: {len(events)} seeds cycled, mean {size / 1024:.2f} KB")
    print(
        f"newsstream engine {ENGINE_VERSION}: compile {compile_s * 1000:.0f} ms, "
        f"{enricher.compiled.matcher.keys} automaton keys"
    )
    ours = rate(enricher.enrich, events, args.seconds)
    print(f"  newsstream.enrich          {ours:9.0f} articles/s  (full EnrichedArticle)")
    baseline = spacy_baseline(enricher.kb)
    if baseline is None:
        print("  spaCy not installed: pip install -e '.[bench]' for the side-by-side figure")
        return
    theirs = rate(baseline, events, args.seconds)
    print(f"  spaCy blank('de')+EntityRuler {theirs:6.0f} articles/s  (entity spans only)")
    print(f"  speed-up                   {ours / theirs:9.1f}x")


if __name__ == "__main__":
    main()
