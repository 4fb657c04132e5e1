"""Format check for the blind held-out gold set 3 (does NOT run the enrichment engine).

    python tests/gold_heldout3/check_format.py

Checks that every gold file parses the way ``newsstream.enrich.commands.evaluate`` reads
it (``actors`` per type, ``themes``, ``quotes`` with ``text_start``/``speaker_id``), that its
article parses in the seed format and is 2,800-3,600 characters, that every quote's
``text_start`` opens a quotation in the body, that theme ids are in the taxonomy, and
that every actor id is a knowledge-base id, an ``unknown:<slug>`` person, a
``<country>-<institution>`` id, or one of the organizations/media listed in README.md as
absent from the knowledge base.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from newsstream.knowledge import slugify  # noqa: E402  (pure helper, no engine)
from newsstream.sources import parse_seed_text  # noqa: E402

ACTOR_TYPES = ("person", "organization", "country", "media")
# Named organizations and media that the knowledge base does not hold (see README.md).
NOT_IN_KB = {
    "organization": {
        "poland-border-guard",
        "grupa-granica",
        "belarus-border-committee",
        "srpska-lista",
        "kfor",
        "serbian-orthodox-church",
        "hlas",
        "sns",
        "moldovagaz",
        "energocom",
        "apt28",
        "microsoft",
        "bvt",
        "sumar",
        "ukraine-border-guard",
        "solidarnosc-ri",
        "copa-cogeca",
        "finland-border-guard",
        "finnish-red-cross",
        "romania-constitutional-court",
        "romania-supreme-defence-council",
        "sri",
        "usr",
        "psd-romania",
    },
    "media": {"dennik-n"},
}
OPEN = '„»"‚'


def main() -> int:
    kb = yaml.safe_load((ROOT / "newsstream/data/actors.yaml").read_text(encoding="utf-8"))
    themes = yaml.safe_load((ROOT / "newsstream/data/themes.yaml").read_text(encoding="utf-8"))
    theme_ids = {t["id"] for t in themes["themes"]}
    by_type: dict[str, set[str]] = {t: set() for t in ACTOR_TYPES}
    by_type["country"] = {c["id"] for c in kb["countries"]}
    for o in kb["organizations"]:
        by_type["media" if o.get("type") == "media" else "organization"].add(o["id"])
    by_type["person"] = {p["id"] for p in kb["persons"]}
    institutions = {i["id"] for i in kb["lexicon"]["institutions"]}
    errors: list[str] = []
    files = sorted(HERE.glob("*.json"))
    dated = 0
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        name = path.stem
        raw = (HERE / gold.get("article", path.with_suffix(".txt").name)).read_text(
            encoding="utf-8"
        )
        event = parse_seed_text(raw, source="gold")
        dated += event.published_at is not None
        body = event.text
        if not 2800 <= len(raw) <= 3600:
            errors.append(f"{name}: article length {len(raw)}")
        if event.title is None:
            errors.append(f"{name}: no headline")
        for t in ACTOR_TYPES:
            ids = gold["actors"].get(t, [])
            if len(ids) != len(set(ids)):
                errors.append(f"{name}: duplicate {t} id")
            for i in ids:
                if i in by_type[t] or i in NOT_IN_KB.get(t, set()):
                    continue
                if t == "person" and i.startswith("unknown:") and slugify(i[8:]) == i[8:]:
                    continue
                if t == "organization":
                    m = re.fullmatch(r"([a-z-]+?)-(" + "|".join(sorted(institutions)) + ")", i)
                    if m and m.group(1) in by_type["country"]:
                        continue
                errors.append(f"{name}: {t} id {i} is not a KB id")
        for th in gold["themes"]:
            if th not in theme_ids:
                errors.append(f"{name}: theme {th} not in taxonomy")
        all_ids = set().union(*(set(v) for v in gold["actors"].values()))
        for q in gold["quotes"]:
            start, speaker = q["text_start"], q["speaker_id"]
            if not any(o + start in body for o in OPEN):
                errors.append(f"{name}: quote „{start}“ does not open a quotation in the body")
            if speaker is not None and speaker not in all_ids:
                errors.append(f"{name}: speaker {speaker} is not among the article's actors")
        print(
            f"{name}: {len(raw)} chars, date {event.published_at}, "
            + ", ".join(f"{t} {len(gold['actors'][t])}" for t in ACTOR_TYPES)
            + f", themes {len(gold['themes'])}, quotes {len(gold['quotes'])}"
        )
    if dated != len(files) - 1:
        errors.append(
            f"expected exactly one article without a date token, got {len(files) - dated}"
        )
    for e in errors:
        print("ERROR", e)
    print(f"{len(files)} gold files, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
