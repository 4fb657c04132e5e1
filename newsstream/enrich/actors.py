"""Actor resolution: from automaton hits to actors with coreference, roles and places.

Rules, in the order a reader meets them in an article:

* an alias names its actor (inflected: Selenskyjs, Russlands, des Kremls, NATO-Staaten);
* a capital stands for its country's government unless it is a place ("Kiew fordert"
  vs. "in Kiew", "Kiew-Besuch", the dateline); places are collected separately;
* a country adjective counts for the country when it ties an actor ("der französische
  Präsident", "die russische Armee"), and with an institution noun makes an
  organization (``russia-foreign-ministry``);
* a role noun next to a name gives that person the role; alone ("der NATO-Chef",
  "der Kreml-Sprecher") it is resolved to the person named earlier who holds it, or
  to the knowledge base's holder on the article's date;
* "der Norweger", "der 64-Jährige" refer to the last person of that country/gender;
* unknown persons come from names right after role nouns or speech verbs;
* unknown organizations from names right after a class noun ("die Partei Hlas", "der
  Energieversorger Energocom", "die Zeitung „Denník N“") that are quoted, carry a
  bracketed acronym, or are no common German word ("habe die Partei Stimmen verloren").
"""

from __future__ import annotations

import re
from bisect import insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from operator import attrgetter
from typing import NamedTuple

from newsstream.enrich.compiled import CompiledKB, DateRange, RoleRec, role_valid, roles_valid
from newsstream.enrich.matcher import Entry, Hit, Kind
from newsstream.enrich.text import Sentences, quotation_spans, word_after, word_before
from newsstream.events import ActorType
from newsstream.knowledge import Institution, OrgClass, Place, RoleWord, slugify

#: A name-like word: "Syrskyj", "Kosiniak-Kamysz", "O'Sullivan".
_NAME_TOKEN = re.compile(r"[^\W\d_][^\W\d_’'\-]*(?:['’][^\W\d_]+)?(?:-[^\W\d_][^\W\d_]*)?")
_NOUN_ENDINGS = (
    "ung", "heit", "keit", "schaft", "tion", "ismus", "ität", "ium", "nis", "tum",
    "ment", "enz", "anz", "ungen", "ierung", "chen", "lein", "isten", "ern",
)  # fmt: skip
_SPEECH_FOR_NAMES = frozenset(
    [
        "sagte",
        "sagt",
        "erklärte",
        "erklärt",
        "betonte",
        "betont",
        "warnte",
        "warnt",
        "schrieb",
        "ergänzte",
        "meinte",
        "kritisierte",
        "so",
        "bekräftigte",
        "unterstrich",
    ]
)
_AFTER_SINGLE_NAME = frozenset(
    [
        "am",
        "im",
        "in",
        "bei",
        "auf",
        "gegenüber",
        "laut",
        "zufolge",
        "der",
        "dem",
        "den",
        "zu",
        "vor",
        "nach",
        "zuvor",
    ]
)
_AGE = re.compile(r"\b((?i:der|die|dem|den|des))\s+\d{1,3}-[Jj]ährigen?\b")
_APPOSITION_GAP = re.compile(r"[\s,]*")
_ADJ_GAP = re.compile(r"\s+(?:[a-zäöüß]+\s+)?")
#: A dateline opening the text: one or more places ("Wien/New York", "Kiew, Warschau"),
#: an optional credit in brackets, then a dash.
_PLACE_NAME = r"[A-ZÄÖÜ][\w.’'\-]*(?: [A-ZÄÖÜ][\w.’'\-]*){0,3}"
_DATELINE = re.compile(
    rf"\s*{_PLACE_NAME}(?:\s*[/,]\s*{_PLACE_NAME})*\s*(?:\([^()\n]{{1,40}}\)\s*)?[–—-]\s"
)
#: Compound tails that make a party name a member's description (SPD-Politiker).
_MEMBER_NOUNS = (
    "politiker", "politikerin", "abgeordnete", "abgeordneter", "abgeordneten", "experte",
    "expertin", "mitglied", "parlamentarier", "parlamentarierin", "anhänger", "anhängerin",
    "mann", "frau", "kandidat", "kandidatin", "linke", "rechte",
)  # fmt: skip
#: Adjectives before a role noun that make it an office held before.
_FORMER = frozenset(["frühere", "früheren", "ehemalige", "ehemaligen", "einstige", "einstigen"])
_INDEFINITE = frozenset(["ein", "eine", "einer", "eines", "einem", "einen"])
_ORG_KINDS = (Kind.ACTOR, Kind.INSTITUTION, Kind.COREF)
_GENITIVE_OPENERS = (" der ", " des ", " eines ", " einer ", " von ", " vom ")
#: What may follow a role noun before an apposition in commas: its complement
#: ("Der Präsident der Agentur, Klaus Meier,", "Die Koordinatorin für humanitäre Hilfe,
#: Denise Brown,") or a place ("Der Mehrheitsführer im Senat, Chuck Schumer,").
_APPOSITION_OPENERS = (*_GENITIVE_OPENERS, " im ", " in ", " für ")
#: The rest of a genitive complement up to the comma that opens an apposition (with a
#: bracketed acronym: "des Bundesamts für … (BSI), Claudia Plattner,").
_COMPLEMENT_TO_COMMA = re.compile(r"(?:[^,.;:!?„“”\"»«()\n]|\([^()\n]{1,12}\)){1,80}?, ")
_NAME_CLOSE = re.compile(r"\s*(?:[,(;:.!?]|$)|\s+[a-zäöüß]")
_CAPITALIZED_NEXT = re.compile(r" [A-ZÄÖÜ]")
_SMALL_WORDS = frozenset(["der", "des", "die", "dem", "den", "von", "im", "in", "am"])
#: A word of an organization's name: letters and digits, hyphens inside (APT28, Hlas-SD).
_ORG_TOKEN = re.compile(r"[^\W_][^\W_’'&\-]*(?:[’'&\-][^\W_]+)*")
#: A name in quotation marks right after the class noun: die Zeitung „Denník N“.
_QUOTED_NAME = re.compile(r" [„\"»‚]([^“”\"«‘„»\n]{2,60})[“”\"«‘]")
#: An acronym in brackets after a name: Progressive Slowakei (PS).
_BRACKET_ACRONYM = re.compile(r" \(([A-ZÄÖÜ][\w\-]{1,11})\)")
#: Small words inside a long name that has a bracketed acronym (Recht und Gerechtigkeit).
_NAME_CONNECTORS = frozenset(["und", "für", "ohne", "der", "des", "of", "for", "the", "de"])
#: What separates the names after a plural class noun (die Parteien Hlas und SNS).
_NAME_LIST = re.compile(r"(?:,| und| sowie)(?= )")
_PLURAL_ENDINGS = frozenset(["e", "en", "n"])
#: The articles before a weak nominative adjective ("das Nationale …").
_ARTICLES = frozenset(["die", "das", "der"])
_WEAK_ADJECTIVE = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:ische|ale|ene|te|re|le|ne|che|ige)")
#: After "Aus <capital>": the words that make the capital the government speaking.
#: A role's genitive or für-complement, then a comma before the person it describes:
#: " der oppositionellen Partei Smer, " (no other comma, no sentence end).
_COMPLEMENT_THEN_NAME = re.compile(r" (?:der|des|für) [^,.;:!?„“\"»«]+, ")
_COMPLEMENT_REACH = 80
_VOICE_FROM = re.compile(r"\s+(?:hieß es|hiess es|verlautete|kam |kamen )")
#: Quotation marks around a title: „Die Welt“, »Die Welt«, "Die Welt".
_QUOTE_MARKS = "„»\"‚“«‘’'"
#: After "im <seat of government>": words that make the seat the government speaking.
_SEAT_VOICE = re.compile(
    r"\s+(?:hieß es|hiess es|heißt es|verlautete|(?:gab|gibt|zeigte|zeigt|gebe) man"
    r"|(?:sagte|sagt|hält|hielt|ist|war|sieht|sah|befürchtet|fürchtet) man)"
)
#: A preposition opening a sentence before the place that sets its scene.
_SCENE_OPENER = re.compile(r"(?:In|Aus) ")
_UN_NAMED = re.compile(r"\b(?:UN|UNO|Uno)\b|Vereinten? Nationen")
#: Articles before a name in the nominative (or a form spelt like it).
_NOMINATIVE_DETERMINERS = frozenset(["die", "das", "der", "den", "dem"])
_LEADING_SMALL_WORDS = _SMALL_WORDS | _NOMINATIVE_DETERMINERS


@dataclass(slots=True)
class ActorAcc:
    id: str
    name: str
    type: ActorType
    known: bool
    first: int
    gender: str | None = None
    aliases: dict[str, None] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)
    roles: dict[str, None] = field(default_factory=dict)
    #: role nouns the text gave this person (lowercase base, no hyphens) -> role kinds
    titles: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class PlaceAcc:
    id: str
    name: str
    country_id: str | None
    first: int
    spans: list[tuple[int, int]] = field(default_factory=list)


class PersonRef(NamedTuple):
    """A mention of a person (or, for quotes, an organization); a tuple, built with
    ``_new_ref`` (``tuple.__new__``) where many are made."""

    start: int
    end: int
    actor_id: str


_tuple_new = tuple.__new__
_START = attrgetter("start")


