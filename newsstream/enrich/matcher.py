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

import re
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

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
}


@dataclass(frozen=True, slots=True)
class Entry:
    kind: Kind
    target: str  # actor/place/theme id, role word, institution id, ...
    upper: bool = False  # first letter must be upper case in the text
    exact: str | None = None  # the text must equal this (short acronyms)
    inside: bool = False  # may start inside a word (compound tail)
    data: Any = None  # kind-specific payload


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    entry: Entry
    prefix: str | None = None  # actor id named by a compound prefix (NATO-Chef)
    prefix_start: int = 0  # where the compound word (prefix included) starts
    suffix: str = ""


#: A theme cue stem seen in the text: (start, end, (theme index, cue index, stem index)).
Cue = tuple[int, int, tuple[int, int, int]]


@dataclass(frozen=True, slots=True)
class Scan:
    hits: list[Hit]
    cues: list[Cue]
    speech: list[Hit]


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


class Matcher:
    """The compiled automaton; build once, scan many texts (read-only, thread-safe)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        table: dict[str, list[Entry]] = {}
        self.prefix_actors: dict[str, str] = {}

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
                for ending in ("e", "en", "er", "es", "em"):
                    add(c.adjective + ending, Entry(Kind.ADJ, c.id))
            for dem in c.demonyms:
                add(dem, Entry(Kind.DEMONYM, c.id, True, data=dem.endswith("in")))
        for o in a.organizations:
            for alias in (o.name, *o.aliases):
                add(alias, actor_entry(alias, o.id, (o.type, False)))
                self.prefix_actors.setdefault(alias.lower(), o.id)
            for noun in o.coref:
                add(noun, Entry(Kind.COREF, o.id, True))
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
        for noun in lex.tie_nouns:
            add(noun, Entry(Kind.TIE, noun, True))
        for verb in lex.speech_verbs:
            add(verb, Entry(Kind.SPEECH, verb))
        for pl in kb.places.places:
            for alias in (pl.name, *pl.aliases):
                add(alias, Entry(Kind.PLACE, pl.id, alias[:1].isupper(), data=pl))
        for ti, theme in enumerate(kb.themes.themes):
            for ci, cue in enumerate(theme.cues):
                for si, stem in enumerate(cue.stems):
                    inside = stem.startswith("~")
                    add(
                        stem.lstrip("~"),
                        Entry(Kind.CUE, theme.id, inside=inside, data=(ti, ci, si)),
                    )
        # Short exact-case acronyms (US, EU, UN, AP) would match inside most German words
        # in the lowercased text; one case-sensitive regex finds them far faster.
        self.acronyms: dict[str, tuple[Entry, ...]] = {}
        for key in [k for k, es in table.items() if len(k) <= 3 and all(e.exact for e in es)]:
            for e in table.pop(key):
                assert e.exact is not None
                self.acronyms.setdefault(e.exact, ())
                self.acronyms[e.exact] += (e,)
        alternatives = "|".join(sorted(map(re.escape, self.acronyms), key=len, reverse=True))
        self.acronym_re = re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])")
        self.automaton: Any = ahocorasick.Automaton()
        for key, entries in table.items():
            cue_start = tuple(e.data for e in entries if e.kind is Kind.CUE and not e.inside)
            cue_inside = tuple(e.data for e in entries if e.kind is Kind.CUE and e.inside)
            others = tuple(e for e in entries if e.kind is not Kind.CUE)
            inside = any(e.inside for e in others)
            self.automaton.add_word(key, (len(key), cue_start, cue_inside, others, inside))
        self.automaton.make_automaton()
        self.keys = len(table) + len(self.acronyms)

    def scan(self, text: str, lower: str) -> Scan:
        """All hits in ``text``: entity-like hits, theme cue hits, speech verbs."""
        hits: list[Hit] = []
        cues: list[Cue] = []
        speech: list[Hit] = []
        n = len(text)
        for last, (klen, cue_start, cue_inside, entries, inside) in self.automaton.iter(lower):
            start = last - klen + 1
            end = last + 1
            left_ok = start == 0 or not lower[start - 1].isalnum()
            for data in cue_inside:
                cues.append((start, end, data))
            if left_ok:
                for data in cue_start:
                    cues.append((start, end, data))
            elif not inside:
                continue
            for e in entries:
                if e.upper and left_ok and not text[start].isupper():
                    continue
                if e.exact is not None and text[start:end] != e.exact:
                    continue
                prefix: str | None = None
                prefix_start = start
                if e.inside and (not left_ok or (start > 0 and lower[start - 1] == "-")):
                    # a role noun as compound tail: NATO-Chef, Kremlsprecher, US-Präsident
                    tok = start
                    while tok > 0 and (lower[tok - 1].isalnum() or lower[tok - 1] in "-."):
                        tok -= 1
                    prefix = self.prefix_actors.get(lower[tok:start].rstrip("-"))
                    if prefix is None and not left_ok:
                        continue
                    prefix_start = tok
                elif not left_ok:
                    continue
                suffix = ""
                if end < n and _is_letter(text[end]):
                    for suf in _SUFFIXES[e.kind]:
                        stop = end + len(suf)
                        if lower.startswith(suf, end) and (stop >= n or not _is_letter(text[stop])):
                            suffix = suf
                            break
                    else:
                        continue
                hit = Hit(start, end + len(suffix), e, prefix, prefix_start, suffix)
                (speech if e.kind is Kind.SPEECH else hits).append(hit)
        for m in self.acronym_re.finditer(text):
            for e in self.acronyms[m.group(0)]:
                hits.append(Hit(m.start(), m.end(), e, None, m.start(), ""))
        cues.sort()
        speech.sort(key=lambda h: h.start)
        return Scan(_select(hits, n), cues, speech)


def _select(hits: list[Hit], n: int) -> list[Hit]:
    """Longest-leftmost non-overlapping hits; hits of one span keep all their entries."""
    occupied = bytearray(n + 1)
    spans: set[tuple[int, int]] = set()
    seen: set[tuple[int, int, int]] = set()
    keep: list[Hit] = []
    for h in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        span = (h.start, h.end)
        key = (h.start, h.end, id(h.entry))
        if key in seen:
            continue
        seen.add(key)
        if span in spans:
            keep.append(h)
            continue
        if any(occupied[h.start : h.end]):
            continue
        occupied[h.start : h.end] = b"\x01" * (h.end - h.start)
        spans.add(span)
        keep.append(h)
    keep.sort(key=lambda h: (h.start, h.end))
    return keep
