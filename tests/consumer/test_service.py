"""The consumer's wiring, without a broker: the warning about stale stored enrichment."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from support.stores import fresh_sqlite_url

from consumer.service import warn_if_stale
from newsstream.events import ArticleEvent, EnrichedArticle
from newsstream.store import ArticleRecord, open_store


def _record(text: str, version: str) -> ArticleRecord:
    event = ArticleEvent.create(source="test", text=text)
    enriched = EnrichedArticle(
        article_id=event.article_id,
        published_at=None,
        title=None,
        text=text,
        engine_version=version,
    )
    return ArticleRecord(event, enriched)


def test_one_warning_when_stored_articles_are_stale(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with open_store(fresh_sqlite_url(tmp_path)) as store:
        assert warn_if_stale(store, "v2") == 0
        store.write_batch([_record("a", "v1"), _record("b", "v1"), _record("c", "v2")])
        with caplog.at_level(logging.WARNING, logger="consumer.service"):
            assert warn_if_stale(store, "v2") == 2
            assert warn_if_stale(store, "v1") == 1
        assert [r.levelno for r in caplog.records] == [logging.WARNING] * 2
        assert "stale_articles=2 of 3" in caplog.records[0].getMessage()
        assert "run `newsstream reenrich`" in caplog.records[0].getMessage()
