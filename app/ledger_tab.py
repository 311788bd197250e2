"""The Ledger and downloads tab: every claim shown, in one scrolling table, and every download."""

from __future__ import annotations

from functools import partial

import streamlit as st

from app.common import Page, claims_table, pager
from ledger.dictionary import render_dictionary
from ledger.export import MEDIA_TYPES, public_columns, to_csv_bytes, to_json_bytes, to_xlsx_bytes
from ledger.tables import md_escape, page_rows


def render(page: Page) -> None:
    """Draw the tab."""
    selected = page.view.selected
    # One table: the grid draws only the rows in sight. Past PAGE_SIZE rows, a page at a time (docs/performance.md).
    number, size = pager(len(selected), key="ledger_page")
    claims_table(page_rows(selected, number, size), page, key="claims")
    shown = public_columns(selected, page.contract.names)
    st.download_button(f"Download CSV: full ledger as published ({md_escape(page.name)})", data=page.raw,
                       file_name=page.name, mime=MEDIA_TYPES["csv"], key="dl_full_csv", on_click="ignore")
    c1, c2, c3, c4 = st.columns(4)
    # Callables run only on click, so a rerun never pays for files nobody asked for.
    c1.download_button("Download CSV: claims shown", data=partial(to_csv_bytes, shown),
                       file_name="ledger-view.csv", mime=MEDIA_TYPES["csv"], key="dl_view_csv", on_click="ignore")
    c2.download_button("Download JSON: claims shown", data=partial(to_json_bytes, shown),
                       file_name="ledger-view.json", mime=MEDIA_TYPES["json"], key="dl_view_json",
                       on_click="ignore")
    c3.download_button("Download Excel (.xlsx): claims shown", data=partial(to_xlsx_bytes, shown),
                       file_name="ledger-view.xlsx", mime=MEDIA_TYPES["xlsx"], key="dl_view_xlsx",
                       on_click="ignore")
    c4.download_button("Download Markdown: data dictionary", data=lambda: render_dictionary().encode("utf-8"),
                       file_name="data-dictionary.md", mime="text/markdown", key="dl_dictionary", on_click="ignore")
