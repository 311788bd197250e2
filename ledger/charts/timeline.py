"""The timeline: every estimate at the date it was made, a panel per flow and unit, under the key events and denials.

All strips and panels share one time axis. The events are marks on a strip of their own (the ones a
reader picks are titled there), so no line crosses the panels; claims that assert no flow have a
strip of their own, a marker per stance.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from ledger.charts.panels import claimant_label, empty_figure, facet_heading, limit_notes
from ledger.charts.stacked import Block, heading_lines, stacked_figure
from ledger.charts.strips import events_block, stances_block
from ledger.charts.style import CLAIMANT_LINE_COLOR, LABEL_PX, LIMIT_COLOR, MARKERS, TICK_PX, esc, status_color
from ledger.contract import STATUSES
from ledger.drawn import Facet, claimant_runs, facet_keys, facet_rows, figure_claims, monthly_spans
from ledger.flows import FlowKey, denials, upper
from ledger.layout import NARROW_PX, chars_that_fit, nice_ticks, wrap
from ledger.reference import ReferenceTables
from ledger.sanctions import Limit, limits_for, un_limits
from ledger.words import count_noun, format_compact, quantity_words

TIMELINE_MAX_POINTS = 300  # above this, a panel's estimates of one status are drawn one mark per month
TITLE = "How the estimates grew: each estimate at the date it was made"
PANEL_PX = 200
MEASURE_WORDS = {"cumulative": "running total", "increment": "one shipment or event"}


def _estimate_points(claims: pd.DataFrame, claimants: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    """date, low, high and hover text per estimate: the claimant, the figure, the date and the source."""
    hover = [f"<b>{esc(claimant_label(i, claimants))}</b><br>{esc(quantity_words(lo, qh, pd.isna(qh), u))} "
             f"({esc(MEASURE_WORDS.get(m, m))}{', since ' + esc(p) if p else ''})<br>{esc(r)}, {esc(s)}<br>"
             f"Source: {esc(o)}: {esc(t)}"
             for i, lo, qh, u, m, p, r, s, o, t in
             zip(claims["claimant_id"], claims["quantity_low"].astype(float), claims["quantity_high"], claims["unit"],
                 claims["measure"], claims["period_start"], claims["reported_on"], claims["status"],
                 claims["source_outlet"], claims["source_title"], strict=True)]
    return pd.DataFrame({"date": claims["reported_date"], "low": claims["quantity_low"].astype(float),
                         "high": upper(claims).astype(float), "hover": hover})


def _monthly_points(claims: pd.DataFrame) -> pd.DataFrame:
    """One mark per month (ledger.drawn.monthly_spans), with the month's count and range as its hover."""
    out = monthly_spans(claims)
    out["hover"] = [f"{count_noun(int(n), 'estimate')} in {d:%Y-%m}: {lo:,.0f} to {hi:,.0f}" for d, n, lo, hi in
                    zip(out["date"], out["n"], out["low"], out["high"], strict=True)]
    return out.drop(columns="n")


def _status_marks(status: str, points: pd.DataFrame) -> go.Scatter:
    """A status's estimates in one panel: a mark at the low, a whisker up to the high."""
    return go.Scatter(
        x=points["date"], y=points["low"], mode="markers", name=status, showlegend=False,
        marker={"color": status_color(status, 0.9), "size": 9, "symbol": MARKERS[status]},
        error_y={"type": "data", "symmetric": False, "array": points["high"] - points["low"],
                 "arrayminus": [0] * len(points)},
        customdata=points["hover"].map(lambda h: [h]).tolist(), hovertemplate="%{customdata[0]}<extra></extra>")


def _panel_traces(panel: pd.DataFrame, claimants: Mapping[str, tuple[str, str]]) -> tuple[list[go.Scatter], bool]:
    """A panel's marks by status; a crowded panel is drawn one mark per month, without the claimant lines."""
    crowded = len(panel) > TIMELINE_MAX_POINTS
    traces = []
    if not crowded:
        xs, ys = claimant_runs(panel)
        traces.append(go.Scatter(x=xs, y=ys, mode="lines", line={"color": CLAIMANT_LINE_COLOR, "width": 1},
                                 name="same claimant", hoverinfo="skip", showlegend=False))
    for status in STATUSES:
        s = panel[panel["status"] == status]
        if not s.empty:
            traces.append(_status_marks(status, _monthly_points(s) if crowded else _estimate_points(s, claimants)))
    return traces, crowded


