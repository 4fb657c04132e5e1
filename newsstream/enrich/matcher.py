"""Compile the knowledge base into one Aho-Corasick automaton and scan texts with it.

Every surface form (actor aliases, capitals, country adjectives with their endings,
demonyms, role nouns, institution nouns, places, theme cue stems, speech verbs) is
one lowercase key; a key carries the tuple of :class:`Entry` records that use it.
:meth:`Matcher.scan` runs the automaton once over the lowercased text and applies
the German word-boundary rules per entry kind: inflection endings (Selenskyjs,
Präsidentin, russischen), hyphenated compounds (NATO-Staaten) and role compounds
(Kremlsprecher, NATO-Chef), and letter case (``US`` only in capitals).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from operator import itemgetter
from typing import Any, NamedTuple

import ahocorasick

from newsstream.knowledge import KnowledgeBase


class Kind(IntEnum):
    ACTOR = 1
    CAPITAL = 2
    ADJ = 3
    DEMONYM = 4
    ROLE = 5
    INSTITUTION = 6
    TIE = 7
    COREF = 8
    PLACE = 9
    CUE = 10
    SPEECH = 11
    ORG_CLASS = 12
    NAME_ADJ = 13


#: Allowed inflection endings after a matched key, per entry kind.
_SUFFIXES: dict[Kind, tuple[str, ...]] = {
    Kind.ACTOR: ("s", "’s", "'s"),
    Kind.CAPITAL: ("s",),
    Kind.ADJ: (),
    Kind.DEMONYM: ("s", "n", "en", "nen"),
    Kind.ROLE: ("in", "innen", "s", "es", "n", "en", "e", "er", "ern"),
    Kind.INSTITUTION: ("s", "es", "n", "en"),
    Kind.TIE: ("s", "n", "en"),
    Kind.COREF: ("s", "es", "n", "en"),
    Kind.PLACE: ("s",),
    Kind.SPEECH: (),
    Kind.ORG_CLASS: ("s", "es", "e", "en", "n", "se", "ses"),
    Kind.NAME_ADJ: (),
}


@dataclass(frozen=True, slots=True)
class Entry:
    kind: Kind
    target: str  # actor/place/theme id, role word, institution id, ...
    upper: bool = False  # first letter must be upper case in the text
    exact: str | None = None  # the text must equal this (short acronyms)
    inside: bool = False  # may start inside a word (compound tail)
    data: Any = None  # kind-specific payload


class Hit(NamedTuple):
    """One match; a tuple so the scan builds thousands of them cheaply."""

    start: int
    end: int
    entry: Entry
    #: actor id named by a compound prefix (NATO-Chef); "" for a compound whose prefix
    #: names no actor (Agrarminister)
    prefix: str | None = None
    prefix_start: int = 0  # where the compound word (prefix included) starts
    suffix: str = ""


#: A cue that a key's occurrence may complete (the key gives the cue's first stem):
#: (cue id, bits of all the cue's stems, theme index, weight, negation discounts).
CueTrigger = tuple[int, int, int, float, bool]
#: The cue stems one key gives: the themes they belong to, their bits (one bit per
#: stem of every cue), the bits per theme (for shadowing), the cues it triggers.
CueKey = tuple[frozenset[int], int, dict[int, int], tuple[CueTrigger, ...]]
#: Cue stems seen at one place: (start, its key's stems), in the automaton's order (by
#: end offset), so a longer stem at the same start comes later.
Cue = tuple[int, CueKey]

#: The longest inflection ending.
_MAX_SUFFIX = max(len(s) for suffixes in _SUFFIXES.values() for s in suffixes)

#: What one automaton key carries for the scan, precomputed per entry:
#: (entry, upper, exact, inside, endings made of letters, is_speech).  An ending is
#: taken when it is exactly the run of letters after the key ("’s" never is: the
#: scan only looks for an ending when a letter follows the key).
_Spec = tuple[Entry, bool, str | None, bool, frozenset[str], bool]


@dataclass(frozen=True, slots=True)
class Scan:
    hits: list[Hit]
    cues: list[Cue]
    speech: list[Hit]


class Matcher:
    """The compiled automaton; build once, scan many texts (read-only, thread-safe)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        table: dict[str, list[Entry]] = {}
        self.prefix_actors: dict[str, str] = {}
        #: lowercase names that stand for an organization only as a compound's prefix
        #: (Wagner-Chef), so the scan never finds them as a hit of their own
        self.prefix_only: set[str] = set()

        def add(surface: str, entry: Entry) -> None:
            key = surface.lower()
            if not key:
                return
            bucket = table.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)

        def actor_entry(alias: str, target: str, data: Any) -> Entry:
            exact = alias if alias.isupper() and len(alias) >= 2 else None
            return Entry(Kind.ACTOR, target, alias[:1].isupper(), exact, data=data)

        a = kb.actors
        for c in a.countries:
            for alias in (c.name, *c.aliases):
                add(alias, actor_entry(alias, c.id, ("country", False)))
                self.prefix_actors.setdefault(alias.lower(), c.id)
            if c.capital:
                for cap in (c.capital, *c.capital_aliases):
                    add(
                        cap, Entry(Kind.CAPITAL, c.id, True, data=(c.capital, c.capital_government))
                    )
            if c.adjective:
                for ending in ("e", "en", "er", "es", "em", "-"):  # norwegisch-finnische
                    add(c.adjective + ending, Entry(Kind.ADJ, c.id))
            for dem in c.demonyms:
                add(dem, Entry(Kind.DEMONYM, c.id, True, data=dem.endswith("in")))
        for o in a.organizations:
            for alias in (o.name, *o.aliases):
                add(alias, actor_entry(alias, o.id, (o.type, False)))
                self.prefix_actors.setdefault(alias.lower(), o.id)
            for prefix in o.prefixes:
                self.prefix_actors.setdefault(prefix.lower(), o.id)
                self.prefix_only.add(prefix.lower())
            for noun in o.coref:
                add(noun, Entry(Kind.COREF, o.id, True, data=o.coref_after))
        for p in a.persons:
            for alias in (p.name, *p.aliases):
                add(alias, actor_entry(alias, p.id, ("person", False)))
            last = p.name.split()[-1]
            if p.surname and len(last) > 2:
                add(last, actor_entry(last, p.id, ("person", True)))
        lex = a.lexicon
        for rw in lex.role_words:
            add(rw.word, Entry(Kind.ROLE, rw.word, True, inside=True, data=rw))
        for inst in lex.institutions:
            for w in inst.words:
                add(w, Entry(Kind.INSTITUTION, inst.id, True, data=inst))
        for oc in lex.org_classes:
            add(oc.word, Entry(Kind.ORG_CLASS, oc.type, True, inside=oc.compound, data=oc))
        for stem in lex.name_adjectives:  # capitalized: "das Nationale Cyber-Abwehrzentrum"
            word = stem[:1].upper() + stem[1:] + "e"
            add(word, Entry(Kind.NAME_ADJ, stem, True, exact=word))
        for noun in lex.tie_nouns:
            add(noun, Entry(Kind.TIE, noun, True))
        for verb in lex.speech_verbs:
            add(verb, Entry(Kind.SPEECH, verb))
        for pl in kb.places.places:
            for alias in (pl.name, *pl.aliases):
                add(alias, Entry(Kind.PLACE, pl.id, alias[:1].isupper(), data=pl))
        #: per cue id: (theme index, weight, number of stems, negation discounts)
        self.cue_info: list[tuple[int, float, int, bool]] = []
        #: per cue id: the bit of its first stem (its stems have consecutive bits)
        self.cue_bit: list[int] = []
        n_bits = 0
        for ti, theme in enumerate(kb.themes.themes):
            for ci, cue in enumerate(theme.cues):
                cue_id = len(self.cue_info)
                discount = theme.negation == "discount"
                self.cue_info.append((ti, cue.weight, len(cue.stems), discount))
                self.cue_bit.append(n_bits)
                n_bits += len(cue.stems)
                for si, stem in enumerate(cue.stems):
                    inside = stem.startswith("~")
                    add(
                        stem.lstrip("~"),
                        Entry(Kind.CUE, theme.id, inside=inside, data=(ti, ci, si, cue_id)),
                    )
        # Short exact-case acronyms (US, EU, UN, AP) would match inside most German words
        # in the lowercased text; a second, case-sensitive automaton over the original
        # text finds them (as whole words only, longest first).
        self.acronyms: dict[str, tuple[Entry, ...]] = {}
        for key in [k for k, es in table.items() if len(k) <= 3 and all(e.exact for e in es)]:
            for e in table.pop(key):
                assert e.exact is not None
                self.acronyms.setdefault(e.exact, ())
                self.acronyms[e.exact] += (e,)
        self.acronym_automaton: Any = ahocorasick.Automaton()
        for exact, acronym_entries in self.acronyms.items():
            self.acronym_automaton.add_word(exact, (len(exact), acronym_entries))
        if self.acronyms:
            self.acronym_automaton.make_automaton()
        self.automaton: Any = ahocorasick.Automaton()
        for key, entries in table.items():
            cues_all = self._cue_stems([e for e in entries if e.kind is Kind.CUE])
            cues_inside = self._cue_stems([e for e in entries if e.kind is Kind.CUE and e.inside])
            specs = tuple(
                (
                    e,
                    e.upper,
                    e.exact,
                    e.inside,
                    frozenset(s for s in _SUFFIXES[e.kind] if s.isalpha()),
                    e.kind is Kind.SPEECH,
                )
                for e in entries
                if e.kind is not Kind.CUE
            )
            inside = any(spec[3] for spec in specs)
            self.automaton.add_word(key, (len(key), cues_all, cues_inside, specs, inside))
        self.automaton.make_automaton()
        self.keys = len(table) + len(self.acronyms)

    def _cue_stems(self, entries: list[Entry]) -> CueKey | None:
        """The cue payload of one key (None without cues)."""
        if not entries:
            return None
        bits = 0
        theme_bits: dict[int, int] = {}
        triggers: list[CueTrigger] = []
        for ti, _ci, si, cue_id in sorted(e.data for e in entries):
            _, weight, n_stems, discount = self.cue_info[cue_id]
            bit = 1 << (self.cue_bit[cue_id] + si)
            bits |= bit
            theme_bits[ti] = theme_bits.get(ti, 0) | bit
            if si == 0:
                cue_bits = ((1 << n_stems) - 1) << self.cue_bit[cue_id]
                triggers.append((cue_id, cue_bits, ti, weight, discount))
        return frozenset(theme_bits), bits, theme_bits, tuple(triggers)

    def scan(self, text: str, lower: str) -> Scan:
        """All hits in ``text``: entity-like hits, theme cue hits, speech verbs."""
        found: list[Hit] = []
        cues: list[Cue] = []
        speech: list[Hit] = []
        n = len(text)
        new = tuple.__new__
        for last, (klen, cues_all, cues_inside, specs, inside) in self.automaton.iter(lower):
            end = last + 1
            start = end - klen
            if start and (
                lower[start - 1].isalnum()
                # "O'Sullivan", "D'Alema": inside a name, not Sullivan
                or (lower[start - 1] in "'’" and start > 1 and lower[start - 2].isalpha())
            ):
                if cues_inside is not None:
                    cues.append((start, cues_inside))
                if not inside:
                    continue
                left_ok = False
            else:
                if cues_all is not None:
                    cues.append((start, cues_all))
                left_ok = True
            if not specs:
                continue
            # the letters glued to the key: "" (none), an inflection ending to look up,
            # or None (more letters than any ending has)
            tail: str | None = ""
            if end < n and text[end].isalpha() and text[end - 1] != "-":
                k = end + 1
                stop = min(n, end + _MAX_SUFFIX + 1)
                while k < stop and text[k].isalpha():
                    k += 1
                tail = lower[end:k] if k - end <= _MAX_SUFFIX else None
            for e, upper, exact, e_inside, suffixes, is_speech in specs:
                if upper and left_ok and not text[start].isupper():
                    continue
                if exact is not None and text[start:end] != exact:
                    continue
                prefix: str | None = None
                prefix_start = start
                if e_inside and (not left_ok or (start > 0 and lower[start - 1] == "-")):
                    # a role noun as compound tail: NATO-Chef, Kremlsprecher, US-Präsident
                    tok = start
                    while tok > 0 and (lower[tok - 1].isalnum() or lower[tok - 1] in "-."):
                        tok -= 1
                    head = lower[tok:start].rstrip("-")
                    prefix = self.prefix_actors.get(head)
                    if prefix is None and head.endswith("s") and len(head) > 5:
                        # a linking -s: Unionsfraktionschef
                        prefix = self.prefix_actors.get(head[:-1])
                    if prefix is None and not left_ok:
                        # Agrarminister, Militärsprecherin: any noun prefix ("" marks it)
                        if not (e.data.compound and text[tok].isupper()):
                            continue
                        last_hit = found[-1] if found else None
                        if last_hit and last_hit.start <= tok and last_hit.end >= end:
                            continue  # inside a longer role word (Außenminister)
                        prefix = ""
                    prefix_start = tok
                elif not left_ok:
                    continue
                if tail:
                    if tail not in suffixes:
                        continue
                    suffix = tail
                elif tail is None:
                    continue
                else:
                    suffix = ""
                hit = new(Hit, (start, end + len(suffix), e, prefix, prefix_start, suffix))
                (speech if is_speech else found).append(hit)
        if self.acronyms:
            found.extend(self._acronyms(text))
        speech.sort(key=_START)
        return Scan(_select(found), cues, speech)

    def _acronyms(self, text: str) -> list[Hit]:
        """Whole-word acronyms, leftmost and then longest, not overlapping (what the
        regex ``(?<!\\w)(?:EU|US|…)(?!\\w)`` finds)."""
        n = len(text)
        best: dict[int, tuple[int, tuple[Entry, ...]]] = {}
        for last, (klen, entries) in self.acronym_automaton.iter(text):
            start = last - klen + 1
            if start and _is_word(text[start - 1]):
                continue
            if last + 1 < n and _is_word(text[last + 1]):
                continue
            if start not in best or klen > best[start][0]:
                best[start] = (klen, entries)
        out: list[Hit] = []
        reached = 0
        new = tuple.__new__
        for start in sorted(best):
            if start < reached:
                continue
            klen, entries = best[start]
            reached = start + klen
            for e in entries:
                out.append(new(Hit, (start, reached, e, None, start, "")))
        return out


