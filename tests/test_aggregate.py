"""Aggregation is pure and additive."""

from __future__ import annotations

from newsstream.aggregate import UNKNOWN_BUCKET, rollup, time_bucket
from newsstream.events import ActorMention, EnrichedArticle, ThemeAssignment


def _article(aid: str, published_at: str | None) -> EnrichedArticle:
    return EnrichedArticle(
        article_id=aid * 32,
        published_at=published_at,
        title=None,
        text="x",
        actors=(
            ActorMention(id="nato", name="NATO", type="organization", mentions=4),
            ActorMention(id="ukraine", name="Ukraine", type="country", mentions=2),
        ),
        themes=(ThemeAssignment(id="nato_membership", label="NATO-Beitritt", score=3.0),),
    )


def test_time_bucket() -> None:
    assert time_bucket("2024-05") == "2024-05"
    assert time_bucket("2024-05-17") == "2024-05"
    assert time_bucket(None) == UNKNOWN_BUCKET


def test_rollup_counts_articles_and_mentions_per_bucket() -> None:
    r = rollup([_article("a", "2024-05"), _article("b", "2024-05-02"), _article("c", None)])
    assert r.actor_articles[("2024-05", "nato")] == 2
    assert r.actor_mentions[("2024-05", "nato")] == 8
    assert r.actor_articles[(UNKNOWN_BUCKET, "ukraine")] == 1
    assert r.theme_articles[("2024-05", "nato_membership")] == 2
    assert r.actor_theme_articles[("2024-05", "ukraine", "nato_membership")] == 2
    assert r.bucket_articles == {"2024-05": 2, UNKNOWN_BUCKET: 1}


def test_rollup_is_additive() -> None:
    parts = [_article("a", "2024-05"), _article("b", None)]
    whole = rollup(parts)
    split = rollup(parts[:1])
    for key, n in rollup(parts[1:]).actor_articles.items():
        split.actor_articles[key] += n
    assert whole.actor_articles == split.actor_articles
