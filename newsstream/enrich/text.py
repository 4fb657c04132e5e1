"""Text primitives: length-preserving lowercasing, sentence spans, word look-around."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) when the
# next non-space character starts a new sentence; paragraphs always end one.  Written
# as one character class first so the regex engine can skip to candidate characters.
_BOUNDARY = re.compile(
    r"[.!?…\n](?:(?<=[.!?…])[\"“”»«’)\]]*(?=\s+[\"„“»«‚(\[]?[A-ZÄÖÜ0-9])|(?<=\n)\s*\n|(?<=\n))"
)
_ABBREVIATIONS = frozenset(
    [
        "st",
        "dr",
        "prof",
        "nr",
        "ca",
        "bzw",
        "vgl",
        "z.b",
        "u.a",
        "d.h",
        "usw",
        "etc",
        "mio",
        "mrd",
        "jh",
        "abs",
        "art",
        "gen",
        "ggf",
        "inkl",
        "max",
        "min",
        "sog",
        "v.a",
        "u.s",
        "evtl",
        "zzt",
    ]
)
_WORD = re.compile(r"[^\W\d_][\w\-’']*")
#: A word (letters, digits, dots) read backwards from a position of the reversed text.
_REVERSED_WORD = re.compile(r"(?:[^\W_]|\.)*")


#: A quotation in any of the marks German text uses: „…“ »…« «…» “…” "…" ‚…‘.
_QUOTE = re.compile(
    r"„(?P<a>[^„“”\"]{1,3000}?)[“”\"]"
    r"|»(?P<b>[^»«]{1,3000}?)«"
    r"|«(?P<c>[^»«]{1,3000}?)»"
    r"|“(?P<d>[^“”]{1,3000}?)”"
    r"|\"(?P<e>[^\"]{1,3000}?)\""
    r"|‚(?P<f>[^‚‘’]{1,600}?)[‘’](?!\w)"
)


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """The spans inside the quotation marks of every quotation with a word in it (not
    „ “ or "..."), in text order."""
    spans: list[tuple[int, int]] = []
    for m in _QUOTE.finditer(text):
        group = m.lastgroup  # the one alternative that matched
        assert group is not None
        start, end = m.start(group), m.end(group)
        if any(ch.isalnum() for ch in text[start:end]):
            spans.append((start, end))
    return spans


def lower_preserving(text: str) -> str:
    """``text.lower()`` with the same length as ``text`` (so offsets carry over)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(frozen=True, slots=True)
