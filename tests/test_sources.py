"""Reading the seed format and .jsonl files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from newsstream.errors import SourceError
from newsstream.sources import parse_seed_text, read_articles

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


# sha256 of the five seed files as the user supplied them (../shared/seeds).
SEED_SHA256 = {
    "000_d0e7541f2136bfb3.txt": "4500d0956be0bc48a0e8fdbe67654bd065e68071b11c3a28ee8ed54469beebb0",
    "001_e802173bf5d3e7a5.txt": "80e381b694f0c43fd7d952a1141bbd3499f58c0ead26334ff20feed86fecd8fd",
    "002_94e07c3ed6049fd2.txt": "0ec293e5c1870b0422d1c561523ab0b88df65108b34b53a8ff650ca9a9038f13",
    "003_f405f7a60042a16b.txt": "7abd41342e4cf361a2aa7e158c1692a23ad405174342732a977c0b5ec4c97571",
    "004_f4249f9e14cad0ae.txt": "3868c3c0453291418bff6e28eeada6616fe8704b1b0307affca3ae5a05b47f17",
}


def test_seeds_are_the_users_files_unchanged() -> None:
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.iterdir()}
    assert found == SEED_SHA256


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
