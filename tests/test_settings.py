"""Settings: prefix, defaults that work locally, and every one documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsstream.settings import (
    BrokerSettings,
    CommonSettings,
    ConsumerSettings,
    DashboardSettings,
    ProducerSettings,
)

README = Path(__file__).resolve().parents[1] / "README.md"
ALL = [CommonSettings, ProducerSettings, ConsumerSettings, DashboardSettings, BrokerSettings]


def test_every_setting_is_in_the_readme_table() -> None:
    readme = README.read_text(encoding="utf-8")
    for cls in ALL:
        for name in cls.model_fields:
            assert f"| `NEWSSTREAM_{name.upper()}` |" in readme, name


def test_defaults_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert CommonSettings().database_url() == "sqlite:///data/newsstream.db"
    monkeypatch.setenv("NEWSSTREAM_DB_URL", "postgresql+psycopg://u:secret@h/db")
    monkeypatch.setenv("NEWSSTREAM_BATCH_SIZE", "17")
    settings = ConsumerSettings()
    assert settings.batch_size == 17
    assert settings.database_url() == "postgresql+psycopg://u:secret@h/db"
    assert "secret" not in repr(settings)


def test_settings_are_frozen() -> None:
    with pytest.raises(ValueError):
        CommonSettings().kafka_bootstrap = "x"  # type: ignore[misc]