@dataclass(frozen=True, slots=True)
class _Anonymous:
    """An unnamed office holder ("ein Sprecher des Ministeriums") and the text offset
    of the organization its complement names (None when it names none)."""

    start: int
    end: int
    title: str
    org_start: int | None


class ActorResolver:
    """Resolves one article; create per article (cheap), read ``actors``/``places``."""

    def __init__(
        self, ckb: CompiledKB, text: str, sents: Sentences, when: DateRange | None
    ) -> None:
        self.ckb = ckb
        self.text = text
        self.sents = sents
        self.when = when
        self.actors: dict[str, ActorAcc] = {}
        self.places: dict[str, PlaceAcc] = {}
        self.person_refs: list[PersonRef] = []
        #: unnamed speakers ("ein Sprecher des Ministeriums", then "der Sprecher"):
        #: actor_id is the organization they speak for, or "" for none
        self.anonymous_refs: list[PersonRef] = []
        self._anonymous: list[_Anonymous] = []
        self._consumed: set[int] = set()
        #: role hit start -> the unknown person named in apposition after its complement
        self._apposed: dict[int, Hit] = {}
        #: role word hits by start
        self._role_at: dict[int, Hit] = {}
        self._surname_hits: dict[int, Hit] = {}
        self._absorbed: set[int] = set()
        self._name_parts: set[int] = set()
        #: (start, country) of the country adjectives, in text order
        self._adjectives: list[tuple[int, str]] = []
        self._quotes: list[tuple[int, int]] | None = None  # quotation spans, when needed
        self._valid_roles: dict[str, tuple[RoleRec, ...]] = {}
        dateline = _DATELINE.match(text)
        self._dateline_end = dateline.end() if dateline else 0

    # --- bookkeeping -------------------------------------------------------------------
    def add(
        self, actor_id: str, start: int, end: int, surface: str | None = None, *, alias: bool = True
    ) -> None:
        acc = self.actors.get(actor_id)
        if acc is None:
            acc = self._new_acc(actor_id, start)
            if acc is None:
                return
            self.actors[actor_id] = acc
        acc.spans.append((start, end))
        if alias:
            acc.aliases[surface if surface is not None else self.text[start:end]] = None
        if acc.type == "person":
            self.person_refs.append(_tuple_new(PersonRef, (start, end, actor_id)))

    def _new_acc(self, actor_id: str, start: int) -> ActorAcc | None:
        info = self.ckb.actor_info.get(actor_id)
        if info is None:
            return None
        return ActorAcc(actor_id, info[0], info[1], True, start, info[2])

    def valid_roles(self, pid: str) -> tuple[RoleRec, ...]:
        """The knowledge-base roles of ``pid`` held on the article's date (cached)."""
        roles = self._valid_roles.get(pid)
        if roles is None:
            roles = self._valid_roles[pid] = roles_valid(
                self.ckb.person_roles.get(pid, ()), self.when
            )
        return roles

    def add_unknown(
        self,
        name: str,
        start: int,
        end: int,
        gender: str | None,
        actor_type: ActorType = "person",
    ) -> str:
        actor_id = f"unknown:{slugify(name)}"
        if actor_id not in self.actors:
            self.actors[actor_id] = ActorAcc(actor_id, name, actor_type, False, start, gender)
        self.add(actor_id, start, end)
        return actor_id

    def add_place(
        self, place_id: str, name: str, country: str | None, start: int, end: int
    ) -> None:
        acc = self.places.get(place_id)
        if acc is None:
            acc = self.places[place_id] = PlaceAcc(place_id, name, country, start)
        acc.spans.append((start, end))

    # --- the pass over all hits --------------------------------------------------------
    def run(self, hits: list[Hit], speech: list[Hit]) -> None:
        groups = self._with_unknown_persons(hits, speech)
        coref: list[list[Hit]] = []
        consumed = self._consumed
        actors, text, parties, refs = self.actors, self.text, self.ckb.parties, self.person_refs
        seats, ambiguous = self.ckb.seats, self.ckb.ambiguous
        actor_kind = Kind.ACTOR
        for i, group in enumerate(groups):
            if i in consumed:
                continue
            h = group[0]
            if len(group) == 1:
                kind = h.entry.kind
                if kind is actor_kind:  # the common case, inlined: self._actor(group)
                    actor_id = h.entry.target
                    if (
                        actor_id.startswith("unknown:")
                        or actor_id in parties  # a member? (_party_member)
                        or actor_id in seats  # a place? (_seat_as_place)
                        or actor_id in ambiguous  # a common phrase? (_common_phrase)
                    ):
                        self._actor(group)
                        continue
                    start, end, suffix = h.start, h.end, h.suffix
                    surface = text[start : end - len(suffix)]
                    if h.entry.data[1] and actor_id not in actors:  # a surname alone
                        actor_id = self._named_before(surface, actor_id)
                    acc = actors.get(actor_id)
                    if acc is None:
                        acc = self._new_acc(actor_id, start)
                        if acc is None:
                            continue
                        actors[actor_id] = acc
                    acc.spans.append((start, end))
                    acc.aliases[surface] = None
                    if acc.type == "person":
                        refs.append(_tuple_new(PersonRef, (start, end, actor_id)))
                    continue
                kinds: set[Kind] | tuple[Kind] = (kind,)
            else:
                kinds = {g.entry.kind for g in group}
            if Kind.ACTOR in kinds:
                self._actor([g for g in group if g.entry.kind is Kind.ACTOR])
            elif Kind.CAPITAL in kinds:
                self._capital(h, groups, i)
            elif Kind.ROLE in kinds:
                self._role(h, groups, i)
            elif Kind.ADJ in kinds:
                self._adjective(h, groups, i)
            elif Kind.INSTITUTION in kinds:
                inst = next(g for g in group if g.entry.kind is Kind.INSTITUTION)
                if not self._institution(inst, groups, i, None):
                    # no country next to it: a word that also refers back to an
                    # international body ("der Sicherheitsrat", often the UN's), or the
                    # national context
                    nouns = [g for g in group if g.entry.kind is Kind.COREF]
                    if nouns and (self._coref_target(nouns) is not None or self._mentions_un()):
                        coref.append(nouns)
                    else:
                        country = self._country_context(h.start)
                        if country is not None:
                            self._institution(inst, groups, i, country)
            elif Kind.DEMONYM in kinds:
                self._demonym(h)
            elif Kind.PLACE in kinds:
                pl: Place = h.entry.data
                self.add_place(pl.id, pl.name, pl.country, h.start, h.end)
            elif Kind.COREF in kinds:
                coref.append([g for g in group if g.entry.kind is Kind.COREF])
        for candidates in coref:
            target = self._coref_target(candidates)
            if target is not None:
                h = candidates[0]
                self.add(target, h.start, h.end)
        self.person_refs.sort(key=_START)
        if "ährig" in self.text:
            self._age_mentions()
        if self._anonymous:
            self._resolve_anonymous()

    def _mentions_un(self) -> bool:
        """Whether the text names the United Nations in any form (UN-, Uno, Vereinte
        Nationen): then a bare "Sicherheitsrat" is not taken for a national one."""
        return _UN_NAMED.search(self.text) is not None

    def _coref_target(self, candidates: list[Hit]) -> str | None:
        """The organization a noun such as "das Bündnis" or "die Union" refers to: one
        named in the article (or, for ``coref_after``, one of its named relatives); of
        several, the one named last before the noun."""
        actors = self.actors
        pos = candidates[0].start
        best: str | None = None
        best_at = -2
        for h in candidates:
            named = [h.entry.target, *(h.entry.data or ())]
            spans = [s for a in named if a in actors for s, _ in actors[a].spans]
            if not spans:
                continue
            at = max((s for s in spans if s < pos), default=-1)
            if at > best_at:
                best, best_at = h.entry.target, at
        return best

    def _age_mentions(self) -> None:
        """ "der 64-Jährige": the last person of that gender named as a subject before."""
        quoted = bytearray(len(self.text) + 1)
        for start, end in self.quotation_spans:
            quoted[start:end] = b"\x01" * (end - start)
        for m in _AGE.finditer(self.text):
            gender = "f" if m.group(1).lower() == "die" else "m"
            pid = self._last_person(m.start(), gender=gender, quoted=quoted)
            if pid:
                self.add(pid, m.start(), m.end())
                insort(self.person_refs, self.person_refs.pop(), key=_START)

    def _resolve_anonymous(self) -> None:
        org_at: dict[int, str] = {}
        for acc in self.actors.values():
            if acc.type == "organization":
                for start, _ in acc.spans:
                    org_at.setdefault(start, acc.id)
        self.anonymous_refs = [
            PersonRef(a.start, a.end, org_at.get(a.org_start, "") if a.org_start else "")
            for a in self._anonymous
        ]

    def _actor(self, group: list[Hit]) -> None:
        h = group[0]
        if len(group) == 1:
            actor_id = h.entry.target
        else:  # the first already in the article, else the first holding a role
            actors = self.actors
            for g in group:
                if g.entry.target in actors:
                    actor_id = g.entry.target
                    break
            else:
                actor_id = h.entry.target
                for g in group:
                    if self._holds_any_role(g.entry.target):
                        actor_id = g.entry.target
                        break
        surface = self.text[h.start : h.end - len(h.suffix)]
        if actor_id.startswith("unknown:"):
            data = h.entry.data
            self.add_unknown(data[2], h.start, h.end, data[3], data[0])
        elif (actor_id in self.ckb.seats and self._seat_as_place(h)) or (
            actor_id in self.ckb.ambiguous and self._common_phrase(h, actor_id, surface)
        ):
            return  # a place ("im Kanzleramt") or a common phrase ("Die Welt muss …")
        elif actor_id not in self.ckb.parties or not self._party_member(h, surface):
            self.add(actor_id, h.start, h.end, surface)

    def _common_phrase(self, h: Hit, actor_id: str, surface: str) -> bool:
        """An organization whose name is a common phrase, named by that name without
        quotation marks around it or capitals: "Die Welt muss handeln", „Die Welt muss
        handeln“ (not „Die Welt“, WELT)."""
        if surface.isupper() or surface.lower() != self.ckb.ambiguous[actor_id].lower():
            return False
        text = self.text
        quoted = (
            h.start > 0
            and text[h.start - 1] in _QUOTE_MARKS
            and text[h.end : h.end + 1] in tuple(_QUOTE_MARKS)
        )
        return not quoted

    def _seat_as_place(self, h: Hit) -> bool:
        """A seat of government as the place where something happens ("unterzeichneten
        das Dokument im Kanzleramt", "ein Treffen … im Weißen Haus"), not the government
        acting or speaking ("Im Kreml hieß es", "Der Kreml wies zurück")."""
        det, det_start = word_before(self.text, h.start)
        if det[:1].isupper() and det.endswith("er"):  # "im Berliner Kanzleramt"
            det, _ = word_before(self.text, det_start)
        return det in ("im", "Im") and not _SEAT_VOICE.match(self.text, h.end)

    def _named_before(self, surname: str, actor_id: str) -> str:
        """A surname alone is the person of that surname named in full before ("Mike
        Johnson …, sagte Johnson"), else the knowledge base's ``actor_id``."""
        for acc in self.actors.values():
            if acc.type == "person" and acc.name.endswith(" " + surname):
                return acc.id
        return actor_id

    def _party_member(self, h: Hit, surface: str) -> bool:
        """A party name describing a member, not the party acting: "der SPD-Politiker",
        "die FDP-Verteidigungsexpertin", "kritisierte der Republikaner" (one person)."""
        text = self.text
        if text.startswith("-", h.end):
            tail, _ = word_after(text, h.end + 1)
            return tail.lower().endswith(_MEMBER_NOUNS)
        if surface.endswith("er") and not surface.isupper():
            det, det_start = word_before(self.text, h.start)
            if h.suffix == "s":  # "des Republikaners Lindsey Graham": one member
                return det in ("des", "Des")
            if not h.suffix and det in ("der", "dem", "Der", "Dem"):
                prev, _ = word_before(self.text, det_start)
                return not prev[:1].isupper()
        return False

    def _holds_any_role(self, pid: str) -> bool:
        return bool(self.valid_roles(pid))

    def _capital(self, h: Hit, groups: list[list[Hit]], i: int) -> None:
        country = h.entry.target
        name, government = h.entry.data
        prev, _ = word_before(self.text, h.start)
        after = self.text[h.end : h.end + 2]
        dateline = h.end < self._dateline_end
        place = (
            not government
            or dateline
            or prev.lower() in self.ckb.location_prepositions
            or prev.endswith(("stadt", "Stadt"))
            or after.startswith("-")
        )
        if place and prev.lower() == "aus" and _VOICE_FROM.match(self.text, h.end):
            place = False  # "Aus Vilnius hieß es", "Aus Washington kam Kritik": who speaks
        if place:
            self.add_place(self.ckb.capital_places[country], name, country, h.start, h.end)
        else:
            self.add(country, h.start, h.end, self.text[h.start : h.end])

    def _adjective(self, h: Hit, groups: list[list[Hit]], i: int) -> None:
        if i + 1 >= len(groups):
            return
        nxt = groups[i + 1]
        if self.text[h.end - 1] == "-" and nxt[0].start == h.end:
            # "der norwegisch-finnische Hersteller": both adjectives tie the noun
            if nxt[0].entry.kind is Kind.ADJ and i + 2 < len(groups):
                tied = groups[i + 2]
                if _ADJ_GAP.fullmatch(self.text[nxt[0].end : tied[0].prefix_start]) and {
                    g.entry.kind for g in tied
                } & {Kind.ROLE, Kind.TIE, Kind.ACTOR, Kind.INSTITUTION, Kind.ORG_CLASS}:
                    self.add(h.entry.target, h.start, h.end)
            return
        # (a compound's start: "der finnische Netzbetreiber")
        if not _ADJ_GAP.fullmatch(self.text[h.end : nxt[0].prefix_start]):
            return
        country = h.entry.target
        kinds = {g.entry.kind for g in nxt}
        if Kind.INSTITUTION in kinds:
            self.add(country, h.start, h.end)
            inst = next(g for g in nxt if g.entry.kind is Kind.INSTITUTION)
            self._institution(inst, groups, i + 1, country)
            self._consumed.add(i + 1)
        elif kinds & {Kind.ROLE, Kind.TIE, Kind.ACTOR, Kind.ORG_CLASS}:
            if Kind.ACTOR in kinds and nxt[0].entry.data[0] == "country":
                return
            self.add(country, h.start, h.end)

    def _institution(self, h: Hit, groups: list[list[Hit]], i: int, country: str | None) -> bool:
        """The institution of ``country`` (or of the country the text gives it); False
        when no country is found."""
        inst: Institution = h.entry.data
        if country is None:
            country = self._country_around(h, groups, i)
            if country is None:
                country = self._country_implied(h, groups, i)
                if country is None:
                    return False
                if not inst.org:
                    return True
            else:
                self.add(country, h.start, h.end, alias=False)
        if inst.org:
            self._institution_org(inst, country, h.start, h.end)
        return True

    def _institution_org(
        self, inst: Institution, country: str, start: int, end: int, *, derive: bool = True
    ) -> None:
        """``inst`` of ``country`` at ``start:end``: the knowledge base's body, else (with
        ``derive``) the organization ``<country>-<institution>``."""
        kb_org = self.ckb.institution_orgs.get((country, inst.id))
        if kb_org is not None:
            self.add(kb_org, start, end)
            return
        if not derive:
            return
        org_id = f"{country}-{inst.id}"
        acc = self.actors.get(org_id)
        if acc is None:
            cname = self.ckb.countries[country].name
            acc = ActorAcc(org_id, f"{inst.label} ({cname})", "organization", True, start)
            self.actors[org_id] = acc
        acc.spans.append((start, end))
        acc.aliases[self.text[start:end]] = None

    def _country_context(self, pos: int) -> str | None:
        """The country a bare institution noun at ``pos`` belongs to when the text names
        none next to it: that of the last actor named before it in its sentence (a
        country, a person or organization of the knowledge base with a country: "Die
        schwedische Marine und die Luftwaffe"), else a country adjective before it there
        ("Auf amerikanischer Seite … vom Außenministerium"); else the dateline's when it names one
        place and the text names an actor of that country ("Helsinki – … Orpo … im
        Parlament"; not "Brüssel – " over a NATO story); else that of the last actor
        named in the sentence before ("Putin … Er wies das Verteidigungsministerium
        an")."""
        dateline: str | None = None
        if self._dateline_end:
            places = [p for p in self.places.values() if p.first < self._dateline_end]
            if len(places) == 1:
                dateline = places[0].country_id
        s_idx = self.sents.index(pos)
        s_start = self.sents.starts[s_idx]
        low = self.sents.starts[max(0, s_idx - 1)]
        best: str | None = None
        best_at = -1
        dateline_named = False
        named_before = False  # any actor named in its sentence before it
        for acc in self.actors.values():
            if not named_before:
                named_before = any(s_start <= a < pos for a, _ in acc.spans)
            country = self._country_of(acc)
            if country is None:
                continue
            if country == dateline:
                dateline_named = True  # the dateline's country is a party to the story
            for start, _ in acc.spans:
                if best_at < start < pos and start >= low:
                    best, best_at = country, start
        if best is not None and best_at >= s_start:
            return best  # named before it in its own sentence
        for start, country in reversed(self._adjectives):
            if start < s_start:
                break
            # "Auf amerikanischer Seite saßen … vom Außenministerium"; not in a quote
            if start < pos and not self._in_quote(start):
                return country
        # a sentence opened by a place sets the scene: "In Moskau sagte Peskow … Das
        # Verteidigungsministerium" in a story datelined Charkiw is Russia's; it carries
        # into the next sentence unless that names someone else first ("Dodon rief zu
        # Protesten vor dem Parlament auf")
        scene = self._scene_country(s_idx)
        if scene is None and s_idx and not named_before:
            scene = self._scene_country(s_idx - 1)
        if scene is not None:
            return scene
        if dateline_named:
            return dateline
        return best

    def _scene_country(self, s_idx: int) -> str | None:
        """The country of the place that opens sentence ``s_idx`` ("In Moskau", "Aus
        Kiew"), if one does."""
        start = self.sents.starts[s_idx]
        m = _SCENE_OPENER.match(self.text, start)
        if m is None:
            return None
        at = m.end()
        for place in self.places.values():
            if place.country_id is not None and any(a == at for a, _ in place.spans):
                return place.country_id
        return None

    def _add_prefix(self, h: Hit) -> None:
        """The actor a role compound's prefix names ("Kremlsprecher" -> Kreml,
        "Unionsfraktionschef" -> CDU/CSU without the linking -s); after a hyphen only a
        name that is no hit of its own ("Wagner-Chef" -> the Wagner group, whose name
        alone is no alias; "NATO-Chef" has NATO already)."""
        end = h.start
        if self.text[end - 1] == "-":
            # NATO-Chef: NATO is a hit of its own (or a party member, Grünen-Abgeordnete)
            if self.text[h.prefix_start : end - 1].lower() not in self.ckb.matcher.prefix_only:
                return
            end -= 1
        elif self.text[end - 1] == "s":
            prefixes = self.ckb.matcher.prefix_actors
            if self.text[h.prefix_start : end].lower() not in prefixes:
                end -= 1
        if h.prefix:
            self.add(h.prefix, h.prefix_start, end)

    @property
    def quotation_spans(self) -> list[tuple[int, int]]:
        """The text's quotations (found once per article, also for the quote finder)."""
        if self._quotes is None:
            self._quotes = quotation_spans(self.text)
        return self._quotes

    def _in_quote(self, pos: int) -> bool:
        return any(start <= pos < end for start, end in self.quotation_spans)

    def _country_of(self, acc: ActorAcc) -> str | None:
        """The country of an actor: itself, or a KB person's or organization's country."""
        if acc.type == "country":
            return acc.id
        if acc.type == "person":
            person = self.ckb.persons.get(acc.id)
            return person.country if person is not None else None
        org = self.ckb.organizations.get(acc.id)
        return org.country if org is not None else None

    def _country_around(self, h: Hit, groups: list[list[Hit]], i: int) -> str | None:
        if i > 0:
            prev = groups[i - 1][0]
            if prev.entry.kind is Kind.ACTOR and prev.entry.data[0] == "country":
                gap = self.text[prev.end : h.start]
                if (prev.suffix == "s" and not gap.strip()) or gap == "-":
                    return prev.entry.target  # Russlands Außenministerium, US-Streitkräfte
        if i + 1 < len(groups):
            nxt = groups[i + 1][0]
            gap = self.text[h.end : nxt.start].strip().lower()
            if gap == "in" and nxt.entry.kind is Kind.CAPITAL:
                return nxt.entry.target
            if gap in ("im", "in") and nxt.entry.kind is Kind.ACTOR:
                # "des Nationalen Sicherheitsrats im Weißen Haus": a seat of government
                seat = self.ckb.organizations.get(nxt.entry.target)
                if seat is not None and seat.kind == "government" and seat.country:
                    return seat.country
            is_country = nxt.entry.kind is Kind.ACTOR and nxt.entry.data[0] == "country"
            if gap in ("der", "des") and is_country:
                return nxt.entry.target
        return None

    def _country_implied(self, h: Hit, groups: list[list[Hit]], i: int) -> str | None:
        """The country of a bare institution noun that the text implies: the person in
        apposition ("des Außenministeriums, Maria Sacharowa") or a locative opening the
        sentence ("In Moskau sagte der Sprecher des Außenministeriums")."""
        if i + 1 < len(groups):
            nxt = groups[i + 1]
            if _APPOSITION_GAP.fullmatch(self.text[h.end : nxt[0].start]):
                for g in nxt:
                    p = self.ckb.persons.get(g.entry.target)
                    if g.entry.kind is Kind.ACTOR and p is not None and p.country:
                        return p.country
        s_start = self.sents.starts[self.sents.index(h.start)]
        k = i - 1
        while k >= 0 and groups[k][0].start >= s_start:
            g = groups[k][0]
            if g.entry.kind is Kind.CAPITAL and g.start - s_start <= 4:
                opener = self.text[s_start : g.start].strip().lower()
                if opener in ("in", "aus"):
                    return g.entry.target
            k -= 1
        return None

    def _demonym(self, h: Hit) -> None:
        det, _ = word_before(self.text, h.start)
        det = det.lower()
        female: bool = h.entry.data
        plural = h.suffix in ("n", "en", "nen") or (det in ("die", "den") and not female)
        if female and h.suffix == "nen":
            plural = True
        if plural:
            if det in ("die", "den", "der"):
                self.add(h.entry.target, h.start, h.end)
            return
        if det not in ("der", "dem", "des", "die"):
            return
        pid = self._last_person(h.start, country=h.entry.target, gender="f" if female else "m")
        if pid:
            self.add(pid, h.start, h.end)

    # --- roles ---------------------------------------------------------------------------
    def _role(self, h: Hit, groups: list[list[Hit]], i: int) -> None:
        rw: RoleWord = next(g.entry.data for g in groups[i] if g.entry.kind is Kind.ROLE)
        det, _ = word_before(self.text, h.prefix_start)
        det_l = det.lower()
        if det_l in ("und", "oder", "-") or self.text[h.end : h.end + 1] == "-":
            return
        if (det_l in ("die", "den") and h.suffix in ("n", "en", "innen")) or (
            det_l == "der" and h.suffix == "s"
        ):
            return  # plural: "der NATO-Außenminister" / "die Präsidenten"
        if rw.of is not None and rw.of in self.ckb.organizations:
            of: str | None = rw.of  # EU-Kommissionspräsidentin: of the Commission
        else:
            of = h.prefix or self._role_of_before(h, groups, i) or rw.of
        named_org = self.ckb.role_orgs.get(rw.word)
        if named_org is not None:  # Kremlchef names the Kremlin
            self.add(named_org, h.start, h.end)
        gender = _role_gender(rw, h.suffix, det_l)
        title = _title(self.text, h)
        org_start: int | None = None
        # a name right after the role noun (apposition allowed)
        j = i + 1
        if j < len(groups):
            nxt = groups[j]
            gap = self.text[h.end : nxt[0].start]
            person = [g for g in nxt if g.entry.kind is Kind.ACTOR and g.entry.data[0] == "person"]
            if person and _APPOSITION_GAP.fullmatch(gap):
                self._attach_after(h, groups, j, rw, of, gender, title)
                return
            # "Sprecher des russischen Außenministeriums Maria Sacharowa", "Chef der NATO"
            k = j
            while k < len(groups) and self._is_genitive_part(groups[k], h, k, groups):
                entry = groups[k][0].entry
                if of is None and (
                    entry.kind is Kind.ACTOR
                    or (entry.kind is Kind.COREF and entry.target in self.actors)
                ):
                    of = entry.target
                if org_start is None and entry.kind in _ORG_KINDS:
                    org_start = groups[k][0].start
                k += 1
            apposed = self._apposed.get(h.start)
            if apposed is not None:
                k = next((x for x in range(j, len(groups)) if groups[x][0] is apposed), k)
                if k < len(groups) and groups[k][0] is apposed:
                    self._attach_after(h, groups, k, rw, of, gender, title)
                    return
            if k > j and k < len(groups):
                nk = groups[k]
                is_person = any(
                    g.entry.kind is Kind.ACTOR and g.entry.data[0] == "person" for g in nk
                )
                gap = self.text[groups[k - 1][0].end : nk[0].start]
                if is_person and _APPOSITION_GAP.fullmatch(gap):
                    self._attach_after(h, groups, k, rw, of, gender, title)
                    return
            # "Der Chef der oppositionellen Partei Smer, Robert Fico, …": a longer
            # complement, then the person in commas
            k = j
            while k < len(groups) and groups[k][0].start - h.end <= _COMPLEMENT_REACH:
                nk = groups[k]
                if any(g.entry.kind is Kind.ACTOR and g.entry.data[0] == "person" for g in nk):
                    if _COMPLEMENT_THEN_NAME.fullmatch(self.text, h.end, nk[0].start):
                        self._attach_after(h, groups, k, rw, of, gender, title)
                        return
                    break
                k += 1
        if rw.names_only:
            return
        if org_start is None and h.prefix:
            org_start = h.prefix_start  # ein Kremlsprecher: speaks for the Kremlin
        elif org_start is None and named_org is not None:
            org_start = h.start
        if det_l in _INDEFINITE:  # "ein Sprecher des Ministeriums": someone new, unnamed
            self._anonymous.append(_Anonymous(h.prefix_start, h.end, title, org_start))
            pid = None
        elif det_l in _FORMER:  # "der frühere Regierungschef": who held it before
            pid = self._former_holder(h.start, rw.kinds, of)
        else:
            pid = self._resolve_role(h.start, rw.kinds, of, gender, title, generic=h.prefix == "")
            anon = self._anonymous_before(h.start, title, pid)
            if anon is not None:  # "der Sprecher" after "ein Sprecher": the unnamed one
                self._anonymous.append(_Anonymous(h.prefix_start, h.end, title, anon.org_start))
                pid = None
            elif pid is None:  # "die Sprecherin des Ministeriums", nobody known: unnamed
                self._anonymous.append(_Anonymous(h.prefix_start, h.end, title, org_start))
        if pid:
            self.add(pid, h.prefix_start, h.end)
            self._give_role(pid, rw, of)
            self.actors[pid].titles.setdefault(title, rw.kinds)
            self._institution_compound(h, rw, pid)
        if h.prefix and h.prefix_start < h.start:
            self._add_prefix(h)  # Kremlsprecher -> Kreml

    def _anonymous_before(self, pos: int, title: str, pid: str | None) -> _Anonymous | None:
        """The unnamed office holder a definite role noun refers back to: the latest one
        with that title introduced after the last mention of the person ``pid``."""
        if not self._anonymous:
            return None
        last = -1
        if pid is not None:
            last = max(
                (r.start for r in self.person_refs if r.actor_id == pid and r.start < pos),
                default=-1,
            )
        for a in reversed(self._anonymous):
            if a.start < pos and _title_refers(a.title, title):
                return a if a.start > last else None
        return None

    def _is_genitive_part(
        self, group: list[Hit], role: Hit, k: int, groups: list[list[Hit]]
    ) -> bool:
        prev_end = groups[k - 1][0].end
        words = self.text[prev_end : group[0].start].split()
        if len(words) > 2 or any(w.lower().strip(",") not in _SMALL_WORDS for w in words):
            return False
        if group[0].start - role.end > 60:
            return False
        return group[0].entry.kind in (
            Kind.ACTOR,
            Kind.COREF,
            Kind.ADJ,
            Kind.INSTITUTION,
        ) and not any(g.entry.kind is Kind.ACTOR and g.entry.data[0] == "person" for g in group)

    def _attach_after(
        self,
        h: Hit,
        groups: list[list[Hit]],
        j: int,
        rw: RoleWord,
        of: str | None,
        gender: str | None,
        title: str,
    ) -> None:
        target = [g for g in groups[j] if g.entry.kind is Kind.ACTOR]
        self._actor(target)
        self._consumed.add(j)
        pid = self.person_refs[-1].actor_id if self.person_refs else None
        if pid:
            self._give_role(pid, rw, of)
            acc = self.actors[pid]
            acc.gender = acc.gender or gender
            acc.titles.setdefault(title, rw.kinds)
        if h.prefix and h.prefix_start < h.start:
            self._add_prefix(h)
        else:
            self._institution_compound(h, rw, pid)

    def _institution_compound(self, h: Hit, rw: RoleWord, pid: str | None) -> None:
        """A role compound on an institution noun ("Außenamtssprecherin Maria Sacharowa",
        "Verteidigungsministeriumssprecher"): that institution of the person's country
        (or of the national context)."""
        if h.prefix == "":
            word = self.text[h.prefix_start : h.start].rstrip("-").lower()
            inst = self.ckb.institution_words.get(word)
        elif h.prefix is None:
            inst = self.ckb.role_institutions.get(rw.word)
        else:
            return
        if inst is None or not inst.org or not inst.compounds:
            return
        person = self.ckb.persons.get(pid) if pid else None
        country = person.country if person is not None else None
        if country is None:
            country = self._country_context(h.prefix_start)
        if country is not None:  # only a body the knowledge base holds, not a derived id
            self._institution_org(inst, country, h.prefix_start, h.start, derive=False)

    def _role_of_before(self, h: Hit, groups: list[list[Hit]], i: int) -> str | None:
        if i == 0:
            return None
        prev = groups[i - 1][0]
        gap = self.text[prev.end : h.prefix_start]
        if prev.entry.kind is Kind.ADJ and _ADJ_GAP.fullmatch(gap):
            return prev.entry.target
        genitive = prev.entry.kind is Kind.ACTOR and prev.suffix == "s" and not gap.strip()
        if genitive and prev.entry.data[0] in ("country", "organization"):
            return prev.entry.target
        return None

    def _give_role(self, pid: str, rw: RoleWord, of: str | None) -> None:
        acc = self.actors.get(pid)
        if acc is None:
            return
        roles = self.ckb.person_roles.get(pid)
        if roles:
            kinds = rw.kinds
            for r in self.valid_roles(pid):
                if r[0] in kinds and (of is None or r[1] == of):
                    acc.roles[r[2]] = None
                    return
            if of is not None and of == rw.of:  # Bundeskanzler Nehammer: Austria's office
                for r in self.valid_roles(pid):
                    if r[0] in kinds:
                        acc.roles[r[2]] = None
                        return
            for r in roles:
                if r[0] in kinds and (of is None or r[1] == of):
                    acc.roles[r[2]] = None
                    return
        acc.roles[f"{rw.kinds[0]}:{of}" if of else rw.kinds[0]] = None

    def _resolve_role(
        self,
        pos: int,
        kinds: tuple[str, ...],
        of: str | None,
        gender: str | None,
        title: str,
        *,
        generic: bool = False,
    ) -> str | None:
        """The person a role-only mention ("der Kanzler", "die Ministerin") refers to:
        the latest person of that gender introduced with the same title (Bundeskanzler
        -> Kanzler), else the latest holding the role, else the knowledge base's holder
        on the article's date.  A compound with a generic prefix (Bahnchef) only
        refers back by title."""
        before = [r.actor_id for r in reversed(self.person_refs) if r.start < pos]
        actors = self.actors
        seen = [
            pid
            for pid in dict.fromkeys(before)
            if gender is None or actors[pid].gender in (None, gender)
        ]
        for pid in seen:
            if _same_title(actors[pid].titles, title, kinds):
                return pid
        if generic:
            return None
        for pid in seen:
            if self._person_has_role(pid, kinds, of):
                return pid
        if of is not None and self.when is not None:
            for kind in kinds:
                for pid, r in self.ckb.holders.get((kind, of), ()):
                    if role_valid(r, self.when) and (
                        gender is None or self.ckb.persons[pid].gender in (None, gender)
                    ):
                        return pid
        return None

    def _former_holder(self, pos: int, kinds: tuple[str, ...], of: str | None) -> str | None:
        """The latest person named before ``pos`` who held the role before the article's
        date ("Oppositionsführer Andrej Babiš. Der frühere Regierungschef …")."""
        if self.when is None:
            return None
        first = self.when[0]
        for r in reversed(self.person_refs):
            if r.start >= pos:
                continue
            for kind, role_of, _, _, end in self.ckb.person_roles.get(r.actor_id, ()):
                if kind in kinds and (of is None or role_of == of) and end and end < first:
                    return r.actor_id
        return None

    def _person_has_role(self, pid: str, kinds: tuple[str, ...], of: str | None) -> bool:
        for r in self.valid_roles(pid):
            if r[0] in kinds and (of is None or r[1] == of):
                return True
        acc = self.actors.get(pid)
        if acc is None:
            return False
        for role in acc.roles:
            kind, _, role_of = role.partition(":")
            if kind in kinds and (of is None or not role_of or role_of == of):
                return True
        return False

    def _last_person(
        self,
        pos: int,
        *,
        country: str | None = None,
        gender: str | None = None,
        quoted: bytearray | None = None,
    ) -> str | None:
        """The latest person named before ``pos``.  Given the ``quoted`` offsets, only a
        subject: not one named inside a quotation or after a preposition ("„… Putin …“,
        fügte der 67-Jährige hinzu", "nach einem Gespräch mit Kickl. „…“, sagte der
        80-Jährige")."""
        for ref in reversed(self.person_refs):
            if ref.start >= pos:
                continue
            if quoted is not None and (
                quoted[ref.start] or word_before(self.text, ref.start)[0].lower() in GOVERNING
            ):
                continue
            acc = self.actors[ref.actor_id]
            if gender and acc.gender and acc.gender != gender:
                continue
            if country:
                p = self.ckb.persons.get(ref.actor_id)
                if p is None or p.country != country:
                    continue
            return ref.actor_id
        return None

    # --- unknown persons ---------------------------------------------------------------
    def _with_unknown_persons(self, hits: list[Hit], speech: list[Hit]) -> list[list[Hit]]:
        """Adds the unknown persons to ``hits``; returns the hits grouped by span."""
        occupied = bytearray(len(self.text) + 1)
        #: knowledge-base persons matched by surname alone, by start
        surname_hits = self._surname_hits
        roles: list[Hit] = []
        classes: list[Hit] = []
        #: starts of country adjectives and class nouns, which may be part of an
        #: organization's name ("Deutsche Umwelthilfe", "Bundesverband der …")
        name_parts = self._name_parts
        #: capitalized adjectives that may open an organization's name
        name_adjectives: list[Hit] = []
        #: knowledge-base persons named in full -> where that mention ends
        full_names: dict[str, int] = {}
        capitals_before_names: list[Hit] = []
        text = self.text
        actor_kind, role_kind, class_kind = Kind.ACTOR, Kind.ROLE, Kind.ORG_CLASS
        groups: list[list[Hit]] = []
        group: list[Hit] = []
        last_start = last_end = -1
        for h in hits:
            start, end, entry = h.start, h.end, h.entry
            if start == last_start and end == last_end:
                group.append(h)
            else:
                group = [h]
                groups.append(group)
                last_start, last_end = start, end
                occupied[start:end] = b"\x01" * (end - start)
            kind = entry.kind
            if kind is role_kind:
                roles.append(h)
            elif kind is actor_kind and h.entry.data[0] == "person":
                if h.entry.data[1]:
                    surname_hits[h.start] = h
                elif h.entry.target not in full_names:
                    full_names[h.entry.target] = end
            elif kind is class_kind:
                classes.append(h)
                name_parts.add(h.prefix_start)  # Bundesverband: the compound's start
            elif kind is Kind.ADJ:
                name_parts.add(start)
                self._adjectives.append((start, entry.target))
                if text[start].isupper():
                    name_adjectives.append(h)
            elif kind is Kind.NAME_ADJ:
                name_parts.add(start)
                name_adjectives.append(h)
            elif kind is Kind.CAPITAL and not h.suffix:
                nxt = _NAME_TOKEN.match(text, end + 1) if text.startswith(" ", end) else None
                if nxt is not None and self._uncommon_name(nxt.group(0)):
                    capitals_before_names.append(h)  # "Victoria Nuland": a first name?
        # a capital before a name may be a first name: free for the name rules
        for h in capitals_before_names:
            occupied[h.start : h.end] = b"\x00" * (h.end - h.start)
        self._renamed: dict[str, tuple[str, str | None]] = {}
        found: list[Hit] = []
        if full_names:
            self._kb_surnames(full_names, occupied, found)
        if classes:
            self._unknown_orgs(classes, occupied, found)
        if " (" in self.text:
            self._bracketed_orgs(occupied, found)
        if name_adjectives:
            self._adjective_orgs(name_adjectives, occupied, found)
        names: dict[str, tuple[str, str | None]] = {}
        if surname_hits:
            self._first_names(occupied, found, names)
        self._role_at = {h.prefix_start: h for h in roles}
        for h in roles:
            rw: RoleWord = h.entry.data
            det = ""
            if _is_adjectival(rw.word):
                det = word_before(self.text, h.prefix_start)[0].lower()
            gender = _role_gender(rw, h.suffix, det)
            if not self._name_after(h.end, occupied, 1, found, names, gender):
                self._apposition(h, occupied, found, names, gender)
        self._surnames(names, occupied, found)
        names_before = dict(names)
        for h in speech:
            if self.text[h.start : h.end].lower() in _SPEECH_FOR_NAMES:
                self._name_after(h.end, occupied, 2, found, names, None)
        self._surnames({k: v for k, v in names.items() if k not in names_before}, occupied, found)
        if self._renamed:  # later "Lindner" is the "Richard Lindner" named before
            for h in self._surname_hits.values():
                renamed = self._renamed.get(h.entry.target)
                if renamed is not None and h.start not in self._absorbed:
                    self._absorbed.add(h.start)
                    found.append(_unknown_hit(h.start, h.end, *renamed))
        if capitals_before_names and found:
            # the capital that a found name starts with is that name's first name
            starts = {f.start for f in found}
            self._absorbed.update(h.start for h in capitals_before_names if h.start in starts)
        if not found:
            return groups
        if self._absorbed:
            hits = [h for h in hits if h.start not in self._absorbed]
        return _group(sorted(hits + found, key=lambda h: (h.start, h.end)))

    # --- unknown organizations ---------------------------------------------------------
    def _unknown_orgs(self, classes: list[Hit], occupied: bytearray, found: list[Hit]) -> None:
        """Names after class nouns (:class:`OrgClass`) that the knowledge base does not
        hold, then their later mentions (by name or bracketed acronym)."""
        text = self.text
        names: dict[str, tuple[str, ActorType]] = {}
        for h in classes:
            oc: OrgClass = h.entry.data
            pos = h.end
            while True:
                named = self._org_name(pos, occupied)
                if named is None:
                    break
                name, start, end, acronym = named
                self._claim(start, end, name, None, oc.type, occupied, found)
                names.setdefault(name, (name, oc.type))
                if acronym is not None:
                    a_start, a_end = acronym
                    self._claim(a_start, a_end, name, None, oc.type, occupied, found)
                    names.setdefault(text[a_start:a_end], (name, oc.type))
                    end = a_end + 1
                m = _NAME_LIST.match(text, end) if self._plural_class(h, oc) else None
                if m is None:
                    break
                pos = m.end()
        self._later_mentions(
            ((surface, name, None, t) for surface, (name, t) in names.items()), occupied, found
        )

    def _bracketed_orgs(self, occupied: bytearray, found: list[Hit]) -> None:
        """A name before a bracketed acronym, without a class noun ("Die Deutsche
        Umwelthilfe (DUH)", "die Spezialisierte Antikorruptions-Staatsanwaltschaft
        (SAP)"), is an organization the knowledge base does not hold when its last word
        ends in an organization noun (``lexicon.org_name_heads``) and the name stands
        in the nominative form or a feminine one (see :meth:`_body_name`).  Then its
        later mentions, by name or acronym."""
        text = self.text
        names: dict[str, str] = {}
        for m in _BRACKET_ACRONYM.finditer(text):
            a_start, a_end = m.span(1)
            if sum(ch.isupper() for ch in m.group(1)) < 2 or any(occupied[a_start:a_end]):
                continue
            words = self._name_before(m.start(), occupied)
            if not words:
                continue
            start, end = words[0][0], words[-1][1]
            name = self._body_name(words)
            if name is None:
                continue
            self._absorbed.update(w for w, _ in words if w in self._name_parts)
            self._claim(start, end, name, None, "organization", occupied, found)
            self._claim(a_start, a_end, name, None, "organization", occupied, found)
            names.setdefault(name, name)
            names.setdefault(text[a_start:a_end], name)
        self._later_org_mentions(names, occupied, found)

    def _body_name(self, words: list[tuple[int, int]]) -> str | None:
        """The name of a body made of ``words``, in the nominative without an article,
        or None when it does not name one: its last word ends in an organization noun
        (``lexicon.org_name_heads``: "Deutsche Umwelthilfe") or its first word does and
        a small word follows ("Zentrum für Korruptionsbekämpfung"); the article before
        it is die/das/der/den/dem and its first word no declined adjective ("des
        Nationalen Zentrums …" is left: without a lemmatizer its name would be the
        genitive's), except after "der" before a feminine noun, which has no genitive
        ending ("der Spezialisierten Antikorruptions-Staatsanwaltschaft" -> "Spezialisierte
        Antikorruptions-Staatsanwaltschaft").  A weak adjective after das/der takes its
        strong form ("das Nationale Cyber-Abwehrzentrum" -> "Nationales
        Cyber-Abwehrzentrum", "der Nationale Rat" -> "Nationaler Rat")."""
        text, heads = self.text, self.ckb.org_name_heads
        start, end = words[0][0], words[-1][1]
        last = text[words[-1][0] : end].rsplit("-", 1)[-1].lower()
        first = text[start : words[0][1]]
        second = text[words[1][0] : words[1][1]] if len(words) > 1 else ""
        if not last.endswith(heads) and not (
            first.rsplit("-", 1)[-1].lower().endswith(heads) and second in _NAME_CONNECTORS
        ):
            return None
        det = word_before(text, start)[0].lower()
        if det not in _NOMINATIVE_DETERMINERS:
            return None
        if det != "die" and first.endswith("en") and len(words) > 1:
            if det == "der" and last.endswith(self.ckb.feminine_org_heads):
                # "der Spezialisierten Antikorruptions-Staatsanwaltschaft": a feminine
                # name (genitive or dative), whose nominative ends its adjectives in -e
                return " ".join(
                    w[:-1] if k < len(words) - 1 and w.endswith("en") else w
                    for k, w in enumerate(text[a:b] for a, b in words)
                )
            return None  # "des Nationalen Zentrums …", "dem Nationalen …": declined
        if det not in ("das", "der"):
            return text[start:end]
        # the adjectives before the last word, in their strong form
        ending = "s" if det == "das" else "r"
        parts: list[str] = []
        prev = start
        for k, (a, b) in enumerate(words):
            word = text[a:b]
            if (
                k < len(words) - 1
                and _WEAK_ADJECTIVE.fullmatch(word)
                and all(_WEAK_ADJECTIVE.fullmatch(text[x:y]) for x, y in words[:k])
            ):
                word += ending
            parts.append(text[prev:a] + word)
            prev = b
        return "".join(parts)

    def _adjective_orgs(self, adjectives: list[Hit], occupied: bytearray, found: list[Hit]) -> None:
        """A name opened by a capitalized adjective after an article (a country
        adjective or one of ``lexicon.name_adjectives``), ending in an organization
        noun, is an organization the knowledge base does not hold: "das Nationale
        Cyber-Abwehrzentrum", "die Nationale Sammlungspartei" (after an article an
        adjective is written small unless it is part of a name)."""
        text = self.text
        names: dict[str, str] = {}
        for h in adjectives:
            if h.end - h.start < 3 or text[h.end - 1] != "e" or not text.startswith(" ", h.end):
                continue  # the weak nominative form only: "Nationale", "Deutsche"
            if word_before(text, h.start)[0].lower() not in _ARTICLES:
                continue
            if occupied[h.start] and h.start not in self._name_parts:
                continue
            words = [(h.start, h.end)]
            pos = h.end
            while len(words) < 6 and pos < len(text) and text[pos] == " ":
                t = _ORG_TOKEN.match(text, pos + 1)
                if t is None or not (t.group(0)[0].isupper() or t.group(0) in _NAME_CONNECTORS):
                    break
                words.append(t.span())
                pos = t.end()
            while words and not text[words[-1][0]].isupper():
                words.pop()
            # the longest run that ends in an organization noun
            while len(words) > 1 and self._body_name(words) is None:
                words.pop()
            if len(words) < 2 or text.startswith(" (", words[-1][1]):
                continue  # a bracketed acronym follows: _bracketed_orgs
            if any(any(occupied[a:b]) and a not in self._name_parts for a, b in words):
                continue
            name = self._body_name(words)
            if name is None:
                continue
            start, end = words[0][0], words[-1][1]
            self._absorbed.update(w for w, _ in words if w in self._name_parts)
            self._claim(start, end, name, None, "organization", occupied, found)
            names.setdefault(text[start:end], name)
        self._later_org_mentions(names, occupied, found)

    def _name_before(self, pos: int, occupied: bytearray) -> list[tuple[int, int]]:
        """The capitalized words (small connecting words between them) that end at
        ``pos``, up to six, none of them a knowledge-base hit; [] when there are none."""
        text = self.text
        left = max(0, pos - 120)
        tokens = list(_ORG_TOKEN.finditer(text, left, pos))
        words: list[tuple[int, int]] = []
        reach = pos
        for t in reversed(tokens):
            if text[t.end() : reach] not in (" ", "- ", "") or len(words) >= 6:
                break
            word = t.group(0)
            if not word[0].isupper() and word not in _NAME_CONNECTORS:
                break
            words.append(t.span())
            reach = t.start()
        words.reverse()
        # "die Unabhängigkeit der Spezialisierten …": a common noun before der/des is the
        # head the name is the genitive of, not part of the name
        common, heads = self.ckb.common_words, self.ckb.org_name_heads
        for k in range(len(words) - 1, 0, -1):
            if text[words[k][0] : words[k][1]] in ("der", "des"):
                before = text[words[k - 1][0] : words[k - 1][1]].lower()
                if before in common and not before.endswith(heads):
                    words = words[k:]
                    break
        while words and (
            not text[words[0][0]].isupper()
            or text[words[0][0] : words[0][1]].lower() in _LEADING_SMALL_WORDS
        ):
            words.pop(0)
        parts = self._name_parts
        for start, end in words:
            if any(occupied[start:end]) and start not in parts:
                return []
        return words

    def _claim(
        self,
        start: int,
        end: int,
        name: str,
        gender: str | None,
        actor_type: ActorType,
        occupied: bytearray,
        found: list[Hit],
    ) -> Hit:
        """A hit of the unknown actor ``name`` at ``start:end``; the span is taken."""
        hit = _unknown_hit(start, end, name, gender, actor_type)
        found.append(hit)
        occupied[start:end] = b"\x01" * (end - start)
        return hit

    def _plural_class(self, h: Hit, oc: OrgClass) -> bool:
        """A class noun in the plural: a plural ending ("die Parteien"), or a noun in
        -er, the same in both numbers, after die/den ("Die Netzbetreiber Litgrid, AST
        und Elering")."""
        if h.suffix in _PLURAL_ENDINGS:
            return True
        return (
            not h.suffix
            and oc.word.endswith("er")
            and word_before(self.text, h.prefix_start)[0].lower() in ("die", "den")
        )

    def _org_name(
        self, pos: int, occupied: bytearray
    ) -> tuple[str, int, int, tuple[int, int] | None] | None:
        """The organization's name at ``pos`` (a space): (name, start, end, span of its
        bracketed acronym), or None when no unknown name follows."""
        text = self.text
        m = _QUOTED_NAME.match(text, pos)
        if m is not None:
            start, end = m.span(1)
            name = m.group(1).strip()
            if name[:1].isupper() and len(name.split()) <= 6 and not any(occupied[start:end]):
                return name, start, start + len(name), None
            return None
        # the words up to any punctuation: capitalized, or small words between them
        words: list[tuple[int, int]] = []
        i = pos
        while len(words) < 6 and i < len(text) and text[i] == " ":
            t = _ORG_TOKEN.match(text, i + 1)
            if t is None:
                break
            word = t.group(0)
            if (
                not word[0].isupper()
                and not word[0].isdigit()
                and (not words or word not in _NAME_CONNECTORS)
            ):
                break
            words.append(t.span())
            i = t.end()
        while words and not text[words[-1][0]].isupper() and not text[words[-1][0]].isdigit():
            words.pop()
        if not words or occupied[words[0][0]]:
            return None
        acronym = _BRACKET_ACRONYM.match(text, words[-1][1])
        if acronym is not None and sum(ch.isupper() for ch in acronym.group(1)) >= 2:
            a_start, a_end = acronym.span(1)
            if not any(occupied[a_start:a_end]):
                start, end = words[0][0], words[-1][1]
                return text[start:end], start, end, (a_start, a_end)
        # no acronym: uncommon words, not taken by a knowledge-base hit
        taken: list[tuple[int, int]] = []
        for start, end in words:
            if any(occupied[start:end]):
                break
            word = text[start:end]
            # a common word ends the name, unless it is a name's tail after a name
            # ("Dixi Group", "Polskie Radio")
            if not self._org_word(word) and not (taken and word.lower() in self.ckb.org_name_tails):
                break
            taken.append((start, end))
        if not taken:
            return None
        start, end = taken[0][0], taken[-1][1]
        return text[start:end], start, end, None

    def _org_word(self, word: str) -> bool:
        """A word that can be (part of) an organization's name without other evidence:
        an acronym (APT28, KFOR) or a name-like word that is no common German word."""
        if sum(ch.isupper() or ch.isdigit() for ch in word) >= 2:
            return True
        return self._uncommon_name(word)

    def _uncommon_name(self, word: str) -> bool:
        """:meth:`_name_like` and no common German word ("Stimmen", "Umsätze")."""
        return self._name_like(word) and word.lower() not in self.ckb.common_words

    def _first_names(
        self, occupied: bytearray, found: list[Hit], names: dict[str, tuple[str, str | None]]
    ) -> None:
        """A knowledge-base surname followed by an unknown name is a first name:
        "Michal Šimečka" is not Kristen Michal (the next word capitalized, not a
        knowledge-base hit and no common German word)."""
        text = self.text
        for h in self._surname_hits.values():
            if h.suffix or not text.startswith(" ", h.end):
                continue
            m = _NAME_TOKEN.match(text, h.end + 1)
            if m is None or any(occupied[m.start() : m.end()]):
                continue
            if not self._uncommon_name(m.group(0)):
                continue
            if _CAPITALIZED_NEXT.match(text, m.end()):
                continue  # a longer run of capitalized words: not clearly a name
            self._absorbed.add(h.start)
            self._add_name([(h.start, h.end), m.span()], occupied, found, names, None)

    def _kb_surnames(
        self, full_names: dict[str, int], occupied: bytearray, found: list[Hit]
    ) -> None:
        """A knowledge-base person whose surname alone is not matched (``surname: false``,
        a common name: Miller) is that surname after being named in full ("sagte
        Sprecher Matthew Miller. … betonte Miller")."""
        persons = self.ckb.persons
        for pid, after in full_names.items():
            person = persons.get(pid)
            if person is None or person.surname:
                continue
            last = person.name.split()[-1]
            for m in self._free_mentions(last, occupied, after):
                start, end = m.span()
                occupied[start:end] = b"\x01" * (end - start)
                entry = Entry(Kind.ACTOR, pid, True, data=("person", True))
                found.append(Hit(start, end, entry, suffix=m.group(0)[len(last) :]))

    def _surnames(
        self,
        names: dict[str, tuple[str, str | None]],
        occupied: bytearray,
        found: list[Hit],
    ) -> None:
        self._later_mentions(
            ((surname, full, gender, "person") for surname, (full, gender) in names.items()),
            occupied,
            found,
        )

    def _later_org_mentions(
        self, names: dict[str, str], occupied: bytearray, found: list[Hit]
    ) -> None:
        """The later mentions of unknown organizations: surface -> name."""
        self._later_mentions(
            ((surface, name, None, "organization") for surface, name in names.items()),
            occupied,
            found,
        )

    def _free_mentions(
        self, word: str, occupied: bytearray, pos: int = 0
    ) -> Iterator[re.Match[str]]:
        """The occurrences of ``word`` (genitive -s allowed) from ``pos`` whose span is
        not taken yet (checked as each is reached, so one just claimed counts)."""
        for m in re.compile(rf"\b{re.escape(word)}s?\b").finditer(self.text, pos):
            if not any(occupied[m.start() : m.end()]):
                yield m

    def _later_mentions(
        self,
        names: Iterable[tuple[str, str, str | None, ActorType]],
        occupied: bytearray,
        found: list[Hit],
    ) -> None:
        """Every free occurrence of a ``surface`` (a surname, an organization's name or
        acronym, genitive -s allowed) is a mention of the unknown actor ``name``."""
        for surface, name, gender, actor_type in names:
            for m in self._free_mentions(surface, occupied):
                self._claim(m.start(), m.end(), name, gender, actor_type, occupied, found)

    def _name_tokens(self, pos: int, occupied: bytearray, limit: int) -> list[tuple[int, int]]:
        """Name-like words from ``pos`` (each after one space); a following surname of a
        knowledge-base person with another first name ends the name ("Richard
        Lindner" is not Christian Lindner)."""
        text = self.text
        tokens: list[tuple[int, int]] = []
        i = pos
        while len(tokens) < limit:
            if i >= len(text) or text[i] != " ":
                break
            m = _NAME_TOKEN.match(text, i + 1)
            if not m or not self._name_like(m.group(0)) or self._body_noun(m.group(0)):
                break
            if any(occupied[m.start() : m.end()]):
                kb = self._surname_hits.get(m.start()) if tokens else None
                if kb is not None and not self._same_first_name(kb, tokens[0]):
                    self._absorbed.add(kb.start)
                    tokens.append((kb.start, kb.end - len(kb.suffix)))
                break
            tokens.append((m.start(), m.end()))
            i = m.end()
        return tokens

    def _body_noun(self, word: str) -> bool:
        """A compound that ends in an organization noun, also in the genitive
        ("Landesverteidigungsrat", "des Obersten Verteidigungsrats",
        "Staatsvermögensfonds"): no name ("den Obersten Landesverteidigungsrat" after
        the role word Oberst).  Short words are names ("Lagarde", not a -garde)."""
        low = word.lower()
        heads = self.ckb.org_name_heads
        if not low.endswith(heads):  # one C-level test for the common case
            if low.endswith("es") and low[:-2].endswith(heads) and len(low) > 9:
                low = low[:-2]
            elif low.endswith("s") and low[:-1].endswith(heads) and len(low) > 8:
                low = low[:-1]
            else:
                return False
        # a compound ending in a head, or a long head itself ("des Obersten
        # Gerichtshofs Knjasjew": no person "Gerichtshofs Knjasjew")
        return any(
            low.endswith(h) and (len(low) >= len(h) + 4 or (low == h and len(h) >= 6))
            for h in heads
        )

    def _same_first_name(self, kb: Hit, first: tuple[int, int]) -> bool:
        person = self.ckb.persons.get(kb.entry.target)
        if person is None:
            return True
        given = slugify(person.name.split()[0])
        seen = slugify(self.text[first[0] : first[1]])
        return SequenceMatcher(None, given, seen).ratio() >= 0.6

    def _name_after(
        self,
        pos: int,
        occupied: bytearray,
        min_single: int,
        found: list[Hit],
        names: dict[str, tuple[str, str | None]],
        gender: str | None,
    ) -> bool:
        text = self.text
        tokens = self._name_tokens(pos, occupied, 3)
        if not tokens:
            return False
        i = tokens[-1][1]
        first = text[tokens[0][0] : tokens[0][1]]
        if len(tokens) > 1 and first.endswith("s") and first[:-1] in names:
            # "Oberst Reisners Analyse": the genitive of a surname named before, then a
            # noun; the surname rule resolves it, no new name here
            return True
        if len(tokens) == 1:
            if text[i : i + 2].strip()[:1] in ('"', "„", "»", "«", "“"):
                return False  # Wladimir "Putin …": a first name before a quote
            if min_single > 1:
                if tokens[0][1] - tokens[0][0] < 5:
                    return False  # "sagte Nein", "sagte Dank"
                rest = text[i : i + 20].lstrip()
                nxt = rest.split(" ", 1)[0].strip(".,;:")
                if rest[:1] not in (".", ",", ";", ":", "") and nxt not in _AFTER_SINGLE_NAME:
                    return False
        self._add_name(tokens, occupied, found, names, gender)
        return True

    def _add_name(
        self,
        tokens: list[tuple[int, int]],
        occupied: bytearray,
        found: list[Hit],
        names: dict[str, tuple[str, str | None]],
        gender: str | None,
    ) -> Hit:
        text = self.text
        start, end = tokens[0][0], tokens[-1][1]
        full = text[start:end]
        hit = self._claim(start, end, full, gender, "person", occupied, found)
        if len(tokens) > 1:
            names[text[tokens[-1][0] : tokens[-1][1]]] = (full, gender)
        kb = self._surname_hits.get(tokens[-1][0])
        if kb is not None and kb.start in self._absorbed:
            self._renamed[kb.entry.target] = (full, gender)
        return hit

    def _apposition(
        self,
        h: Hit,
        occupied: bytearray,
        found: list[Hit],
        names: dict[str, tuple[str, str | None]],
        gender: str | None,
    ) -> None:
        """A name after the role's genitive complement, in commas or not: "Der Präsident
        der Agentur, Klaus Meier, warnte", "Kommandeur des Heeres Alfons Weber sprach".
        Without commas the complement is at most two capitalized words, followed by a
        name of exactly two words; with commas, a name of two or three words closed by
        a comma, a bracket, a lowercase word or the end of the sentence."""
        text = self.text
        if not text.startswith(_APPOSITION_OPENERS, h.end):
            return
        _, pos = word_after(text, h.end)
        m = _COMPLEMENT_TO_COMMA.match(text, pos)
        if m is not None:
            # a rank before the name: "der Direktor des MIVD, Vizeadmiral Peter Reesink"
            rank = self._role_at.get(m.end())
            tokens = self._name_tokens(rank.end if rank else m.end() - 1, occupied, 3)
            if len(tokens) >= 2 and _NAME_CLOSE.match(text, tokens[-1][1]):
                self._apposed[h.start] = self._add_name(tokens, occupied, found, names, gender)
                return
        # no comma: lowercase attributes, then one or two capitalized words (or a hit)
        heads = 0
        while heads < 2:
            nxt, nxt_end = word_after(text, pos)
            if not nxt:
                return
            start = nxt_end - len(nxt)
            if occupied[start]:
                while occupied[nxt_end - 1] and nxt_end < len(text) and occupied[nxt_end]:
                    nxt_end += 1
                heads += 1
            elif nxt[0].isupper():
                heads += 1
            elif heads:
                return
            pos = nxt_end
            tokens = self._name_tokens(pos, occupied, 3) if heads else []
            if len(tokens) == 2 and not _CAPITALIZED_NEXT.match(text, tokens[-1][1]):
                self._apposed[h.start] = self._add_name(tokens, occupied, found, names, gender)
                return

    def _name_like(self, word: str) -> bool:
        if not word[0].isupper() or len(word) < 2 or word in self.ckb.not_names:
            return False
        if word.isupper() or not any(ch.islower() for ch in word):
            return False
        return not word.lower().endswith(_NOUN_ENDINGS)


