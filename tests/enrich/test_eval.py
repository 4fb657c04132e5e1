"""The evaluation itself: gold ids of actors the knowledge base has learnt since."""

from __future__ import annotations

from newsstream.enrich import Enricher
from newsstream.enrich.commands import known_actor_ids


def test_unknown_gold_ids_map_to_kb_people_of_that_name(enricher: Enricher) -> None:
    learnt = known_actor_ids(enricher.kb)
    assert learnt["unknown:ingrida-simonyte"] == "ingrida-simonyte"  # by name
    assert learnt["unknown:simonyte"] == "ingrida-simonyte"  # by alias
    assert "unknown:kristine-ozolina" not in learnt  # not in the knowledge base


def test_unknown_gold_ids_map_to_kb_organizations_of_that_name(enricher: Enricher) -> None:
    learnt = known_actor_ids(enricher.kb)
    assert learnt["unknown:serbische-liste"] == "srpska-lista"  # by alias
    assert "unknown:verein-der-freunde-des-kiewer-zoos" not in learnt
