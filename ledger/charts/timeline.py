"""The timeline: every estimate at the date it was made, one panel per flow and unit, with events and denials."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ledger.charts.panels import claimant_label, empty_figure, facet_title_with_limits, limit_shapes
from ledger.charts.style import CLAIMANT_LINE_COLOR, MARKERS, esc, status_color
from ledger.contract import STATUSES
from ledger.drawn import FACET, Facet, claimant_runs, facet_keys, monthly_counts, monthly_spans
from ledger.flows import claims_with_figure, denials, upper
from ledger.reference import ReferenceTables
from ledger.sanctions import Limit, un_limits
from ledger.tables import format_quantity

TIMELINE_MAX_POINTS = 300  # above this, a panel's estimates of one status are drawn one mark per month
TITLE = "How the estimates grew: each estimate at the date it was made, a claimant’s estimates joined"


def _estimate_points(claims: pd.DataFrame, claimants: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    """date, low, high and hover text per estimate, with the claimant named."""
    hover = [f"<b>{esc(claimant_label(i, claimants))}</b><br>{esc(c)}<br>{esc(r)}: "
             f"{esc(format_quantity(lo, qh, pd.isna(qh)))} ({esc(m)}{', since ' + esc(p) if p else ''})"
             for i, c, r, lo, qh, m, p in zip(claims["claimant_id"], claims["claimant"], claims["reported_on"],
                                              claims["quantity_low"].astype(float), claims["quantity_high"],
                                              claims["measure"], claims["period_start"], strict=True)]
    return pd.DataFrame({"date": claims["reported_date"], "low": claims["quantity_low"].astype(float),
                         "high": upper(claims).astype(float), "hover": hover})


def _monthly_points(claims: pd.DataFrame) -> pd.DataFrame:
    """One mark per month (ledger.drawn.monthly_spans), with the month's count and range as its hover."""
    out = monthly_spans(claims)
    out["hover"] = [f"{n:,} estimates in {d:%Y-%m}: {lo:,.0f} to {hi:,.0f}" for d, n, lo, hi in
                    zip(out["date"], out["n"], out["low"], out["high"], strict=True)]
    return out.drop(columns="n")


# A denial says the flow did not happen; a dispute contests only the evidence. Each has its own mark.
STANCE_WORDS = {"denies": "denies", "disputes": "disputes the evidence for"}
STANCE_MARKERS = {"denies": "x-thin-open", "disputes": "circle-open"}


def _denial_points(claims: pd.DataFrame, refs: ReferenceTables) -> tuple[pd.Series, list[str]]:
    """Dates and hover text of the denial marks: one per denial, or one per month when there are many."""
    if len(claims) > TIMELINE_MAX_POINTS:
        counts = monthly_counts(claims["reported_date"])
        return pd.Series(counts.index), [f"{n:,} denials in {d:%Y-%m}" for d, n in counts.items()]
    labels = refs.category_labels
    hover = [f"<b>{esc(claimant_label(i, refs.claimants))}</b> {STANCE_WORDS.get(st, esc(st))}: {esc(item)}<br>"
             f"{esc(labels.get(c, c))}, {esc(f)} → {esc(t)}<br>{esc(r)} ({esc(s)})"
             for i, st, item, c, f, t, r, s in zip(claims["claimant_id"], claims["stance"], claims["item"],
                                                   claims["category"], claims["from_party"], claims["to_party"],
                                                   claims["reported_on"], claims["status"], strict=True)]
    return claims["reported_date"], hover


