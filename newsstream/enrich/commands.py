"""Plain functions behind ``newsstream enrich`` and ``newsstream eval`` (wired by the CLI).

Gold format (one pair per article in ``GOLD_DIR``): ``NAME.txt`` in the seed format
and ``NAME.json`` with ``{"actors": {"person": [ids], "organization": [...],
"country": [...], "media": [...]}, "themes": [ids], "quotes": [{"text_start": "first
words of the quote", "speaker_id": id or null}]}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from newsstream.enrich.engine import Enricher
from newsstream.errors import SourceError
from newsstream.events import EnrichedArticle, Evidence
from newsstream.knowledge import KnowledgeBase, slugify
from newsstream.sources import parse_seed_text, read_articles

ACTOR_TYPES = ("person", "organization", "country", "media")


OutputFormat = Literal["jsonl", "table", "explain"]
OUTPUT_FORMATS: tuple[OutputFormat, ...] = ("jsonl", "table", "explain")


def enrich_main(paths: list[Path], fmt: OutputFormat, enricher: Enricher | None = None) -> None:
    """Print one enriched article per input article (jsonl: the stored model; table:
    one line per tag; explain: each tag with the text that gave it)."""
    enricher = enricher or Enricher.load()
    for event in read_articles(paths):
        enriched = enricher.enrich(event)
        if fmt == "jsonl":
            print(enriched.model_dump_json())
        elif fmt == "explain":
            print(format_explain(enriched))
        else:
            print(format_table(enriched))


def format_table(a: EnrichedArticle) -> str:
    lines = [f"== {a.article_id}  {a.published_at or '-'}  {a.title or ''}".rstrip()]
    for act in a.actors:
        known = "" if act.known else "  (unknown)"
        roles = f"  [{', '.join(act.roles)}]" if act.roles else ""
        lines.append(f"  {act.type:<12} {act.name:<32} x{act.mentions:<3}{roles}{known}")
    for t in a.themes:
        lines.append(f"  theme        {t.label:<32} {t.score:g}")
    for q in a.quotes:
        lines.append(f"  quote        {(q.speaker or '-'):<32} „{_short(q.text)}“")
    if a.locations:
        lines.append(f"  places       {', '.join(loc.name for loc in a.locations)}")
    return "\n".join(lines)


def format_explain(a: EnrichedArticle, per_tag: int = 3) -> str:
    """Every tag with the evidence that gave it: actors with their mentions marked
    »like this« in context, themes with their score and evidence sentences, quotes with
    their speaker and offsets."""
    text = a.text
    lines = [f"== {a.article_id}  {a.published_at or '-'}  {a.title or ''}".rstrip()]
    for act in a.actors:
        facts = [act.type, f"id {act.id}", f"{act.mentions} mention(s)"]
        if not act.known:
            facts.append("not in the knowledge base")
        if act.roles:
            facts.append("roles " + ", ".join(act.roles))
        lines.append(f"{act.name}  ({'; '.join(facts)})")
        lines.append(
            f"    as: {', '.join(act.aliases)}" if act.aliases else "    as: (coreference)"
        )
        lines.extend(_evidence_lines(text, act.evidence, per_tag))
    for t in a.themes:
        lines.append(f"theme {t.label}  (id {t.id}; score {t.score:g})")
        for ev in t.evidence[:per_tag]:
            lines.append(f"    [{ev.start}-{ev.end}] {_short(ev.sentence, 160)}")
        if len(t.evidence) > per_tag:
            lines.append(f"    … and {len(t.evidence) - per_tag} more sentence(s)")
    for q in a.quotes:
        who = f"{q.speaker} ({q.speaker_id})" if q.speaker else "no speaker attributed"
        lines.append(f"quote [{q.start}-{q.end}] {who}: „{_short(q.text, 100)}“")
    for loc in a.locations:
        lines.append(f"place {loc.name}" + (f"  ({loc.country_id})" if loc.country_id else ""))
        lines.extend(_evidence_lines(text, loc.evidence, per_tag))
    return "\n".join(lines)


def _evidence_lines(text: str, evidence: tuple[Evidence, ...], limit: int) -> list[str]:
    out = [f"    [{ev.start}-{ev.end}] {_in_context(text, ev.start, ev.end)}" for ev in evidence]
    if len(out) > limit:
        out = [*out[:limit], f"    … and {len(out) - limit} more"]
    return out


def _in_context(text: str, start: int, end: int, width: int = 40) -> str:
    """``…words before »the span« words after…`` on one line."""
    left, right = max(0, start - width), min(len(text), end + width)
    before = ("…" if left else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return " ".join(f"{before}»{text[start:end]}«{after}".split())


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set[str], pred: set[str]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)


@dataclass
class EvalReport:
    articles: int = 0
    actors: dict[str, PRF] = field(default_factory=lambda: {t: PRF() for t in ACTOR_TYPES})
    themes: PRF = field(default_factory=PRF)
    quotes_attributed: int = 0
    quotes_correct: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def quote_speaker_recall(self) -> float:
        return self.quotes_correct / self.quotes_attributed if self.quotes_attributed else 1.0

    def render(self) -> str:
        out = [f"articles: {self.articles}", "actor type     P      R      F1    (tp/fp/fn)"]
        for t, m in self.actors.items():
            out.append(
                f"{t:<12} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f}    ({m.tp}/{m.fp}/{m.fn})"
            )
        th = self.themes
        out.append(
            f"themes micro  {th.precision:6.3f} {th.recall:6.3f} {th.f1:6.3f}    "
            f"({th.tp}/{th.fp}/{th.fn})"
        )
        out.append(
            f"quote speaker recall {self.quote_speaker_recall:.3f} "
            f"({self.quotes_correct}/{self.quotes_attributed})"
        )
        out.extend(f"  {e}" for e in self.errors)
        return "\n".join(out)


def known_actor_ids(kb: KnowledgeBase) -> dict[str, str]:
    """``unknown:<slug>`` -> KB id, for actors the knowledge base has learnt since.

    Gold files name persons and organizations outside the knowledge base
    ``unknown:<slug of the name>`` (what the engine emits for them).  When such an
    actor is later added to the knowledge base, the engine rightly emits the KB id;
    both mean the same actor.
    """
    ids: dict[str, str] = {}
    named = [(p.id, (p.name, *p.aliases)) for p in kb.actors.persons]
    named += [(o.id, (o.name, *o.aliases)) for o in kb.actors.organizations]
    for actor_id, names in named:
        for name in names:
            ids.setdefault(f"unknown:{slugify(name)}", actor_id)
    return ids


def _as_gold(predicted: str, gold: set[str]) -> str:
    """Sets 1-3 named organizations outside the knowledge base by the slug of their
    name, without the ``unknown:`` prefix the engine gives them: the predicted
    ``unknown:<slug>`` is the gold ``<slug>`` when the gold has it."""
    if predicted.startswith("unknown:") and predicted[8:] in gold:
        return predicted[8:]
    return predicted


def evaluate(gold_dir: Path, enricher: Enricher | None = None) -> EvalReport:
    """Score the engine against the hand-annotated gold set in ``gold_dir``."""
    enricher = enricher or Enricher.load()
    learnt = known_actor_ids(enricher.kb)

    def gold_id(i: str) -> str:
        return learnt.get(i, i)

    report = EvalReport()
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise SourceError(f"{gold_dir}: no gold .json files")
    for gold_path in gold_files:
        gold: dict[str, Any] = json.loads(gold_path.read_text(encoding="utf-8"))
        article_path = gold_dir / gold.get("article", gold_path.with_suffix(".txt").name)
        event = parse_seed_text(article_path.read_text(encoding="utf-8"), source="gold")
        enriched = enricher.enrich(event)
        report.articles += 1
        name = gold_path.stem
        for t in ACTOR_TYPES:
            g = {gold_id(i) for i in gold["actors"].get(t, [])}
            p = {_as_gold(a.id, g) for a in enriched.actors if a.type == t}
            report.actors[t].add(g, p)
            report.errors.extend(f"{name}: {t} missed {i}" for i in sorted(g - p))
            report.errors.extend(f"{name}: {t} extra {i}" for i in sorted(p - g))
        g_themes = set(gold["themes"])
        p_themes = {th.id for th in enriched.themes}
        report.themes.add(g_themes, p_themes)
        report.errors.extend(f"{name}: theme missed {i}" for i in sorted(g_themes - p_themes))
        report.errors.extend(f"{name}: theme extra {i}" for i in sorted(p_themes - g_themes))
        for gq in gold["quotes"]:
            if gq["speaker_id"] is None:
                continue
            report.quotes_attributed += 1
            match = next((q for q in enriched.quotes if q.text.startswith(gq["text_start"])), None)
            want = gold_id(gq["speaker_id"])
            speaker = match.speaker_id if match is not None else None
            if speaker is not None and _as_gold(speaker, {want}) == want:
                report.quotes_correct += 1
            else:
                got = speaker if match is not None else "no quote"
                report.errors.append(f"{name}: quote „{gq['text_start']}“ speaker {got}")
    return report


def eval_main(gold_dir: Path) -> EvalReport:
    """Print precision/recall/F1 per actor type, theme micro-F1 and quote speaker recall."""
    report = evaluate(gold_dir)
    print(report.render())
    return report
