"""Reading the seed format and .jsonl files."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsstream.errors import SourceError
from newsstream.sources import parse_seed_text, read_articles

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_seeds_are_the_users_files_unchanged() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not shared.exists():  # pragma: no cover - shared/ sits beside every checkout here
        pytest.fail(f"{shared} is missing")
    for original in shared.iterdir():
        assert (SEEDS / original.name).read_bytes() == original.read_bytes()


def test_the_five_seeds() -> None:
    events = list(read_articles([SEEDS]))
    assert [e.published_at for e in events] == ["2023-04", None, "2023-09", "2024-05", "2024-12"]
    assert events[0].title is None  # first line is a paragraph, not a headline
    assert events[3].title == (
        "Stoltenberg: Kiew hat die NATO nicht um Entsendung von Truppen in das Kampfgebiet gebeten"
    )
    assert events[4].title is not None and events[4].title.startswith("Die von Russland")
    assert all("📽️" not in e.text and "Video |" not in e.text for e in events)
    assert events[0].text.startswith("Kiew – Bei seinem ersten Besuch")
    assert len({e.article_id for e in events}) == 5


def test_date_token_only_when_present() -> None:
    event = parse_seed_text("Die NATO tagt.\nMehr Text.", source="s")
    assert event.published_at is None
    assert parse_seed_text(" date 2024-02 Die NATO tagt.", source="s").published_at == "2024-02"


def test_jsonl_round_trip_and_bad_line(tmp_path: Path) -> None:
    events = list(read_articles([SEEDS]))
    good = tmp_path / "good.jsonl"
    good.write_text("".join(e.model_dump_json() + "\n" for e in events))
    assert [e.article_id for e in read_articles([good])] == [e.article_id for e in events]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(events[0].model_dump_json() + "\n{broken\n")
    with pytest.raises(SourceError, match=r"bad.jsonl:2: value is not JSON"):
        list(read_articles([bad]))


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        list(read_articles([tmp_path / "nope"]))
    with pytest.raises(SourceError, match=r"no \.txt or \.jsonl"):
        list(read_articles([tmp_path]))