#: Nouns made from participles/adjectives: their gender is the article's
#: (der/die Abgeordnete, der/die Vorsitzende, der/die Beauftragte).
_ADJECTIVAL_ROLES = ("abgeordnete", "vorsitzende", "beauftragte", "gesandte", "delegierte")
#: Prefixes that make a different office of the same noun (Vizepräsident, Ex-Kanzler).
_OTHER_OFFICE = ("vize", "ex", "stellvertretende", "ehemalige", "co", "ko")


@cache
def _is_adjectival(word: str) -> bool:
    return word.lower().endswith(_ADJECTIVAL_ROLES)


def _role_gender(rw: RoleWord, suffix: str, det: str) -> str | None:
    """Gender of the person a singular role noun names: -in forms are female, the base
    form of a masculine noun is male; adjectival nouns follow their article."""
    if suffix.startswith("in"):
        return "f"
    if _is_adjectival(rw.word):
        if suffix in ("", "r"):
            return {"die": "f", "der": "m", "ein": "m", "eine": "f"}.get(det)
        return None
    if rw.word.endswith("haupt"):
        return None  # das Staatsoberhaupt
    return "m"


def _title(text: str, h: Hit) -> str:
    """The role noun as a title: lowercase, without inflection ending and hyphens
    (Kreml-Sprecherin -> kremlsprecher)."""
    end = h.end - len(h.suffix)
    return text[h.prefix_start : end].lower().replace("-", "")


