"""The Figures tab: headline figures per flow, and the charts by status."""

from __future__ import annotations

import streamlit as st

from app.common import PLOT_CONFIG, Page
from ledger.charts import figures_by_status_figure, status_direction_figure
from ledger.flows import figures_by_status
from ledger.tables import figures_display


def render(page: Page) -> None:
    """Draw the tab."""
    view, labels = page.view, page.labels
    st.dataframe(figures_display(view.figures, labels), hide_index=True, key="headlines")
    st.caption("Running totals are never added together: the headline is the latest estimate, with the "
               "spread of the estimates made in the 90 days before it.")
    st.plotly_chart(figures_by_status_figure(figures_by_status(view.selected), labels), key="by_status",
                    config=PLOT_CONFIG)
    st.plotly_chart(status_direction_figure(view.selected), key="status_direction", config=PLOT_CONFIG)
