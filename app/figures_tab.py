"""The Figures tab: headline figures per flow, and the charts by status."""

from __future__ import annotations

import streamlit as st

from app.common import Page
from ledger.charts.by_status import figures_by_status_figure
from ledger.charts.direction import status_direction_figure
from ledger.charts.estimates import estimates_figure
from ledger.flows import FRESHNESS_MONTHS, figures_by_status
from ledger.publish import alt_text, plot_config, publishable
from ledger.tables import display_frame, figures_display
from ledger.view import CAPTIONS


def render(page: Page) -> None:
    """Draw the tab."""
    view, labels = page.view, page.labels
    st.dataframe(display_frame(figures_display(view.figures, labels)), hide_index=True, key="headlines")
    st.plotly_chart(publishable(estimates_figure(view.estimates, view.figures, page.refs, FRESHNESS_MONTHS), page.words,
                                page.release[1]), key="estimates", config=plot_config("estimates", page.image_format),
                    alt=alt_text("Range plots of each claimant's latest estimate for every running total", page.words,
                                 "the headline table above"))
    st.caption(CAPTIONS["estimates"])
    st.plotly_chart(publishable(figures_by_status_figure(figures_by_status(view.selected), page.refs), page.words,
                                page.release[1]), key="by_status",
                    config=plot_config("figures-by-status", page.image_format),
                    alt=alt_text("Bar charts of the headline figure by status for each flow", page.words,
                                 "the headline table above"))
    st.plotly_chart(publishable(status_direction_figure(view.selected, page.refs), page.words, page.release[1]),
                    key="status_direction", config=plot_config("status-direction", page.image_format),
                    alt=alt_text("Stacked bars of the number of claims by status and direction", page.words,
                                 "the Ledger and downloads tab"))
