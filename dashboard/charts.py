"""Chart builders: plain data in, a ``plotly.graph_objects.Figure`` out.  Pure: no I/O."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from newsstream.store import ActorThemeCell, BucketCount, ThemeTotal

_LAYOUT = {
    "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
    "height": 360,
    "template": "plotly_white",
}


def months_between(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last`` inclusive."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def empty_figure(title: str, message: str) -> go.Figure:
    """A blank figure that says why it is blank."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_layout(title=title, xaxis={"visible": False}, yaxis={"visible": False})
    fig.update_layout(**_LAYOUT)
    return fig


def actor_timeline_figure(
    rows: Sequence[BucketCount], actor_order: Sequence[str] = ()
) -> go.Figure:
    """Mentions per actor and month: one line per actor, months without mentions at 0.

    ``rows`` are dated buckets only; ``actor_order`` (actor ids) fixes the
    legend order, e.g. by total articles.
    """
    title = "Mentions per actor and month"
    if not rows:
        return empty_figure(title, "No dated mentions yet")
    months = months_between(min(r.bucket for r in rows), max(r.bucket for r in rows))
    counts: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    for r in rows:
        counts.setdefault(r.key, {})[r.bucket] = r.mentions
        names[r.key] = r.label
    actors = [a for a in actor_order if a in counts] + sorted(set(counts) - set(actor_order))
    fig = go.Figure()
    for actor in actors:
        fig.add_trace(
            go.Scatter(
                x=months,
                y=[counts[actor].get(m, 0) for m in months],
                mode="lines+markers",
                name=names[actor],
                hovertemplate="%{x|%Y-%m}: %{y} mentions<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        title=title,
        xaxis={"title": "month", "type": "date", "tickformat": "%b %Y"},
        yaxis={"title": "mentions", "rangemode": "tozero"},
        legend={"title": "actor"},
        **_LAYOUT,
    )
    return fig


def theme_bar_figure(themes: Sequence[ThemeTotal]) -> go.Figure:
    """Articles per theme, largest on top."""
    title = "Themes: articles per theme"
    if not themes:
        return empty_figure(title, "No themes yet")
    ordered = sorted(themes, key=lambda t: (t.articles, t.label))
    fig = go.Figure(
        go.Bar(
            x=[t.articles for t in ordered],
            y=[t.label for t in ordered],
            orientation="h",
            hovertemplate="%{y}: %{x} articles<extra></extra>",
        )
    )
    fig.update_layout(
        title=title,
        xaxis={
            "title": "articles",
            "rangemode": "tozero",
            "dtick": 1 if ordered[-1].articles <= 10 else None,
        },
        yaxis={"automargin": True},
        **_LAYOUT,
    )
    return fig


def actor_theme_heatmap(
    cells: Sequence[ActorThemeCell], actor_order: Sequence[str] = ()
) -> go.Figure:
    """Articles per actor (rows) and theme (columns); absent pairs are 0."""
    title = "Actor x theme: articles naming both"
    if not cells:
        return empty_figure(title, "No actor with a theme yet")
    names = {c.actor_id: c.actor_name for c in cells}
    actors = [a for a in actor_order if a in names] + sorted(set(names) - set(actor_order))
    theme_totals: dict[str, int] = {}
    theme_labels: dict[str, str] = {}
    for c in cells:
        theme_totals[c.theme_id] = theme_totals.get(c.theme_id, 0) + c.articles
        theme_labels[c.theme_id] = c.theme_label
    themes = sorted(theme_totals, key=lambda t: (-theme_totals[t], theme_labels[t]))
    grid = {(c.actor_id, c.theme_id): c.articles for c in cells}
    z = [[grid.get((a, t), 0) for t in themes] for a in actors]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[theme_labels[t] for t in themes],
            y=[names[a] for a in actors],
            colorscale="Blues",
            text=z,
            texttemplate="%{text}",
            hovertemplate="%{y} x %{x}: %{z} articles<extra></extra>",
            colorbar={"title": "articles"},
        )
    )
    fig.update_layout(
        title=title,
        xaxis={"tickangle": -35, "automargin": True},
        yaxis={"autorange": "reversed", "automargin": True},
        **_LAYOUT,
    )
    return fig
