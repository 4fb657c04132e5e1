"""Fixtures for the enrichment engine tests: one compiled engine per session."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsstream.enrich import Enricher
from newsstream.events import ArticleEvent, EnrichedArticle


@pytest.fixture(scope="session")
def enricher() -> Enricher:
    return Enricher.load()


@pytest.fixture(scope="session")
def enrich(enricher: Enricher) -> Callable[..., EnrichedArticle]:
    def run(text: str, published_at: str | None = "2024-05") -> EnrichedArticle:
        event = ArticleEvent.create(source="test", text=text, published_at=published_at)
        return enricher.enrich(event)

    return run
