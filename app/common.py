"""What the tabs share: the page's state, column configs, the chart toolbar and the pager."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ledger.contract import URL_PATTERN, Contract
from ledger.reference import ReferenceTables
from ledger.tables import PAGE_SIZE, page_caption, page_count
from ledger.view import Filters, View

CLAIM_CONFIG = {
    "source_url": st.column_config.LinkColumn("source", display_text="open source", validate=URL_PATTERN.pattern),
    # Numbers reach the grid as text (ledger.tables.display_frame), so a missing one reads "—", not "None".
    "quantity_low": st.column_config.TextColumn("low", alignment="right"),
    "quantity_high": st.column_config.TextColumn("high", alignment="right"),
}


@dataclass(frozen=True)
class Page:
    """The ledger on show and the reader's view of it: what every tab is drawn from."""

    raw: bytes
    digest: str
    name: str
    claims: pd.DataFrame  # the whole ledger on show, before any filter
    filters: Filters
    view: View
    labels: dict[str, str]
    refs: ReferenceTables  # the vocabularies every chart is drawn with, read once
    contract: Contract
    words: str  # the filters in words, for charts and citations
    release: tuple[str, dt.date]  # (version, date) of the newest release
    image_format: str  # what the charts' camera button exports: png or svg


def pager(n_rows: int, key: str) -> int:
    """A page number box, shown only when a table is longer than one page."""
    if n_rows <= PAGE_SIZE:
        return 1
    number = st.number_input("Page", min_value=1, max_value=page_count(n_rows), value=1, step=1, key=key)
    st.caption(f"{page_caption(n_rows, int(number))} Every claim shown is in the downloads (Ledger tab).")
    return int(number)


# On a phone the first screen should show the numbers and the start of the diagram, not only the title:
# a smaller title, no intro paragraph, and the five numbers three to a row instead of one per row.
NARROW_SCREEN_CSS = """<style>
@media (max-width: 640px) {
  h1 { font-size: 1.35rem !important; padding: 0.25rem 0 !important; }
  .st-key-intro { display: none; }
  .st-key-summary [data-testid="stHorizontalBlock"] { flex-wrap: wrap !important; gap: 0.25rem 0.75rem !important; }
  .st-key-summary [data-testid="stColumn"] {
    min-width: 28% !important; flex: 1 1 28% !important; width: auto !important; }
  .st-key-summary [data-testid="stMetricValue"] { font-size: 1.3rem !important; }
  .block-container, [data-testid="stMainBlockContainer"] { padding-top: 3.5rem !important; }
}
</style>"""
