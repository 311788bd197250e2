"""What the charts share: the empty figure, a panel's heading, the notes on UN limits, and claimant names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from ledger.charts.style import LIMIT_COLOR, esc
from ledger.drawn import Facet
from ledger.sanctions import Limit, limits_for

MEASURE_HEADINGS = {"cumulative": "running totals", "increment": "shipments"}


def empty_figure(title: str, message: str, height: int = 300) -> go.Figure:
    """A figure that says in words why there is nothing to draw."""
    fig = go.Figure()
    fig.add_annotation(text=esc(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_layout(title=esc(title), xaxis_visible=False, yaxis_visible=False, height=height)
    return fig


def facet_heading(key: Sequence[str], labels: Mapping[str, str]) -> str:
    """'Artillery shells, DPRK → Russia' (plain text): a flow, as a panel or a chart is headed."""
    f, t, c = key[:3]
    return f"{labels.get(c, c)}, {f} → {t}"


def limit_notes(key: Facet, limits: Sequence[Limit]) -> list[tuple[str, str]]:
    """(text, colour) of each UN limit that applies to a panel, the numeric ones said to be the dashed line."""
    return [(("Dashed line: " if lim.value is not None else "") + lim.label(), LIMIT_COLOR)
            for lim in limits_for(key[2], key[3], limits)]


def claimant_label(claimant_id: str, claimants: Mapping[str, tuple[str, str]]) -> str:
    """'South Korea National Intelligence Service · third government', or the id if the claimant is unknown."""
    name, kind = claimants.get(claimant_id, (claimant_id, ""))
    return f"{name} · {kind.replace('_', ' ')}" if kind else name
