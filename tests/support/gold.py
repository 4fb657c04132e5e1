"""Gold sets in tests: the issue's quality targets and the format every set follows.

Format (see ``newsstream/enrich/commands.py``): ``NAME.json`` per article with
``article`` (its ``.txt`` in the seed format), ``actors`` per type, ``themes`` and
``quotes`` (``text_start``, ``speaker_id``).  A set may list, in ``not_in_kb.yaml``,
the organizations and media its gold names that the knowledge base did not hold when it
was annotated; with that file every actor id is checked against the knowledge base.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from newsstream.enrich.commands import ACTOR_TYPES, EvalReport
from newsstream.knowledge import THEME_IDS, KnowledgeBase, slugify
from newsstream.sources import parse_seed_text

GOLD_ROOT = Path(__file__).resolve().parents[1]
#: The marks a quotation may open with.
_OPEN = '„»"‚'


def assert_meets_targets(
    report: EvalReport, articles: int, *, media: bool = True, themes: bool = True
) -> None:
    """Issue 3's targets: person F1 >= 0.95, organization and country (and, where the
    set guards them, media and themes) >= 0.85, quote speaker recall >= 0.80."""
    detail = report.render()
    assert report.articles == articles, detail
    assert report.actors["person"].f1 >= 0.95, detail
    assert report.actors["organization"].f1 >= 0.85, detail
    assert report.actors["country"].f1 >= 0.85, detail
    if media:
        assert report.actors["media"].f1 >= 0.85, detail
    if themes:
        assert report.themes.f1 >= 0.85, detail
    assert report.quote_speaker_recall >= 0.80, detail


def gold_format_errors(gold_dir: Path, kb: KnowledgeBase, chars: tuple[int, int]) -> list[str]:
    """What is wrong with the format of a gold set (does not run the engine): every
    article parses in the seed format with a headline and ``chars`` characters, exactly
    one has no date, ids are unique per type, themes are taxonomy ids, every quote's
    ``text_start`` opens a quotation in the body and its speaker is one of the article's
    actors; with ``not_in_kb.yaml``, every actor id is a knowledge-base id, an
    ``unknown:<slug>`` person, organization or medium, a ``<country>-<institution>`` id
    or listed there."""
    listed = gold_dir / "not_in_kb.yaml"
    not_in_kb: dict[str, list[str]] | None = (
        yaml.safe_load(listed.read_text(encoding="utf-8")) if listed.exists() else None
    )
    a = kb.actors
    known: dict[str, set[str]] = {
        "person": {p.id for p in a.persons},
        "organization": {o.id for o in a.organizations if o.type != "media"},
        "media": {o.id for o in a.organizations if o.type == "media"},
        "country": {c.id for c in a.countries},
    }
    institution_id = re.compile(
        r"([a-z-]+?)-(" + "|".join(sorted(i.id for i in a.lexicon.institutions)) + ")"
    )
    errors: list[str] = []
    files = sorted(gold_dir.glob("*.json"))
    undated = 0
    for path in files:
        name = path.stem
        gold = json.loads(path.read_text(encoding="utf-8"))
        raw = (gold_dir / gold.get("article", f"{name}.txt")).read_text(encoding="utf-8")
        event = parse_seed_text(raw, source="gold")
        undated += event.published_at is None
        if not chars[0] <= len(raw) <= chars[1]:
            errors.append(f"{name}: article length {len(raw)}")
        if event.title is None:
            errors.append(f"{name}: no headline")
        if set(gold["actors"]) != set(ACTOR_TYPES):
            errors.append(f"{name}: actor types {sorted(gold['actors'])}")
        for kind, ids in gold["actors"].items():
            if len(ids) != len(set(ids)):
                errors.append(f"{name}: duplicate {kind} id")
            for i in ids if not_in_kb is not None else ():
                if i in known.get(kind, set()) or i in not_in_kb.get(kind, []):
                    continue
                if i.startswith("unknown:") and slugify(i[8:]) == i[8:] and kind != "country":
                    continue
                m = institution_id.fullmatch(i) if kind == "organization" else None
                if m and m.group(1) in known["country"]:
                    continue
                errors.append(f"{name}: {kind} id {i} is not a knowledge-base id")
        errors += [f"{name}: theme {t} not in the taxonomy" for t in gold["themes"]
                   if t not in THEME_IDS]  # fmt: skip
        actor_ids = {i for ids in gold["actors"].values() for i in ids}
        for q in gold["quotes"]:
            if not any(mark + q["text_start"] in event.text for mark in _OPEN):
                errors.append(f"{name}: quote „{q['text_start']}“ opens no quotation")
            if q["speaker_id"] is not None and q["speaker_id"] not in actor_ids:
                errors.append(f"{name}: speaker {q['speaker_id']} is not an actor of it")
    if undated != 1:
        errors.append(f"expected exactly one article without a date, got {undated}")
    return errors
