"""The exception tree: every error newsstream raises on purpose derives from NewsstreamError.

Driver errors (kafka-python, SQLAlchemy, subprocess) are translated once, at the
shell that calls the driver, and chained with ``from e``.
"""

from __future__ import annotations

from typing import Literal


class NewsstreamError(Exception):
    """Base of all newsstream errors."""


class ConfigError(NewsstreamError):
    """A setting or a command-line argument is wrong."""


class SourceError(NewsstreamError):
    """An input file or folder cannot be read as articles."""


class InvalidEventError(NewsstreamError):
    """A message on a topic cannot be decoded or does not fit the contract."""

    def __init__(
        self, kind: Literal["undecodable", "invalid_json", "invalid_event"], message: str
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class KnowledgeBaseError(NewsstreamError):
    """The actor knowledge base or theme taxonomy files are invalid."""


class StoreError(NewsstreamError):
    """The store could not be reached or a transaction failed (it was rolled back)."""


class StoreRejectedError(StoreError):
    """The store refused the data itself (a constraint or type violation): a retry won't help."""


class KafkaUnavailableError(NewsstreamError):
    """No Kafka broker answered at the configured bootstrap address."""


class BrokerError(NewsstreamError):
    """The local JVM Kafka broker could not be fetched, formatted, started or stopped."""