_SPAN = itemgetter(0, 1)
_START = itemgetter(0)


def _is_word(ch: str) -> bool:
    """``\\w`` of a str regex."""
    return ch.isalnum() or ch == "_"


def _longest_first(h: Hit) -> tuple[int, int]:
    return h.start - h.end, h.start


def _select(hits: list[Hit]) -> list[Hit]:
    """Longest-leftmost non-overlapping hits; hits of one span keep all their entries.

    Hits only compete with hits they overlap, so the longest-first choice is made
    per cluster of overlapping spans; most clusters hold a single span.
    """
    hits.sort(key=_SPAN)  # stable: hits of one span stay in scan order
    keep: list[Hit] = []
    n = len(hits)
    i = 0
    while i < n:
        reach = hits[i].end
        j = i + 1
        while j < n and hits[j].start < reach:
            if hits[j].end > reach:
                reach = hits[j].end
            j += 1
        if j == i + 1:
            keep.append(hits[i])
        else:
            _select_cluster(hits[i:j], keep)
        i = j
    return keep


def _select_cluster(cluster: list[Hit], keep: list[Hit]) -> None:
    seen: set[tuple[int, int, int]] = set()
    first = cluster[0]
    if first.start == cluster[-1].start and first.end == cluster[-1].end:
        # one span (sorted by span, so first and last share it): one key's entries,
        # distinct by construction (acronyms are not keys of the main automaton)
        keep.extend(cluster)
        return
    spans: list[tuple[int, int]] = []
    chosen: list[Hit] = []
    for h in sorted(cluster, key=_longest_first):
        key = (h.start, h.end, id(h.entry))
        if key in seen:
            continue
        seen.add(key)
        span = (h.start, h.end)
        if span not in spans:
            if any(s < h.end and h.start < e for s, e in spans):
                continue
            spans.append(span)
        chosen.append(h)
    chosen.sort(key=_SPAN)
    keep.extend(chosen)
