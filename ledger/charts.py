"""Flows -> plotly figures. Every piece of ledger text is escaped before it reaches a label."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from ledger.schema import STATUSES

# Okabe–Ito colours (safe for the common colour-vision deficiencies), with opacity falling from
# confirmed to speculated so that certainty also reads without colour.
STATUS_STYLE = {
    "confirmed": {"rgb": (0, 114, 178), "opacity": 0.85, "swatch": "blue",
                  "label": "acknowledged by a party, or physical evidence examined independently"},
    "reported": {"rgb": (230, 159, 0), "opacity": 0.6, "swatch": "orange",
                 "label": "stated by a named government, monitor or open-source analysis"},
    "speculated": {"rgb": (204, 121, 167), "opacity": 0.35, "swatch": "violet",
                   "label": "expectations, anonymous claims and estimates"},
}


def status_color(status: str, opacity: float | None = None) -> str:
    """The rgba colour for a status."""
    style = STATUS_STYLE[status]
    r, g, b = style["rgb"]
    return f"rgba({r},{g},{b},{style['opacity'] if opacity is None else opacity})"


def esc(value: object) -> str:
    """Escape ledger text for plotly labels, which render a subset of HTML."""
    return html.escape(str(value), quote=True)


def format_quantity(low: float, high: float, at_least: bool = False) -> str:
    """1,000 / 600,000–700,000 / at least 1,000."""
    if pd.isna(low):
        return "no figure"
    lo = f"{low:,.0f}"
    if at_least:
        return f"at least {lo}"
    return lo if pd.isna(high) or high == low else f"{lo}–{high:,.0f}"


def _nodes(flows: pd.DataFrame, labels: dict[str, str]) -> tuple[list[str], dict, list[float], list[float]]:
    """Givers on the left, categories in the middle, receivers on the right; DPRK's side first."""
    givers = sorted(flows["from_party"].unique(), key=lambda p: (p != "DPRK", p))
    receivers = sorted(flows["to_party"].unique(), key=lambda p: (p != "Russia", p))
    middles = sorted(flows[["from_party", "to_party", "category"]].itertuples(index=False, name=None),
                     key=lambda k: (givers.index(k[0]), k[1], k[2]))
    directions = flows.groupby("category")["from_party"].nunique()
    names, index, xs, ys = [], {}, [], []

    def add(key: object, label: str, x: float, y: float) -> None:
        index[key] = len(names)
        names.append(label)
        xs.append(x)
        ys.append(y)

    for i, p in enumerate(givers):
        add(("give", p), f"{esc(p)} gives", 0.001, (i + 0.5) / len(givers))
    for i, (f, t, c) in enumerate(middles):
        label = esc(labels.get(c, c)) + (f" ({esc(f)}→{esc(t)})" if directions.get(c, 1) > 1 else "")
        add(("mid", f, t, c), label, 0.5, (i + 0.5) / len(middles))
    for i, p in enumerate(receivers):
        add(("get", p), f"{esc(p)} receives", 0.999, (i + 0.5) / len(receivers))
    return names, index, xs, ys


def _hover(row: pd.Series) -> str:
    parts = [f"<b>{esc(row['category_label'])}</b>: {esc(row['from_party'])} → {esc(row['to_party'])}"]
    for line in row.get("figure_lines") or []:
        parts.append(esc(line))
    parts.append(f"Strongest status: {esc(row['strongest_status'])}")
    parts.append(f"{int(row['n_claims'])} claim{'s' if row['n_claims'] != 1 else ''}")
    parts.append(f"Latest: {esc(row['latest_claimant'])}, {esc(row['latest_reported_on'])}")
    return "<br>".join(parts)


def figure_lines(figures: pd.DataFrame) -> dict[tuple[str, str, str], list[str]]:
    """Per flow, one text line per unit and measure: headline, range and count."""
    out: dict[tuple[str, str, str], list[str]] = {}
    for r in figures.itertuples(index=False):
        head = format_quantity(r.headline_low, r.headline_high, r.headline_at_least)
        kind = "latest running total" if r.measure == "cumulative" else "sum of reported shipments"
        text = f"{head} {r.unit} ({kind}, {r.headline_status})"
        if r.measure == "cumulative" and (r.range_low != r.headline_low or r.range_high != r.headline_high):
            text += f"; estimates {format_quantity(r.range_low, r.range_high)}"
        out.setdefault((r.from_party, r.to_party, r.category), []).append(text)
    return out


def sankey_figure(flows: pd.DataFrame, figures: pd.DataFrame, category_labels: dict[str, str],
                  value: str = "n_claims", title: str = "Claims per flow") -> go.Figure:
    """A two-sided Sankey: who gives -> what -> who receives, links coloured by strongest status."""
    fig = go.Figure()
    flows = flows[flows[value] > 0] if not flows.empty else flows
    if flows.empty:
        fig.add_annotation(text="No claims match the current filters.", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
        fig.update_layout(title=esc(title), xaxis_visible=False, yaxis_visible=False, height=520)
        return fig
    lines = figure_lines(figures)
    flows = flows.assign(category_label=flows["category"].map(lambda c: category_labels.get(c, c)),
                         figure_lines=[lines.get(k, []) for k in flows[["from_party", "to_party", "category"]]
                                       .itertuples(index=False, name=None)])
    names, index, xs, ys = _nodes(flows, category_labels)
    src, dst, val, colors, hovers = [], [], [], [], []
    for _, row in flows.iterrows():
        mid = index[("mid", row["from_party"], row["to_party"], row["category"])]
        hover = _hover(row)
        for a, b in ((index[("give", row["from_party"])], mid), (mid, index[("get", row["to_party"])])):
            src.append(a)
            dst.append(b)
            val.append(float(row[value]))
            colors.append(status_color(row["strongest_status"]))
            hovers.append(hover)
    fig.add_trace(go.Sankey(
        arrangement="snap",
        node={"label": names, "x": xs, "y": ys, "pad": 12, "thickness": 14, "color": "rgba(120,120,120,0.8)",
              "hovertemplate": "%{label}<extra></extra>"},
        link={"source": src, "target": dst, "value": val, "color": colors, "customdata": hovers,
              "hovertemplate": "%{customdata}<extra></extra>"},
    ))
    fig.update_layout(title=esc(title), height=560, margin={"l": 10, "r": 10, "t": 50, "b": 10})
    return fig


def legend_rows() -> list[tuple[str, str]]:
    """(status, description) pairs for the legend in words beside the chart."""
    return [(s, STATUS_STYLE[s]["label"]) for s in STATUSES]


def legend_markdown() -> str:
    """The legend in words, with a coloured swatch that is never the only cue."""
    return "\n".join(f"- :{STATUS_STYLE[s]['swatch']}[■] **{s.title()}**: {text}" for s, text in legend_rows())
