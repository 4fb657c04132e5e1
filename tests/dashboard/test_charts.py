"""Chart builders: plain data in, plotly figures out."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import charts
from newsstream.store import ActorThemeCell, BucketCount, ThemeTotal


def test_months_between_crosses_years() -> None:
    assert charts.months_between("2023-11", "2024-02") == [
        "2023-11",
        "2023-12",
        "2024-01",
        "2024-02",
    ]
    assert charts.months_between("2024-05", "2024-05") == ["2024-05"]


def test_actor_timeline_one_line_per_actor_with_zero_months() -> None:
    rows = [
        BucketCount("2024-01", "nato", "NATO", 1, 3),
        BucketCount("2024-03", "nato", "NATO", 2, 5),
        BucketCount("2024-02", "ukraine", "Ukraine", 1, 2),
    ]
    fig = charts.actor_timeline_figure(rows, ["ukraine", "nato"])
    assert isinstance(fig, go.Figure)
    assert [t.name for t in fig.data] == ["Ukraine", "NATO"]
    ukraine, nato = fig.data
    assert list(nato.x) == ["2024-01", "2024-02", "2024-03"]
    assert list(nato.y) == [3, 0, 5]
    assert list(ukraine.y) == [0, 2, 0]
    assert fig.layout.yaxis.title.text == "mentions"


def test_actor_timeline_without_order_sorts_by_id() -> None:
    rows = [BucketCount("2024-01", "b", "Bee", 1, 1), BucketCount("2024-01", "a", "Ay", 1, 1)]
    assert [t.name for t in charts.actor_timeline_figure(rows).data] == ["Ay", "Bee"]


def test_empty_data_gives_an_explained_blank_figure() -> None:
    for fig in (
        charts.actor_timeline_figure([]),
        charts.theme_bar_figure([]),
        charts.actor_theme_heatmap([]),
    ):
        assert not fig.data
        assert fig.layout.annotations[0].text.startswith("No ")


def test_theme_bar_largest_on_top() -> None:
    fig = charts.theme_bar_figure(
        [ThemeTotal("a", "Alpha", 1), ThemeTotal("b", "Beta", 4), ThemeTotal("c", "Gamma", 2)]
    )
    (bar,) = fig.data
    assert bar.orientation == "h"
    # plotly draws the first category at the bottom
    assert list(bar.y) == ["Alpha", "Gamma", "Beta"]
    assert list(bar.x) == [1, 2, 4]


def test_heatmap_fills_absent_pairs_with_zero() -> None:
    cells = [
        ActorThemeCell("nato", "NATO", "aid", "Hilfe", 3),
        ActorThemeCell("nato", "NATO", "troops", "Truppen", 1),
        ActorThemeCell("kreml", "Kreml", "troops", "Truppen", 2),
    ]
    fig = charts.actor_theme_heatmap(cells, ["nato", "kreml"])
    (heat,) = fig.data
    assert list(heat.y) == ["NATO", "Kreml"]
    assert list(heat.x) == ["Hilfe", "Truppen"]  # by total articles, ties by label
    assert [list(row) for row in heat.z] == [[3, 1], [0, 2]]
