"""The Timeline tab: every claim with a figure at the date it was made, and the key events."""

from __future__ import annotations

import streamlit as st

from app.common import CLAIM_CONFIG, Page
from ledger.charts.timeline import timeline_figure
from ledger.publish import alt_text, plot_config, publishable
from ledger.reference import load_events
from ledger.tables import display_frame
from ledger.view import CAPTIONS


def render(page: Page) -> None:
    """Draw the tab."""
    events = load_events()
    st.plotly_chart(publishable(timeline_figure(page.view.selected, events, page.refs), page.words,
                                page.release[1]), key="timeline", config=plot_config("timeline", page.image_format),
                    alt=alt_text("Timeline of every claim with a figure, at the date it was made, with key events",
                                 page.words, "the Ledger and downloads tab and the key events table below"))
    st.caption(CAPTIONS["timeline"])
    st.header("Key events")
    st.dataframe(display_frame(events[["date", "title", "description", "source_outlet", "source_url"]]),
                 hide_index=True,
                 key="events", column_config={"date": st.column_config.DateColumn("date"), **CLAIM_CONFIG})
