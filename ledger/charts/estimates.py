"""The estimates chart of one running total: each claimant's latest figure on a row of its own, and the span."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, cast

import pandas as pd
import plotly.graph_objects as go

from ledger.charts.panels import empty_figure, facet_heading, limit_notes
from ledger.charts.rows import Row, draw_rows, note_lines, notes_block, px_axis, value_axis
from ledger.charts.style import LIMIT_COLOR, MUTED_TEXT, SPAN_FILL, STALE_COLOR, esc, status_color
from ledger.drawn import Facet, estimate_order, facet_rows
from ledger.flows import upper
from ledger.reference import ReferenceTables
from ledger.sanctions import Limit, limits_for, un_limits
from ledger.words import figure_text, figure_texts, quantity_words, unit_for

AXES = ("x", "y")


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


def _hover(r: _Estimate, name: str) -> str:
    """An estimate's hover: claimant, when, what, and whether it is out of date."""
    since = f"<br>counting since {esc(r.period_start)}" if r.period_start else ""
    fresh = "" if r.in_window else "<br><b>out of date: left out of the span</b>"
    figure = quantity_words(r.quantity_low, r.quantity_high, r.at_least, r.unit)
    return (f"<b>{esc(name)}</b><br>{esc(r.claimant)}<br>{esc(r.reported_on)}: {esc(figure)} "
            f"({esc(r.status)}){since}{fresh}")


def _row(r: _Estimate, high: float, figure: str, claimants: Mapping[str, tuple[str, str]]) -> Row:
    """One claimant's row: its name in full, its latest figure, and the date and baseline in small text."""
    name = claimants.get(r.claimant_id, (r.claimant_id, ""))[0]
    dates = f"reported {r.reported_on}" + (f", since {r.period_start}" if r.period_start else "")
    notes = (dates,) if r.in_window else (dates, "out of date: left out of the span")
    return Row(name, float(r.quantity_low), high, status_color(r.status, 0.95) if r.in_window else STALE_COLOR,
               figure, notes, _hover(r, name),
               at_least=bool(r.at_least), faded=not r.in_window)


def _notes(key: Facet, limits: Sequence[Limit], n_stale: int, window_months: int,
           shaded: bool) -> list[tuple[str, str]]:
    """What the shading, the grey rows and the dashed lines mean, and the UN limits that apply."""
    notes = [("Shaded: the span from the lowest to the highest up-to-date estimate.", MUTED_TEXT)] if shaded else []
    if n_stale:
        notes.append((f"Grey: more than {window_months} months older than the newest estimate, so left out "
                      "of the span.", MUTED_TEXT))
    return notes + limit_notes(key, limits)


def _title(key: Facet, span: tuple[float, float, bool], labels: Mapping[str, str]) -> str:
    """'Artillery shells, DPRK → Russia: 3.5M to at least 12M rounds' (plain text)."""
    low, high, at_least = span
    return f"{facet_heading(key, labels)}: {figure_text(low, high, at_least)} {unit_for(key[3], low, high)}"


def _span(figures: pd.DataFrame, key: Facet) -> tuple[float, float, bool] | None:
    """The headline span of a running total: (low, high, at least), from ledger.flows.flow_figures."""
    found = facet_rows(figures[figures["measure"] == "cumulative"], key)
    if found.empty:
        return None
    r = found.iloc[0]
    return float(r["headline_low"]), float(r["headline_high"]), bool(r["headline_at_least"])


def _guides(key: Facet, span: tuple[float, float, bool] | None, rows_px: tuple[float, float],
            limits: Sequence[Limit]) -> list[dict]:
    """The shaded span behind the rows, and a dashed line at each numeric UN limit."""
    top, bottom = rows_px
    shapes = [{"type": "rect", "xref": AXES[0], "yref": AXES[1], "x0": span[0], "x1": span[1], "y0": top,
               "y1": bottom, "fillcolor": SPAN_FILL, "line": {"width": 0}, "layer": "below"}] if span else []
    shapes += [{"type": "line", "xref": AXES[0], "yref": AXES[1], "x0": lim.value, "x1": lim.value, "y0": top,
                "y1": bottom, "line": {"color": LIMIT_COLOR, "dash": "dash", "width": 2}}
               for lim in limits_for(key[2], key[3], limits) if lim.value is not None]
    return shapes


def estimates_figure(estimates: pd.DataFrame, figures: pd.DataFrame, refs: ReferenceTables, window_months: int,
                     key: Facet) -> go.Figure:
    """One running total (flow and unit): a row per claimant with its latest estimate, and the headline span.

    Each row names its claimant in full and writes the latest figure under its mark, with the date
    and the baseline in small text; a row out of date is grey and says so. The shaded band is the
    headline span; a UN limit that applies is drawn as a dashed line or named in the notes above.

    Args:
        estimates: each claimant's latest estimate, from ledger.flows.claimant_estimates.
        figures: the headline figures of the same claims, from ledger.flows.flow_figures.
        refs: the vocabularies: category labels, claimant names and the arms categories.
        window_months: the freshness window the estimates were flagged with, named in the notes.
        key: which running total: (from_party, to_party, category, unit).
    """
    rows = estimate_order(facet_rows(estimates, key))
    span = _span(figures, key)
    if rows.empty or span is None:
        return empty_figure(facet_heading(key, refs.category_labels), "No running totals for the current filters.")
    limits = un_limits(refs.arms)
    highs = upper(rows).astype(float)
    texts = figure_texts(list(zip(rows["quantity_low"], rows["quantity_high"], rows["at_least"], strict=True)))
    drawn = [_row(r, float(h), text, refs.claimants) for r, h, text in
             zip(cast(Iterable[_Estimate], rows.itertuples(index=False)), highs, texts, strict=True)]
    shaded = span[0] != span[1]  # a span of one figure has no width to shade
    notes, top = notes_block(note_lines(_notes(key, limits, int((~rows["in_window"]).sum()), window_months, shaded)),
                             0, AXES)
    x_top = max([float(highs.max()), *(lim.value or 0 for lim in limits_for(key[2], key[3], limits))])
    x_axis = value_axis(x_top)
    panel = draw_rows(drawn, top, x_axis["range"][1], AXES)
    fig = go.Figure(panel.traces)
    fig.update_layout(title=esc(_title(key, span, refs.category_labels)), xaxis=x_axis,
                      yaxis=px_axis(panel.height_px), annotations=notes + panel.annotations,
                      shapes=_guides(key, span if shaded else None, (top, panel.height_px - 6), limits),
                      height=panel.height_px + 80,
                      margin={"t": 40, "b": 40, "l": 12, "r": 12}, dragmode=False, showlegend=False)
    return fig

