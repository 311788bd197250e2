"""Flows -> plotly figures. Every piece of ledger text is escaped before it reaches a label."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from ledger.schema import STATUSES
from ledger.tables import headline_text
from ledger.valuation import format_usd

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
    if "value_mid" in row and not pd.isna(row["value_mid"]):
        parts.append(f"Estimated value (estimate): {format_usd(row['value_low'])}–{format_usd(row['value_high'])}")
        if row["not_valued_units"]:
            parts.append(f"Not valued: {esc(row['not_valued_units'])}")
    parts.append(f"Strongest status: {esc(row['strongest_status'])}")
    parts.append(f"{int(row['n_claims'])} claim{'s' if row['n_claims'] != 1 else ''}")
    parts.append(f"Latest: {esc(row['latest_claimant'])}, {esc(row['latest_reported_on'])}")
    return "<br>".join(parts)


def sankey_figure(flows: pd.DataFrame, figures: pd.DataFrame, category_labels: dict[str, str],
                  values: pd.DataFrame | None = None, title: str = "Link width: claims") -> go.Figure:
    """A two-sided Sankey: who gives -> what -> who receives, links coloured by strongest status.

    Widths are claim counts, or, when `values` (from ledger.valuation.flow_values) is given, the
    midpoint of each flow's estimated USD value; flows with no value are left out, not drawn as zero.
    """
    fig = go.Figure()
    value = "n_claims"
    if values is not None and not flows.empty:
        flows = flows.merge(values, on=["from_party", "to_party", "category"], how="inner")
        flows = flows[flows["value_mid"].notna()]
        value = "value_mid"
    flows = flows[flows[value] > 0] if not flows.empty else flows
    if flows.empty:
        fig.add_annotation(text="No claims match the current filters.", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
        fig.update_layout(title=esc(title), xaxis_visible=False, yaxis_visible=False, height=520)
        return fig
    lines = headline_text(figures)
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


FACET = ["from_party", "to_party", "category", "unit"]


def _facet_keys(frame: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    """(from, to, category, unit) facets in reading order: DPRK's side first, then by category."""
    keys = frame[FACET].drop_duplicates()
    return sorted(keys.itertuples(index=False, name=None), key=lambda k: (k[0] != "DPRK", k[0], k[2], k[3]))


def _facet_status_groups(frame: pd.DataFrame, keys: list[tuple[str, str, str, str]], start: int = 0):
    """Yield (panel number, status, rows) for every facet and status that has rows, in panel order."""
    groups = frame.groupby([*FACET, "status"], sort=False).indices
    for i, key in enumerate(keys, start=start):
        for status in STATUSES:
            rows = groups.get((*key, status))
            if rows is not None:
                yield i, status, frame.iloc[rows]


def _facet_title(key: tuple[str, str, str, str], labels: dict[str, str]) -> str:
    f, t, c, unit = key
    return esc(f"{labels.get(c, c)} ({f}→{t}), {unit}")