def _event_strip(fig: go.Figure, events: pd.DataFrame) -> None:
    """The key events as marks along the top strip."""
    fig.add_trace(go.Scatter(
        x=events["date"], y=[0] * len(events), mode="markers",
        marker={"symbol": "triangle-down", "size": 11, "color": "gray"},
        customdata=[[esc(t), esc(d)] for t, d in zip(events["title"], events["description"], strict=True)],
        hovertemplate="%{x|%Y-%m-%d}: <b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        showlegend=False), row=1, col=1)
    fig.update_yaxes(visible=False, row=1, col=1)


def _denial_strip(fig: go.Figure, claims: pd.DataFrame, refs: ReferenceTables) -> None:
    """The denials as marks along the second strip."""
    dates, hover = _denial_points(claims, refs)
    symbols = ([STANCE_MARKERS.get(st, "x-thin-open") for st in claims["stance"]]
               if len(dates) == len(claims) else "x-thin-open")
    fig.add_trace(go.Scatter(x=dates, y=[0] * len(dates), mode="markers", name="denial or dispute",
                             marker={"symbol": symbols, "size": 12, "line": {"width": 2},
                                     "color": "rgb(0,0,0)"},
                             customdata=[[h] for h in hover], hovertemplate="%{customdata[0]}<extra></extra>"),
                  row=2, col=1)
    fig.update_yaxes(visible=False, row=2, col=1)


def _status_marks(status: str, points: pd.DataFrame) -> go.Scatter:
    """A status's estimates in one panel: a mark at the low, a whisker up to the high."""
    return go.Scatter(
        x=points["date"], y=points["low"], mode="markers",
        marker={"color": status_color(status, 0.9), "size": 9, "symbol": MARKERS[status]},
        error_y={"type": "data", "symmetric": False, "array": points["high"] - points["low"],
                 "arrayminus": [0] * len(points)},
        name=status, legendgroup=status, showlegend=False,
        customdata=points["hover"].map(lambda h: [h]).tolist(),
        hovertemplate="%{customdata[0]}<extra></extra>",
    )


def _draw_panel(fig: go.Figure, i: int, key: Facet, panel: pd.DataFrame, claimants: Mapping[str, tuple[str, str]],
                limits: Sequence[Limit]) -> tuple[bool, list[dict]]:
    """Panel i's estimates; a crowded panel is drawn one mark per month, without the claimant lines.

    Returns whether the panel was crowded, and its limit shapes.
    """
    crowded = len(panel) > TIMELINE_MAX_POINTS
    if not crowded:
        xs, ys = claimant_runs(panel)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": CLAIMANT_LINE_COLOR, "width": 1},
                                 name="same claimant", hoverinfo="skip", showlegend=False), row=i, col=1)
    for status in STATUSES:
        s = panel[panel["status"] == status]
        if not s.empty:
            points = _monthly_points(s) if crowded else _estimate_points(s, claimants)
            fig.add_trace(_status_marks(status, points), row=i, col=1)
    return crowded, limit_shapes(key, f"y{i}", "y", limits)[0]


def _subplots(keys: list[Facet], strips: list[str], labels: Mapping[str, str], limits: Sequence[Limit]) -> go.Figure:
    """The strips on top, then one panel per flow and unit, all on one time axis."""
    n = len(keys) + len(strips)
    return make_subplots(rows=n, cols=1, shared_xaxes=True,
                         subplot_titles=strips + [facet_title_with_limits(k, labels, limits) for k in keys],
                         row_heights=[0.35] * len(strips) + [1.0] * len(keys),
                         vertical_spacing=min(0.25 / max(n - 1, 1), 0.05))


def timeline_figure(selected: pd.DataFrame, events: pd.DataFrame, refs: ReferenceTables) -> go.Figure:
    """Every estimate at the date it was made, one panel per flow and unit; a claimant's estimates joined.

    Denials have their own strip of markers; events a strip at the top. A crowded panel is drawn
    one mark per month and status, without the claimant lines.

    Args:
        selected: the claims on show.
        events: key events (ledger.reference.load_events), with `date` as a timestamp.
        refs: the vocabularies: category labels, claimant names and party order.
    """
    with_figure = claims_with_figure(selected)
    denied = denials(selected)
    if with_figure.empty and denied.empty:
        return empty_figure(TITLE, "No claims with figures for the current filters.")
    keys = facet_keys(with_figure, refs.party_order)
    strips = ["Key events (hover for details)"] + (["Denials (hover: who denied what)"] if len(denied) else [])
    limits = un_limits(refs.arms)
    fig = _subplots(keys, strips, refs.category_labels, limits)
    _event_strip(fig, events)
    if len(denied):
        _denial_strip(fig, denied, refs)
    first = len(strips) + 1
    binned, shapes = False, []
    groups = with_figure.groupby(FACET, sort=False).indices
    for i, key in enumerate(keys, start=first):
        crowded, lines = _draw_panel(fig, i, key, with_figure.iloc[groups[key]], refs.claimants, limits)
        binned |= crowded
        shapes += lines
    for status in STATUSES:  # one legend entry per status, whichever panels have it
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=status, legendgroup=status,
                                 marker={"color": status_color(status, 0.9), "size": 9, "symbol": MARKERS[status]}),
                      row=first if keys else 1, col=1)
    title = TITLE + (f" (a panel with more than {TIMELINE_MAX_POINTS:,} estimates: one mark per month and status)"
                     if binned else "")
    # One shape per event across the whole figure; add_vline would add one per panel, slowly.
    shapes += [{"type": "line", "xref": "x", "yref": "paper", "x0": d, "x1": d, "y0": 0, "y1": 1,
                "line": {"width": 1, "dash": "dot", "color": "gray"}, "layer": "below"} for d in events["date"]]
    fig.update_layout(shapes=shapes, title=esc(title), height=max(420, 190 * len(keys) + 90 * len(strips) + 60),
                      legend_title_text="status", margin={"t": 80})
    fig.update_yaxes(rangemode="tozero")
    return fig
