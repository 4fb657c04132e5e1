"""The knowledge base files: schema, cross-references, theme ids, aliases, roles."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from newsstream.errors import KnowledgeBaseError
from newsstream.knowledge import THEME_IDS, load_knowledge_base, slugify


def test_packaged_files_load_and_are_versioned() -> None:
    kb = load_knowledge_base()
    assert kb.actors.version >= 1 and kb.places.version >= 1 and kb.themes.version >= 1
    assert kb.version.startswith("a")


def test_every_theme_id_present_exactly_once() -> None:
    kb = load_knowledge_base()
    assert sorted(t.id for t in kb.themes.themes) == sorted(THEME_IDS)
    assert len(THEME_IDS) == 18
    assert all(t.label and t.cues for t in kb.themes.themes)


def test_coverage_beyond_the_seeds() -> None:
    kb = load_knowledge_base()
    assert len(kb.actors.countries) >= 190
    assert len(kb.actors.persons) >= 150
    assert len(kb.actors.organizations) >= 100
    media = [o for o in kb.actors.organizations if o.type == "media"]
    assert {"dpa", "reuters", "afp", "apa", "interfax", "ansa", "corriere-della-sera"} <= {
        m.id for m in media
    }


def test_nato_secretary_general_dates() -> None:
    kb = load_knowledge_base()
    persons = {p.id: p for p in kb.actors.persons}
    sg = {
        pid: r
        for pid, p in persons.items()
        for r in p.roles
        if r.kind == "secretary_general" and r.of == "nato"
    }
    assert sg["jens-stoltenberg"].end == date(2024, 9, 30)
    assert sg["mark-rutte"].start == date(2024, 10, 1)


def test_no_alias_claimed_by_two_actors(tmp_path: Path) -> None:
    src = Path(__file__).resolve().parents[1] / "newsstream" / "data"
    data = yaml.safe_load((src / "actors.yaml").read_text(encoding="utf-8"))
    data["persons"][0]["aliases"] = ["NATO"]
    bad = tmp_path / "actors.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="claimed by"):
        load_knowledge_base(actors_path=bad)


def test_missing_theme_and_bad_references_are_named(tmp_path: Path) -> None:
    src = Path(__file__).resolve().parents[1] / "newsstream" / "data"
    themes = yaml.safe_load((src / "themes.yaml").read_text(encoding="utf-8"))
    themes["themes"] = themes["themes"][1:]
    bad = tmp_path / "themes.yaml"
    bad.write_text(yaml.safe_dump(themes, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="nato_membership"):
        load_knowledge_base(themes_path=bad)
    actors = yaml.safe_load((src / "actors.yaml").read_text(encoding="utf-8"))
    actors["persons"][0]["roles"][0]["of"] = "atlantis"
    bad = tmp_path / "actors.yaml"
    bad.write_text(yaml.safe_dump(actors, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="atlantis"):
        load_knowledge_base(actors_path=bad)


def test_bad_yaml_and_missing_version(tmp_path: Path) -> None:
    bad = tmp_path / "places.yaml"
    bad.write_text("places: [", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="not valid YAML"):
        load_knowledge_base(places_path=bad)
    bad.write_text("places: []\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="version"):
        load_knowledge_base(places_path=bad)


def test_slugify() -> None:
    assert slugify("Ingrida Šimonytė") == "ingrida-simonyte"
    assert slugify("Außenministerium") == "aussenministerium"


def _with_org_change(tmp_path: Path, org_id: str, **changes: object) -> Path:
    src = Path(__file__).resolve().parents[1] / "newsstream" / "data"
    data = yaml.safe_load((src / "actors.yaml").read_text(encoding="utf-8"))
    org = next(o for o in data["organizations"] if o["id"] == org_id)
    for key, value in changes.items():
        if value is None:
            org.pop(key, None)
        else:
            org[key] = value
    bad = tmp_path / "actors.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return bad


def test_state_institutions_in_the_kb_declare_what_they_are() -> None:
    """An organization that is a lexicon institution of its country (the German defence
    ministry, the Pentagon) declares it, so the engine's ``<country>-<institution>`` id
    can never differ from the knowledge base's id for the same body."""
    kb = load_knowledge_base()
    orgs = {o.id: o for o in kb.actors.organizations}
    assert orgs["german-defence-ministry"].institution == "defence-ministry"
    assert orgs["pentagon"].institution == "defence-ministry"
    assert orgs["bundeswehr"].institution == "armed-forces"
    institutions = {i.id for i in kb.actors.lexicon.institutions if i.org}
    countries = {c.id for c in kb.actors.countries}
    claimed: set[tuple[str, str]] = set()
    for o in kb.actors.organizations:
        if o.institution is not None:
            assert o.institution in institutions and o.country in countries
            assert (o.country, o.institution) not in claimed
            claimed.add((o.country, o.institution))
        for inst in institutions:
            if o.id.endswith(f"-{inst}") and o.country is not None:
                assert o.institution == inst, o.id
    # a derived id is never the id of another knowledge-base actor
    ids = {o.id for o in kb.actors.organizations} | countries
    for c in countries:
        for inst in institutions:
            if (c, inst) not in claimed:
                assert f"{c}-{inst}" not in ids


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"institution": None}, "declare institution"),
        ({"institution": "ministry-of-magic"}, "unknown institution"),
        ({"country": None}, "needs a country"),
    ],
)
def test_undeclared_or_bad_institution_is_rejected(
    tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    bad = _with_org_change(tmp_path, "german-defence-ministry", **changes)
    with pytest.raises(KnowledgeBaseError, match=message):
        load_knowledge_base(actors_path=bad)


def test_two_bodies_cannot_claim_one_institution(tmp_path: Path) -> None:
    bad = _with_org_change(tmp_path, "german-foreign-office", institution="defence-ministry")
    with pytest.raises(KnowledgeBaseError, match="both claim"):
        load_knowledge_base(actors_path=bad)
