"""The page, run by Streamlit's AppTest against real SQLite stores.

AppTest runs the script once per ``run()`` (fragments included, their timers not).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.highlight import escape_markdown
from newsstream.events import ArticleEvent, EnrichedArticle

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
Seeds = list[tuple[ArticleEvent, EnrichedArticle]]


def run_app(monkeypatch: pytest.MonkeyPatch, url: str) -> AppTest:
    monkeypatch.setenv("NEWSSTREAM_DB_URL", url)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> list[str]:
    return [m.value for m in (*at.markdown, *at.caption, *at.info, *at.error, *at.warning)]


def test_populated_store(monkeypatch: pytest.MonkeyPatch, sqlite_url: str, seeds: Seeds) -> None:
    at = run_app(monkeypatch, sqlite_url)
    assert at.title[0].value == "newsstream"
    status = next(t for t in texts(at) if t.startswith("**Pipeline:**"))
    assert "5 articles stored · 1 dead-lettered · last event time 2024-12" in status
    assert "last stored at 20" in status
    assert len(at.get("plotly_chart")) == 3
    assert any("1 of 5 articles have no date" in t for t in texts(at))
    assert not at.error

    table = at.dataframe[0].value
    assert len(table) == 5
    assert list(table.columns) == ["article", "date", "actors", "themes", "source"]
    titles = {e.title for e, _ in seeds if e.title}
    assert titles <= set(table["article"])
    assert "unknown" in set(table["date"])  # the undated seed
    assert any("Jens Stoltenberg" in actors for actors in table["actors"])


def test_article_viewer_shows_actors_themes_quotes(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str, seeds: Seeds
) -> None:
    at = run_app(monkeypatch, sqlite_url)
    event, enriched = next((e, x) for e, x in seeds if x.quotes and e.title)
    assert event.title
    at.selectbox(key="article").set_value(event.article_id).run()
    assert not at.exception
    assert any(m.value == f"#### {escape_markdown(event.title)}" for m in at.markdown)
    actors = at.dataframe[1].value
    assert set(actors["actor"]) == {a.name for a in enriched.actors}
    themes = at.dataframe[2].value
    assert set(themes["theme"]) == {t.label for t in enriched.themes}
    quotes = at.dataframe[3].value
    assert list(quotes["speaker"]) == [q.speaker for q in enriched.quotes]
    evidence = at.dataframe[4].value
    assert len(evidence) == sum(len(a.evidence) for a in enriched.actors) + sum(
        len(t.evidence) for t in enriched.themes
    )
    text = next(
        m.value
        for m in at.markdown
        if ":blue-background[" in m.value and "Highlighted" not in m.value
    )
    assert ":blue-background[Rutte]" in text
    assert ":orange-background[" in text
    at.radio(key="highlight").set_value("actors").run()
    actors_only = next(m.value for m in at.markdown if "Rutte" in m.value)
    assert ":blue-background[Rutte]" in actors_only
    assert ":orange-background[" not in actors_only


def test_article_text_is_never_html(
    monkeypatch: pytest.MonkeyPatch, hostile_sqlite_url: str, hostile_text: str
) -> None:
    at = run_app(monkeypatch, hostile_sqlite_url)
    # the hostile article is the newest, so the viewer shows it first
    assert (
        at.selectbox(key="article")
        .format_func(at.selectbox(key="article").value)
        .startswith("2024-12 · Angriff")
    )
    assert all(not m.allow_html for m in at.markdown)
    heading = next(m.value for m in at.markdown if m.value.startswith("#### "))
    assert heading.startswith("#### Angriff &#60;script&#62;alert")
    body = next(m.value for m in at.markdown if "eingerückt" in m.value)
    assert "<script>" not in body
    assert "&#60;script&#62;" in body
    assert "**x**" not in body
    assert "&#42;&#42;x&#42;&#42;" in body
    assert ":red[" not in body
    assert ":blue-background[NATO]" in body
    assert "\n\neingerückt &#35; kein Titel" in body  # no indented code block, no heading


def test_actor_type_filter(monkeypatch: pytest.MonkeyPatch, sqlite_url: str) -> None:
    at = run_app(monkeypatch, sqlite_url)
    at.multiselect(key="actor_types").set_value(["country"]).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 3
    at.multiselect(key="actor_types").set_value([]).run()
    assert any("No actor type is selected" in w.value for w in at.warning)
    at.slider(key="top_n").set_value(2).run()
    assert not at.exception


def test_empty_store_says_start_the_producer(
    monkeypatch: pytest.MonkeyPatch, empty_sqlite_url: str
) -> None:
    at = run_app(monkeypatch, empty_sqlite_url)
    assert not at.error
    assert any("No articles yet: start the producer" in i.value for i in at.info)
    assert any("0 articles stored · 0 dead-lettered" in t for t in texts(at))
    assert not at.get("plotly_chart")


@pytest.mark.parametrize(
    "url",
    [
        "not a database url",
        "mysql://u@localhost/db",
        "postgresql+psycopg://u:secret@127.0.0.1:9/db",
    ],
)
def test_bad_database_url_shows_a_clear_error(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    at = run_app(monkeypatch, url)
    assert len(at.error) == 1
    assert "The store cannot be read" in at.error[0].value
    assert "NEWSSTREAM_DB_URL" in at.error[0].value
    assert "secret" not in at.error[0].value
    assert not at.get("plotly_chart")


def test_invalid_settings_show_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSSTREAM_REFRESH_SECONDS", "soon")
    at = run_app(monkeypatch, "sqlite:///unused.db")
    assert "settings are invalid" in at.error[0].value