def _empty(title: str, message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=esc(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_layout(title=esc(title), xaxis_visible=False, yaxis_visible=False, height=300)
    return fig


def figures_by_status_figure(by_status: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Small multiples: per flow and unit, the headline figure for each status, with its range."""
    from plotly.subplots import make_subplots

    title = "Headline figure by status, each in its own unit"
    if by_status.empty:
        return _empty(title, "No figures for the current filters.")
    keys = _facet_keys(by_status)
    cols = 2
    rows = -(-len(keys) // cols)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[_facet_title(k, labels) for k in keys],
                        vertical_spacing=min(0.3 / max(rows - 1, 1), 0.08), horizontal_spacing=0.12)
    for i, status, s in _facet_status_groups(by_status, keys):
        fig.add_trace(go.Bar(
            x=[status] * len(s), y=s["headline_high"].astype(float),
            marker_color=status_color(status), name=status, showlegend=False,
            error_y={"type": "data", "symmetric": False,
                     "array": (s["range_high"] - s["headline_high"]).astype(float),
                     "arrayminus": (s["headline_high"] - s["range_low"]).astype(float)},
            customdata=[[esc(m)] for m in s["measure"]],
            hovertemplate=f"{status}: %{{y:,.0f}} (%{{customdata[0]}})<extra></extra>",
        ), row=i // cols + 1, col=i % cols + 1)
    fig.update_layout(title=esc(title), height=max(320, 230 * rows), margin={"t": 80}, bargap=0.4)
    return fig


TIMELINE_MAX_POINTS = 300  # above this, a panel's claims of one status are drawn one mark per month


def _timeline_points(claims: pd.DataFrame) -> pd.DataFrame:
    """date, low, high and hover text per mark: each claim, or per month when there are too many to draw."""
    low = claims["quantity_low"].astype(float)
    high = claims["quantity_high"].fillna(claims["quantity_low"]).astype(float)
    if len(claims) <= TIMELINE_MAX_POINTS:
        hover = [f"{esc(c)}<br>{esc(r)}: {lo:,.0f} ({esc(m)})" for c, r, lo, m in
                 zip(claims["claimant"], claims["reported_on"], low, claims["measure"], strict=True)]
        return pd.DataFrame({"date": claims["reported_date"], "low": low, "high": high, "hover": hover})
    # Aggregate before charting, so a large ledger sends a mark per month rather than per claim.
    month = claims["reported_date"].dt.to_period("M").dt.to_timestamp()
    g = pd.DataFrame({"date": month, "low": low, "high": high}).groupby("date", sort=True)
    out = g.agg(low=("low", "min"), high=("high", "max"), n=("low", "size")).reset_index()
    out["hover"] = [f"{n:,} claims in {d:%Y-%m}: {lo:,.0f} to {hi:,.0f}" for d, n, lo, hi in
                    zip(out["date"], out["n"], out["low"], out["high"], strict=True)]
    return out.drop(columns="n")


def timeline_figure(selected: pd.DataFrame, events: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Every claim with a figure at its reported_on date, with its range, one panel per flow and unit."""
    from plotly.subplots import make_subplots

    title = "How the estimates grew: each claim at the date it was made"
    with_figure = selected[selected["quantity_low"].notna()]
    if with_figure.empty:
        return _empty(title, "No claims with figures for the current filters.")
    keys = _facet_keys(with_figure)
    # Row 1 is a thin strip of events, so their labels never cover the claims.
    n = len(keys) + 1
    fig = make_subplots(rows=n, cols=1, shared_xaxes=True,
                        subplot_titles=["Key events (hover for details)"] + [_facet_title(k, labels) for k in keys],
                        row_heights=[0.35] + [1.0] * len(keys), vertical_spacing=min(0.25 / (n - 1), 0.05))
    fig.add_trace(go.Scatter(
        x=events["date"], y=[0] * len(events), mode="markers", marker={"symbol": "triangle-down", "size": 11,
                                                                        "color": "gray"},
        customdata=[[esc(t), esc(d)] for t, d in zip(events["title"], events["description"], strict=True)],
        hovertemplate="%{x|%Y-%m-%d}: <b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        showlegend=False), row=1, col=1)
    fig.update_yaxes(visible=False, row=1, col=1)
    binned = False
    for i, status, s in _facet_status_groups(with_figure, keys, start=2):
        points = _timeline_points(s)
        binned |= len(points) < len(s)
        fig.add_trace(go.Scatter(
            x=points["date"], y=points["low"], mode="markers",
            marker={"color": status_color(status, 0.9), "size": 9,
                    "symbol": {"confirmed": "circle", "reported": "diamond", "speculated": "x"}[status]},
            error_y={"type": "data", "symmetric": False, "array": points["high"] - points["low"],
                     "arrayminus": [0] * len(points)},
            name=status, legendgroup=status, showlegend=i == 2,
            customdata=points["hover"].map(lambda h: [h]).tolist(),
            hovertemplate="%{customdata[0]}<extra></extra>",
        ), row=i, col=1)
    if binned:
        title += f" (where a status has more than {TIMELINE_MAX_POINTS:,} claims in a panel: one mark per month)"
    # One shape per event across the whole figure; add_vline would add one per panel, slowly.
    fig.update_layout(shapes=[{"type": "line", "xref": "x", "yref": "paper", "x0": d, "x1": d, "y0": 0, "y1": 1,
                               "line": {"width": 1, "dash": "dot", "color": "gray"}, "layer": "below"}
                              for d in events["date"]])
    fig.update_layout(title=esc(title), height=max(420, 190 * len(keys) + 120), legend_title_text="status",
                      margin={"t": 80})
    return fig


def status_direction_figure(selected: pd.DataFrame) -> go.Figure:
    """Claims by status and direction, as stacked bars."""
    title = "Claims by status and direction"
    if selected.empty:
        return _empty(title, "No claims for the current filters.")
    direction = selected["from_party"] + " → " + selected["to_party"]
    counts = pd.crosstab(direction, selected["status"]).reindex(columns=list(STATUSES), fill_value=0)
    fig = go.Figure([go.Bar(x=[esc(d) for d in counts.index], y=counts[s], name=s, marker_color=status_color(s),
                            hovertemplate=f"{s}: %{{y}} claims<extra></extra>") for s in STATUSES])
    fig.update_layout(title=esc(title), barmode="stack", height=360, yaxis_title="claims")
    return fig
