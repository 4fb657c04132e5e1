"""Theme scoring: weighted cue stems per sentence, thresholds, evidence sentences."""

from __future__ import annotations

from newsstream.enrich.compiled import CompiledKB
from newsstream.enrich.matcher import Cue
from newsstream.enrich.text import Sentences
from newsstream.events import Evidence, ThemeAssignment

_MAX_EVIDENCE = 3


def score_themes(
    ckb: CompiledKB, cues: list[Cue], sents: Sentences, lower: str
) -> tuple[ThemeAssignment, ...]:
    """Multi-label themes: a theme needs one sentence at ``sentence_threshold`` and
    an article total at ``threshold``; the score is that total."""
    # (theme index, cue index) -> {sentence index -> set of stem indexes seen}
    seen: dict[tuple[int, int], dict[int, set[int]]] = {}
    longest: dict[tuple[int, int], int] = {}
    for start, end, datas in cues:  # a stem inside a longer one at the same place counts once
        for data in datas:  # cues are sorted by (start, end): the last end is the longest
            longest[(start, data[0])] = end
    index = sents.index
    for start, end, datas in cues:
        s_idx = -1
        for ti, ci, si in datas:
            if end < longest[(start, ti)]:
                continue
            if s_idx < 0:
                s_idx = index(start)
            by_sentence = seen.get((ti, ci))
            if by_sentence is None:
                seen[(ti, ci)] = {s_idx: {si}}
            elif s_idx in by_sentence:
                by_sentence[s_idx].add(si)
            else:
                by_sentence[s_idx] = {si}
    per_sentence: dict[int, dict[int, float]] = {}
    negated_cache: dict[int, bool] = {}
    for (ti, ci), by_sentence in seen.items():
        theme = ckb.themes[ti]
        cue = theme.cues[ci]
        for s_idx, stems in by_sentence.items():
            if len(stems) < len(cue.stems):
                continue
            weight = cue.weight
            if theme.negation == "discount":
                negated = negated_cache.get(s_idx)
                if negated is None:
                    negated = negated_cache[s_idx] = _negated(ckb, sents, s_idx, lower)
                if negated:
                    weight /= 2
            scores = per_sentence.setdefault(ti, {})
            scores[s_idx] = scores.get(s_idx, 0.0) + weight
    out: list[ThemeAssignment] = []
    for ti, scores in per_sentence.items():
        theme = ckb.themes[ti]
        total = sum(scores.values())
        best = max(scores.values())
        if best < theme.sentence_threshold or total < theme.threshold:
            continue
        top = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:_MAX_EVIDENCE]
        evidence = tuple(
            Evidence(start=sents.starts[i], end=sents.ends[i], sentence=sents.sentence(i))
            for i, sc in sorted(top)
            if sc >= theme.sentence_threshold
        )
        out.append(
            ThemeAssignment(
                id=theme.id, label=theme.label, score=round(total, 2), evidence=evidence
            )
        )
    out.sort(key=lambda t: (-t.score, t.id))
    return tuple(out)


def _negated(ckb: CompiledKB, sents: Sentences, s_idx: int, lower: str) -> bool:
    start, end = sents.span(s_idx)
    return any(w.strip('.,;:!?"„“') in ckb.negations for w in lower[start:end].split())
