"""Settings: one frozen pydantic-settings class per service, prefix ``NEWSSTREAM_``.

Nothing else in the code base reads ``os.environ``.  Every setting has a
default that works on one laptop; the README's configuration table lists them
all (and a test checks that it does).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

KAFKA_VERSION = "4.3.1"  # the same version as the apache/kafka image in docker-compose.yml


class CommonSettings(BaseSettings):
    """Settings every command uses."""

    model_config = SettingsConfigDict(env_prefix="NEWSSTREAM_", frozen=True, extra="ignore")

    kafka_bootstrap: str = Field(
        default="localhost:9092", description="Kafka bootstrap servers, comma separated."
    )
    data_dir: Path = Field(
        default=Path("data"),
        description="Local data directory: the SQLite store and the local broker's files.",
    )
    db_url: SecretStr | None = Field(
        default=None,
        description="SQLAlchemy URL of the store, e.g. postgresql+psycopg://u:p@host/db. "
        "Default: a SQLite file DATA_DIR/newsstream.db.",
    )
    topic_raw: str = Field(default="articles.raw", description="Topic of raw article events.")
    topic_dlq: str = Field(default="articles.dlq", description="Dead-letter topic.")
    log_level: str = Field(default="INFO", description="Python logging level.")

    def database_url(self) -> str:
        if self.db_url is not None:
            return self.db_url.get_secret_value()
        return f"sqlite:///{(self.data_dir / 'newsstream.db').as_posix()}"


class ProducerSettings(CommonSettings):
    partitions: int = Field(default=3, ge=1, description="Partitions of topics it creates.")
    replication_factor: int = Field(default=1, ge=1, description="Replication of its topics.")
    source: str = Field(
        default="seed", description="Source name given to articles read from .txt files."
    )


class ConsumerSettings(CommonSettings):
    group_id: str = Field(default="newsstream-consumer", description="Consumer group id.")
    batch_size: int = Field(default=200, ge=1, description="Max events per poll and transaction.")
    poll_timeout_ms: int = Field(default=1000, ge=1, description="Poll wait when idle.")
    store_retries: int = Field(
        default=5, ge=0, description="Retries of a failed store transaction before giving up."
    )


class DashboardSettings(CommonSettings):
    refresh_seconds: float = Field(
        default=2.0, gt=0, description="How often the live region re-reads the store."
    )
    dashboard_port: int = Field(default=8501, description="Port of the Streamlit server.")


class BrokerSettings(CommonSettings):
    kafka_version: str = Field(default=KAFKA_VERSION, description="Kafka jars to fetch.")
    broker_cache: Path = Field(
        default=Path.home() / ".cache" / "newsstream" / "kafka",
        description="Where Maven puts the Kafka jars (shared by all checkouts).",
    )
    broker_heap: str = Field(default="512m", description="JVM heap of the local broker.")