def _title_refers(t: str, title: str) -> bool:
    """The same title, or one ending in the other (Bundeskanzler / Kanzler,
    Militärsprecher / Sprecher) unless the prefix makes another office (Vizepräsident)."""
    if t == title:
        return True
    longer, shorter = (t, title) if len(t) > len(title) else (title, t)
    return longer.endswith(shorter) and not longer[: -len(shorter)].startswith(_OTHER_OFFICE)


def _same_title(titles: dict[str, tuple[str, ...]], title: str, kinds: tuple[str, ...]) -> bool:
    """A re-mention by title (:func:`_title_refers`) for the same kind of office (not
    Präsident for a Ministerpräsident)."""
    for t, t_kinds in titles.items():
        if t == title:
            return True
        if _title_refers(t, title) and _kinds_meet(t_kinds, kinds):
            return True
    return False


def _kinds_meet(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Role kinds of the same office, a generic kind meeting its specific ones ("die
    Ministerin" for a defence_minister, "der Sprecher" for a government_spokesperson)."""
    for x in a:
        for y in b:
            if x == y or x.endswith("_" + y) or y.endswith("_" + x):
                return True
    return False


#: Prepositions before a name that make it an object, not the one who speaks or acts.
GOVERNING = frozenset(["mit", "an", "gegenüber", "über", "für", "gegen"])


def _unknown_hit(
    start: int, end: int, name: str, gender: str | None, actor_type: ActorType = "person"
) -> Hit:
    entry = Entry(Kind.ACTOR, f"unknown:{slugify(name)}", data=(actor_type, False, name, gender))
    return Hit(start, end, entry)


def _group(hits: list[Hit]) -> list[list[Hit]]:
    groups: list[list[Hit]] = []
    for h in hits:
        if groups and groups[-1][0].start == h.start and groups[-1][0].end == h.end:
            groups[-1].append(h)
        else:
            groups.append([h])
    return groups
