"""docker-compose.yml stays true to the code: validated by Debian's ``docker-compose config``.

No Docker engine is needed: ``config`` only parses, validates and normalises the file.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml

from newsstream.cli import app
from newsstream.settings import KAFKA_VERSION

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = {"producer", "consumer", "dashboard"}
BOOTSTRAP = "kafka:9092"
DB_URL = "postgresql+psycopg://newsstream:newsstream@postgres:5432/newsstream"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    """The file as ``docker-compose config`` normalises it (fails if it is invalid)."""
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail(
            "docker-compose is not installed; scripts/test installs it "
            "(apt-get install -y --no-install-recommends docker-compose).",
            pytrace=False,
        )
    result = subprocess.run(
        [binary, "-f", str(ROOT / "docker-compose.yml"), "config"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, f"docker-compose config rejected the file:\n{result.stderr}"
    config: dict[str, Any] = yaml.safe_load(result.stdout)
    return config


def test_the_five_services(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"kafka", "postgres", *APP_SERVICES}


def test_kafka_is_the_official_image_of_the_pinned_version(compose: dict[str, Any]) -> None:
    kafka = compose["services"]["kafka"]
    assert kafka["image"] == f"apache/kafka:{KAFKA_VERSION}"
    environment = kafka["environment"]
    assert environment["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert f"PLAINTEXT://{BOOTSTRAP}" in environment["KAFKA_ADVERTISED_LISTENERS"].split(",")
    assert "test" in kafka["healthcheck"]


def test_postgres_has_a_healthcheck_and_the_database_the_apps_use(
    compose: dict[str, Any],
) -> None:
    postgres = compose["services"]["postgres"]
    assert postgres["image"].startswith("postgres:16")
    assert "test" in postgres["healthcheck"]
    environment = postgres["environment"]
    user, password, database = (
        environment["POSTGRES_USER"],
        environment["POSTGRES_PASSWORD"],
        environment["POSTGRES_DB"],
    )
    assert f"postgresql+psycopg://{user}:{password}@postgres:5432/{database}" == DB_URL


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_app_services_share_one_image_settings_and_wait_for_healthy_servers(
    compose: dict[str, Any], name: str
) -> None:
    service = compose["services"][name]
    assert Path(service["build"]["context"]).resolve() == ROOT
    assert service["environment"]["NEWSSTREAM_KAFKA_BOOTSTRAP"] == BOOTSTRAP
    assert service["environment"]["NEWSSTREAM_DB_URL"] == DB_URL
    assert service["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert service["depends_on"]["postgres"]["condition"] == "service_healthy"


@pytest.mark.parametrize(
    ("name", "subcommand"),
    [("producer", "produce"), ("consumer", "consume"), ("dashboard", "dashboard")],
)
def test_commands_parse_with_the_real_cli(
    compose: dict[str, Any], name: str, subcommand: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = compose["services"][name]["command"]
    assert command[:2] == ["newsstream", subcommand]
    monkeypatch.chdir(ROOT)  # the image's WORKDIR holds seeds/ like the repository root
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    cli_command = group.commands[subcommand]
    with cli_command.make_context(subcommand, list(command[2:])) as context:
        assert context.params is not None  # parsed: every option exists and has a valid value


def test_producer_replays_the_seeds_as_a_month_per_10_seconds(compose: dict[str, Any]) -> None:
    command = compose["services"]["producer"]["command"]
    assert "seeds/" in command and "--simulate" in command
    assert float(command[command.index("--speedup") + 1]) == 30 * 24 * 3600 / 10


def test_dashboard_is_published_on_8501(compose: dict[str, Any]) -> None:
    ports = compose["services"]["dashboard"]["ports"]
    assert any(
        str(port.get("published")) == "8501" and int(port["target"]) == 8501 for port in ports
    ), ports


def test_dockerfile_builds_the_project_from_files_that_exist() -> None:
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    assert lines[[line.startswith("FROM") for line in lines].index(True)] == (
        "FROM python:3.11-slim"
    )
    for line in lines:
        if line.startswith("COPY "):
            sources = line.split()[1:-1]
            for source in sources:
                assert (ROOT / source).exists(), f"Dockerfile copies {source}, which is missing"
    assert any(line.startswith("RUN pip install .") for line in lines)
