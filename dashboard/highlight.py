"""Evidence highlighting: article text + evidence spans -> segments -> safe markdown.

Pure functions, no Streamlit.  The article text is never passed on as HTML:
:func:`escape_markdown` writes every ASCII punctuation character as a numeric
character reference (``<`` as ``&#60;``), which markdown turns back into that
character as plain text and never reads as syntax.  So ``<script>``,
``**bold**``, ``[links](x)``, ``$math$`` and ``:directives[]`` in an article
are shown as the characters they are.  (One thing markdown still does to plain
text: Streamlit turns a bare ``http://`` URL into a link, as GitHub does.)
Highlights are Streamlit's own markdown directives (``:blue-background[...]``)
wrapped around escaped text.
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from newsstream.events import EnrichedArticle

Kind = Literal["actor", "theme"]

#: Background colour per kind of evidence; both kinds at once get the third colour.
COLORS: dict[frozenset[str], str] = {
    frozenset({"actor"}): "blue",
    frozenset({"theme"}): "orange",
    frozenset({"actor", "theme"}): "violet",
}

_PUNCTUATION = frozenset(string.punctuation)
_NEWLINES = re.compile(r"(\n+)")


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` is evidence of the actor or theme ``label``."""

    start: int
    end: int
    kind: Kind
    label: str


@dataclass(frozen=True)
class Segment:
    """A run of text and the actors and themes whose evidence covers it."""

    text: str
    actors: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()

    @property
    def highlighted(self) -> bool:
        return bool(self.actors or self.themes)


def evidence_spans(article: EnrichedArticle) -> list[Span]:
    """Every evidence span of the article's actors and themes."""
    spans = [
        Span(ev.start, ev.end, "actor", actor.name)
        for actor in article.actors
        for ev in actor.evidence
    ]
    spans += [
        Span(ev.start, ev.end, "theme", theme.label)
        for theme in article.themes
        for ev in theme.evidence
    ]
    return spans


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """Cut ``text`` into consecutive segments at every span boundary.

    Overlapping spans are fine (a segment lists every label covering it); spans
    are clipped to the text and empty or reversed ones are ignored.  Joining the
    segments' text gives back ``text``.
    """
    clipped = [
        (max(0, sp.start), min(len(text), sp.end), sp)
        for sp in spans
        if max(0, sp.start) < min(len(text), sp.end)
    ]
    cuts = sorted({0, len(text)} | {b for s, e, _ in clipped for b in (s, e)})
    result: list[Segment] = []
    for lo, hi in itertools.pairwise(cuts):
        covering = [sp for s, e, sp in clipped if s <= lo and hi <= e]
        actors = tuple(dict.fromkeys(sp.label for sp in covering if sp.kind == "actor"))
        themes = tuple(dict.fromkeys(sp.label for sp in covering if sp.kind == "theme"))
        piece = Segment(text[lo:hi], actors, themes)
        if result and (result[-1].actors, result[-1].themes) == (actors, themes):
            piece = Segment(result[-1].text + piece.text, actors, themes)
            result[-1] = piece
        else:
            result.append(piece)
    return result


def escape_markdown(text: str) -> str:
    """Every ASCII punctuation character as ``&#N;``: markdown shows the text literally."""
    return "".join(f"&#{ord(ch)};" if ch in _PUNCTUATION else ch for ch in text)


def to_markdown(parts: Sequence[Segment]) -> str:
    """Markdown of the segments: escaped text, highlights as background directives.

    Line breaks are kept (one newline: a line break; more: a new paragraph),
    and leading spaces of a line are dropped so that no line turns into a code
    block.  A highlight never spans a line break.
    """
    out: list[str] = []
    at_line_start = True
    for seg in parts:
        color = _color(seg)
        for piece in _NEWLINES.split(seg.text):
            if not piece:
                continue
            if piece.startswith("\n"):
                out.append("  \n" if len(piece) == 1 else "\n\n")
                at_line_start = True
                continue
            if at_line_start:
                piece = piece.lstrip()
                if not piece:
                    continue
            at_line_start = False
            escaped = escape_markdown(piece)
            out.append(f":{color}-background[{escaped}]" if color and piece.strip() else escaped)
    return "".join(out)


def _color(seg: Segment) -> str | None:
    kinds = frozenset(k for k, v in (("actor", seg.actors), ("theme", seg.themes)) if v)
    return COLORS.get(kinds)


def highlight_markdown(
    article: EnrichedArticle, kinds: Collection[Kind] = ("actor", "theme")
) -> str:
    """The article's text as safe markdown with the evidence of ``kinds`` highlighted."""
    spans = [sp for sp in evidence_spans(article) if sp.kind in kinds]
    return to_markdown(segments(article.text, spans))
