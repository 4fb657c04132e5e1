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
