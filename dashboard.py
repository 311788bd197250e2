"""Exchange Ledger: the Streamlit page. It reads as a description of the page; each tab's body is in app/."""

from __future__ import annotations

import sys

import streamlit as st

from app import (
    figures_tab,
    find,
    flows_tab,
    ledger_tab,
    map_tab,
    method_tab,
    share,
    sidebar,
    timeline_tab,
    whats_new_tab,
)
from app.cache import cached_view, current_release, load_ledger, release_tables, view_words
from app.common import NARROW_SCREEN_CSS, Page, table_config
from ledger.cli_args import ledger_path_from_argv
from ledger.contract import load_contract
from ledger.paths import LEDGER_PATH
from ledger.problems import problems_frame
from ledger.reference import category_labels, claimant_labels, reference_tables
from ledger.releases import currency_markdown
from ledger.view import find_summary, summary_items

st.set_page_config(page_title="Exchange Ledger: North Korea–Russia", page_icon="⇄", layout="wide")
st.html(NARROW_SCREEN_CSS)

# --- which ledger: the shipped one, or a reader's own upload -----------------------------------
shipped_path = ledger_path_from_argv(sys.argv[1:], LEDGER_PATH)
shipped_raw, shipped_digest = sidebar.shipped_ledger(shipped_path)
raw, digest, name = sidebar.ledger_source(shipped_path, shipped_raw, shipped_digest)
result = load_ledger(digest, name, raw)
if not result.ok:
    st.error(f"The ledger at {shipped_path} is not valid, so nothing is shown.")
    problems = problems_frame(result.problems)
    st.dataframe(problems, hide_index=True, column_config=table_config(problems.columns))
    st.stop()

# --- the reader's filters, all bound to the URL so that a link restores the view ---------------
labels = category_labels()
st.title("Exchange Ledger: what flows between North Korea and Russia")
with st.container(key="intro"):
    st.caption("Every row is one public claim: who made it, how sure it is, and where we read it. "
               "Switch statuses on and off in the sidebar; every chart, total and table follows.")
st.markdown(currency_markdown(result.frame, release_tables()[0],
                              "?tab=Methodology#coverage-and-what-is-not-yet-in"))
search = find.search_box()
filters = sidebar.filters(labels, search)
page = Page(raw, digest, name, result.frame, filters, cached_view(digest, name, filters, raw), labels,
            reference_tables(), load_contract(), view_words(filters), current_release(), sidebar.image_format())

with st.container(key="summary"):
    for col, (label, value) in zip(st.columns(5), summary_items(page.view), strict=True):
        col.metric(label, value)
found = find_summary(page.view, filters, claimant_labels())
if found:
    st.caption(found)

# Bound to the URL, so a link restores the tab; only the open tab is built and sent to the browser.
TABS = {"Flows": flows_tab.render, "Figures": figures_tab.render, "Timeline": timeline_tab.render,
        "Map": map_tab.render, "Ledger and downloads": ledger_tab.render, "What's new": whats_new_tab.render,
        "Methodology": method_tab.render}
for tab, render in zip(st.tabs(list(TABS), key="tab", bind="query-params"), TABS.values(), strict=True):
    if tab.open:
        with tab:
            render(page)
share.render(page)
