"""The headline figure by status: what each level of certainty alone would say, one panel per flow, unit and measure."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Protocol, cast

import pandas as pd
import plotly.graph_objects as go

from ledger.charts.panels import MEASURE_HEADINGS, empty_figure, facet_heading
from ledger.charts.rows import Row, draw_rows, px_axis, value_axis
from ledger.charts.stacked import Block, heading_lines, stacked_figure
from ledger.charts.style import LABEL_PX, esc, status_color
from ledger.contract import STATUSES
from ledger.drawn import FACET, facet_rows, reading_order
from ledger.flows import FlowKey
from ledger.layout import NARROW_PX, chars_that_fit, wrap
from ledger.reference import ReferenceTables
from ledger.words import count_noun, figure_texts, quantity_words

TITLE = "What each status alone would say: the headline figure from its own claims"
PANEL_KEY = [*FACET, "measure"]


def _how(measure: str, n_claimants: int, n_estimates: int) -> str:
    """'span of 3 claimants', 'sum of 2 shipments' or 'one shipment'."""
    if measure == "cumulative":
        return f"span of {count_noun(n_claimants, 'claimant')}"
    return f"sum of {count_noun(n_estimates, 'shipment')}" if n_estimates != 1 else "one shipment"


class _Figure(Protocol):
    """A row of ledger.flows.figures_by_status, as itertuples gives it."""

    status: str
    unit: str
    measure: str
    headline_low: float
    headline_high: float
    headline_at_least: bool
    n_claimants: int
    n_estimates: int


def _row(r: _Figure, text: str) -> Row:
    """One status's headline: the bar from its low to its high, the figure and how it was made under the mark."""
    figure = quantity_words(r.headline_low, r.headline_high, r.headline_at_least, r.unit)
    how = _how(r.measure, r.n_claimants, r.n_estimates)
    name = f"{r.status.title()} claims only"
    return Row(name, float(r.headline_low), float(r.headline_high), status_color(r.status, 0.95), text, (how,),
               f"<b>{esc(name)}</b><br>{esc(figure)}<br>{esc(how)}", at_least=bool(r.headline_at_least))


def _block(key: tuple, rows: pd.DataFrame, labels: Mapping[str, str]) -> Block:
    """A panel: its heading, then a row per status that has a figure, in status order, on its own x axis."""
    ordered = rows.assign(_code=rows["status"].map({s: i for i, s in enumerate(STATUSES)})).sort_values("_code")
    x_axis = value_axis(float(ordered["headline_high"].astype(float).max()))
    texts = figure_texts(list(zip(ordered["headline_low"], ordered["headline_high"], ordered["headline_at_least"],
                                  strict=True)))
    panel = draw_rows([_row(r, text) for r, text in
                       zip(cast(Iterable[_Figure], ordered.itertuples(index=False)), texts, strict=True)], 0,
                      x_axis["range"][1], ("x", "y"))
    heading = f"{facet_heading(key, labels)} · {key[3]}, {MEASURE_HEADINGS.get(key[4], key[4])}"
    return Block(heading_lines(wrap(heading, chars_that_fit(NARROW_PX, LABEL_PX, bold=True))), panel.height_px,
                 x_axis, px_axis(panel.height_px), panel.traces, panel.shapes, panel.annotations)


def figures_by_status_figure(by_status: pd.DataFrame, refs: ReferenceTables,
                             flows: Collection[FlowKey] | None = None) -> go.Figure:
    """One panel per flow, unit and measure, one row per status: the headline figure that status's claims alone give.

    Args:
        by_status: headline figures per status, from ledger.flows.figures_by_status.
        refs: the vocabularies: category labels and party order.
        flows: the flows to draw (from, to, category); None for every flow.
    """
    keys = reading_order(by_status[PANEL_KEY].drop_duplicates().itertuples(index=False, name=None), refs.party_order)
    keys = [k for k in keys if flows is None or k[:3] in flows]
    if not keys:
        return empty_figure(TITLE, "No figures for the current filters.")
    return stacked_figure([_block(k, facet_rows(by_status, k, PANEL_KEY), refs.category_labels) for k in keys], TITLE)
