"""What the tabs share: the page's state, the flow picker, the tables' column heads and pager, the phone style."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd
import streamlit as st

import ledger.tables as tables
from ledger.charts.panels import facet_heading
from ledger.contract import URL_PATTERN, Contract
from ledger.drawn import reading_order
from ledger.reference import ReferenceTables
from ledger.share import decode_flow, encode_flow
from ledger.site.config import SiteConfig, site_config
from ledger.site.urls import claim_path
from ledger.tables import (
    CLAIM_COLUMNS,
    CLAIM_PAGE_COLUMN,
    claims_display,
    column_label,
    field_titles,
    page_caption,
    page_count,
)
from ledger.view import Filters, View


def table_config(columns: Iterable[str], titles: Mapping[str, str] | None = None) -> dict:
    """Column heads a reader understands for every column (ledger.tables.column_label); links and numbers set up.

    Numbers reach the grid as text (ledger.tables.display_frame), so a missing one reads "—", not "None".
    """
    config: dict = {}
    for name in columns:
        label = column_label(name, titles)
        if name == "source_url":
            config[name] = st.column_config.LinkColumn(label, display_text="open source", validate=URL_PATTERN.pattern)
        elif name == CLAIM_PAGE_COLUMN:
            config[name] = st.column_config.LinkColumn(label, display_text="open page")
        elif name in ("quantity_low", "quantity_high"):
            config[name] = st.column_config.TextColumn(label, alignment="right")
        else:
            config[name] = label
    return config


def static_claim_url(claim_id: str) -> str:
    """The claim's page in the static edition, under the base URL ledger/site/site.toml (or the environment) sets."""
    return _site().absolute(claim_path(claim_id))


@functools.cache  # the configuration is read once per process, as the dashboard's other settings are
def _site() -> SiteConfig:
    return site_config()


def claims_table(claims: pd.DataFrame, page: Page, key: str) -> None:
    """A table of claims in words, each linked to its page in the static edition; the downloads keep the ids."""
    st.dataframe(claims_display(claims, page.labels, claim_url=static_claim_url), hide_index=True, key=key,
                 column_config=table_config([*CLAIM_COLUMNS, CLAIM_PAGE_COLUMN], page.titles))


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

    @property
    def titles(self) -> dict[str, str]:
        """Column titles from data/datapackage.json, where a field has one (they head the tables)."""
        return field_titles(self.contract.descriptor)


ALL = "all"


def flow_picker(page: Page, flows: Iterable[tuple[str, str, str]], key: str) -> set | None:
    """A picker of `flows`, bound to the URL: the picked flow as a set of one key, or None for every flow."""
    options = [ALL, *(encode_flow(k) for k in reading_order(set(flows), page.refs.party_order))]
    labels = page.refs.category_labels
    choice = st.selectbox("Flow", options, key=key, bind="query-params",
                          format_func=lambda o: "All flows, one under another" if o == ALL else
                          facet_heading(decode_flow(o) or ("", "", o), labels))
    picked = decode_flow(choice) if choice != ALL else None
    return {picked} if picked else None


def pager(n_rows: int, key: str) -> tuple[int, int]:
    """(page number, page size): a page number box, shown only past ledger.tables.PAGE_SIZE rows."""
    size = tables.PAGE_SIZE  # read when called, so a test can make it small
    if n_rows <= size:
        return 1, size
    number = st.number_input("Page", min_value=1, max_value=page_count(n_rows, size), value=1, step=1, key=key)
    st.caption(f"{page_caption(n_rows, int(number), size)} The table scrolls through this page; every claim shown "
               "is in the downloads (Ledger tab).")
    return int(number), size


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
