"""The flow diagram: who gives -> what -> who receives, each middle node labelled with its headline."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from ledger.charts.panels import empty_figure
from ledger.charts.style import NODE_COLOR, ONWARD_COLOR, esc, status_color
from ledger.drawn import drawn_flows, in_party_order, link_bands, onward_links, reading_order
from ledger.flows import FLOW_KEY, FlowKey, weakest_status
from ledger.layout import column, lines_px, wrap
from ledger.reference import ReferenceTables
from ledger.tables import FlowText
from ledger.valuation import format_usd
from ledger.words import count_noun

# The middle column stands at a fifth of the width, so that its labels (to its right) have room before the
# receivers' labels even on a phone; a line of a label holds LABEL_CHARS characters (Source Sans at 12 px
# runs about 5 px a character, and the room on a 390 px phone is about 145 px).
MIDDLE_X = 0.22
LABEL_PX = 12
LABEL_CHARS = 27
NODE_PX_PER_FLOW = 16  # the middle nodes together are this tall per flow; the gaps between them make room for labels

SANKEY_TITLES = {"claims": "Link width: number of claims, split by status on the giver's side",
                 "value": "Link width: estimated value in USD (midpoint), coloured by the weakest status behind it"}


class _Nodes:
    """The diagram's nodes: label, position, hover, and the index of each by key."""

    def __init__(self) -> None:
        self.index: dict[tuple, int] = {}
        self.labels: list[str] = []
        self.xs: list[float] = []
        self.ys: list[float] = []
        self.hovers: list[str] = []

    def add(self, key: tuple, label: str, x: float, y: float, hover: str | None = None) -> None:
        """Add a node at (x, y); its hover is its label unless one is given."""
        self.index[key] = len(self.labels)
        self.labels.append(label)
        self.xs.append(x)
        self.ys.append(y)
        self.hovers.append(label if hover is None else hover)


def _title(key: FlowKey, labels: Mapping[str, str]) -> str:
    """'<b>Troops</b>: DPRK → Russia', escaped."""
    f, t, c = key
    return f"<b>{esc(labels.get(c, c))}</b>: {esc(f)} → {esc(t)}"


def _node_hover(row: pd.Series, title: str, lines: list[str]) -> str:
    """A middle node's hover: the flow's figures in words, its value and its claims."""
    parts = [title, *(esc(line) for line in lines)]
    if "value_mid" in row and not pd.isna(row["value_mid"]):
        parts.append(f"Estimated value (estimate): {format_usd(row['value_low'])}–{format_usd(row['value_high'])}")
        if row["not_valued_units"]:
            parts.append(f"Not valued: {esc(row['not_valued_units'])}")
    parts.append(f"Strongest status: {esc(row['strongest_status'])}")
    parts.append(count_noun(int(row["n_claims"]), "claim"))
    parts.append(f"Latest: {esc(row['latest_claimant'])}, {esc(row['latest_reported_on'])}")
    return "<br>".join(parts)


def _middle_lines(key: FlowKey, labels: Mapping[str, str], two_way: bool, words: tuple[str, ...]) -> list[str]:
    """A middle node's label, a line each: ['Troops', '11K–12K soldiers', '2 claimants'].

    Each line is short enough for a phone; the direction is named when a category flows both ways.
    """
    f, t, c = key
    name = labels.get(c, c) + (f" ({f}→{t})" if two_way else "")
    return [line for text in (name, *words) for line in wrap(text, LABEL_CHARS)]


def _nodes(flows: pd.DataFrame, widths: pd.Series, text: FlowText, titles: Mapping[FlowKey, str],
           refs: ReferenceTables) -> tuple[_Nodes, float, float]:
    """Givers on the left, flows in the middle (with their headline in words), receivers on the right.

    The middle column is spaced so that no two labels overlap (ledger.layout.column); returns the
    nodes, plotly's node padding for that spacing, and the diagram's height in px.
    """
    nodes = _Nodes()
    givers = in_party_order(flows["from_party"], refs.party_order)
    receivers = in_party_order(flows["to_party"], refs.party_order, reverse=True)
    keys = list(flows[FLOW_KEY].itertuples(index=False, name=None))
    rows = {key: row for key, (_, row) in zip(keys, flows.iterrows(), strict=True)}
    width = dict(zip(keys, widths, strict=True))
    middles = reading_order(rows, refs.party_order)
    directions = flows.groupby("category")["from_party"].nunique()
    lines = [_middle_lines(key, refs.category_labels, directions.get(key[2], 1) > 1, text.node.get(key, ()))
             for key in middles]
    centres, height, pad = column([width[k] for k in middles], [lines_px(len(x), LABEL_PX) for x in lines],
                                  NODE_PX_PER_FLOW * len(middles))
    for i, p in enumerate(givers):
        nodes.add(("give", p), f"{esc(p)} gives", 0.001, (i + 0.5) / len(givers))
    for key, label, centre in zip(middles, lines, centres, strict=True):
        hover = _node_hover(rows[key], titles[key], text.lines.get(key, []))
        nodes.add(("mid", *key), "<br>".join(esc(x) for x in label), MIDDLE_X, centre / height, hover)
    for i, p in enumerate(receivers):
        nodes.add(("get", p), f"{esc(p)} receives", 0.999, (i + 0.5) / len(receivers))
    return nodes, pad, height


