"""Benchmark: articles/s of the newsstream enrichment engine vs. spaCy's blank German
pipeline with an EntityRuler built from the same knowledge base, in one run, one core.

    taskset -c 0 python bench/bench_enrich.py [--seconds 3] [--runs 3] [SEEDS_DIR]

Input: the seed articles (~3.5 KB each), cycled.  spaCy is the optional ``bench``
extra (``pip install -e '.[bench]'``); without it only the engine is measured.  The
two are measured alternately, ``--runs`` times, in one process pinned to one core,
so a noisy machine shows up as spread between runs rather than as a skewed ratio.
Then it prints where the engine's time goes (µs per article and stage) and two
floors measured in the same process: the bare automaton pass (pyahocorasick over
the lowercased text, hits counted, nothing done with them) and the bare sentence
regex.  They bound what any engine built on these parts can reach in Python.
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
from newsstream.enrich.actors import ActorResolver
from newsstream.enrich.compiled import date_range
from newsstream.enrich.quotes import find_quotes
from newsstream.enrich.text import _BOUNDARY, lower_preserving, split_sentences
from newsstream.enrich.themes import score_themes
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


def per_article_us(fn: Callable[[], Any], n_articles: int, seconds: float) -> float:
    """µs per article of ``fn``, which handles ``n_articles`` articles per call."""
    fn()
    calls = 0
    start = time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return elapsed / calls / n_articles * 1e6


def stage_times(enricher: Enricher, events: list[ArticleEvent], seconds: float) -> None:
    """The stages of :meth:`Enricher.enrich`, each timed alone on prepared inputs;
    "rest" is the whole call minus the stages: building the output (sorting, evidence,
    models; about 110 µs when timed alone) plus what the stages cost more together
    than alone (caches, garbage collection)."""
    ckb = enricher.compiled
    prepared = []
    for e in events:
        lower = lower_preserving(e.text)
        sents = split_sentences(e.text)
        scan = ckb.matcher.scan(e.text, lower)
        prepared.append((e, lower, sents, scan, date_range(e.published_at)))

    def resolve() -> list[ActorResolver]:
        out = []
        for e, _lower, sents, scan, when in prepared:
            r = ActorResolver(ckb, e.text, sents, when)
            r.run(scan.hits, scan.speech)
            out.append(r)
        return out

    resolvers = resolve()
    n = len(events)
    stages = {
        "text prep (lower, sentences)": lambda: [
            (lower_preserving(e.text), split_sentences(e.text)) for e in events
        ],
        "scan (automaton + word rules)": lambda: [
            ckb.matcher.scan(e.text, lower) for e, lower, *_ in prepared
        ],
        "actors (resolution, coref, roles)": resolve,
        "quotes": lambda: [
            find_quotes(e.text, s, sc.speech, r.person_refs, r.actors, r.anonymous_refs)
            for (e, _, s, sc, _), r in zip(prepared, resolvers, strict=True)
        ],
        "themes": lambda: [score_themes(ckb, sc.cues, s, low) for _, low, s, sc, _ in prepared],
    }
    total = per_article_us(lambda: [enricher.enrich(e) for e in events], n, seconds)
    print(f"where the time goes (µs per article, each stage alone): total {total:.0f}")
    accounted = 0.0
    for label, fn in stages.items():
        us = per_article_us(fn, n, seconds / 2)
        accounted += us
        print(f"  {label:36s} {us:6.0f}")
    print(f"  {'rest (output models, caches, GC)':36s} {max(0.0, total - accounted):6.0f}")
    automaton = ckb.matcher.automaton
    lowers = [p[1] for p in prepared]
    bare_scan = per_article_us(
        lambda: [sum(1 for _ in automaton.iter(low)) for low in lowers], n, seconds / 2
    )
    bare_regex = per_article_us(
        lambda: [sum(1 for _ in _BOUNDARY.finditer(e.text)) for e in events], n, seconds / 2
    )
    print(
        f"floors: bare automaton pass {bare_scan:.0f} µs, bare sentence regex"
        f" {bare_regex:.0f} µs per article"
    )


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
    parser.add_argument("--no-stages", action="store_true", help="skip the per-stage times")
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
    baselines: list[float] = []
    for run in range(1, args.runs + 1):
        ours = rate(enricher.enrich, events, args.seconds)
        line = f"run {run}: newsstream.enrich {ours:7.0f} articles/s (full EnrichedArticle)"
        if baseline is not None:
            theirs = rate_batch(baseline, events, args.seconds)
            ratios.append(ours / theirs)
            baselines.append(theirs)
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
    if not args.no_stages:
        stage_times(enricher, events, args.seconds)
    if baselines:
        spacy_us = 1e6 / (sum(baselines) / len(baselines))
        print(
            f"targets (issue 3): 2000 articles/s = 500 µs per article; 5x spaCy ="
            f" {spacy_us / 5:.0f} µs per article (spaCy here: {spacy_us:.0f} µs)"
        )


if __name__ == "__main__":
    main()
