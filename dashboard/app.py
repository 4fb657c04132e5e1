"""The newsstream dashboard page (``streamlit run dashboard/app.py``): layout only.

Reads go through :mod:`dashboard.data` (cached), figures come from
:mod:`dashboard.charts`, text for display from :mod:`dashboard.tables` and
:mod:`dashboard.highlight`.  Two fragments:

* the live region re-runs itself every ``NEWSSTREAM_REFRESH_SECONDS`` and shows
  the pipeline status, the charts and the latest articles;
* the article viewer is a fragment without a timer: choosing an article re-runs
  only the viewer, and the text being read does not jump when new articles
  arrive (its choice list is refreshed on the next interaction).

Article text is never given to the page as HTML: the highlighted text is
markdown in which every punctuation character of the article is escaped, and
every other piece of article content is shown in tables.
"""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, tables
from dashboard.highlight import COLORS, Kind, escape_markdown, highlight_markdown
from newsstream.errors import NewsstreamError

LATEST = 20
HIGHLIGHT: dict[str, tuple[Kind, ...]] = {
    "actors and themes": ("actor", "theme"),
    "actors": ("actor",),
    "themes": ("theme",),
}
LEGEND: tuple[tuple[tuple[Kind, ...], str], ...] = (
    (("actor",), "actor evidence"),
    (("theme",), "theme evidence"),
    (("actor", "theme"), "both"),
)

st.set_page_config(page_title="newsstream", page_icon="📰", layout="wide")
st.title("newsstream")
st.caption(
    "German political news streamed through Kafka, enriched with actors, themes and quotes, "
    "and aggregated live by actor and theme over the articles' publication month."
)


def show_store_error(url: str, error: NewsstreamError) -> None:
    st.error(
        f"**The store cannot be read.** Check `NEWSSTREAM_DB_URL` "
        f"(now `{data.display_url(url)}`): it must name a SQLite file "
        "(`sqlite:///data/newsstream.db`) or a reachable PostgreSQL database "
        "(`postgresql+psycopg://user:password@host/db`)."
    )
    st.code(str(error), language=None, wrap_lines=True)


try:
    settings = data.settings()
except NewsstreamError as e:
    st.error("**The dashboard settings are invalid.** Fix the `NEWSSTREAM_*` variables.")
    st.code(str(e), language=None, wrap_lines=True)
    st.stop()

url = settings.database_url()

with st.sidebar:
    st.header("Filters")
    actor_types = st.multiselect(
        "Actor types", data.ACTOR_TYPES, default=list(data.ACTOR_TYPES), key="actor_types"
    )
    top_n = st.slider("Top actors", min_value=1, max_value=30, value=8, key="top_n")
    st.caption(f"The live region re-reads the store every {settings.refresh_seconds:g} s.")

try:
    data.get_store(url)
except NewsstreamError as e:
    show_store_error(url, e)
    st.stop()


@st.fragment(run_every=settings.refresh_seconds)
def live_region(url: str, actor_types: tuple[str, ...], top_n: int) -> None:
    try:
        snap = data.load_snapshot(url, actor_types, top_n)
    except NewsstreamError as e:
        show_store_error(url, e)
        return
    st.markdown(f"**Pipeline:** {tables.status_line(snap.stats)}")
    if snap.stats.articles == 0:
        st.info(
            "**No articles yet: start the producer.** Run `newsstream up` for the whole "
            "pipeline, or `newsstream produce seeds/` with `newsstream consume` running. "
            "This page fills by itself as articles are stored."
        )
        return
    if not actor_types:
        st.warning("No actor type is selected in the sidebar: the actor charts are empty.")
    order = [a.actor_id for a in snap.actors]
    left, right = st.columns(2)
    with left:
        st.plotly_chart(
            charts.actor_timeline_figure(snap.timeline, order), width="stretch", key="timeline"
        )
        st.caption(tables.undated_note(snap.stats.undated_articles, snap.stats.articles))
    with right:
        st.plotly_chart(charts.theme_bar_figure(snap.themes), width="stretch", key="themes")
    st.plotly_chart(charts.actor_theme_heatmap(snap.matrix, order), width="stretch", key="heatmap")
    st.subheader("Latest articles")
    st.dataframe(
        tables.latest_rows(snap.latest),
        hide_index=True,
        width="stretch",
        column_config={
            "article": st.column_config.TextColumn(width="large"),
            "date": st.column_config.TextColumn(width="small"),
            "actors": st.column_config.TextColumn(width="large"),
            "themes": st.column_config.TextColumn(width="medium"),
            "source": st.column_config.TextColumn(width="small"),
        },
    )


@st.fragment
def article_viewer(url: str) -> None:
    st.subheader("Article viewer")
    try:
        latest = {a.article_id: a for a in data.load_latest(url, LATEST)}
    except NewsstreamError as e:
        show_store_error(url, e)
        return
    if not latest:
        st.caption("Articles can be read here once they are stored.")
        return
    chosen = st.selectbox(
        "Article",
        list(latest),
        format_func=lambda article_id: tables.article_label(latest[article_id]),
        key="article",
    )
    stored = data.load_article(url, chosen) if chosen else None
    if stored is None:
        st.caption("This article is no longer in the store.")
        return
    article = stored.enriched
    st.markdown(f"#### {escape_markdown(stored.title or latest[chosen].heading)}")
    st.caption(
        f"{stored.published_at or 'date unknown'} · source {escape_markdown(stored.source)} · "
        f"id {stored.article_id}"
    )
    shown = st.radio(
        "Highlight evidence of",
        list(HIGHLIGHT),
        horizontal=True,
        key="highlight",
        help="Theme evidence is often whole sentences: choose actors to see names only.",
    )
    kinds = HIGHLIGHT[shown]
    st.markdown(
        "Highlighted: "
        + " ".join(
            f":{COLORS[frozenset(k)]}-background[{text}]"
            for k, text in LEGEND
            if set(k) <= set(kinds)
        )
    )
    with st.container(border=True, key="article_text"):
        st.markdown(highlight_markdown(article, kinds))
    actors_tab, themes_tab, quotes_tab, evidence_tab = st.tabs(
        [
            f"Actors ({len(article.actors)})",
            f"Themes ({len(article.themes)})",
            f"Quotes ({len(article.quotes)})",
            "Evidence",
        ]
    )
    with actors_tab:
        st.dataframe(tables.actor_rows(article), hide_index=True, width="stretch")
    with themes_tab:
        st.dataframe(tables.theme_rows(article), hide_index=True, width="stretch")
    with quotes_tab:
        if article.quotes:
            st.dataframe(tables.quote_rows(article), hide_index=True, width="stretch")
        else:
            st.caption("No direct quotes found in this article.")
    with evidence_tab:
        st.dataframe(tables.evidence_rows(article), hide_index=True, width="stretch")


live_region(url, tuple(actor_types), top_n)
st.divider()
article_viewer(url)