def _band_text(status: str, width: float, n_claims: int, by_value: bool) -> str:
    if by_value:
        return f"Estimated value; weakest status behind it: {status}"
    return f"{status.title()}: {int(width):,} of {count_noun(n_claims, 'claim')}"


def _links(flows: pd.DataFrame, bands: pd.DataFrame, nodes: _Nodes, titles: Mapping[FlowKey, str],
           by_value: bool) -> dict[str, list]:
    """The links: each band from its giver into the flow's node, then one link per flow on to its receiver."""
    keys = list(titles)  # in the order of flows' rows
    n_claims = flows["n_claims"].astype(int).tolist()
    links: dict[str, list] = {"source": [], "target": [], "value": [], "color": [], "customdata": []}

    def add(a: int, b: int, width: float, color: str, hover: str) -> None:
        for field, value in zip(links, (a, b, width, color, hover), strict=True):
            links[field].append(value)

    # Status is drawn once, on the giver's side: banding both halves doubled the links (and a toggle's
    # drawing time) without telling the reader anything more, since each category has one receiver.
    for flow, status, width in bands.itertuples(index=False, name=None):
        key = keys[flow]
        band = _band_text(status, width, n_claims[flow], by_value)
        add(nodes.index[("give", key[0])], nodes.index[("mid", *key)], width, status_color(status),
            f"{titles[key]}<br>{esc(band)}")
    for flow, status, width in onward_links(bands).itertuples(index=False, name=None):
        key = keys[flow]
        color = status_color(status) if by_value else ONWARD_COLOR
        text = "Estimated value" if by_value else ("The claim" if n_claims[flow] == 1 else
                                                   f"All {count_noun(n_claims[flow], 'claim')}")
        add(nodes.index[("mid", *key)], nodes.index[("get", key[1])], width, color,
            f"{titles[key]}<br>{text}, on to the receiver")
    return links


def sankey_figure(flows: pd.DataFrame, figures: pd.DataFrame, text: FlowText, refs: ReferenceTables,
                  values: pd.DataFrame | None = None, title: str | None = None) -> go.Figure:
    """A two-sided Sankey: who gives -> what -> who receives, each middle node labelled with its headline.

    Widths are claim counts: one band per status from the giver to the category, one grey link on to the
    receiver. Or, when `values` (from ledger.valuation.flow_values) is given, the midpoint of each flow's
    estimated USD value, one band coloured by the weakest status behind it; flows with no value are left
    out, not drawn as zero. Consequences are never drawn (ledger.drawn.drawn_flows).

    Args:
        flows: one row per flow, from ledger.flows.flow_table.
        figures: the headline figures, from ledger.flows.flow_figures.
        text: the view's headline text, from ledger.tables.flow_text(figures).
        refs: the vocabularies: category labels and kinds, and party order.
        values: value widths from ledger.valuation.flow_values, or None for claim widths.
        title: the title; by default, what the width measures (SANKEY_TITLES).
    """
    by_value = values is not None
    title = title or SANKEY_TITLES["value" if by_value else "claims"]
    flows = drawn_flows(flows, refs.category_kinds, values).reset_index(drop=True)
    if flows.empty:
        return empty_figure(title, "No claims match the current filters.", height=520)
    # each flow's title, written once for its node's hover and its links' hovers
    titles = {key: _title(key, refs.category_labels) for key in flows[FLOW_KEY].itertuples(index=False, name=None)}
    bands = link_bands(flows, weakest_status(figures) if by_value else None)
    widths = bands.groupby("flow")["width"].sum().reindex(range(len(flows)), fill_value=0)
    nodes, pad, height = _nodes(flows, widths, text, titles, refs)
    links = _links(flows, bands, nodes, titles, by_value)
    # fixed: the nodes stay where ledger.layout.column put them, so the labels keep their room
    fig = go.Figure(go.Sankey(
        arrangement="fixed",
        node={"label": nodes.labels, "x": nodes.xs, "y": nodes.ys, "pad": pad, "thickness": 14, "color": NODE_COLOR,
              "customdata": nodes.hovers, "hovertemplate": "%{customdata}<extra></extra>"},
        link={**links, "hovertemplate": "%{customdata}<extra></extra>"},
        textfont={"size": LABEL_PX},
    ))
    fig.update_layout(title=esc(title), height=height + 80, margin={"l": 12, "r": 12, "t": 40, "b": 40})
    return fig
