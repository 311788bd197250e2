"""Stacked bars of the number of claims by status and direction."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ledger.charts.panels import empty_figure
from ledger.charts.style import esc, status_color
from ledger.contract import STATUSES
from ledger.drawn import status_counts_by_direction
from ledger.reference import ReferenceTables


def status_direction_figure(selected: pd.DataFrame, refs: ReferenceTables) -> go.Figure:
    """Claims by status and direction, as stacked bars, directions in party order.

    Args:
        selected: the claims on show (denials included: each is a claim).
        refs: the vocabularies: party order.
    """
    title = "Claims by status and direction"
    if selected.empty:
        return empty_figure(title, "No claims for the current filters.")
    counts = status_counts_by_direction(selected, refs.party_order)
    directions = [esc(f"{f} → {t}") for f, t in counts.index]
    fig = go.Figure([go.Bar(x=directions, y=counts[s], name=s, marker_color=status_color(s),
                            hovertemplate=f"{s}: %{{y}} claims<extra></extra>") for s in STATUSES])
    fig.update_layout(title=esc(title), barmode="stack", height=360, yaxis_title="claims")
    return fig
