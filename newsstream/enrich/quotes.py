"""Direct quotes in „…“, "…", »…«, «…», “…” and ‚…‘ with their speaker.

Attribution, first rule that finds someone wins:

1. a speech verb after the quote in its sentence, then the nearest actor named after
   it ("…", sagte Peskow / so der NATO-Chef / erklärte der Kreml-Sprecher), or a
   pronoun ("…", sagte er) resolved to the last person named before the quote;
2. a speech verb or colon before the quote in its sentence and a person named there
   ("Selenskyj sagte: „…“"), or any person named in the quote's sentence outside
   the quote ("Mit den Worten „…“ verwies Stoltenberg");
3. an organization (else a medium) named before the quote in its sentence when a
   speech verb is there too ("Die EU-Kommission drohte mit der „härtesten Antwort“");
4. the neighbouring sentence: the previous sentence's quote speaker, or the person
   named in the previous sentence when it carries a speech verb or ends in a colon,
   or else the organization named there with a speech verb.

A quotation that is exactly the name of an organization or medium („Denník N“) is a
title, not a quote.

An unnamed office holder ("sagte ein Sprecher des Ministeriums", and "der Sprecher"
after one) speaks for the organization of the complement, or for nobody; a
bracketed credit line ("(dpa)") never speaks.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from newsstream.enrich.actors import GOVERNING, ActorAcc, PersonRef
from newsstream.enrich.matcher import Hit
from newsstream.enrich.output import construct
from newsstream.enrich.text import Sentences, quotation_spans
from newsstream.events import Quote

_PRONOUN = re.compile(r"\b(er|sie)\b")
#: A sentence opened by a pronoun and a singular verb: "Er sprach von …", "Sie sagte:"
#: (not the plural "Sie sprachen").
_OPENING_PRONOUN = re.compile(r"(Er|Sie) (?=\w*[^n\W]\b)")
#: The start of a relative or dass-clause with no comma between it and the end of the
#: window: a name in it is not the subject of the sentence.
_RELATIVE_OPENER = re.compile(r", (?:der|die|das|den|dem|deren|dessen|denen|dass) [^,]*$")
#: Verb forms of reported speech (Konjunktiv I, and II where I looks like the
#: indicative): "Es sei „sehr wahrscheinlich“", "Es gehe um Zusagen „…“".
_REPORTED = re.compile(
    r"\b(?:sei|seien|habe|hätten|werde|würden|könne|könnten|müsse|müssten|solle|wolle"
    r"|dürfe|gebe|gehe|stehe|liege|bleibe|komme|fehle|brauche|trage|zeige)\b"
)
#: A preposition governing a name, then the article, adjectives and role nouns before
#: it: "in einem Brief an NATO-Generalsekretär Mark Rutte", "mit dem Kanzler Merz".
_GOVERNED = re.compile(
    rf"\b(?:{'|'.join(sorted(GOVERNING))})\s+"
    r"(?:(?:den|dem|die|der|des|einen|einem|einer)\s+)?"
    r"(?:[a-zäöüß]+(?:en|em|er|e)\s+){0,2}"
    r"(?:[A-ZÄÖÜ][\w\-]*\s+){0,2}$"
)
#: "der CDU-Politiker", "der für Infrastruktur zuständige Minister", "die frühere …"
_DET = re.compile(r"(der|die)\s+(?:[a-zäöüß-]+\s+){0,3}[A-ZÄÖÜ]")
_SPOKESPERSON = re.compile(r"[Ss]precher")
_AFTER_WINDOW = 90
#: How far after a speech verb its speaker's name may stand ("sagte Peskow am Montag in
#: Moskau"), and, after "der/die <role>", how far an apposition may put it ("sagte der
#: Kommandeur der Truppen im südlichen Frontabschnitt, General Olexander Tarnawskyj").
_AFTER_NAME_WINDOW = 60
_APPOSITION_WINDOW = 130
_CREDIT_GAP = re.compile(r"[\w /\-]*")
_START = attrgetter("start")
_new_ref = tuple.__new__


@dataclass(frozen=True, slots=True)
class Speaker:
    id: str
    name: str


#: An attribution to someone unnamed: the quote has a speaker, but no id to give.
_NOBODY = Speaker("", "")


def find_quotes(
    text: str,
    sents: Sentences,
    speech: list[Hit],
    person_refs: list[PersonRef],
    actors: dict[str, ActorAcc],
    anonymous_refs: list[PersonRef] | None = None,
    spans: list[tuple[int, int]] | None = None,
) -> tuple[Quote, ...]:
    """The quotes of ``text``; ``speech`` and ``person_refs`` sorted by start (as the
    scan and the resolver leave them); ``spans``: the text's quotation spans, when
    already found."""
    if spans is None:
        spans = quotation_spans(text)
    if not spans:
        return ()
    titles = _name_spans(actors)  # „Denník N“: a newspaper's name, not a quote
    spans = [(s, e) for s, e in spans if (s, e) not in titles and (s - 1, e + 1) not in titles]
    if not spans:
        return ()
    quotes: list[Quote] = []
    previous: dict[int, Speaker | None] = {}
    mask = _Mask(len(text), spans)
    quoted = mask.mask
    bracketed = "(" in text
    org_refs = sorted(
        (
            _new_ref(PersonRef, (s, e, acc.id))
            for acc in actors.values()
            if acc.type != "person"
            for s, e in acc.spans
            if not quoted[s] and not (bracketed and _bracketed(text, s))
        ),
        key=_START,
    )
    person_refs = [r for r in person_refs if not quoted[r.start]]
    if anonymous_refs:
        speaker_refs = sorted(
            person_refs + [r for r in anonymous_refs if not quoted[r.start]], key=_START
        )
    else:
        speaker_refs = person_refs
    speech = [v for v in speech if not quoted[v.start]]
    ref_starts = [r.start for r in speaker_refs]
    verb_starts = [v.start for v in speech]
    for start, end in spans:
        speaker = _attribute(
            text,
            sents,
            start,
            end,
            mask,
            speech,
            speaker_refs,
            person_refs,
            actors,
            org_refs,
            ref_starts,
            verb_starts,
        )
        first = sents.index(start)
        if speaker is None and first - 1 in previous:
            speaker = previous[first - 1]
        if speaker is None and first > 0:
            speaker = _from_previous_sentence(
                text, sents, first - 1, speech, speaker_refs, actors, org_refs
            )
        if speaker is None and first > 0:
            speaker = _reported_speaker(
                text, sents, first, previous, speech, speaker_refs, actors, org_refs
            )
        for s in range(first, sents.index(max(start, end - 1)) + 1):
            previous[s] = speaker or previous.get(s)
        named = speaker is not None and speaker is not _NOBODY
        quotes.append(
            construct(
                Quote,
                {
                    "speaker": speaker.name if named and speaker else None,
                    "speaker_id": speaker.id if named and speaker else None,
                    "text": text[start:end],
                    "start": start,
                    "end": end,
                },
            )
        )
    return tuple(quotes)


class _Mask:
    """Offsets inside a quote (marks included), for O(1) "is this quoted?" checks."""

    def __init__(self, n: int, spans: list[tuple[int, int]]) -> None:
        self.mask = bytearray(n + 2)
        for s, e in spans:
            lo = max(0, s - 1)
            self.mask[lo : e + 1] = b"\x01" * (e + 1 - lo)

    def __contains__(self, pos: int) -> bool:
        return bool(self.mask[pos])


def _attribute(
    text: str,
    sents: Sentences,
    start: int,
    end: int,
    mask: _Mask,
    speech: list[Hit],
    speaker_refs: list[PersonRef],
    person_refs: list[PersonRef],
    actors: dict[str, ActorAcc],
    org_refs: list[PersonRef],
    ref_starts: list[int],
    verb_starts: list[int],
) -> Speaker | None:
    """``speaker_refs`` and ``speech`` are sorted by start (``ref_starts``,
    ``verb_starts``): the refs and verbs of a span are a slice found by bisection."""
    s_start = sents.starts[sents.index(start)]
    s_end = sents.ends[sents.index(max(start, end - 1))]

    def described(word: str) -> str | None:
        """Who "er"/"sie" or "der/die <description>" before or after the verb is."""
        gender = "f" if word.lower() in ("sie", "die") else "m"
        return _antecedent(text, sents, person_refs, s_start, start, actors, gender)

    outside = speaker_refs[bisect_left(ref_starts, s_start) : bisect_left(ref_starts, s_end)]
    if outside and ", " in text[s_start:start]:
        outside = [r for r in outside if not _in_relative_clause(text, r, s_start, start)]
    verbs_after = speech[
        bisect_right(verb_starts, end) : bisect_right(verb_starts, min(s_end, end + _AFTER_WINDOW))
    ]
    if verbs_after:
        verb = verbs_after[0]
        after_verb = _skip_spaces(text, verb.end)
        pron = _PRONOUN.match(text, after_verb)
        if pron:  # "…", sagte er: whoever was speaking before this sentence's content
            pid = described(pron.group(1))
            if pid:
                return _speaker(pid, actors)
        det = _DET.match(text, after_verb)
        # "…", sagte der Kommandeur der Truppen im Süden, General Olexander Tarnawskyj
        window = _APPOSITION_WINDOW if det else _AFTER_NAME_WINDOW
        after = _subjects(
            text, [r for r in outside if r.start >= verb.end and r.start - verb.end <= window]
        )
        if after and _unnamed(after[0], actors):
            # an unnamed office holder whose name follows in apposition is that person
            named = next((r for r in after if not _unnamed(r, actors)), None)
            if named is not None and ", " in text[after[0].end : named.start]:
                after = [named]
            elif det and not _SPOKESPERSON.search(text, after[0].start, after[0].end):
                # "…", sagte der CDU-Vorsitzende / der SPD-Politiker: a description of
                # the person named before (a spokesperson is someone else)
                pid = described(det.group(1))
                if pid:
                    return _speaker(pid, actors)
        if after and (
            after[0].start - verb.end <= _AFTER_NAME_WINDOW
            or ", " in text[verb.end : after[0].start]
        ):
            return _speaker(after[0].actor_id, actors)
        before = _subjects(text, [r for r in outside if r.start < start and r.start >= s_start])
        if before:
            return _speaker(before[-1].actor_id, actors)
        if det:  # "…", sagte der CDU-Politiker: a description of the person named before
            pid = described(det.group(1))
            if pid:
                return _speaker(pid, actors)
        orgs = [r for r in org_refs if verb.end <= r.start < s_end]
        orgs.sort(key=lambda r: actors[r.actor_id].type == "country")
        if orgs:
            return _speaker(orgs[0].actor_id, actors)
    before = _subjects(
        text, _without_appositions(text, [r for r in outside if r.start < start], actors)
    )
    verbs_before = [v for v in speech if s_start <= v.start < start]
    if before:
        if verbs_before:
            # "Trump schrieb …, Selenskyj sei „…“": who speaks comes before the verb
            verb_at = verbs_before[-1].start
            speaking = [r for r in before if r.start < verb_at]
            if speaking:
                return _speaker(speaking[-1].actor_id, actors)
        if _colon_before(text, s_start, start):
            # "Trump zeigte sich enttäuscht von Putin: »…«": the clause's subject
            return _speaker(before[0].actor_id, actors)
        return _speaker(before[-1].actor_id, actors)
    if verbs_before and not any(s_start <= r.start < verbs_before[-1].start for r in org_refs):
        # "Nach dem Treffen sagte der Rechtsnationalist, die Lage sei »…«": the subject
        # after the verb (not the object: "Die EU verurteilte die Kampagne als „…“")
        det = _DET.match(text, _skip_spaces(text, verbs_before[-1].end))
        if det:
            pid = described(det.group(1))
            if pid:
                return _speaker(pid, actors)
    pronouns = [m for m in _PRONOUN.finditer(text, s_start, start) if m.start() not in mask]
    opening = _OPENING_PRONOUN.match(text, s_start)
    if opening is not None and opening.end() <= start:  # "Er sprach von „…“"
        pronouns.insert(0, opening)
    if pronouns and (verbs_before or _colon_before(text, s_start, start)):
        pid = described(pronouns[0].group(1))
        if pid:
            return _speaker(pid, actors)
    if outside:
        return _speaker(outside[0].actor_id, actors)
    if verbs_before or verbs_after or any(s_start <= v.start < s_end for v in speech):
        # an institution speaking: the first organization named before the quote
        orgs = [r for r in org_refs if s_start <= r.start < start]
        for r in orgs:
            if actors[r.actor_id].type == "organization":
                return _speaker(r.actor_id, actors)
        for r in orgs:  # a newspaper writing: "Die Zeitung „Denník N“ schrieb, …"
            if actors[r.actor_id].type == "media":
                return _speaker(r.actor_id, actors)
    return None


def _from_previous_sentence(
    text: str,
    sents: Sentences,
    idx: int,
    speech: list[Hit],
    person_refs: list[PersonRef],
    actors: dict[str, ActorAcc],
    org_refs: list[PersonRef],
) -> Speaker | None:
    """The person named in the previous sentence when it has a speech verb or ends in a
    colon; without a person, the organization speaking there ("Es gebe keine Beweise,
    erklärte das Außenministerium in Moskau. Deutschland betreibe „Propaganda“.")."""
    p_start, p_end = sents.span(idx)
    if any(p_start <= v.start < p_end for v in speech):
        return _named_in(p_start, p_end, person_refs, actors, org_refs)
    if text[p_start:p_end].rstrip().endswith(":"):
        return _named_in(p_start, p_end, person_refs, actors)
    return None


def _named_in(
    start: int,
    end: int,
    person_refs: list[PersonRef],
    actors: dict[str, ActorAcc],
    org_refs: Sequence[PersonRef] = (),
) -> Speaker | None:
    """The first person named in ``text[start:end]``, else the first organization
    (of ``org_refs``) named there."""
    for r in person_refs:
        if start <= r.start < end:
            return _speaker(r.actor_id, actors)
    for r in org_refs:
        if start <= r.start < end and actors[r.actor_id].type == "organization":
            return _speaker(r.actor_id, actors)
    return None


def _reported_speaker(
    text: str,
    sents: Sentences,
    first: int,
    previous: dict[int, Speaker | None],
    speech: list[Hit],
    person_refs: list[PersonRef],
    actors: dict[str, ActorAcc],
    org_refs: list[PersonRef],
) -> Speaker | None:
    """A quote in reported speech continues the speaker before it: "Die Leiterin …,
    Danielle Bell, widersprach. Es sei „sehr wahrscheinlich“, …" (the person of the
    sentence before), or, across up to two more sentences of reported speech without
    a speaker of their own, the speaker of the sentence that began it ("„…“, sagte
    Stoltenberg. Putin habe … erreicht, was er gewollt habe. „Er wollte …“")."""
    s_start, s_end = sents.span(first)
    if _REPORTED.search(text, s_start, s_end):
        # a person, else an organization ("Das Ministerium wies das zurück. Die Bilder
        # seien „…“")
        named = _named_in(*sents.span(first - 1), person_refs, actors, org_refs)
        if named is not None:
            return named
    k = first - 1
    while k > 0 and first - k <= 2 and _REPORTED.search(text, *sents.span(k)):
        k_start, k_end = sents.span(k)
        if any(k_start <= v.start < k_end for v in speech):
            return None  # a speech verb of its own: not a continuation
        k -= 1
        speaker = previous.get(k)
        if speaker is None:
            speaker = _from_previous_sentence(text, sents, k, speech, person_refs, actors, org_refs)
        if speaker is not None:
            return speaker
    return None


def _name_spans(actors: dict[str, ActorAcc]) -> set[tuple[int, int]]:
    """Where organizations and media are named: a quotation that is exactly one of
    these is a title („Denník N“, „Bild“), and the name stays free to speak."""
    return {span for acc in actors.values() if acc.type != "person" for span in acc.spans}


def _subjects(text: str, refs: list[PersonRef]) -> list[PersonRef]:
    """``refs`` without the persons a preposition governs (the addressee of "in einem
    Brief an NATO-Generalsekretär Mark Rutte … „…“ verlangt"), unless that leaves none."""
    if len(refs) < 2:
        return refs
    kept = [r for r in refs if not _governed(text, r)]
    return kept or refs


def _governed(text: str, ref: PersonRef) -> bool:
    """Whether a preposition governs the person at ``ref`` ("mit Mark Rutte")."""
    return _GOVERNED.search(text, max(0, ref.start - 60), ref.start) is not None


def _in_relative_clause(text: str, ref: PersonRef, s_start: int, quote_start: int) -> bool:
    """Whether ``ref`` stands in a relative clause closed before the quote: "Die Partei
    Georgischer Traum, die der Milliardär X gegründet hat, wirft … vor, „…“" (the
    party speaks, not X)."""
    if ref.start >= quote_start:
        return False
    opener = _RELATIVE_OPENER.search(text, max(s_start, ref.start - 80), ref.start)
    if opener is None:
        return False
    return "," in text[ref.end : quote_start]


def _without_appositions(
    text: str, refs: list[PersonRef], actors: dict[str, ActorAcc]
) -> list[PersonRef]:
    """``refs`` without the unnamed offices in apposition to a person named right before
    them, after a comma ("Dmitri Medwedew, heute Vizechef des Sicherheitsrats"): the
    office describes that person, who speaks."""
    kept: list[PersonRef] = []
    for r in refs:
        if (
            kept
            and _unnamed(r, actors)
            and not _unnamed(kept[-1], actors)
            and text[kept[-1].end : r.start].split(" ", 1)[0].strip() == ","
        ):
            continue
        kept.append(r)
    return kept


def _unnamed(ref: PersonRef, actors: dict[str, ActorAcc]) -> bool:
    """An unnamed office holder: no id, or the organization it speaks for."""
    return not ref.actor_id or actors[ref.actor_id].type != "person"


def _colon_before(text: str, s_start: int, start: int) -> bool:
    """Whether a colon introduces the quote that opens at ``start`` (its mark before it):
    "Er sagte: „…“"."""
    return text[s_start : start - 1].rstrip().endswith(":")


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _antecedent(
    text: str,
    sents: Sentences,
    refs: list[PersonRef],
    s_start: int,
    pos: int,
    actors: dict[str, ActorAcc],
    gender: str,
) -> str | None:
    """The person a speaker pronoun or description ("sagte er", "Er sagte: „…“", "sagte
    der CDU-Vorsitzende") refers to: of the last sentence before the quote's sentence
    that names one of its gender not governed by a preposition, the first such (the
    subject: Trump, not Rutte, in "sagte Trump bei einem Treffen mit Mark Rutte"; Merz in
    "Merz will … sowie Mark Rutte empfangen"); else the last one named before the
    sentence, else the last one before the quote.  Persons named in the sentence before
    the quote are what is reported ("Trump habe dem Kreml ein „Ultimatum“ gestellt,
    schrieb er"), not the speaker."""
    eligible = [
        r
        for r in refs
        if r.start < s_start
        and actors[r.actor_id].gender in (None, gender)
        and not _governed(text, r)
    ]
    if eligible:
        k = sents.index(eligible[-1].start)
        k_start = sents.starts[k]
        return next(r.actor_id for r in eligible if r.start >= k_start)
    return _last_person(refs, s_start, actors, gender) or _last_person(refs, pos, actors, gender)


def _last_person(
    refs: list[PersonRef], pos: int, actors: dict[str, ActorAcc], gender: str
) -> str | None:
    for r in reversed(refs):
        if r.start < pos:
            g = actors[r.actor_id].gender
            if g is None or g == gender:
                return r.actor_id
    return None


def _speaker(actor_id: str, actors: dict[str, ActorAcc]) -> Speaker:
    if not actor_id:
        return _NOBODY
    return Speaker(actor_id, actors[actor_id].name)


def _bracketed(text: str, pos: int) -> bool:
    """A credit or source in brackets: "(dpa)", "(Reuters/AFP)"."""
    i = text.rfind("(", max(0, pos - 40), pos)
    return i >= 0 and _CREDIT_GAP.fullmatch(text, i + 1, pos) is not None
