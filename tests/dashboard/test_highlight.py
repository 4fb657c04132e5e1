"""Evidence highlighting: segments and safe markdown."""

from __future__ import annotations

import html
import string

import pytest
from markdown_it import MarkdownIt

from dashboard.highlight import (
    Segment,
    Span,
    escape_markdown,
    evidence_spans,
    highlight_markdown,
    segments,
    to_markdown,
)
from newsstream.events import ActorMention, EnrichedArticle, Evidence, ThemeAssignment

TEXT = "Stoltenberg sagte, die NATO helfe der Ukraine."


def test_segments_cover_the_text_and_merge_labels() -> None:
    spans = [
        Span(0, 11, "actor", "Jens Stoltenberg"),
        Span(23, 27, "actor", "NATO"),
        Span(23, 46, "theme", "Militärhilfe"),
        Span(38, 100, "actor", "Ukraine"),  # clipped to the text
        Span(5, 5, "actor", "empty"),  # ignored
        Span(9, 3, "actor", "reversed"),  # ignored
    ]
    parts = segments(TEXT, spans)
    assert "".join(p.text for p in parts) == TEXT
    assert parts[0] == Segment("Stoltenberg", ("Jens Stoltenberg",), ())
    assert parts[1] == Segment(" sagte, die ", (), ())
    assert parts[2] == Segment("NATO", ("NATO",), ("Militärhilfe",))
    assert parts[3] == Segment(" helfe der ", (), ("Militärhilfe",))
    assert parts[4] == Segment("Ukraine.", ("Ukraine",), ("Militärhilfe",))
    assert [p.highlighted for p in parts] == [True, False, True, True, True]


def test_segments_without_spans() -> None:
    assert segments(TEXT, []) == [Segment(TEXT)]
    assert segments("", []) == []


def test_adjacent_spans_of_one_label_merge() -> None:
    parts = segments("abcdef", [Span(0, 2, "actor", "X"), Span(2, 4, "actor", "X")])
    assert parts == [Segment("abcd", ("X",)), Segment("ef")]


def test_colours_by_kind() -> None:
    md = to_markdown(
        [Segment("A", ("a",)), Segment(" "), Segment("T", (), ("t",)), Segment("B", ("b",), ("t",))]
    )
    assert md == ":blue-background[A] :orange-background[T]:violet-background[B]"


def test_escape_keeps_letters_and_encodes_every_punctuation() -> None:
    assert escape_markdown("Kiew fordert Hilfe 2024 äöü") == "Kiew fordert Hilfe 2024 äöü"
    for ch in string.punctuation:
        assert escape_markdown(ch) == f"&#{ord(ch)};"


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script>",
        "**x** and __y__ and `code`",
        "[Link](javascript:alert(1)) ![img](http://x/y.png)",
        "# heading\n> quote\n- item\n1. item\n---",
        "<img src=x onerror=alert(1)> &amp; &lt;",
        "Ziel:Frieden :red[rot] :smile: $x^2$",
    ],
)
def test_markdown_shows_the_text_literally(text: str) -> None:
    """CommonMark renders the escaped text as exactly this text: no tag, no markup."""
    rendered = MarkdownIt("commonmark").render(to_markdown(segments(text, [])))
    plain = rendered.replace("<p>", "").replace("</p>", "").replace("<br />", "")
    assert html.unescape(plain).replace("\n", "") == text.replace("\n", "")
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered


def test_line_breaks_kept_and_indentation_dropped() -> None:
    md = to_markdown(segments("Eins.\nZwei.\n\n\n    Drei.", [Span(18, 22, "actor", "D")]))
    assert md == "Eins&#46;  \nZwei&#46;\n\n:blue-background[Drei]&#46;"


def test_highlight_never_spans_a_line_break() -> None:
    md = to_markdown([Segment("NATO\nGipfel", ("NATO",))])
    assert md == ":blue-background[NATO]  \n:blue-background[Gipfel]"


def _article(theme_start: int, theme_end: int) -> EnrichedArticle:
    """TEXT with NATO as actor evidence and one theme evidence span."""
    return EnrichedArticle(
        article_id="0" * 32,
        published_at=None,
        title=None,
        text=TEXT,
        actors=(
            ActorMention(
                id="nato",
                name="NATO",
                type="organization",
                mentions=1,
                evidence=(Evidence(start=23, end=27, sentence=TEXT),),
            ),
        ),
        themes=(
            ThemeAssignment(
                id="military_aid",
                label="Militärhilfe",
                score=1.0,
                evidence=(Evidence(start=theme_start, end=theme_end, sentence=TEXT),),
            ),
        ),
    )


def test_highlight_markdown_of_an_article() -> None:
    article = _article(28, 33)
    assert [s.label for s in evidence_spans(article)] == ["NATO", "Militärhilfe"]
    assert highlight_markdown(article) == (
        "Stoltenberg sagte&#44; die :blue-background[NATO] :orange-background[helfe]"
        " der Ukraine&#46;"
    )


def test_highlight_only_the_chosen_kinds() -> None:
    article = _article(0, 46)
    actors_only = highlight_markdown(article, ["actor"])
    assert ":blue-background[NATO]" in actors_only
    assert "orange" not in actors_only
    themes_only = highlight_markdown(article, ["theme"])
    assert themes_only.startswith(":orange-background[Stoltenberg")
    assert "blue" not in themes_only
    assert ":violet-background[NATO]" in highlight_markdown(article)