def _panel(key: Facet, panel: pd.DataFrame, refs: ReferenceTables, limits: Sequence[Limit],
           x_axis: dict) -> tuple[Block, bool]:
    """A flow and unit's panel, headed by its name, its unit and the UN limits that apply; whether it was binned."""
    traces, crowded = _panel_traces(panel, refs.claimants)
    values = [lim.value for lim in limits_for(key[2], key[3], limits) if lim.value is not None]
    ticks = nice_ticks(max([float(upper(panel).max()), *values]), 4)
    y_axis = {"range": [0, ticks[-1] * 1.04], "tickvals": ticks, "ticktext": [format_compact(t) for t in ticks],
              "tickfont": {"size": TICK_PX}, "fixedrange": True, "zeroline": True}
    shapes = [{"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": v, "y1": v,
               "line": {"color": LIMIT_COLOR, "dash": "dash", "width": 2}} for v in values]
    note_chars = chars_that_fit(NARROW_PX, 11)
    notes = [(line, color) for text, color in limit_notes(key, limits) for line in wrap(text, note_chars)]
    heading = wrap(f"{facet_heading(key, refs.category_labels)} · {key[3]}",
                   chars_that_fit(NARROW_PX, LABEL_PX, bold=True))
    return Block(heading_lines(heading, notes), PANEL_PX, x_axis, y_axis, traces, shapes), crowded


def _time_span(dates: Sequence[pd.Series]) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The time axis: from a month before the first date to a month after the last."""
    found = pd.concat([d for d in dates if len(d)]) if any(len(d) for d in dates) else pd.Series([pd.Timestamp.now()])
    return found.min() - pd.Timedelta(days=30), found.max() + pd.Timedelta(days=30)


def timeline_figure(selected: pd.DataFrame, events: pd.DataFrame, refs: ReferenceTables,
                    flows: Collection[FlowKey] | None = None, picked_events: Collection[str] = ()) -> go.Figure:
    """Every estimate of `flows` at the date it was made, a panel per flow and unit; a claimant's estimates joined.

    Above the panels: a strip of key events (only `picked_events`, by id, each titled; or every event,
    untitled, when none is picked) and a strip of the claims that assert no flow, a marker per
    stance. A crowded panel is drawn one mark per month and status, without the claimant lines.

    Args:
        selected: the claims on show.
        events: key events (ledger.reference.load_events), with `date` as a timestamp.
        refs: the vocabularies: category labels, claimant names, party order and arms categories.
        flows: the flows to draw (from, to, category); None for every flow.
        picked_events: ids of the events to title on the strip.
    """
    with_figure = figure_claims(selected, flows)
    others = denials(selected)
    if flows is not None:
        others = others[pd.MultiIndex.from_frame(others[["from_party", "to_party", "category"]]).isin(list(flows))]
    if with_figure.empty and others.empty:
        return empty_figure(TITLE, "No claims with figures for the current filters.")
    shown = events[events["id"].isin(list(picked_events))] if picked_events else events
    span = _time_span([with_figure["reported_date"], others["reported_date"], shown["date"]])
    x_axis = {"type": "date", "range": list(span), "fixedrange": True, "tickfont": {"size": TICK_PX}}
    blocks = [events_block(shown, span, bool(picked_events), x_axis)]
    if len(others):
        blocks.append(stances_block(others, refs, x_axis))
    limits = un_limits(refs.arms)
    binned = False
    for key in facet_keys(with_figure, refs.party_order):
        block, crowded = _panel(key, facet_rows(with_figure, key), refs, limits, x_axis)
        blocks.append(block)
        binned |= crowded
    title = TITLE + (f" (a panel with more than {TIMELINE_MAX_POINTS:,} estimates: one mark per month and status)"
                     if binned else "")
    return stacked_figure(blocks, title)
