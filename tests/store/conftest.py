from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.stores import fresh_postgres_url, fresh_sqlite_url

from newsstream.store import Store, open_store


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same tests on both backends."""
    if request.param == "sqlite":
        return fresh_sqlite_url(tmp_path)
    return fresh_postgres_url(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as s:
        yield s
