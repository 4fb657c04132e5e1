"""The enrichment engine: :class:`Enricher` turns an ArticleEvent into an EnrichedArticle.

Pure: no I/O after :meth:`Enricher.load`, no clock; the same event gives the same
output.  Spans are character offsets into ``event.text`` (the title is not used).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsstream.enrich.actors import ActorAcc, ActorResolver
from newsstream.enrich.compiled import CompiledKB, DateRange, date_range, role_valid
from newsstream.enrich.quotes import find_quotes
from newsstream.enrich.text import Sentences, lower_preserving, split_sentences
from newsstream.enrich.themes import score_themes
from newsstream.events import ArticleEvent, EnrichedArticle
from newsstream.knowledge import KnowledgeBase, load_knowledge_base

#: Bump when the output for the same input and knowledge base can change.
ENGINE_VERSION = "1.0.0"


class Enricher:
    """Compiled once (automaton built in :meth:`load`), then reused; safe for
    concurrent :meth:`enrich` calls (it only reads its compiled state)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.compiled = CompiledKB.build(kb)
        self.version = f"{ENGINE_VERSION}+kb.{kb.version}"

    @classmethod
    def load(
        cls,
        actors_path: Path | None = None,
        places_path: Path | None = None,
        themes_path: Path | None = None,
    ) -> Enricher:
        return cls(load_knowledge_base(actors_path, places_path, themes_path))

    def enrich(self, event: ArticleEvent) -> EnrichedArticle:
        text = event.text
        lower = lower_preserving(text)
        sents = split_sentences(text)
        when = date_range(event.published_at)
        scan = self.compiled.matcher.scan(text, lower)
        resolver = ActorResolver(self.compiled, text, sents, when)
        resolver.run(scan.hits, scan.speech)
        quotes = find_quotes(text, sents, scan.speech, resolver.person_refs, resolver.actors)
        themes = score_themes(self.compiled, scan.cues, sents, lower)
        actors = sorted(resolver.actors.values(), key=lambda a: (-len(a.spans), a.first))
        # One validation call for the whole article: pydantic-core builds the nested
        # models in Rust, much cheaper than one Python constructor per evidence span.
        return EnrichedArticle.model_validate(
            {
                "article_id": event.article_id,
                "published_at": event.published_at,
                "title": event.title,
                "text": text,
                "actors": [self._mention(a, sents, when) for a in actors if a.spans],
                "themes": themes,
                "quotes": quotes,
                "locations": [
                    {
                        "name": p.name,
                        "id": p.id,
                        "country_id": p.country_id,
                        "evidence": _evidence(p.spans, sents),
                    }
                    for p in sorted(resolver.places.values(), key=lambda p: p.first)
                ],
                "engine_version": ENGINE_VERSION,
            }
        )

    def _mention(self, a: ActorAcc, sents: Sentences, when: DateRange | None) -> dict[str, Any]:
        roles = dict(a.roles)
        person = self.compiled.persons.get(a.id)
        if person is not None and when is not None:
            for r in person.roles:
                if role_valid(r, when):
                    roles[r.role_id] = None
        return {
            "id": a.id,
            "name": a.name,
            "type": a.type,
            "aliases": tuple(a.aliases),
            "mentions": len(a.spans),
            "known": a.known,
            "roles": tuple(roles),
            "evidence": _evidence(a.spans, sents),
        }


def _evidence(spans: list[tuple[int, int]], sents: Sentences) -> list[dict[str, Any]]:
    by_offset = sents.by_offset
    out = []
    for start, end in sorted(set(spans)):
        i = by_offset[start] if start < len(by_offset) else sents.index(start)
        out.append({"start": start, "end": end, "sentence": sents.sentence(i)})
    return out
