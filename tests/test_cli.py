"""The command line as a user runs it (in-process through ``main``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsstream.cli import main
from newsstream.events import DeadLetter
from newsstream.store import open_store


def test_schema_prints_generated_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["articles.raw"]["properties"]["article_id"]["pattern"] == "^[0-9a-f]{32}$"
    assert "original_offset" in doc["articles.dlq"]["properties"]


def test_stats_on_an_empty_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSSTREAM_DB_URL", f"sqlite:///{tmp_path / 's.db'}")
    assert main(["stats", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["articles"], doc["dead_letters"], doc["actors"]) == (0, 0, [])


def test_errors_are_one_line_not_tracebacks(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSSTREAM_DB_URL", "mysql://nobody@nowhere/db")
    assert main(["stats"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: NEWSSTREAM_DB_URL backend 'mysql' is not supported")
    assert main(["produce", "/no/such/folder"]) == 1
    assert "no such file or folder" in capsys.readouterr().err


def test_producer_reports_an_unreachable_broker(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSSTREAM_KAFKA_BOOTSTRAP", "127.0.0.1:1")
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    assert main(["produce", str(seeds), "--no-progress"]) == 1
    assert "no Kafka broker answered at 127.0.0.1:1" in capsys.readouterr().err


def test_stats_shows_the_latest_dead_letters_with_their_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    letter = DeadLetter(
        reason="value is not JSON: Expecting value",
        error_type="invalid_json",
        original_topic="articles.raw",
        original_partition=2,
        original_offset=41,
        payload="{oops",
        consumer_group="g",
    )
    with open_store(url) as store:
        store.write_batch([], [letter])
    monkeypatch.setenv("NEWSSTREAM_DB_URL", url)
    assert main(["stats"]) == 0
    assert "articles.raw[2]@41 invalid_json: value is not JSON" in capsys.readouterr().out
    assert main(["stats", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["dead_letters"] == 1
    assert doc["latest_dead_letters"][0]["original_offset"] == 41


def test_command_line_options_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsstream.cli import _settings
    from newsstream.settings import ConsumerSettings

    monkeypatch.setenv("NEWSSTREAM_BATCH_SIZE", "17")
    monkeypatch.setenv("NEWSSTREAM_GROUP_ID", "from-env")
    settings = _settings(ConsumerSettings, group_id="from-option", batch_size=None)
    assert (settings.group_id, settings.batch_size) == ("from-option", 17)


def _store_with_stale_articles(url: str) -> dict[str, int]:
    """The seeds, two of them stored with an older, poorer enrichment (an actor
    missing); returns the articles per actor the current engine gives."""
    from newsstream.enrich import Enricher
    from newsstream.sources import read_articles
    from newsstream.store import ArticleRecord

    enricher = Enricher.load()
    events = list(read_articles([Path(__file__).resolve().parents[1] / "seeds"]))
    records = [ArticleRecord(e, enricher.enrich(e)) for e in events]
    stale = [
        ArticleRecord(
            r.event,
            r.enriched.model_copy(
                update={"actors": r.enriched.actors[1:], "engine_version": "0.9.0+kb.old"}
            ),
        )
        for r in records[:2]
    ]
    with open_store(url) as store:
        store.write_batch([*stale, *records[2:]])
    expected: dict[str, int] = {}
    for r in records:
        for a in r.enriched.actors:
            expected[a.id] = expected.get(a.id, 0) + 1
    return expected


def test_reenrich_dry_run_then_real_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    expected = _store_with_stale_articles(url)
    monkeypatch.setenv("NEWSSTREAM_DB_URL", url)
    assert main(["stats"]) == 0
    assert "stale articles:  2 (enriched by another engine version: run `newsstream reenrich`)" in (
        capsys.readouterr().out
    )
    with open_store(url) as store:
        before = store.actor_totals()
    stale_totals = {a.actor_id: a.articles for a in before}

    assert main(["reenrich", "--db-url", url, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "stale articles: 2 of 5" in out
    assert "     2  0.9.0+kb.old" in out
    assert "dry run: would re-enrich 2 article(s); nothing was written" in out
    with open_store(url) as store:
        assert store.actor_totals() == before
        assert store.engine_versions()["0.9.0+kb.old"] == 2

    assert main(["reenrich", "--db-url", url, "--batch-size", "1", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "checked:        2 article(s) enriched again" in out
    assert "re-enriched:    2 stored anew (tags changed in 2)" in out
    assert "unchanged:      0" in out
    assert "stale left:     0" in out
    with open_store(url) as store:
        assert {a.actor_id: a.articles for a in store.actor_totals()} == expected
    changes = next(line for line in out.splitlines() if line.startswith("actor articles: "))
    assert changes != "actor articles: no change"
    for actor_id, n in expected.items():
        if n != stale_totals.get(actor_id, 0):
            assert f"{actor_id} {n - stale_totals.get(actor_id, 0):+d}" in changes

    assert main(["stats", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["stale_articles"] == 0
    assert doc["engine_versions"] == {doc["engine_version"]: 5}

    assert main(["reenrich", "--db-url", url, "--all", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "checked:        5 article(s) enriched again" in out
    assert "unchanged:      5" in out
    assert "actor articles: no change" in out


def test_reenrich_failure_says_what_happened_to_the_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import create_engine, text

    url = f"sqlite:///{tmp_path / 's.db'}"
    _store_with_stale_articles(url)
    engine = create_engine(url)
    with engine.begin() as conn:  # the store refuses the last write of the transaction
        conn.execute(
            text(
                "CREATE TRIGGER refuse BEFORE UPDATE ON articles "
                "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
            )
        )
    engine.dispose()
    with open_store(url) as store:
        before = (store.actor_totals(), store.engine_versions())

    assert main(["reenrich", "--db-url", url, "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: re-enrichment stopped: store refused to replace enrichment")
    assert "injected failure" in err
    assert "The batch of 2 article(s)" in err
    assert "was rolled back and keeps its old enrichment and rollups" in err
    assert "no article was re-enriched before it" in err
    with open_store(url) as store:
        assert (store.actor_totals(), store.engine_versions()) == before
