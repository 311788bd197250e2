"""What the tabs share: the page's state, column configs, the chart toolbar and the pager."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ledger.schema import Contract
from ledger.tables import PAGE_SIZE, page_caption, page_count
from ledger.view import Filters, View

CLAIM_CONFIG = {
    "source_url": st.column_config.LinkColumn("source", display_text="open source", validate=r"^https?://"),
    "quantity_low": st.column_config.NumberColumn("low", format="localized"),
    "quantity_high": st.column_config.NumberColumn("high", format="localized"),
}
PLOT_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


@dataclass(frozen=True)
class Page:
    """The ledger on show and the reader's view of it: what every tab is drawn from."""

    raw: bytes
    digest: str
    name: str
    filters: Filters
    view: View
    labels: dict[str, str]
    contract: Contract


def pager(n_rows: int, key: str) -> int:
    """A page number box, shown only when a table is longer than one page."""
    if n_rows <= PAGE_SIZE:
        return 1
    number = st.number_input("Page", min_value=1, max_value=page_count(n_rows), value=1, step=1, key=key)
    st.caption(f"{page_caption(n_rows, int(number))} Every claim shown is in the downloads (Ledger tab).")
    return int(number)
