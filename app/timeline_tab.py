"""The Timeline tab: every claim with a figure at the date it was made, and the key events."""

from __future__ import annotations

import streamlit as st

from app.common import CLAIM_CONFIG, PLOT_CONFIG, Page
from ledger.charts import timeline_figure
from ledger.reference import load_events


def render(page: Page) -> None:
    """Draw the tab."""
    events = load_events()
    st.plotly_chart(timeline_figure(page.view.selected, events, page.labels), key="timeline", config=PLOT_CONFIG)
    st.subheader("Key events")
    st.dataframe(events[["date", "title", "description", "source_outlet", "source_url"]], hide_index=True,
                 key="events", column_config={"date": st.column_config.DateColumn("date"), **CLAIM_CONFIG})
