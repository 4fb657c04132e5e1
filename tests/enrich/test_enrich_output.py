"""The engine builds its output without validation; validating it changes nothing."""

from pathlib import Path

from newsstream.enrich import Enricher
from newsstream.enrich.output import construct
from newsstream.events import ActorMention, EnrichedArticle, Evidence
from newsstream.sources import read_articles

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
GOLD = Path(__file__).resolve().parents[1] / "gold"


def _models(a: EnrichedArticle) -> list[object]:
    out: list[object] = [a, *a.actors, *a.themes, *a.quotes, *a.locations]
    for group in (a.actors, a.themes, a.locations):
        for item in group:
            out.extend(item.evidence)
    return out


def test_engine_output_equals_its_validated_copy(enricher: Enricher) -> None:
    for event in read_articles([SEEDS, GOLD]):
        built = enricher.enrich(event)
        validated = EnrichedArticle.model_validate(built.model_dump())
        assert built == validated
        assert built.model_dump_json() == validated.model_dump_json()
        for b, v in zip(_models(built), _models(validated), strict=True):
            assert type(b) is type(v)
            assert b.__dict__ == v.__dict__  # type: ignore[attr-defined]
            assert list(b.__dict__) == list(v.__dict__)  # type: ignore[attr-defined]
            assert b.model_fields_set == v.model_fields_set  # type: ignore[attr-defined]
        assert isinstance(built.actors, tuple) and isinstance(built.themes, tuple)


def test_construct_matches_validation() -> None:
    values = {"start": 3, "end": 9, "sentence": "Der Kreml warnt."}
    assert construct(Evidence, dict(values)) == Evidence.model_validate(values)
    mention = {
        "id": "kremlin",
        "name": "Kreml",
        "type": "organization",
        "aliases": ("Kreml",),
        "mentions": 1,
        "known": True,
        "roles": (),
        "evidence": (construct(Evidence, dict(values)),),
    }
    built = construct(ActorMention, dict(mention))
    validated = ActorMention.model_validate(mention)
    assert built == validated
    assert built.model_dump_json() == validated.model_dump_json()
    assert hash(built.evidence[0]) == hash(validated.evidence[0])


def test_shared_evidence_fields_set_is_not_changed_by_a_copy(enricher: Enricher) -> None:
    event = next(iter(read_articles([SEEDS])))
    first, second = enricher.enrich(event).actors[0].evidence[:2]
    copied = first.model_copy(update={"start": 0})
    assert copied.start == 0 and first.start != 0
    assert first.model_fields_set == second.model_fields_set == {"start", "end", "sentence"}
    assert enricher.enrich(event).actors[0].evidence[0].model_fields_set == {
        "start",
        "end",
        "sentence",
    }
