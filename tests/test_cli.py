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
