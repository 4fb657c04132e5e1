"""Themes: thresholds, negation, multi-label, evidence."""

from collections.abc import Callable

from newsstream.events import EnrichedArticle

Enrich = Callable[..., EnrichedArticle]


def theme_ids(r: EnrichedArticle) -> set[str]:
    return {t.id for t in r.themes}


def test_negated_troop_deployment_is_still_the_theme(enrich: Enrich) -> None:
    r = enrich("Die NATO plane nicht, Truppen in die Ukraine zu entsenden.")
    assert "troop_deployment" in theme_ids(r)
    t = next(t for t in r.themes if t.id == "troop_deployment")
    assert t.label == "Truppenentsendung"
    assert t.evidence[0].sentence.startswith("Die NATO plane nicht")


def test_passing_word_is_not_a_theme(enrich: Enrich) -> None:
    assert "battlefield" not in theme_ids(enrich("Er sprach über die Front."))


def test_multi_label(enrich: Enrich) -> None:
    r = enrich(
        "Russland griff die Energieinfrastruktur mit Raketen an. "
        "Die EU beschloss ein neues Sanktionspaket gegen Moskau. "
        "Deutschland liefert weitere Patriot-Systeme zur Luftverteidigung."
    )
    assert {"infrastructure_attacks", "sanctions", "air_defense"} <= theme_ids(r)


def test_inflected_cues(enrich: Enrich) -> None:
    r = enrich("Die Waffenlieferungen an Kiew wurden ausgeweitet.")
    assert "military_aid" in theme_ids(r)
