"""The enrichment engine: German news text in, EnrichedArticle out (pure, compiled once).

>>> enricher = Enricher.load()
>>> enriched = enricher.enrich(event)
"""

from newsstream.enrich.engine import ENGINE_VERSION, Enricher, engine_version

__all__ = ["ENGINE_VERSION", "Enricher", "engine_version"]