class Sentences:
    """Sentence spans of one text; ``index(pos)`` finds the sentence holding ``pos``."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    #: sentence index of every character offset (one list lookup instead of a bisect)
    by_offset: list[int]

    def index(self, pos: int) -> int:
        if 0 <= pos < len(self.by_offset):
            return self.by_offset[pos]
        return max(0, bisect_right(self.starts, pos) - 1)

    def span(self, i: int) -> tuple[int, int]:
        return self.starts[i], self.ends[i]

    def sentence(self, i: int) -> str:
        return self.text[self.starts[i] : self.ends[i]]

    def __len__(self) -> int:
        return len(self.starts)


def split_sentences(text: str) -> Sentences:
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    n = len(text)
    reversed_text = ""
    for m in _BOUNDARY.finditer(text):
        mark = m.group(0)
        end = m.end() if mark.strip() else m.start()
        dot = m.start()
        if mark[0] == "." and (dot < 5 or not text[dot - 5 : dot].isalpha()):
            # (five letters before the dot: a word longer than any abbreviation)
            if not reversed_text:
                reversed_text = text[::-1]
            back = _REVERSED_WORD.match(reversed_text, n - dot)
            word = back.group(0)[::-1].strip(".") if back else ""
            if word.lower() in _ABBREVIATIONS or len(word) == 1 or word.isdigit():
                continue
        while pos < end and text[pos].isspace():
            pos += 1
        stop = end
        while stop > pos and text[stop - 1].isspace():
            stop -= 1
        if stop > pos:
            starts.append(pos)
            ends.append(stop)
        pos = m.end()
    _add(text, pos, n, starts, ends)
    if not starts:
        starts, ends = [0], [n]
    by_offset = [0] * starts[0]
    last = len(starts) - 1
    for i in range(last):
        by_offset += [i] * (starts[i + 1] - starts[i])
    by_offset += [last] * (n - starts[last])
    return Sentences(text, tuple(starts), tuple(ends), by_offset)


def _add(text: str, start: int, end: int, starts: list[int], ends: list[int]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        starts.append(start)
        ends.append(end)


def word_before(text: str, pos: int) -> tuple[str, int]:
    """The word ending before ``pos`` (skipping spaces) and its start offset."""
    end = pos
    while end > 0 and text[end - 1] == " ":
        end -= 1
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-’'"):
        start -= 1
    return text[start:end], start


def word_after(text: str, pos: int) -> tuple[str, int]:
    """The word starting after ``pos`` (skipping spaces) and its end offset."""
    start = pos
    n = len(text)
    while start < n and text[start] == " ":
        start += 1
    m = _WORD.match(text, start)
    if not m:
        return "", start
    return m.group(0), m.end()


#: A relative clause up to its next comma (or the sentence's end): ", der zum Gipfel
#: gereist war".
_RELATIVE_CLAUSE = re.compile(r", (?:der|die|dem|den|dessen|deren) [^,;:]*")


#: A relative clause on a point in time, to its sentence's end, with the time's noun
#: phrase: the time of something else ("am selben Tag, an dem die EU-Staaten ein
#: Sanktionspaket billigten", "fällt in eine Woche, in der Unterhändler über eine
#: Waffenruhe sprechen", "begannen einen Tag, nachdem Scholz die Lieferung angekündigt
#: hatte").
_TIME_CLAUSE = re.compile(
    r"\b(?:Tag|Tage|Tagen|Woche|Wochen|Zeit|Zeitpunkt|Moment|Nacht|Monat|Monaten|Stunden)"
    r"\b[^,.;:]{0,40}, (?:(?:an|in|bei|während|zu) (?:dem|der|denen)|nachdem|bevor) [^;:.!?]*"
    # "…, sagte er, bevor er zum NATO-Gipfel weiterreiste"
    r"|, (?:bevor|nachdem) (?:er|sie) [^;:.!?]*"
)


#: A noun phrase: a determiner, lowercase attributes and the first capitalized word,
#: with the capitalized words and numbers that continue a name ("den Ostseepipelines
#: Nord Stream 1").
_NP = (
    r"(?:de[mnrs]|die|das|einem|einer|eines)\s+(?:[a-zäöüß][\w-]*\s+)*?[A-ZÄÖÜ][\w-]*"
    r"(?:\s+(?:[A-ZÄÖÜ][\w-]*|\d+)\b)*"
)
#: A point in time given by another event, with the event's noun phrase and its
#: attachments: "Zwei Tage nach der schweren Explosion auf der Brücke zur Krim",
#: "knapp zwei Wochen nach den Explosionen an den Ostseepipelines Nord Stream".
_NAME = r"[A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*)*"
_ATTACHED = (
    r"(?:\s+(?:auf|an|in|im|zur|zum|von|vom|bei|gegen|über|aus|des|der|eines|einer)\s+"
    rf"(?:{_NP}|{_NAME}))*"
)
_TIME_AFTER_EVENT = re.compile(
    r"\b(?:Tag|Tage|Tagen|Woche|Wochen|Monat|Monate|Monaten|Jahr|Jahre|Jahren|Stunden)"
    rf"\s+(?:nach|vor)\s+{_NP}{_ATTACHED}"
)


def time_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the relative clauses on a point in time in ``text[start:end]``,
    with that time's noun phrase ("die Tage der Gespräche in Istanbul, bei denen …"),
    and of points in time given by another event ("zwei Tage nach der Explosion auf der
    Brücke"): they give the time of the sentence's subject, not its topic."""
    return [m.span() for m in _TIME_CLAUSE.finditer(text, start, end)] + [
        m.span() for m in _TIME_AFTER_EVENT.finditer(text, start, end)
    ]


#: A genitive attribute's opening right before a name: "ein Gesetzentwurf des
#: Republikaners Lindsey Graham, der …" (the relative clause may be the bill's).
_GENITIVE_BEFORE = re.compile(r"\b(?:des|eines)\s+(?:[\w-]+\s+){0,2}$")


def in_genitive_attribute(text: str, start: int) -> bool:
    """Whether the name at ``start`` is in a genitive attribute of another noun."""
    return _GENITIVE_BEFORE.search(text, max(0, start - 50), start) is not None


