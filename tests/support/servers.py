"""Which servers the tests use: environment overrides, read with pydantic-settings."""

from __future__ import annotations

import socket

from pydantic_settings import BaseSettings, SettingsConfigDict


class TestServers(BaseSettings):
    """``NEWSSTREAM_KAFKA_BOOTSTRAP``, ``NEWSSTREAM_TEST_POSTGRES_URL``; unset: start one."""

    __test__ = False  # not a pytest test class

    model_config = SettingsConfigDict(env_prefix="NEWSSTREAM_", frozen=True, extra="ignore")

    kafka_bootstrap: str | None = None
    test_postgres_url: str | None = None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
