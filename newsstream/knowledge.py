"""The knowledge base: actors, lexicon, places and the theme taxonomy as validated data.

The facts live in versioned YAML files under ``newsstream/data/`` (``actors.yaml``,
``places.yaml``, ``themes.yaml``); this module holds their schema (pydantic models)
and :func:`load_knowledge_base`, which validates the files and cross-references
(every ``country:`` and role ``of:`` points at a known id, the 18 theme ids are
present exactly once, no alias is claimed by two actors unless declared shared).
Bad files raise :class:`~newsstream.errors.KnowledgeBaseError` naming file and field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from newsstream.errors import KnowledgeBaseError

#: The fixed theme taxonomy: exactly these ids, no more, no fewer.
THEME_IDS: tuple[str, ...] = (
    "nato_membership",
    "military_aid",
    "air_defense",
    "troop_deployment",
    "security_guarantees",
    "peace_negotiations",
    "battlefield",
    "nuclear_escalation",
    "defense_industry",
    "civilian_harm",
    "infrastructure_attacks",
    "reforms_standards",
    "summit_diplomacy",
    "us_policy",
    "cyber",
    "sanctions",
    "energy_supply",
    "refugees_humanitarian",
)

_ID = r"^[a-z0-9][a-z0-9\-]*$"


#: Letters that Unicode does not decompose into a base letter plus accent.
_FOLD = str.maketrans(
    {"ß": "ss", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "æ": "ae",
     "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "þ": "th", "Þ": "Th"}
)  # fmt: skip


def slugify(name: str) -> str:
    """``Ingrida Šimonytė`` -> ``ingrida-simonyte``, ``Czesław`` -> ``czeslaw`` (ASCII,
    lowercase, hyphens)."""
    folded = name.translate(_FOLD)
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


_M = TypeVar("_M", bound=BaseModel)


class RoleSpan(_Model):
    """A role an actor holds, e.g. ``secretary_general`` of ``nato`` from/to a date."""

    kind: str
    of: str
    start: date | None = Field(default=None, alias="from")
    end: date | None = Field(default=None, alias="to")

    @property
    def role_id(self) -> str:
        return f"{self.kind}:{self.of}"

    def valid_between(self, first: date, last: date) -> bool:
        """True when the role overlaps the day range ``[first, last]``."""
        return (self.start is None or self.start <= last) and (
            self.end is None or self.end >= first
        )


class Person(_Model):
    id: str = Field(pattern=_ID)
    name: str
    aliases: tuple[str, ...] = ()
    #: Also match the last word of ``name`` alone ("Stoltenberg").  Off for surnames
    #: that are common words or places ("Austin").
    surname: bool = True
    country: str | None = None
    gender: Literal["m", "f"] | None = None
    roles: tuple[RoleSpan, ...] = ()


class Organization(_Model):
    id: str = Field(pattern=_ID)
    name: str
    type: Literal["organization", "media"] = "organization"
    aliases: tuple[str, ...] = ()
    country: str | None = None
    #: Its name is also a common phrase ("Die Welt muss handeln"): the name alone
    #: names it only in quotation marks or in capitals (longer aliases always do).
    ambiguous: bool = False
    #: Names that stand for this organization only as a compound's first part
    #: ("Wagner-Chef", "Wagner-Gründer"; "Wagner" alone is a surname).
    prefixes: tuple[str, ...] = ()
    #: Common nouns that refer back to this organization once it is named
    #: ("das Militärbündnis" -> NATO).  Never create the actor on their own.
    coref: tuple[str, ...] = ()
    #: Actors whose mention also lets the ``coref`` nouns refer to this organization
    #: ("die Union" is CDU/CSU once the CDU or the CSU is named).  When a noun could
    #: refer to several organizations, the one named last before it is taken.
    coref_after: tuple[str, ...] = ()
    #: ``type`` of organization for the reader (party, ministry, media, ...).
    kind: str = "organization"
    #: The lexicon institution this body is for its ``country`` (``defence-ministry``
    #: for the Pentagon): "das amerikanische Verteidigungsministerium" resolves to it
    #: instead of a derived ``<country>-<institution>`` id.
    institution: str | None = None


class Country(_Model):
    id: str = Field(pattern=_ID)
    name: str
    aliases: tuple[str, ...] = ()
    #: Adjective stem without ending: ``französisch`` (matched as -e/-en/-er/-es/-em).
    adjective: str | None = None
    capital: str | None = None
    capital_aliases: tuple[str, ...] = ()
    #: Whether the capital stands for the government ("Moskau warnt"); off for
    #: Brüssel, which stands for the EU/NATO rather than Belgium.
    capital_government: bool = True
    #: Inhabitant nouns, masculine and feminine singular (Norweger, Norwegerin).
    demonyms: tuple[str, ...] = ()


class RoleWord(_Model):
    """A German role noun (masculine base form) and the role kinds it names."""

    word: str
    kinds: tuple[str, ...]
    of: str | None = None
    #: Also a role as the tail of a compound with any prefix ("Agrarminister",
    #: "Militärsprecherin", "Bahnchef"); such a compound names someone new and only
    #: refers back to a person introduced with the same title.
    compound: bool = False
    #: Only introduces the name that follows ("der Grünen-Politiker Anton Hofreiter");
    #: alone ("sagte der SPD-Politiker") it refers to nobody by this rule (the party
    #: descriptor rules read it).
    names_only: bool = False


class Institution(_Model):
    """A state institution noun; with a country it becomes an org ``<country>-<id>``."""

    id: str = Field(pattern=_ID)
    label: str
    words: tuple[str, ...]
    org: bool = True
    #: A role compound on one of the words names the body ("Außenamtssprecherin" ->
    #: the foreign ministry of her country); false where the compound names a trade or
    #: generic office instead (Militärexperte, Generalstabschef).
    compounds: bool = True


class OrgClass(_Model):
    """A noun that introduces an organization by name ("die Partei Hlas", "der
    Energieversorger Energocom", "die Zeitung „Denník N“"): a name after it that the
    knowledge base does not hold is an organization (or medium) with ``known: false``."""

    word: str
    type: Literal["organization", "media"] = "organization"
    #: Also as the tail of a compound with any prefix (Rüstungskonzern, Oppositionspartei).
    compound: bool = True


class Lexicon(_Model):
    role_words: tuple[RoleWord, ...]
    institutions: tuple[Institution, ...] = ()
    org_classes: tuple[OrgClass, ...] = ()
    #: Last parts of an organization's name ("Umwelthilfe", "Staatsanwaltschaft",
    #: "Bundesverband"): a name ending in one, before a bracketed acronym, is an
    #: organization without a class noun ("Die Deutsche Umwelthilfe (DUH)").
    #: Lowercase; a name's last word ends with one.
    org_name_heads: tuple[str, ...] = ()
    #: Adjective stems that open organization names when capitalized after an article
    #: ("das Nationale Cyber-Abwehrzentrum", "die Vereinte Nationale Bewegung"); with a
    #: name that ends in one of ``org_name_heads`` they make an unknown organization.
    name_adjectives: tuple[str, ...] = ()
    #: Endings of feminine organization nouns, which take no genitive -s ("der
    #: Spezialisierten Antikorruptions-Staatsanwaltschaft"): after "der", such a name
    #: is named in the nominative ("Spezialisierte …").  Lowercase.
    feminine_org_heads: tuple[str, ...] = ()
    #: Common words that end an organization's name after a name ("Dixi Group",
    #: "Polskie Radio", "Amnesty International").  Lowercase.
    org_name_tails: tuple[str, ...] = ()
    #: Nouns that tie a preceding country adjective to an actor ("russische Truppen").
    tie_nouns: tuple[str, ...] = ()
    speech_verbs: tuple[str, ...]
    location_prepositions: tuple[str, ...]
    #: Capitalized words that never start or continue a person name.
    not_names: tuple[str, ...] = ()


class ActorsFile(_Model):
    version: int
    lexicon: Lexicon
    countries: tuple[Country, ...]
    organizations: tuple[Organization, ...]
    persons: tuple[Person, ...]
    #: Aliases knowingly claimed by more than one actor (resolved in context).
    shared_aliases: tuple[str, ...] = ()


class Place(_Model):
    id: str = Field(pattern=_ID)
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    kind: Literal["city", "region", "site", "body_of_water"] = "city"


class PlacesFile(_Model):
    version: int
    places: tuple[Place, ...]


class Cue(_Model):
    """A weighted cue: all ``stems`` (lowercase word starts) in one sentence.  A
    negative weight takes a sentence's other cues back ("am Rande des Gipfels").

    A stem starting with ``~`` may also stand inside a compound word
    ("~infrastruktur" matches "Energieinfrastruktur").
    """

    stems: tuple[str, ...]
    weight: float = 1.0

    @field_validator("stems")
    @classmethod
    def _lowercase(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if not v:
            raise ValueError("a cue needs at least one stem")
        for stem in v:
            if stem != stem.lower() or not stem.strip("~"):
                raise ValueError(f"stem {stem!r} must be lowercase and non-empty")
        return v


class Theme(_Model):
    id: str
    label: str
    #: Minimal total score over the article.
    threshold: float = 2.0
    #: Minimal score one sentence must reach (the article "spends a sentence on it").
    sentence_threshold: float = 1.0
    #: ``keep``: negated cues count fully ("keine Truppen entsenden" is still about
    #: troops); ``discount``: a negated cue counts half.
    negation: Literal["keep", "discount"] = "keep"
    cues: tuple[Cue, ...]


class ThemesFile(_Model):
    version: int
    negations: tuple[str, ...] = ("kein", "keine", "keinen", "keiner", "keinem", "nicht", "nie")
    themes: tuple[Theme, ...]


class KnowledgeBase(_Model):
    """Everything the engine compiles; immutable once loaded."""

    actors: ActorsFile
    places: PlacesFile
    themes: ThemesFile

    @property
    def version(self) -> str:
        return f"a{self.actors.version}.p{self.places.version}.t{self.themes.version}"


def _read_yaml(source: Path | Any, label: str) -> Any:
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise KnowledgeBaseError(f"{label}: cannot read: {e}") from e
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise KnowledgeBaseError(f"{label}: not valid YAML: {e}") from e
    if not isinstance(data, dict) or "version" not in data:
        raise KnowledgeBaseError(f"{label}: expected a mapping with a top-level 'version' key")
    return data


def _validate(model: type[_M], data: Any, label: str) -> _M:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['msg']}"
            for err in e.errors()[:10]
        )
        raise KnowledgeBaseError(f"{label}: schema validation failed: {problems}") from e


def _duplicates(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dup: list[str] = []
    for v in values:
        if v in seen:
            dup.append(v)
        seen.add(v)
    return dup


def _check(kb: KnowledgeBase) -> None:
    a = kb.actors
    ids = [c.id for c in a.countries] + [o.id for o in a.organizations] + [p.id for p in a.persons]
    if dup := _duplicates(ids):
        raise KnowledgeBaseError(f"actors.yaml: duplicate actor ids: {sorted(set(dup))}")
    countries = {c.id for c in a.countries}
    known = set(ids)
    for o in a.organizations:
        if o.country and o.country not in countries:
            raise KnowledgeBaseError(
                f"actors.yaml: organization {o.id}: unknown country {o.country}"
            )
    for p in a.persons:
        if p.country and p.country not in countries:
            raise KnowledgeBaseError(f"actors.yaml: person {p.id}: unknown country {p.country}")
        for r in p.roles:
            if r.of not in known:
                raise KnowledgeBaseError(f"actors.yaml: person {p.id}: role of unknown {r.of}")
            if r.start and r.end and r.end < r.start:
                raise KnowledgeBaseError(
                    f"actors.yaml: person {p.id}: role {r.kind} ends before start"
                )
    _check_institutions(a)
    for o in a.organizations:
        for related in o.coref_after:
            if related not in known:
                raise KnowledgeBaseError(
                    f"actors.yaml: organization {o.id}: coref_after names unknown {related}"
                )
        if o.coref_after and not o.coref:
            raise KnowledgeBaseError(
                f"actors.yaml: organization {o.id}: coref_after without coref nouns"
            )
    for w in a.lexicon.role_words:
        if w.of and w.of not in known:
            raise KnowledgeBaseError(f"actors.yaml: role word {w.word}: unknown {w.of}")
    for pl in kb.places.places:
        if pl.country and pl.country not in countries:
            raise KnowledgeBaseError(f"places.yaml: place {pl.id}: unknown country {pl.country}")
    shared = {s.lower() for s in a.shared_aliases}
    owners: dict[str, str] = {}
    for actor_id, aliases in _actor_aliases(a):
        for alias in aliases:
            key = alias.lower()
            other = owners.get(key)
            if other is not None and other != actor_id and key not in shared:
                raise KnowledgeBaseError(
                    f"actors.yaml: alias {alias!r} claimed by {other} and {actor_id}"
                    " (list it under shared_aliases if intended)"
                )
            owners[key] = actor_id
    theme_ids = [t.id for t in kb.themes.themes]
    if sorted(theme_ids) != sorted(THEME_IDS):
        missing = sorted(set(THEME_IDS) - set(theme_ids))
        extra = sorted(set(theme_ids) - set(THEME_IDS))
        raise KnowledgeBaseError(
            f"themes.yaml: theme ids must be exactly the taxonomy; missing={missing} "
            f"extra={extra} duplicates={_duplicates(theme_ids)}"
        )


def _check_institutions(a: ActorsFile) -> None:
    """The engine names a country's institution ``<country>-<institution>`` unless an
    organization declares ``institution:`` for that country; an undeclared body that
    looks like one (id ``...-defence-ministry`` with a country) would get a second id."""
    institutions = {i.id for i in a.lexicon.institutions if i.org}
    claimed: dict[tuple[str, str], str] = {}
    countries = {c.id for c in a.countries}
    derived = {f"{c}-{i}" for c in countries for i in institutions}
    for o in a.organizations:
        if o.institution is None:
            looks_like = next((i for i in institutions if o.id.endswith(f"-{i}")), None)
            if looks_like is not None and (o.country is not None or o.id in derived):
                raise KnowledgeBaseError(
                    f"actors.yaml: organization {o.id}: declare institution: {looks_like}"
                    " (or the engine derives a second id for the same body)"
                )
            continue
        if o.institution not in institutions:
            raise KnowledgeBaseError(
                f"actors.yaml: organization {o.id}: unknown institution {o.institution}"
            )
        if o.country is None:
            raise KnowledgeBaseError(
                f"actors.yaml: organization {o.id}: institution needs a country"
            )
        key = (o.country, o.institution)
        if key in claimed:
            raise KnowledgeBaseError(
                f"actors.yaml: {claimed[key]} and {o.id} both claim {o.institution} of {o.country}"
            )
        claimed[key] = o.id


def _actor_aliases(a: ActorsFile) -> Iterable[tuple[str, tuple[str, ...]]]:
    for c in a.countries:
        yield c.id, (c.name, *c.aliases)
    for o in a.organizations:
        yield o.id, (o.name, *o.aliases)
    for p in a.persons:
        yield p.id, (p.name, *p.aliases)


def load_knowledge_base(
    actors_path: Path | None = None,
    places_path: Path | None = None,
    themes_path: Path | None = None,
) -> KnowledgeBase:
    """Load and validate the knowledge base; defaults are the packaged data files."""
    data_dir = resources.files("newsstream") / "data"
    sources = {
        "actors": actors_path or data_dir / "actors.yaml",
        "places": places_path or data_dir / "places.yaml",
        "themes": themes_path or data_dir / "themes.yaml",
    }
    actors = _validate(ActorsFile, _read_yaml(sources["actors"], str(sources["actors"])), "actors")
    places = _validate(PlacesFile, _read_yaml(sources["places"], str(sources["places"])), "places")
    themes = _validate(ThemesFile, _read_yaml(sources["themes"], str(sources["themes"])), "themes")
    kb = KnowledgeBase(actors=actors, places=places, themes=themes)
    _check(kb)
    return kb
