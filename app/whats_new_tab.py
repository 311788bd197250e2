"""The What's new tab: claims added, corrected or withdrawn since a release or a date, with the reasons."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app.cache import release_tables
from app.common import Page, table_config
from ledger.releases import CHANGE_KINDS, changes_since
from ledger.tables import display_frame
from ledger.words import count_noun


def render(page: Page) -> None:
    """Draw the tab."""
    releases, changes = release_tables()
    dates = dict(zip(releases["version"], releases["date"], strict=True))
    by = st.radio("Show changes since", ["a release", "a date"], horizontal=True, key="new_by", bind="query-params")
    if by == "a release":
        versions = list(releases["version"])
        since = st.selectbox("Release", versions, index=max(len(versions) - 2, 0), key="new_since",
                             bind="query-params", format_func=lambda v: f"{v} ({dates[v].isoformat()})")
        table = changes_since(changes, releases, page.claims, version=since)
        scope = f"in the releases after {since}"
    else:
        first = min(dates.values())
        date = st.date_input("Date", value=first - dt.timedelta(days=1), min_value=dt.date(2022, 1, 1),
                             key="new_date", bind="query-params")
        table = changes_since(changes, releases, page.claims, date=date)
        scope = f"in the releases dated after {date.isoformat()}"
    counts = ", ".join(f"{int((table['change'] == k).sum()):,} {k}" for k in CHANGE_KINDS)
    st.markdown(f"**{count_noun(len(table), 'change')} {scope}**: {counts}. Each with the reason from the data "
                "changelog (data/changes.csv); the list shows every change, whatever the filters.")
    if table.empty:
        st.info("No claim was added, corrected or withdrawn since then.")
    else:
        st.dataframe(display_frame(table), hide_index=True, key="whats_new",
                     column_config={**table_config(table.columns, page.titles),
                                    "date": st.column_config.DateColumn("Released")})
