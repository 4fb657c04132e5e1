"""Stores populated for the dashboard tests: the five seeds, enriched by hand.

The enrichment is hand-made (a small table of actors and themes with the words
that stand for them), so these tests do not depend on the enrichment engine;
evidence spans are the real positions of those words in each seed's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.stores import fresh_postgres_url, fresh_sqlite_url

from newsstream.events import (
    ActorMention,
    ArticleEvent,
    DeadLetter,
    EnrichedArticle,
    Evidence,
    Quote,
    ThemeAssignment,
)
from newsstream.sources import read_articles
from newsstream.store import ArticleRecord, Store, open_store

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


@dataclass(frozen=True)
class Tag:
    id: str
    name: str
    words: tuple[str, ...]
    type: str = "theme"
    known: bool = True


ACTORS = (
    Tag("jens_stoltenberg", "Jens Stoltenberg", ("Stoltenberg",), "person"),
    Tag("wolodymyr_selenskyj", "Wolodymyr Selenskyj", ("Selenskyj",), "person"),
    Tag("mark_rutte", "Mark Rutte", ("Rutte",), "person"),
    Tag("dmitri_peskow", "Dmitri Peskow", ("Peskow",), "person", known=False),
    Tag("nato", "NATO", ("NATO",), "organization"),
    Tag("kreml", "Kreml", ("Kreml",), "organization"),
    Tag("ukraine", "Ukraine", ("Ukraine",), "country"),
    Tag("russland", "Russland", ("Russland",), "country"),
)
THEMES = (
    Tag("nato_membership", "NATO-Mitgliedschaft", ("Mitgliedschaft",)),
    Tag("military_aid", "Militärhilfe", ("Waffenlieferungen", "Hilfe")),
    Tag("troop_deployment", "Truppenentsendung", ("Truppen",)),
    Tag("air_defense", "Luftverteidigung", ("Luftverteidigung",)),
)

#: Seeds stored by :func:`populate`; one of them has no date.
SEED_ARTICLES = 5
DEAD_LETTERS = 1
HOSTILE_TEXT = (
    "Angriff <script>alert('x')</script> auf **x** und [Link](http://example.org) "
    "sowie :red[rot] und $1+1$, sagte die NATO.\n\n    eingerückt # kein Titel"
)


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1 : right + 1].strip()


def _evidence(text: str, words: Sequence[str]) -> tuple[Evidence, ...]:
    found = []
    for word in words:
        for match in re.finditer(re.escape(word), text):
            found.append(
                Evidence(
                    start=match.start(),
                    end=match.end(),
                    sentence=_sentence(text, match.start(), match.end()),
                )
            )
    return tuple(sorted(found, key=lambda ev: ev.start))


def enrich_by_hand(event: ArticleEvent) -> EnrichedArticle:
    """Actors and themes of :data:`ACTORS`/:data:`THEMES` whose words occur in the text."""
    text = event.text
    actors = []
    for tag in ACTORS:
        evidence = _evidence(text, tag.words)
        if evidence:
            actors.append(
                ActorMention(
                    id=tag.id,
                    name=tag.name,
                    type=tag.type,  # type: ignore[arg-type]
                    aliases=tag.words,
                    mentions=len(evidence),
                    known=tag.known,
                    evidence=evidence,
                )
            )
    themes = []
    for tag in THEMES:
        evidence = _evidence(text, tag.words)
        if evidence:
            themes.append(
                ThemeAssignment(id=tag.id, label=tag.name, score=len(evidence), evidence=evidence)
            )
    quotes = []
    for match in re.finditer(r"\"([^\"]{5,200})\", sagte ([A-Z]\w+)", text):
        quotes.append(
            Quote(
                speaker=match.group(2),
                speaker_id=None,
                text=match.group(1),
                start=match.start(1),
                end=match.end(1),
            )
        )
    return EnrichedArticle(
        article_id=event.article_id,
        published_at=event.published_at,
        title=event.title,
        text=text,
        actors=tuple(actors),
        themes=tuple(themes),
        quotes=tuple(quotes),
        engine_version="hand-made",
    )


def seed_events() -> list[ArticleEvent]:
    return list(read_articles([SEEDS]))


def hostile_event() -> ArticleEvent:
    return ArticleEvent.create(source="test", title=None, text=HOSTILE_TEXT, published_at="2024-12")


def populate(store: Store, events: Sequence[ArticleEvent] | None = None) -> list[EnrichedArticle]:
    """Store ``events`` (default: the seeds) enriched by hand, plus one dead letter."""
    events = seed_events() if events is None else events
    enriched = [enrich_by_hand(e) for e in events]
    dead = DeadLetter(
        reason="value is not JSON",
        error_type="invalid_json",
        original_topic="articles.raw",
        original_partition=0,
        original_offset=7,
        payload="{not json",
        consumer_group="test",
    )
    store.write_batch(
        [ArticleRecord(event=e, enriched=x) for e, x in zip(events, enriched, strict=True)],
        [dead] * DEAD_LETTERS,
    )
    return enriched


@pytest.fixture
def seeds() -> list[tuple[ArticleEvent, EnrichedArticle]]:
    """The seed events and their hand-made enrichment, as :func:`populate` stores them."""
    return [(e, enrich_by_hand(e)) for e in seed_events()]


@pytest.fixture
def hostile_text() -> str:
    return HOSTILE_TEXT


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a SQLite store holding the five seeds and one dead letter."""
    url: str = fresh_sqlite_url(tmp_path)
    with open_store(url) as store:
        populate(store)
    return url


@pytest.fixture
def hostile_sqlite_url(tmp_path: Path) -> str:
    """Like ``sqlite_url``, plus the newest article: one full of markup (``HOSTILE_TEXT``)."""
    url: str = fresh_sqlite_url(tmp_path)
    with open_store(url) as store:
        populate(store)
        populate(store, [hostile_event()])
    return url


@pytest.fixture
def empty_sqlite_url(tmp_path: Path) -> str:
    url: str = fresh_sqlite_url(tmp_path)
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A populated store, on both backends."""
    if request.param == "sqlite":
        url: str = fresh_sqlite_url(tmp_path)
    else:
        url = fresh_postgres_url(request.getfixturevalue("postgres_url"))
    with open_store(url) as opened:
        populate(opened)
        yield opened