def person_relative_clauses(
    text: str, start: int, end: int, person_spans: dict[int, int]
) -> list[tuple[int, int]]:
    """The spans of the relative clauses in ``text[start:end]`` that describe a person
    named right before them: "Selenskyj, der zum G7-Gipfel nach Hiroshima gereist war,"
    (``person_spans``: where the person mentions end -> where they start); not after a
    person in a genitive attribute, where the clause may be the noun's."""
    return [
        m.span()
        for m in _RELATIVE_CLAUSE.finditer(text, start, end)
        if m.start() in person_spans and not in_genitive_attribute(text, person_spans[m.start()])
    ]


#: What separates the items of an enumeration ("A, B und C").
_LIST_SEPARATOR = re.compile(r", | (?:und|oder|sowie) ")  # literal spaces: a fast scan
_CONJUNCTIONS = frozenset(["und", "oder", "sowie"])
#: The most words an item between two separators has (a noun phrase: "40
#: Schützenpanzer vom Typ Marder"); longer, it is a clause.
_ITEM_WORDS = 6
#: The most words of the item that the first and the last segment of a list hold
#: (the segments also hold the rest of the sentence).
_EDGE_ITEM_WORDS = 6
#: Lowercase words inside a noun phrase: articles and prepositions (adjectives are
#: told by their endings).
_NP_WORDS = frozenset([
    "der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem",
    "einen", "beim", "im", "vom", "zum", "zur", "am", "von", "für", "mit", "aus", "gegen",
    "über", "unter", "vor", "nach", "bei", "sowie",
])  # fmt: skip
_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")


def enumeration_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The item spans of the enumerations of three or more items in ``text[start:end]``:
    "Artilleriemunition, Luftabwehrsysteme und weitere Waffen".  An item between two
    separators is a noun phrase of at most six words whose last word is capitalized
    (a clause, "die Lage sei ernst", ends otherwise); so is the end of the first item;
    every separator of a list but the last is a comma and the last is und/oder/sowie.
    The first and the last item are the last and the first words of the segments
    around the list."""
    seps = [m.span() for m in _LIST_SEPARATOR.finditer(text, start, end)]
    if len(seps) < 2:
        return []
    segments = [
        (seps[k - 1][1] if k else start, seps[k][0] if k < len(seps) else end)
        for k in range(len(seps) + 1)
    ]

    def is_item(seg: tuple[int, int]) -> bool:
        words = text[seg[0] : seg[1]].split()
        return 0 < len(words) <= _ITEM_WORDS and words[-1][:1].isupper()

    def ends_noun(seg: tuple[int, int]) -> bool:
        words = text[seg[0] : seg[1]].split()
        return bool(words) and (words[-1][:1].isupper() or words[-1][:1].isdigit())

    def is_comma(k: int) -> bool:
        return text[seps[k][0]] == ","

    items: list[tuple[int, int]] = []
    k = 1
    while k < len(segments) - 1:
        if not is_item(segments[k]) or not is_comma(k - 1) or not ends_noun(segments[k - 1]):
            k += 1
            continue
        # a run of items after a comma; the separator after the run's last is und/oder
        j = k
        while j + 1 < len(segments) - 1 and is_comma(j) and is_item(segments[j + 1]):
            j += 1
        if text[seps[j][0] : seps[j][1]].strip() in _CONJUNCTIONS:
            first = segments[k - 1]
            items.append(_edge(text, first, from_end=True))
            items.extend(segments[k : j + 1])
            items.append(_edge(text, segments[j + 1], from_end=False))
        k = j + 1
    return items


def _edge(text: str, seg: tuple[int, int], *, from_end: bool) -> tuple[int, int]:
    """The item at the end (or start) of ``seg``: the words of a noun phrase next to
    the separator (capitalized words, articles, prepositions, words with adjective
    endings), at most six; the first word is always taken."""
    words = list(re.finditer(r"\S+", text[seg[0] : seg[1]]))
    if not words:
        return seg
    ordered = list(reversed(words)) if from_end else words
    taken = [ordered[0]]
    for w in ordered[1:_EDGE_ITEM_WORDS]:
        word = w.group(0).strip('.,;:!?„“"»«()')
        if not (
            word[:1].isupper()
            or word[:1].isdigit()
            or word in _NP_WORDS
            or word.endswith(_ADJECTIVE_ENDINGS)
        ):
            break
        taken.append(w)
    if from_end:
        return seg[0] + taken[-1].start(), seg[1]
    return seg[0], seg[0] + taken[-1].end()
