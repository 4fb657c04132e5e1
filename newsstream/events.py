"""The event contract: every message on every topic, and the enriched article.

Producer, consumer and dashboard import these models; nobody re-declares a
field.  All models are frozen.  Each wire message carries ``schema_version``;
older versions are upgraded on read by :func:`parse_article_event` (add an
``_upcast_vN_vN1`` function when a version is added).  The JSON Schema is
generated from these models (``newsstream schema``), never written by hand.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from newsstream.errors import InvalidEventError

ARTICLE_SCHEMA_VERSION: Literal[1] = 1
DEAD_LETTER_SCHEMA_VERSION: Literal[1] = 1

#: ``YYYY-MM`` or ``YYYY-MM-DD``: articles are often dated to the month only.
PublishedAt = Annotated[
    str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
]
ArticleId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def normalize_text(text: str) -> str:
    """Unicode NFC, whitespace runs collapsed to one space, stripped."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def make_article_id(source: str, title: str | None, text: str) -> str:
    """Stable id of an article: the same source and normalized text, the same id."""
    content = normalize_text(f"{title or ''}\n{text}")
    digest = hashlib.sha256(f"{normalize_text(source)}\x00{content}".encode())
    return digest.hexdigest()[:32]


class ArticleEvent(_Frozen):
    """One news article as published to ``articles.raw`` (keyed by ``article_id``)."""

    schema_version: Literal[1] = ARTICLE_SCHEMA_VERSION
    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    article_id: ArticleId
    source: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    title: str | None = None
    published_at: PublishedAt | None = Field(
        default=None, description="Event time: YYYY-MM or YYYY-MM-DD; null when unknown."
    )
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = "de"
    text: Annotated[str, StringConstraints(min_length=1)]
    ingested_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def create(
        cls,
        *,
        source: str,
        text: str,
        title: str | None = None,
        published_at: str | None = None,
        language: str = "de",
        ingested_at: datetime | None = None,
    ) -> ArticleEvent:
        return cls(
            article_id=make_article_id(source, title, text),
            source=source,
            title=title,
            published_at=published_at,
            language=language,
            text=text,
            ingested_at=ingested_at or datetime.now(UTC),
        )

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()


class DeadLetter(_Frozen):
    """An event the consumer could not take, as published to ``articles.dlq``."""

    schema_version: Literal[1] = DEAD_LETTER_SCHEMA_VERSION
    reason: str = Field(description="What was wrong, in words an operator can act on.")
    error_type: Literal[
        "undecodable", "invalid_json", "invalid_event", "enrichment_failed", "store_rejected"
    ]
    original_topic: str
    original_partition: int
    original_offset: int
    key: str | None = None
    payload: str = Field(description="The original value, decoded as UTF-8 with replacement.")
    consumer_group: str
    failed_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()


# --- enriched article: what the consumer stores and the dashboard shows -------------------

ActorType = Literal["person", "organization", "country", "media"]


class Evidence(_Frozen):
    """A character span ``text[start:end]`` and the sentence it stands in."""

    start: int
    end: int
    sentence: str


class ActorMention(_Frozen):
    id: str
    name: str
    type: ActorType
    aliases: tuple[str, ...] = ()
    mentions: int
    known: bool = True
    roles: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()


class ThemeAssignment(_Frozen):
    id: str
    label: str
    score: float
    evidence: tuple[Evidence, ...] = ()


class Quote(_Frozen):
    speaker: str | None
    speaker_id: str | None
    text: str
    start: int
    end: int


class Location(_Frozen):
    name: str
    id: str | None = None
    country_id: str | None = None
    evidence: tuple[Evidence, ...] = ()


class EnrichedArticle(_Frozen):
    """The enrichment engine's output for one article (pure function of the event)."""

    article_id: ArticleId
    published_at: PublishedAt | None
    title: str | None
    text: str
    actors: tuple[ActorMention, ...] = ()
    themes: tuple[ThemeAssignment, ...] = ()
    quotes: tuple[Quote, ...] = ()
    locations: tuple[Location, ...] = ()
    engine_version: str = ""


# --- reading -------------------------------------------------------------------------------

_UPCASTERS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    # 1: _upcast_v1_v2,   <- add when ArticleEvent v2 exists
}


def parse_article_event(raw: bytes | str | dict[str, Any]) -> ArticleEvent:
    """Decode and validate one ``articles.raw`` value, upgrading old versions.

    Raises :class:`InvalidEventError` with ``kind`` one of ``undecodable``,
    ``invalid_json``, ``invalid_event`` and a message that says what was wrong.
    """
    if isinstance(raw, dict):
        data: Any = raw
    else:
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise InvalidEventError("undecodable", f"value is not UTF-8: {e}") from e
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as e:
            raise InvalidEventError("invalid_json", f"value is not JSON: {e}") from e
    if not isinstance(data, dict):
        raise InvalidEventError(
            "invalid_event", f"value is JSON {type(data).__name__}, expected an object"
        )
    version = data.get("schema_version", ARTICLE_SCHEMA_VERSION)
    while isinstance(version, int) and version in _UPCASTERS:
        data = _UPCASTERS[version](data)
        version = data["schema_version"]
    try:
        return ArticleEvent.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['msg']}"
            for err in e.errors()
        )
        raise InvalidEventError("invalid_event", f"schema validation failed: {problems}") from e


def json_schemas() -> dict[str, Any]:
    """JSON Schema of every message, generated from the models."""
    return {
        "articles.raw": ArticleEvent.model_json_schema(),
        "articles.dlq": DeadLetter.model_json_schema(),
        "enriched_article": EnrichedArticle.model_json_schema(),
    }
