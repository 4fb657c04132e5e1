"""The event contract: ids, validation messages, JSON Schema."""

from __future__ import annotations

import json

import pytest

from newsstream.errors import InvalidEventError
from newsstream.events import ArticleEvent, json_schemas, make_article_id, parse_article_event


def test_article_id_is_stable_over_whitespace_and_new_events() -> None:
    a = ArticleEvent.create(source="seed", title="T", text="Die  NATO\n\nsagt")
    b = ArticleEvent.create(source="seed", title="T", text="Die NATO sagt ")
    assert a.article_id == b.article_id
    assert a.event_id != b.event_id
    assert make_article_id("other", "T", "Die NATO sagt") != a.article_id


def test_round_trip_through_bytes() -> None:
    event = ArticleEvent.create(source="seed", text="Text", published_at="2024-05")
    assert parse_article_event(event.to_bytes()) == event


@pytest.mark.parametrize(
    ("raw", "kind", "fragment"),
    [
        (b"\xff\xfe", "undecodable", "not UTF-8"),
        (b"{not json", "invalid_json", "not JSON"),
        (b"[1, 2]", "invalid_event", "expected an object"),
        (json.dumps({"source": "x", "text": "y"}).encode(), "invalid_event", "article_id"),
    ],
)
def test_invalid_values_say_what_is_wrong(raw: bytes, kind: str, fragment: str) -> None:
    with pytest.raises(InvalidEventError) as info:
        parse_article_event(raw)
    assert info.value.kind == kind
    assert fragment in info.value.message


def test_published_at_allows_month_precision_only_valid_dates() -> None:
    ok = ArticleEvent.create(source="s", text="t", published_at="2023-04")
    assert ok.published_at == "2023-04"
    data = json.loads(ok.to_bytes())
    data["published_at"] = "2023-13"
    with pytest.raises(InvalidEventError, match="published_at"):
        parse_article_event(data)


def test_events_are_frozen() -> None:
    event = ArticleEvent.create(source="s", text="t")
    with pytest.raises(ValueError):
        event.text = "changed"  # type: ignore[misc]


def test_json_schema_is_generated_for_every_topic() -> None:
    schemas = json_schemas()
    assert set(schemas) == {"articles.raw", "articles.dlq", "enriched_article"}
    raw = schemas["articles.raw"]
    assert {"article_id", "published_at", "text", "schema_version"} <= set(raw["properties"])
