"""Stacked bars of the number of claims by status and direction."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ledger.charts.panels import empty_figure
from ledger.charts.style import esc, status_color
from ledger.contract import STATUSES
from ledger.drawn import status_counts_by_direction
from ledger.reference import ReferenceTables
from ledger.words import count_noun


def status_direction_figure(selected: pd.DataFrame, refs: ReferenceTables) -> go.Figure:
    """Claims by status and direction, as stacked bars, directions in party order.

    Args:
        selected: the claims on show (denials included: each is a claim).
        refs: the vocabularies: party order.
    """
    title = "Claims by status and direction: the number of claims"
    if selected.empty:
        return empty_figure(title, "No claims for the current filters.")
    counts = status_counts_by_direction(selected, refs.party_order)
    directions = [esc(f"{f} → {t}") for f, t in counts.index]
    # Each segment is written with its count where it fits (smaller segments keep theirs in the hover);
    # the status legend is the line that publishing adds, so the plot keeps the chart's width.
    fig = go.Figure([go.Bar(x=directions, y=counts[s], name=s, marker_color=status_color(s), text=counts[s],
                            textposition="inside", insidetextanchor="middle",
                            customdata=[[count_noun(int(n), f"{s} claim")] for n in counts[s]],
                            hovertemplate="%{customdata[0]}<extra></extra>") for s in STATUSES])
    fig.update_layout(title=esc(title), barmode="stack", height=360, showlegend=False, dragmode=False,
                      uniformtext={"mode": "hide", "minsize": 11}, margin={"l": 12, "r": 12, "t": 40, "b": 40},
                      yaxis={"automargin": True, "fixedrange": True}, xaxis={"fixedrange": True})
    return fig
