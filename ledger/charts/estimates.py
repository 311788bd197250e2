"""The range plot: per running total, each claimant's latest estimate, and the span across them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, cast

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ledger.charts.panels import claimant_label, empty_figure, facet_title_with_limits, limit_shapes
from ledger.charts.style import SPAN_FILL, STALE_COLOR, esc, status_color
from ledger.drawn import FACET, Facet, facet_keys
from ledger.flows import upper
from ledger.reference import ReferenceTables
from ledger.sanctions import Limit, limits_for, un_limits
from ledger.tables import format_quantity


class _Estimate(Protocol):
    """A row of ledger.flows.claimant_estimates, as itertuples gives it."""

    claimant_id: str
    claimant: str
    status: str
    reported_on: str
    period_start: str
    unit: str
    quantity_low: float
    quantity_high: float
    at_least: bool
    in_window: bool


def _estimate_hover(r: _Estimate, name: str) -> str:
    """An estimate's hover: claimant, when, what, and whether it is out of date."""
    since = f"<br>counting since {esc(r.period_start)}" if r.period_start else ""
    fresh = "" if r.in_window else "<br><b>out of date: left out of the span</b>"
    figure = format_quantity(r.quantity_low, r.quantity_high, r.at_least)
    return (f"<b>{esc(name)}</b><br>{esc(r.claimant)}<br>{esc(r.reported_on)}: {esc(figure)} {esc(r.unit)} "
            f"({esc(r.status)}){since}{fresh}")


def _estimate_trace(r: _Estimate, high: float, claimants: Mapping[str, tuple[str, str]]) -> go.Scatter:
    """One claimant's row: a bar from low to high, a triangle at the top of an "at least", and the date beside it."""
    label = claimant_label(r.claimant_id, claimants)
    color = status_color(r.status, 0.95) if r.in_window else STALE_COLOR
    date = ("at least; " if r.at_least else "") + f"{r.reported_on}" + (
        f" (since {r.period_start})" if r.period_start else "")
    return go.Scatter(
        x=[float(r.quantity_low), high], y=[esc(label)] * 2, mode="lines+markers+text",
        line={"color": color, "width": 6},
        marker={"color": color, "size": 10, "symbol": ["circle", "triangle-right" if r.at_least else "circle"]},
        text=["", esc(date if r.in_window else f"{date}, out of date")], textposition="middle right",
        cliponaxis=False, showlegend=False, hovertemplate=_estimate_hover(r, label) + "<extra></extra>",
    )


def _span_shape(span: tuple[float, float], ax: str) -> dict:
    """The shaded headline span (low, high) behind a panel's rows."""
    return {"type": "rect", "xref": f"x{ax}", "yref": f"y{ax} domain", "x0": span[0], "x1": span[1], "y0": 0, "y1": 1,
            "fillcolor": SPAN_FILL, "line": {"width": 0}, "layer": "below"}


def _draw_panel(fig: go.Figure, i: int, key: Facet, rows: pd.DataFrame, claimants: Mapping[str, tuple[str, str]],
                limits: Sequence[Limit]) -> None:
    """Panel i's rows, one per claimant, with the x axis wide enough for its limits and the dates beside the bars."""
    highs = upper(rows).astype(float)
    for r, high in zip(cast(Iterable[_Estimate], rows.itertuples(index=False)), highs, strict=True):
        fig.add_trace(_estimate_trace(r, float(high), claimants), row=i, col=1)
    fig.update_yaxes(type="category", automargin=True, row=i, col=1)
    top = max([float(highs.max()), *(lim.value or 0 for lim in limits_for(key[2], key[3], limits))])
    fig.update_xaxes(range=[0, top * 1.3 or 1], row=i, col=1)  # room for the dates beside the bars


def estimates_figure(estimates: pd.DataFrame, figures: pd.DataFrame, refs: ReferenceTables,
                     window_months: int) -> go.Figure:
    """Per running total, one row per claimant: its latest estimate's low–high, coloured by status.

    The shaded band is the headline span; grey rows are out of date and left out of it. UN limits
    that apply are drawn as dashed lines, or named under the panel's title.

    Args:
        estimates: each claimant's latest estimate, from ledger.flows.claimant_estimates.
        figures: the headline figures of the same claims, from ledger.flows.flow_figures.
        refs: the vocabularies: category labels, claimant names and party order.
        window_months: the freshness window the estimates were flagged with, named in the title.
    """
    title = f"Each claimant’s latest running total, and the span across them (window: {window_months} months)"
    if estimates.empty:
        return empty_figure(title, "No running totals for the current filters.")
    keys = facet_keys(estimates, refs.party_order)
    limits = un_limits(refs.arms)
    groups = estimates.groupby(FACET, sort=False).indices
    sizes = [len(groups[k]) for k in keys]
    fig = make_subplots(rows=len(keys), cols=1,
                        subplot_titles=[facet_title_with_limits(k, refs.category_labels, limits) for k in keys],
                        row_heights=[n + 1.5 for n in sizes], vertical_spacing=min(0.35 / max(len(keys) - 1, 1), 0.06))
    cumulative = figures[figures["measure"] == "cumulative"]
    spans = dict(zip(cumulative[FACET].itertuples(index=False, name=None),
                     zip(cumulative["headline_low"], cumulative["headline_high"], strict=True), strict=True))
    shapes, notes = [], []
    for i, key in enumerate(keys, start=1):
        ax = "" if i == 1 else str(i)
        shapes.append(_span_shape(spans[key], ax))
        lim_shapes, lim_notes = limit_shapes(key, f"x{ax}", "x", limits)
        shapes += lim_shapes
        notes += lim_notes
        _draw_panel(fig, i, key, estimates.iloc[groups[key]], refs.claimants, limits)
    fig.update_layout(title=esc(title), shapes=shapes, annotations=[*fig.layout.annotations, *notes],
                      height=max(320, 70 * len(keys) + 34 * sum(sizes) + 80), margin={"t": 90, "r": 140})
    return fig
