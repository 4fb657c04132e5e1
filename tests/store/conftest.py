from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.stores import fresh_postgres_url, fresh_sqlite_url

from newsstream.store import Store, open_store


@pytest.fixture(params=["sqlite", "postgres"])
def make_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """``make_store_url() -> url`` of a new empty store; the same tests on both backends."""
    if request.param == "sqlite":
        return lambda: fresh_sqlite_url(tmp_path)
    server = request.getfixturevalue("postgres_url")
    return lambda: fresh_postgres_url(server)


@pytest.fixture
def store_url(make_store_url: Callable[[], str]) -> str:
    return make_store_url()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as s:
        yield s
