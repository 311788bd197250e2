"""The "Search claims" box, above the summary and every table, so all of them follow it."""

from __future__ import annotations

import streamlit as st

from ledger.search import SEARCH_MAX_CHARS


def search_box() -> str:
    """The "Search claims" box, bound to the URL; what it holds is matched literally, not as a pattern."""
    return st.text_input("Search claims", max_chars=SEARCH_MAX_CHARS, key="search", bind="query-params",
                         placeholder="a claimant, an item, an outlet: e.g. NIS, Pantsir",
                         help=f"Matches item, claimant, notes, outlet and title, ignoring case; the text is taken "
                              f"as it is, never as a pattern (at most {SEARCH_MAX_CHARS} characters).")

