"""The knowledge base compiled for matching: automaton plus lookup tables, built once."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from newsstream.enrich.matcher import Matcher
from newsstream.events import ActorType
from newsstream.knowledge import (
    Country,
    Institution,
    KnowledgeBase,
    Organization,
    Person,
    RoleSpan,
    Theme,
    slugify,
)

DateRange = tuple[date, date]


@lru_cache(maxsize=4096)
def date_range(published_at: str | None) -> DateRange | None:
    """``2024-05`` -> (2024-05-01, 2024-05-31); ``2024-05-07`` -> that day; None -> None."""
    if not published_at:
        return None
    parts = [int(p) for p in published_at.split("-")]
    if len(parts) == 3:
        d = date(parts[0], parts[1], parts[2])
        return d, d
    last = calendar.monthrange(parts[0], parts[1])[1]
    return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)


def role_valid(role: RoleSpan, when: DateRange | None) -> bool:
    return when is None or role.valid_between(*when)


#: A person's role, precomputed: (kind, of, role id, from, to).
RoleRec = tuple[str, str, str, date | None, date | None]


def roles_valid(roles: tuple[RoleRec, ...], when: DateRange | None) -> tuple[RoleRec, ...]:
    """The roles held at some day of ``when`` (all of them without a date)."""
    if when is None:
        return roles
    first, last = when
    return tuple(
        r for r in roles if (r[3] is None or r[3] <= last) and (r[4] is None or r[4] >= first)
    )


@dataclass(frozen=True)
class CompiledKB:
    kb: KnowledgeBase
    matcher: Matcher
    persons: dict[str, Person]
    organizations: dict[str, Organization]
    countries: dict[str, Country]
    #: (kind, of) -> persons holding that role at some time
    holders: dict[tuple[str, str], tuple[tuple[str, RoleSpan], ...]]
    not_names: frozenset[str]
    location_prepositions: frozenset[str]
    themes: tuple[Theme, ...]
    #: any of the taxonomy's negation words as a whole word
    negation_pattern: re.Pattern[str]
    capital_places: dict[str, str] = field(default_factory=dict)
    #: role word -> the organization its first part names (Kremlchef -> kremlin,
    #: Kommissionspräsident -> european-commission; not Ratspräsident)
    role_orgs: dict[str, str] = field(default_factory=dict)
    #: organizations of kind ``party``
    parties: frozenset[str] = frozenset()
    #: seats of government (kind ``government``: Weißes Haus, Kreml, Kanzleramt)
    seats: frozenset[str] = frozenset()
    #: organization id -> its name, for those whose name is also a common phrase
    ambiguous: dict[str, str] = field(default_factory=dict)
    #: (country, institution id) -> the KB organization that is that body
    institution_orgs: dict[tuple[str, str], str] = field(default_factory=dict)
    #: actor id -> (name, type, gender) of every knowledge-base actor
    actor_info: dict[str, tuple[str, ActorType, str | None]] = field(default_factory=dict)
    #: person id -> its roles as records
    person_roles: dict[str, tuple[RoleRec, ...]] = field(default_factory=dict)
    #: lowercase German words too frequent to be taken for a name without other
    #: evidence ("habe die Partei Stimmen verloren" names no party "Stimmen")
    common_words: frozenset[str] = frozenset()
    #: lowercase institution word -> its institution (Außenamts -> foreign-ministry)
    institution_words: dict[str, Institution] = field(default_factory=dict)
    #: role word -> the institution its first part names (Außenamtssprecher)
    role_institutions: dict[str, Institution] = field(default_factory=dict)
    #: lowercase last parts of organization names (lexicon.org_name_heads)
    org_name_heads: tuple[str, ...] = ()
    #: lowercase endings of feminine organization nouns (lexicon.feminine_org_heads)
    feminine_org_heads: tuple[str, ...] = ()
    #: lowercase common words that end an organization's name (lexicon.org_name_tails)
    org_name_tails: frozenset[str] = frozenset()

    @classmethod
    def build(cls, kb: KnowledgeBase) -> CompiledKB:
        holders: dict[tuple[str, str], list[tuple[str, RoleSpan]]] = {}
        for p in kb.actors.persons:
            for r in p.roles:
                holders.setdefault((r.kind, r.of), []).append((p.id, r))
        lex = kb.actors.lexicon
        institution_words = {w.lower(): i for i in lex.institutions for w in i.words}
        return cls(
            kb=kb,
            matcher=Matcher(kb),
            persons={p.id: p for p in kb.actors.persons},
            organizations={o.id: o for o in kb.actors.organizations},
            countries={c.id: c for c in kb.actors.countries},
            holders={k: tuple(v) for k, v in holders.items()},
            not_names=frozenset(lex.not_names),
            location_prepositions=frozenset(w.lower() for w in lex.location_prepositions),
            themes=kb.themes.themes,
            negation_pattern=re.compile(
                r"(?<![\w-])(?:"
                + "|".join(re.escape(w) for w in sorted(kb.themes.negations, key=len, reverse=True))
                + r")(?![\w-])"
            ),
            role_orgs=_role_orgs(kb),
            parties=frozenset(o.id for o in kb.actors.organizations if o.kind == "party"),
            seats=frozenset(o.id for o in kb.actors.organizations if o.kind == "government"),
            ambiguous={o.id: o.name for o in kb.actors.organizations if o.ambiguous},
            institution_orgs={
                (o.country, o.institution): o.id
                for o in kb.actors.organizations
                if o.institution is not None and o.country is not None
            },
            actor_info=_actor_info(kb),
            person_roles={
                p.id: tuple((r.kind, r.of, r.role_id, r.start, r.end) for r in p.roles)
                for p in kb.actors.persons
            },
            capital_places={
                c.id: slugify(c.capital) for c in kb.actors.countries if c.capital is not None
            },
            common_words=common_german_words(),
            org_name_heads=tuple(h.lower() for h in lex.org_name_heads),
            feminine_org_heads=tuple(h.lower() for h in lex.feminine_org_heads),
            org_name_tails=frozenset(w.lower() for w in lex.org_name_tails),
            institution_words=institution_words,
            role_institutions=_role_institutions(kb, institution_words),
        )


#: Zipf frequency (log10 of occurrences per billion words) from which a German word
#: counts as common: "Stimmen" 5.0, "Umsätze" 3.6, "Memorial" 3.3, "Hlas" below 1.
COMMON_ZIPF = 3.5


@lru_cache(maxsize=1)
def common_german_words(min_zipf: float = COMMON_ZIPF) -> frozenset[str]:
    """German words at least as frequent as ``min_zipf``, from wordfreq's "small"
    German list (bundled with the package: no download; ~15 ms to read)."""
    import wordfreq  # here, not at module level: ~0.15 s that only the engine needs

    threshold = 10 ** (min_zipf - 9)
    freqs = wordfreq.get_frequency_dict("de", wordlist="small")
    return frozenset(w for w, f in freqs.items() if f >= threshold)


def _actor_info(kb: KnowledgeBase) -> dict[str, tuple[str, ActorType, str | None]]:
    a = kb.actors
    info: dict[str, tuple[str, ActorType, str | None]] = {}
    for c in a.countries:
        info[c.id] = (c.name, "country", None)
    for o in a.organizations:
        info[o.id] = (o.name, o.type, None)
    for p in a.persons:
        info[p.id] = (p.name, "person", p.gender)
    return info


def _role_institutions(
    kb: KnowledgeBase, institution_words: dict[str, Institution]
) -> dict[str, Institution]:
    """Role words whose first part is an institution word (Außenamtssprecher); the
    longest word wins."""
    words = sorted(institution_words.items(), key=lambda wi: -len(wi[0]))
    out: dict[str, Institution] = {}
    for rw in kb.actors.lexicon.role_words:
        low = rw.word.lower()
        for word, inst in words:
            if low.startswith(word) and len(low) > len(word) + 3:
                out[rw.word] = inst
                break
    return out


def _role_orgs(kb: KnowledgeBase) -> dict[str, str]:
    """Role words built on a name or reference noun of their organization."""
    forms: dict[str, list[str]] = {
        o.id: [a.lower().replace("-", "") for a in (o.name, *o.aliases, *o.coref)]
        for o in kb.actors.organizations
    }
    out: dict[str, str] = {}
    for rw in kb.actors.lexicon.role_words:
        word = rw.word.lower().replace("-", "")
        if rw.of in forms and any(
            len(f) >= 4 and word.startswith(f) and word != f for f in forms[rw.of]
        ):
            out[rw.word] = rw.of
    return out
