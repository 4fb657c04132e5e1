"""The enrichment engine: :class:`Enricher` turns an ArticleEvent into an EnrichedArticle.

Pure: no I/O after :meth:`Enricher.load`, no clock; the same event gives the same
output.  Spans are character offsets into ``event.text`` (the title is not used).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from newsstream.enrich.actors import ActorAcc, ActorResolver
from newsstream.enrich.compiled import CompiledKB, DateRange, date_range
from newsstream.enrich.output import construct, evidence_spans
from newsstream.enrich.quotes import find_quotes
from newsstream.enrich.text import lower_preserving, split_sentences
from newsstream.enrich.themes import score_themes
from newsstream.events import ActorMention, ArticleEvent, EnrichedArticle, Location
from newsstream.knowledge import KnowledgeBase, load_knowledge_base

#: Bump when the output for the same input and knowledge base can change.  1.1.0: the
#: rules added after 1.0.0 (unknown organizations, enumeration items in themes, ...),
#: which had not bumped it.  1.2.0: a cue in a relative clause on a person ("Selenskyj,
#: der zum G7-Gipfel gereist war,") does not make a sentence spent on a theme.  1.3.0:
#: speaker pronouns skip the reported content and persons governed by a preposition; a
#: colon's speaker is the clause's subject; a common KB surname after the full name.
#: 1.4.0: party member nouns introduce names, a country adjective as an institution's
#: context, feminine bodies after "der", compound prefixes, time clauses as asides.
#: 1.5.0: a description after the speech verb ("sagte der SPD-Politiker") and a speaker
#: pronoun refer to the subject of the last sentence naming a person of that gender.
#: 1.6.0: "im <seat of government>" is a place; a description after a speech verb
#: before the quote; power-cut wording.
#: 1.7.0: offices in apposition, long role complements before a name, descriptions
#: with lowercase words ("der für Infrastruktur zuständige Minister").
#: 1.8.0: names with an apostrophe (O'Sullivan, not Sullivan), a genitive body noun is
#: no name.
#: 1.9.0: a capital as a first name (Victoria Nuland), ambiguous names (Die Welt).
#: 1.10.0: a sentence opened by "Er"/"Sie" and a singular verb gives a speaker pronoun.
#: 1.11.0: a genitive surname after a role word ("Oberst Reisners Analyse") is the
#: person named before, not a new name.
#: 1.12.0: a place opening a sentence ("In Moskau sagte Peskow …") sets the scene for a
#: bare institution there and in the next sentence, over the dateline.
#: 1.13.0: a point in time given by another event ("zwei Wochen nach den Explosionen an
#: den Ostseepipelines") is an aside for themes.
#: 1.14.0: a rank between an office and the name in apposition ("der Direktor des MIVD,
#: Vizeadmiral Peter Reesink") still makes the office that person.
#: 1.15.0: a long organization noun itself, in the genitive before a surname ("des
#: Obersten Gerichtshofs Knjasjew"), is no name.
ENGINE_VERSION = "1.15.0"


def engine_version(kb: KnowledgeBase) -> str:
    """What produces an output: the engine's version, the knowledge-base files' versions
    and a digest of their content (so an edit of the data that forgot to bump a version
    still shows).  Stored with every article, so stored enrichment made by another
    engine or knowledge base can be found and redone (without compiling an engine)."""
    digest = hashlib.sha256(kb.model_dump_json().encode()).hexdigest()[:8]
    return f"{ENGINE_VERSION}+kb.{kb.version}.{digest}"


class Enricher:
    """Compiled once (automaton built in :meth:`load`), then reused; safe for
    concurrent :meth:`enrich` calls (it only reads its compiled state)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.compiled = CompiledKB.build(kb)
        self.version = engine_version(kb)

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
        quotes = find_quotes(
            text,
            sents,
            scan.speech,
            resolver.person_refs,
            resolver.actors,
            resolver.anonymous_refs,
            resolver.quotation_spans,
        )
        #: where person mentions end -> where they start (for relative clauses on them)
        person_spans = {
            end: start
            for a in resolver.actors.values()
            if a.type == "person"
            for start, end in a.spans
        }
        themes = score_themes(self.compiled, scan.cues, sents, lower, person_spans)
        actors = sorted(resolver.actors.values(), key=lambda a: (-len(a.spans), a.first))
        sentences = [text[s:e] for s, e in zip(sents.starts, sents.ends, strict=True)]
        by_offset = sents.by_offset
        return construct(
            EnrichedArticle,
            {
                "article_id": event.article_id,
                "published_at": event.published_at,
                "title": event.title,
                "text": text,
                "actors": tuple(
                    self._mention(a, by_offset, sentences, when, resolver)
                    for a in actors
                    if a.spans
                ),
                "themes": themes,
                "quotes": quotes,
                "locations": tuple(
                    construct(
                        Location,
                        {
                            "name": p.name,
                            "id": p.id,
                            "country_id": p.country_id,
                            "evidence": evidence_spans(p.spans, by_offset, sentences),
                        },
                    )
                    for p in sorted(resolver.places.values(), key=lambda p: p.first)
                ),
                "engine_version": self.version,
            },
        )

    def _mention(
        self,
        a: ActorAcc,
        by_offset: list[int],
        sentences: list[str],
        when: DateRange | None,
        resolver: ActorResolver,
    ) -> ActorMention:
        roles = dict(a.roles)
        if when is not None and a.type == "person":
            for r in resolver.valid_roles(a.id):
                roles[r[2]] = None
        return construct(
            ActorMention,
            {
                "id": a.id,
                "name": a.name,
                "type": a.type,
                "aliases": tuple(a.aliases),
                "mentions": len(a.spans),
                "known": a.known,
                "roles": tuple(roles),
                "evidence": evidence_spans(a.spans, by_offset, sentences),
            },
        )
