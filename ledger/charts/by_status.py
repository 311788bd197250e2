"""Small multiples of the headline figure by status: what each level of certainty alone would say."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ledger.charts.panels import empty_figure, facet_title
from ledger.charts.style import esc, status_color
from ledger.contract import STATUSES
from ledger.drawn import FACET, facet_keys
from ledger.reference import ReferenceTables

COLUMNS = 2


def _status_bar(status: str, rows: pd.DataFrame) -> go.Bar:
    """A status's headlines in one panel: the bar reaches the high, the whisker down to the low."""
    return go.Bar(
        x=[status] * len(rows), y=rows["headline_high"].astype(float),
        marker_color=status_color(status), name=status, showlegend=False,
        error_y={"type": "data", "symmetric": False, "array": [0] * len(rows),
                 "arrayminus": (rows["headline_high"] - rows["headline_low"]).astype(float)},
        customdata=[[esc(m)] for m in rows["measure"]],
        hovertemplate=f"{status}: %{{y:,.0f}} (%{{customdata[0]}})<extra></extra>",
    )


def figures_by_status_figure(by_status: pd.DataFrame, refs: ReferenceTables) -> go.Figure:
    """Small multiples: per flow and unit, each status's headline: the bar reaches its high, the whisker its low.

    Args:
        by_status: headline figures per status, from ledger.flows.figures_by_status.
        refs: the vocabularies: category labels and party order.
    """
    title = "Headline figure by status, each in its own unit"
    if by_status.empty:
        return empty_figure(title, "No figures for the current filters.")
    keys = facet_keys(by_status, refs.party_order)
    rows = -(-len(keys) // COLUMNS)
    fig = make_subplots(rows=rows, cols=COLUMNS, subplot_titles=[facet_title(k, refs.category_labels) for k in keys],
                        vertical_spacing=min(0.3 / max(rows - 1, 1), 0.08), horizontal_spacing=0.12)
    groups = by_status.groupby([*FACET, "status"], sort=False).indices
    for i, key in enumerate(keys):
        for status in STATUSES:
            found = groups.get((*key, status))
            if found is not None:
                fig.add_trace(_status_bar(status, by_status.iloc[found]), row=i // COLUMNS + 1, col=i % COLUMNS + 1)
    fig.update_layout(title=esc(title), height=max(320, 230 * rows), margin={"t": 80}, bargap=0.4)
    return fig
