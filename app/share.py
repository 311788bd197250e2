"""The "Share this view" panel: permalink, embed snippet and citation of the view on screen."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app.common import Page
from ledger.share import citation, embed_snippet, permalink

FALLBACK_URL = "http://localhost:8501/"


def view_params(page: Page) -> list[tuple[str, str]]:
    """The URL's query as it stands, with the "as known on" date pinned so the link still shows this view later."""
    params = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    if page.filters.as_of is not None and "as_of" not in st.query_params:
        params.append(("as_of", page.filters.as_of.isoformat()))
    return params


def render(page: Page) -> None:
    """Draw the panel in the sidebar; its content is built only while it is open."""
    with st.sidebar:
        panel = st.expander("Share this view", key="share", on_change="rerun")
    if not panel.open:  # closed: nothing to build or send, so cold loads and toggles don't pay for it
        return
    link = permalink(st.context.url or FALLBACK_URL, view_params(page))
    version, date = page.release
    with panel:
        st.caption("Link to this view (filters, search, tab, link width and picked flow):")
        st.code(link, language=None, wrap_lines=True)
        st.caption("Embed it in a page:")
        st.code(embed_snippet(link), language="html", wrap_lines=True)
        st.caption("Cite it:")
        st.code(citation(page.words, version, date, link, dt.date.today()), language=None, wrap_lines=True)
