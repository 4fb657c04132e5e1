"""The evaluation itself: gold ids of people the knowledge base has learnt since."""

from __future__ import annotations

from newsstream.enrich import Enricher
from newsstream.enrich.commands import known_person_ids


def test_unknown_gold_ids_map_to_kb_people_of_that_name(enricher: Enricher) -> None:
    learnt = known_person_ids(enricher.kb)
    assert learnt["unknown:ingrida-simonyte"] == "ingrida-simonyte"  # by name
    assert learnt["unknown:simonyte"] == "ingrida-simonyte"  # by alias
    assert "unknown:kristine-ozolina" not in learnt  # not in the knowledge base
