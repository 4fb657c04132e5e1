"""Theme scoring: weighted cue stems per sentence, thresholds, evidence sentences."""

from __future__ import annotations

from newsstream.enrich import output
from newsstream.enrich.compiled import CompiledKB
from newsstream.enrich.matcher import Cue
from newsstream.enrich.text import Sentences
from newsstream.events import ThemeAssignment

_MAX_EVIDENCE = 3


def score_themes(
    ckb: CompiledKB, cues: list[Cue], sents: Sentences, lower: str
) -> tuple[ThemeAssignment, ...]:
    """Multi-label themes: a theme needs one sentence at ``sentence_threshold`` and
    an article total at ``threshold``; the score is that total."""
    # cue id -> {sentence index -> set of stem indexes seen}, in order of appearance
    seen: dict[int, dict[int, set[int]]] = {}
    by_offset = sents.by_offset
    last = len(cues) - 1
    for k, (start, _end, datas) in enumerate(cues):
        # a stem inside a longer one at the same place counts once: cues are sorted by
        # (start, end), so a theme of a later cue at the same start shadows this one
        later: set[int] | None = None
        m = k
        while m < last and cues[m + 1][0] == start:
            m += 1
            if later is None:
                later = set()
            later.update(d[0] for d in cues[m][2])
        s_idx = by_offset[start]
        for ti, _, si, cue_id in datas:
            if later is not None and ti in later:
                continue
            by_sentence = seen.get(cue_id)
            if by_sentence is None:
                seen[cue_id] = {s_idx: {si}}
            elif s_idx in by_sentence:
                by_sentence[s_idx].add(si)
            else:
                by_sentence[s_idx] = {si}
    cue_info = ckb.matcher.cue_info
    per_sentence: dict[int, dict[int, float]] = {}
    negated_cache: dict[int, bool] = {}
    for cue_id, by_sentence in seen.items():
        ti, cue_weight, n_stems, discount = cue_info[cue_id]
        for s_idx, stems in by_sentence.items():
            if len(stems) < n_stems:
                continue
            weight = cue_weight
            if discount:
                negated = negated_cache.get(s_idx)
                if negated is None:
                    negated = negated_cache[s_idx] = _negated(ckb, sents, s_idx, lower)
                if negated:
                    weight /= 2
            scores = per_sentence.get(ti)
            if scores is None:
                scores = per_sentence[ti] = {}
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


def _negated(ckb: CompiledKB, sents: Sentences, s_idx: int, lower: str) -> bool:
    start, end = sents.span(s_idx)
    return any(w.strip('.,;:!?"„“') in ckb.negations for w in lower[start:end].split())
