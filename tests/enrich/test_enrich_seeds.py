"""The five seed articles give the hand-annotated gold actors, themes and quotes."""

from collections.abc import Callable
from pathlib import Path

from support.gold import assert_meets_targets

from newsstream.enrich import ENGINE_VERSION, Enricher, engine_version
from newsstream.enrich.commands import enrich_main, evaluate, format_explain, format_table
from newsstream.events import EnrichedArticle
from newsstream.sources import read_articles

GOLD = Path(__file__).resolve().parents[1] / "gold"


def test_gold_set_meets_targets(enricher: Enricher) -> None:
    report = evaluate(GOLD, enricher)
    assert_meets_targets(report, 5)
    assert "quote speaker recall" in report.render()


def test_seed_output_is_deterministic_and_valid(enricher: Enricher) -> None:
    for event in read_articles([GOLD]):
        a = enricher.enrich(event)
        b = enricher.enrich(event)
        assert a == b
        assert a.engine_version == enricher.version
        assert a.engine_version.startswith(f"{ENGINE_VERSION}+kb.")
        again = EnrichedArticle.model_validate_json(a.model_dump_json())
        assert again == a
        for act in a.actors:
            for ev in act.evidence:
                assert 0 <= ev.start < ev.end <= len(event.text)
                assert event.text[ev.start : ev.end] in ev.sentence
        assert format_table(a).startswith("== ")


def test_enrich_main_prints_one_line_per_article(enricher: Enricher, capsys) -> None:  # type: ignore[no-untyped-def]
    enrich_main([GOLD], "jsonl", enricher)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 5
    assert EnrichedArticle.model_validate_json(lines[0]).actors


def test_version_changes_with_knowledge_base_content(enricher: Enricher) -> None:
    """An edit of the data that leaves the files' version numbers alone still changes
    the version stored with each article (so stale stored enrichment can be found)."""
    kb = enricher.kb
    themes = kb.themes.model_copy(update={"negations": (*kb.themes.negations, "niemals")})
    edited = Enricher(kb.model_copy(update={"themes": themes}))
    assert edited.kb.version == kb.version
    assert edited.version != enricher.version
    assert Enricher(kb).version == enricher.version == engine_version(kb)


def test_explain_shows_each_tag_with_the_text_that_gave_it(
    enrich: Callable[..., EnrichedArticle],
) -> None:
    a = enrich(
        "Kremlsprecher Dmitri Peskow wies das zurück. „Das ist absurd“, sagte Peskow. "
        "Die NATO will keine Truppen in die Ukraine entsenden, sagte der Generalsekretär."
    )
    out = format_explain(a)
    assert (
        "Dmitri Peskow  (person; id dmitri-peskow; 2 mention(s); roles spokesperson:kremlin)" in out
    )
    assert "»Dmitri Peskow«" in out and "sagte »Peskow«" in out
    assert "    as: Dmitri Peskow, Peskow" in out
    troops = next(t for t in a.themes if t.id == "troop_deployment")
    assert f"theme {troops.label}  (id troop_deployment; score {troops.score:g})" in out
    assert "Die NATO will keine Truppen in die Ukraine entsenden" in out
    assert "quote [" in out and "Dmitri Peskow (dmitri-peskow): „Das ist absurd“" in out


def test_explain_marks_unknown_actors_and_limits_evidence(
    enrich: Callable[..., EnrichedArticle],
) -> None:
    text = "Die Premierministerin Ingrid Olsdottir reiste nach Kiew. " + " ".join(
        ["Olsdottir sprach."] * 6
    )
    out = format_explain(enrich(text), per_tag=3)
    assert "not in the knowledge base" in out
    assert "… and 4 more" in out


def test_version_fits_the_store_column(enricher: Enricher) -> None:
    """PostgreSQL would refuse every article whose version is longer than the column."""
    from newsstream.store import schema

    length = schema.articles.c.engine_version.type.length
    assert length is not None and len(enricher.version) <= length
