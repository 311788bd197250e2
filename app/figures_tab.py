"""The Figures tab: headline figures per flow, each running total's claimants, and the charts by status."""

from __future__ import annotations

import streamlit as st

from app.common import Page, flow_picker, table_config
from ledger.charts.by_status import figures_by_status_figure
from ledger.charts.direction import status_direction_figure
from ledger.charts.estimates import estimates_figure
from ledger.charts.panels import facet_heading
from ledger.drawn import facets_of
from ledger.flows import FLOW_KEY, FRESHNESS_MONTHS, figures_by_status
from ledger.publish import alt_text, plot_config, publishable
from ledger.tables import display_frame, figures_display
from ledger.view import CAPTIONS


def render(page: Page) -> None:
    """Draw the tab."""
    view, labels = page.view, page.labels
    headlines = display_frame(figures_display(view.figures, labels))
    st.dataframe(headlines, hide_index=True, key="headlines", column_config=table_config(headlines.columns))
    st.header("Each claimant’s latest running total")
    flows = flow_picker(page, view.figures[FLOW_KEY].itertuples(index=False, name=None), "figures_flow")
    facets = facets_of(view.estimates, page.refs.party_order, flows)
    if not facets:
        st.caption("No running totals for this flow and these filters: its figures are in the chart below.")
    for facet in facets:
        st.plotly_chart(publishable(estimates_figure(view.estimates, view.figures, page.refs, FRESHNESS_MONTHS, facet),
                                    page.words, page.release[1]), key=f"estimates_{'_'.join(facet)}",
                        config=plot_config(f"estimates-{'-'.join(facet[2:])}", page.image_format),
                        alt=alt_text(f"One row per claimant: the latest running total for "
                                     f"{facet_heading(facet, labels)}, in {facet[3]}", page.words,
                                     "the headline table above"))
    st.caption(CAPTIONS["estimates"])
    st.plotly_chart(publishable(figures_by_status_figure(figures_by_status(view.selected), page.refs, flows),
                                page.words, page.release[1]), key="by_status",
                    config=plot_config("figures-by-status", page.image_format),
                    alt=alt_text("The headline figure each status's claims alone give, per flow", page.words,
                                 "the headline table above"))
    st.plotly_chart(publishable(status_direction_figure(view.selected, page.refs), page.words, page.release[1]),
                    key="status_direction", config=plot_config("status-direction", page.image_format),
                    alt=alt_text("Stacked bars of the number of claims by status and direction", page.words,
                                 "the Ledger and downloads tab"))
