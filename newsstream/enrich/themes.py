"""Theme scoring: weighted cue stems per sentence, thresholds, evidence sentences."""

from __future__ import annotations

from math import fsum

from newsstream.enrich import output
from newsstream.enrich.compiled import CompiledKB
from newsstream.enrich.matcher import Cue, CueTrigger
from newsstream.enrich.text import (
    Sentences,
    enumeration_items,
    person_relative_clauses,
    time_clauses,
)
from newsstream.events import ThemeAssignment

_MAX_EVIDENCE = 3


def score_themes(
    ckb: CompiledKB,
    cues: list[Cue],
    sents: Sentences,
    lower: str,
    person_spans: dict[int, int] | None = None,
) -> tuple[ThemeAssignment, ...]:
    """Multi-label themes: a theme needs one sentence at ``sentence_threshold`` and
    an article total at ``threshold``; the score is that total (summed exactly, so
    independent of the order cues are met in).  ``person_spans``: where the article's
    person mentions end -> where they start (a relative clause after one describes the
    person)."""
    by_offset = sents.by_offset
    #: sentence -> bits of the cue stems seen in it
    seen: dict[int, int] = {}
    #: (sentence, place, cues that may complete there, themes shadowed at that place)
    candidates: list[tuple[int, int, tuple[CueTrigger, ...], frozenset[int] | None]] = []
    #: start -> themes of the longer stems seen there (a stem inside a longer one at
    #: the same place counts once); cues come by end offset, so walk them backwards
    shadow: dict[int, frozenset[int]] = {}
    for start, (themes, bits, theme_bits, triggers) in reversed(cues):
        s_idx = by_offset[start]
        longer = shadow.get(start)
        hidden: frozenset[int] | None = None
        if longer is None:
            shadow[start] = themes
        else:
            shadow[start] = longer | themes
            hidden = themes & longer
            for ti in hidden:
                bits &= ~theme_bits[ti]
        seen[s_idx] = seen.get(s_idx, 0) | bits
        if triggers:
            candidates.append((s_idx, start, triggers, hidden))
    counted: set[tuple[int, int]] = set()
    per_sentence: dict[int, dict[int, list[float]]] = {}
    #: (theme, sentence) -> where its cues stand
    cue_starts: dict[tuple[int, int], list[int]] = {}
    negated_cache: dict[int, bool] = {}
    for s_idx, start, triggers, hidden in candidates:
        have = seen[s_idx]
        for cue_id, cue_bits, ti, weight, discount in triggers:
            if have & cue_bits != cue_bits or (hidden and ti in hidden):
                continue
            key = (cue_id, s_idx)
            if key in counted:
                continue
            counted.add(key)
            if discount:
                negated = negated_cache.get(s_idx)
                if negated is None:
                    negated = negated_cache[s_idx] = _negated(ckb, sents, s_idx, lower)
                if negated:
                    weight /= 2
            place = (ti, s_idx)
            if place in cue_starts:
                cue_starts[place].append(start)
            else:
                cue_starts[place] = [start]
            by_sentence = per_sentence.get(ti)
            if by_sentence is None:
                per_sentence[ti] = {s_idx: [weight]}
            elif s_idx in by_sentence:
                by_sentence[s_idx].append(weight)
            else:
                by_sentence[s_idx] = [weight]
    #: sentence -> (enumeration items, asides: relative clauses on persons and times)
    asides: dict[int, _Asides] = {}
    out: list[ThemeAssignment] = []
    for ti, by_sentence in per_sentence.items():
        theme = ckb.themes[ti]
        # exact sums (fsum), so the order the cues were found in does not matter
        scores = {i: fsum(w) if len(w) > 1 else w[0] for i, w in by_sentence.items()}
        total = fsum(scores.values())
        if total < theme.threshold or max(scores.values()) < theme.sentence_threshold:
            continue
        # a sentence at the threshold that is spent on the theme, not one whose cues
        # are one item of a list ("Artilleriemunition, Luftabwehrsysteme und weitere
        # Waffen") or describe a person ("Selenskyj, der zum G7-Gipfel gereist war,") or
        # a time ("am selben Tag, an dem die EU ein Sanktionspaket billigte");
        # these are only looked for in sentences at the threshold
        if not any(
            sc >= theme.sentence_threshold
            and _spent(sents, i, cue_starts[ti, i], asides, person_spans or {})
            for i, sc in scores.items()
        ):
            continue
        top = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:_MAX_EVIDENCE]
        evidence = tuple(
            output.evidence(sents.starts[i], sents.ends[i], sents.sentence(i))
            for i, sc in sorted(top)
            if sc >= theme.sentence_threshold
        )
        out.append(
            output.construct(
                ThemeAssignment,
                {
                    "id": theme.id,
                    "label": theme.label,
                    "score": round(total, 2),
                    "evidence": evidence,
                },
            )
        )
    out.sort(key=lambda t: (-t.score, t.id))
    return tuple(out)


_Asides = tuple[list[tuple[int, int]], list[tuple[int, int]]]


def _spent(
    sents: Sentences,
    s_idx: int,
    starts: list[int],
    cache: dict[int, _Asides],
    person_spans: dict[int, int],
) -> bool:
    """Whether the cues at ``starts`` in sentence ``s_idx`` spend it on their theme:
    one of them outside any enumeration and any aside (a relative clause on a person,
    or a point in time with its relative clause: "am selben Tag, an dem …"), or two in
    different items of one enumeration."""
    found = cache.get(s_idx)
    if found is None:
        start, end = sents.span(s_idx)
        found = cache[s_idx] = (
            enumeration_items(sents.text, start, end),
            person_relative_clauses(sents.text, start, end, person_spans)
            + time_clauses(sents.text, start, end),
        )
    items, relative = found
    if relative:
        starts = [p for p in starts if not any(a <= p < b for a, b in relative)]
        if not starts:
            return False
    if not items:
        return True
    seen: set[int] = set()
    for pos in starts:
        k = next((k for k, (a, b) in enumerate(items) if a <= pos < b), None)
        if k is None:
            return True
        seen.add(k)
    return len(seen) >= 2


def _negated(ckb: CompiledKB, sents: Sentences, s_idx: int, lower: str) -> bool:
    """A negation word in the sentence (one regex search, not a split into words)."""
    start, end = sents.span(s_idx)
    return ckb.negation_pattern.search(lower, start, end) is not None
