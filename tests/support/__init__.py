"""Test infrastructure: real servers for the integration tests (no mocks).

``kafka.py`` finds or starts a Kafka broker, ``postgres.py`` a PostgreSQL
server; ``servers.py`` holds the environment overrides.  The fixtures in
``tests/conftest.py`` wrap them, once per session.
"""
