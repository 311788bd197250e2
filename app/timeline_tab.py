"""The Timeline tab: every claim with a figure at the date it was made, a flow at a time, and the key events."""

from __future__ import annotations

import streamlit as st

from app.common import Page, flow_picker, table_config
from ledger.charts.timeline import timeline_figure
from ledger.drawn import timeline_flows
from ledger.publish import alt_text, plot_config, publishable
from ledger.reference import load_events
from ledger.tables import display_frame
from ledger.view import CAPTIONS

EVENT_COLUMNS = ["date", "title", "description", "source_outlet", "source_url"]


def render(page: Page) -> None:
    """Draw the tab."""
    events = load_events()
    selected = page.view.selected
    flows = flow_picker(page, timeline_flows(selected), "timeline_flow")
    titles = dict(zip(events["id"], events["title"], strict=True))
    dates = dict(zip(events["id"], events["date"], strict=True))
    # The URL keeps what the list shows (Streamlit binds a widget by its labels): "Treaty signed (2024-06-19)".
    picked = st.multiselect("Events to name on the timeline", list(events["id"]), default=[], key="events",
                            bind="query-params", format_func=lambda e: f"{titles[e]} ({dates[e]:%Y-%m-%d})",
                            placeholder="None picked: every event is a mark (hover or tap it)")
    st.plotly_chart(publishable(timeline_figure(selected, events, page.refs, flows, picked), page.words,
                                page.release[1], marks=True), key="timeline",
                    config=plot_config("timeline", page.image_format),
                    alt=alt_text("Timeline of every claim with a figure, at the date it was made, with key events",
                                 page.words, "the Ledger and downloads tab and the key events table below"))
    st.caption(CAPTIONS["timeline"])
    st.header("Key events")
    shown = display_frame(events[EVENT_COLUMNS])
    st.dataframe(shown, hide_index=True, key="events_table",
                 column_config={**table_config(EVENT_COLUMNS), "date": st.column_config.DateColumn("Date")})
