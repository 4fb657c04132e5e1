"""Read articles from files: the seed ``.txt`` format and ``.jsonl`` of article events.

Seed format: an optional leading token run `` date YYYY-MM `` (when absent, the
date is unknown and stays ``None``), then an optional headline line, then the
body.  Media boilerplate lines such as ``📽️ Video | ...`` are dropped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsstream.errors import InvalidEventError, SourceError
from newsstream.events import ArticleEvent, parse_article_event

logger = logging.getLogger(__name__)

_DATE = re.compile(r"^\s*date\s+(\d{4}-(?:0[1-9]|1[0-2]))\s+")
_BOILERPLATE = re.compile(
    r"^\s*(?:\W{0,3}\s*)?(?:Video|Audio|Foto|Fotos|Bild|Bilder|Galerie|Podcast|Livestream)\s*\|",
    re.IGNORECASE,
)
_SENTENCE_END = (".", "!", "?", '"', "“", "”", "»", "«", ":")
_MAX_HEADLINE = 200


def parse_seed_text(raw: str, *, source: str) -> ArticleEvent:
    """Parse one article in the seed ``.txt`` format."""
    published_at = None
    match = _DATE.match(raw)
    if match:
        published_at = match.group(1)
        raw = raw[match.end() :]
    lines = [ln.rstrip() for ln in raw.strip().splitlines()]
    lines = [ln for ln in lines if not _BOILERPLATE.match(ln)]
    title = None
    if len(lines) > 1:
        first = lines[0].strip()
        if first and len(first) <= _MAX_HEADLINE and not first.endswith(_SENTENCE_END):
            title = first
            lines = lines[1:]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not text:
        raise SourceError("article has no text")
    return ArticleEvent.create(source=source, title=title, text=text, published_at=published_at)


def iter_paths(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to their ``.txt``/``.jsonl`` files, sorted by name."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.suffix in {".txt", ".jsonl"} and p.is_file()
            )
            if not found:
                raise SourceError(f"{path}: folder holds no .txt or .jsonl files")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise SourceError(f"{path}: no such file or folder")
    return files


def read_articles(paths: Iterable[Path], *, source: str = "seed") -> Iterator[ArticleEvent]:
    """Articles from ``.txt`` files (seed format) and ``.jsonl`` files of events.

    A bad ``.jsonl`` line raises :class:`SourceError` naming the file and line.
    """
    for path in iter_paths(paths):
        if path.suffix == ".jsonl":
            yield from _read_jsonl(path)
        else:
            try:
                raw = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                raise SourceError(f"{path}: cannot read as UTF-8 text: {e}") from e
            try:
                yield parse_seed_text(raw, source=source)
            except SourceError as e:
                raise SourceError(f"{path}: {e}") from e


def _read_jsonl(path: Path) -> Iterator[ArticleEvent]:
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield parse_article_event(line)
            except InvalidEventError as e:
                raise SourceError(f"{path}:{lineno}: {e.message}") from e
