"""Flows -> plotly figures. Every piece of ledger text is escaped before it reaches a label."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from ledger.contract import STATUSES
from ledger.flows import asserting, upper
from ledger.reference import category_kinds, claimant_info
from ledger.sanctions import limits_for
from ledger.tables import format_quantity, headline_text, node_figure
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


def _nodes(flows: pd.DataFrame, labels: dict[str, str],
           figure_words: dict[tuple[str, str, str], str]) -> tuple[list[str], dict, list[float], list[float]]:
    """Givers on the left, categories in the middle (with their headline in words), receivers on the right."""
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
        words = figure_words.get((f, t, c))
        add(("mid", f, t, c), f"{label} · {esc(words)}" if words else label, 0.5, (i + 0.5) / len(middles))
    for i, p in enumerate(receivers):
        add(("get", p), f"{esc(p)} receives", 0.999, (i + 0.5) / len(receivers))
    return names, index, xs, ys


def _title(row: pd.Series) -> str:
    return f"<b>{esc(row['category_label'])}</b>: {esc(row['from_party'])} → {esc(row['to_party'])}"


def _link_hover(row: pd.Series, band: str) -> str:
    """A band's hover: short, because it is sent twice per band; the flow's figures are on its node."""
    return f"{_title(row)}<br>{band}"


def _node_hover(row: pd.Series) -> str:
    """A middle node's hover: the flow's figures in words, its value and its claims."""
    parts = [_title(row), *(esc(line) for line in row.get("figure_lines") or [])]
    if "value_mid" in row and not pd.isna(row["value_mid"]):
        parts.append(f"Estimated value (estimate): {format_usd(row['value_low'])}–{format_usd(row['value_high'])}")
        if row["not_valued_units"]:
            parts.append(f"Not valued: {esc(row['not_valued_units'])}")
    parts.append(f"Strongest status: {esc(row['strongest_status'])}")
    parts.append(f"{int(row['n_claims'])} claim{'s' if row['n_claims'] != 1 else ''}")
    parts.append(f"Latest: {esc(row['latest_claimant'])}, {esc(row['latest_reported_on'])}")
    return "<br>".join(parts)


ONWARD_COLOR = "rgba(140,140,140,0.45)"  # the receiver's half: the flow's total, status already shown
SANKEY_TITLES = {"claims": "Link width: number of claims, split by status on the giver's side",
                 "value": "Link width: estimated value in USD (midpoint), coloured by the weakest status behind it"}


def drawn_flows(flows: pd.DataFrame) -> pd.DataFrame:
    """The flows a diagram draws: consequences such as casualties are costs of a flow, never a flow."""
    kinds = category_kinds()
    return flows[[kinds.get(c, "transfer") != "consequence" for c in flows["category"]]]


def _figure_words(figures: pd.DataFrame) -> dict[tuple[str, str, str], str]:
    """Per flow, its headline in a few words for the node label."""
    out = {}
    for key, group in figures.groupby(["from_party", "to_party", "category"], sort=False):
        out[key] = node_figure(group, group.groupby("unit")["n_estimates"].sum().to_dict())
    return out


def _weakest_status(figures: pd.DataFrame) -> dict[tuple[str, str, str], str]:
    rank = figures["headline_status"].map(STATUSES.index)
    worst = rank.groupby([figures["from_party"], figures["to_party"], figures["category"]]).max()
    return {k: STATUSES[v] for k, v in worst.items()}


def _bands(flows: pd.DataFrame, figures: pd.DataFrame, by_value: bool):
    """(row, status, width, band text) per link band: a band per status, or one valued band per flow."""
    weakest = _weakest_status(figures) if by_value and not figures.empty else {}
    for _, row in flows.iterrows():
        if by_value:
            status = weakest.get((row["from_party"], row["to_party"], row["category"]), row["strongest_status"])
            yield row, status, float(row["value_mid"]), f"Estimated value; weakest status behind it: {status}"
            continue
        for status in STATUSES:
            n = int(row[f"n_{status}"])
            if n:
                yield row, status, float(n), f"{status.title()}: {n} of {int(row['n_claims'])} claims"


def sankey_figure(flows: pd.DataFrame, figures: pd.DataFrame, category_labels: dict[str, str],
                  values: pd.DataFrame | None = None, title: str | None = None) -> go.Figure:
    """A two-sided Sankey: who gives -> what -> who receives, each middle node labelled with its headline.

    Widths are claim counts: one band per status from the giver to the category, one grey link on to the
    receiver. Or, when `values` (from ledger.valuation.flow_values) is given, the midpoint of each flow's
    estimated USD value, one band coloured by the weakest status behind it; flows with no value are left
    out, not drawn as zero. Consequences are never drawn.
    """
    by_value = values is not None
    title = title or SANKEY_TITLES["value" if by_value else "claims"]
    fig = go.Figure()
    value = "n_claims"
    flows = drawn_flows(flows)
    if by_value and not flows.empty:
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
    names, index, xs, ys = _nodes(flows, category_labels, _figure_words(figures) if not figures.empty else {})
    node_hovers = list(names)
    for _, row in flows.iterrows():
        node_hovers[index[("mid", row["from_party"], row["to_party"], row["category"])]] = _node_hover(row)
    src, dst, val, colors, hovers = [], [], [], [], []

    def link(a: int, b: int, width: float, color: str, hover: str) -> None:
        src.append(a)
        dst.append(b)
        val.append(width)
        colors.append(color)
        hovers.append(hover)

    # Status is drawn once, on the giver's side: banding both halves doubled the links (and a toggle's
    # drawing time) without telling the reader anything more, since each category has one receiver.
    onward: dict[tuple[str, str, str], list] = {}
    for row, status, width, band in _bands(flows, figures, by_value):
        key = (row["from_party"], row["to_party"], row["category"])
        link(index[("give", row["from_party"])], index[("mid", *key)], width, status_color(status),
             _link_hover(row, esc(band)))
        total = onward.setdefault(key, [row, 0.0, status])
        total[1] += width
    for key, (row, width, status) in onward.items():
        color = status_color(status) if by_value else ONWARD_COLOR
        text = "Estimated value" if by_value else f"All {int(row['n_claims'])} claims"
        text += ", on to the receiver"
        link(index[("mid", *key)], index[("get", row["to_party"])], width, color, _link_hover(row, text))
    fig.add_trace(go.Sankey(
        arrangement="snap",
        node={"label": names, "x": xs, "y": ys, "pad": 12, "thickness": 14, "color": "rgba(120,120,120,0.8)",
              "customdata": node_hovers, "hovertemplate": "%{customdata}<extra></extra>"},
        link={"source": src, "target": dst, "value": val, "color": colors, "customdata": hovers,
              "hovertemplate": "%{customdata}<extra></extra>"},
    ))
    fig.update_layout(title=esc(title), height=max(560, 34 * len(flows) + 120),
                      margin={"l": 10, "r": 10, "t": 50, "b": 10})
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
    """Small multiples: per flow and unit, each status's headline: the bar reaches its high, the whisker its low."""
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
            error_y={"type": "data", "symmetric": False, "array": [0] * len(s),
                     "arrayminus": (s["headline_high"] - s["headline_low"]).astype(float)},
            customdata=[[esc(m)] for m in s["measure"]],
            hovertemplate=f"{status}: %{{y:,.0f}} (%{{customdata[0]}})<extra></extra>",
        ), row=i // cols + 1, col=i % cols + 1)
    fig.update_layout(title=esc(title), height=max(320, 230 * rows), margin={"t": 80}, bargap=0.4)
    return fig


def _limit_note(category: str, unit: str) -> str:
    return "<br>".join(esc(lim.label()) for lim in limits_for(category, unit))


def _limit_shapes(key: tuple[str, str, str, str], axis: str, along: str) -> tuple[list[dict], list[dict]]:
    """A dashed line (and its name) at each numeric UN limit for a facet; `axis` is the plot's 'x2' etc."""
    shapes, notes = [], []
    for lim in limits_for(key[2], key[3]):
        if lim.value is None:
            continue
        ref = {f"{along}ref": axis, f"{along}0": lim.value, f"{along}1": lim.value}
        other = "y" if along == "x" else "x"
        domain = f"{other}{axis[1:]} domain"
        shapes.append({"type": "line", **ref, f"{other}ref": domain, f"{other}0": 0, f"{other}1": 1,
                       "line": {"color": "rgb(213,94,0)", "dash": "dash", "width": 2}})
        notes.append({f"{along}ref": axis, f"{along}": lim.value, f"{other}ref": domain, f"{other}": 0.5,
                      "text": esc(f" {lim.resolution} limit: {lim.value:,.0f}"), "showarrow": False,
                      "font": {"color": "rgb(213,94,0)", "size": 11}, "bgcolor": "rgba(255,255,255,0.7)",
                      "xanchor": "left", "yanchor": "middle"})
    return shapes, notes


def _claimant_label(claimant_id: str, names: dict[str, tuple[str, str]]) -> str:
    name, kind = names.get(claimant_id, (claimant_id, ""))
    return f"{name} · {kind.replace('_', ' ')}" if kind else name


def _estimate_hover(r, name: str) -> str:
    since = f"<br>counting since {esc(r.period_start)}" if r.period_start else ""
    fresh = "" if r.in_window else "<br><b>out of date: left out of the span</b>"
    figure = format_quantity(r.quantity_low, r.quantity_high, r.at_least)
    return (f"<b>{esc(name)}</b><br>{esc(r.claimant)}<br>{esc(r.reported_on)}: {esc(figure)} {esc(r.unit)} "
            f"({esc(r.status)}){since}{fresh}")


def estimates_figure(estimates: pd.DataFrame, figures: pd.DataFrame, labels: dict[str, str],
                     window_months: int) -> go.Figure:
    """Per running total, one row per claimant: its latest estimate's low–high, coloured by status.

    The shaded band is the headline span; grey rows are out of date and left out of it. UN limits
    that apply are drawn as dashed lines, or named under the panel's title.
    """
    from plotly.subplots import make_subplots

    title = f"Each claimant’s latest running total, and the span across them (window: {window_months} months)"
    if estimates.empty:
        return _empty(title, "No running totals for the current filters.")
    names = claimant_info()
    keys = _facet_keys(estimates)
    groups = estimates.groupby(FACET, sort=False).indices
    sizes = [len(groups[k]) for k in keys]
    titles = [_facet_title(k, labels) + (f"<br><sup>{_limit_note(k[2], k[3])}</sup>"
                                         if limits_for(k[2], k[3]) else "") for k in keys]
    fig = make_subplots(rows=len(keys), cols=1, subplot_titles=titles, row_heights=[n + 1.5 for n in sizes],
                        vertical_spacing=min(0.35 / max(len(keys) - 1, 1), 0.06))
    spans = figures[figures["measure"] == "cumulative"].set_index(FACET)
    shapes, notes = [], []
    for i, key in enumerate(keys, start=1):
        rows = estimates.iloc[groups[key]]
        ax = "" if i == 1 else str(i)
        span = spans.loc[key]
        shapes.append({"type": "rect", "xref": f"x{ax}", "yref": f"y{ax} domain", "x0": span["headline_low"],
                       "x1": span["headline_high"], "y0": 0, "y1": 1, "fillcolor": "rgba(0,114,178,0.10)",
                       "line": {"width": 0}, "layer": "below"})
        lim_shapes, lim_notes = _limit_shapes(key, f"x{ax}", "x")
        shapes += lim_shapes
        notes += lim_notes
        for r in rows.itertuples(index=False):
            label = _claimant_label(r.claimant_id, names)
            high = r.quantity_low if pd.isna(r.quantity_high) else r.quantity_high
            color = status_color(r.status, 0.95) if r.in_window else "rgba(140,140,140,0.7)"
            date = ("at least; " if r.at_least else "") + f"{r.reported_on}" + (
                f" (since {r.period_start})" if r.period_start else "")
            fig.add_trace(go.Scatter(
                x=[float(r.quantity_low), float(high)], y=[esc(label)] * 2, mode="lines+markers+text",
                line={"color": color, "width": 6}, marker={"color": color, "size": 10,
                                                           "symbol": ["circle", "triangle-right" if r.at_least
                                                                      else "circle"]},
                text=["", esc(date if r.in_window else f"{date}, out of date")], textposition="middle right",
                cliponaxis=False, showlegend=False, hovertemplate=_estimate_hover(r, label) + "<extra></extra>",
            ), row=i, col=1)
        fig.update_yaxes(type="category", automargin=True, row=i, col=1)
        top = max([float(upper(rows).max()), *(lim.value or 0 for lim in limits_for(key[2], key[3]))])
        fig.update_xaxes(range=[0, top * 1.3 or 1], row=i, col=1)  # room for the dates beside the bars
    fig.update_layout(title=esc(title), shapes=shapes, annotations=[*fig.layout.annotations, *notes],
                      height=max(320, 70 * len(keys) + 34 * sum(sizes) + 80), margin={"t": 90, "r": 140})
    return fig


TIMELINE_MAX_POINTS = 300  # above this, a panel's estimates of one status are drawn one mark per month
MARKERS = {"confirmed": "circle", "reported": "diamond", "speculated": "x"}


def _estimate_points(claims: pd.DataFrame, names: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """date, low, high and hover text per estimate, with the claimant named."""
    low = claims["quantity_low"].astype(float)
    high = claims["quantity_high"].fillna(claims["quantity_low"]).astype(float)
    hover = [f"<b>{esc(_claimant_label(i, names))}</b><br>{esc(c)}<br>{esc(r)}: "
             f"{esc(format_quantity(lo, qh, pd.isna(qh)))} ({esc(m)}{', since ' + esc(p) if p else ''})"
             for i, c, r, lo, qh, m, p in zip(claims["claimant_id"], claims["claimant"], claims["reported_on"], low,
                                              claims["quantity_high"], claims["measure"], claims["period_start"],
                                              strict=True)]
    return pd.DataFrame({"date": claims["reported_date"], "low": low, "high": high, "hover": hover})


def _monthly_points(claims: pd.DataFrame) -> pd.DataFrame:
    """One mark per month: aggregated before charting, so a large ledger sends marks per month, not per claim."""
    low = claims["quantity_low"].astype(float)
    high = claims["quantity_high"].fillna(claims["quantity_low"]).astype(float)
    month = claims["reported_date"].dt.to_period("M").dt.to_timestamp()
    g = pd.DataFrame({"date": month, "low": low, "high": high}).groupby("date", sort=True)
    out = g.agg(low=("low", "min"), high=("high", "max"), n=("low", "size")).reset_index()
    out["hover"] = [f"{n:,} estimates in {d:%Y-%m}: {lo:,.0f} to {hi:,.0f}" for d, n, lo, hi in
                    zip(out["date"], out["n"], out["low"], out["high"], strict=True)]
    return out.drop(columns="n")


def _claimant_lines(claims: pd.DataFrame) -> tuple[list, list]:
    """x and y of every claimant's successive estimates (per measure), joined, with gaps between claimants."""
    xs, ys = [], []
    ordered = claims.sort_values(["claimant_id", "measure", "reported_date", "id"], kind="mergesort")
    for _, one in ordered.groupby(["claimant_id", "measure"], sort=False):
        if len(one) > 1:
            xs += [*one["reported_date"], None]
            ys += [*one["quantity_low"].astype(float), None]
    return xs, ys


def _denial_points(denials: pd.DataFrame, labels: dict[str, str], names) -> tuple[pd.Series, list[str]]:
    """Dates and hover text of the denial marks: one per denial, or one per month when there are many."""
    if len(denials) > TIMELINE_MAX_POINTS:
        counts = denials["reported_date"].dt.to_period("M").dt.to_timestamp().value_counts().sort_index()
        return pd.Series(counts.index), [f"{n:,} denials in {d:%Y-%m}" for d, n in counts.items()]
    hover = [f"<b>{esc(_claimant_label(i, names))}</b> denies: {esc(item)}<br>"
             f"{esc(labels.get(c, c))}, {esc(f)} → {esc(t)}<br>{esc(r)} ({esc(s)})"
             for i, item, c, f, t, r, s in zip(denials["claimant_id"], denials["item"], denials["category"],
                                               denials["from_party"], denials["to_party"], denials["reported_on"],
                                               denials["status"], strict=True)]
    return denials["reported_date"], hover


def _denial_strip(fig: go.Figure, denials: pd.DataFrame, labels: dict[str, str], names) -> None:
    dates, hover = _denial_points(denials, labels, names)
    fig.add_trace(go.Scatter(x=dates, y=[0] * len(dates), mode="markers", name="denial",
                             marker={"symbol": "x-thin-open", "size": 12, "line": {"width": 2},
                                     "color": "rgb(0,0,0)"},
                             customdata=[[h] for h in hover], hovertemplate="%{customdata[0]}<extra></extra>"),
                  row=2, col=1)
    fig.update_yaxes(visible=False, row=2, col=1)


def timeline_figure(selected: pd.DataFrame, events: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Every estimate at the date it was made, one panel per flow and unit; a claimant's estimates joined.

    Denials have their own strip of markers; events a strip at the top. A crowded panel is drawn
    one mark per month and status, without the claimant lines.
    """
    from plotly.subplots import make_subplots

    title = "How the estimates grew: each estimate at the date it was made, a claimant’s estimates joined"
    with_figure = asserting(selected)
    with_figure = with_figure[with_figure["quantity_low"].notna()]
    denials = selected[selected["stance"] == "denies"]
    if with_figure.empty and denials.empty:
        return _empty(title, "No claims with figures for the current filters.")
    names = claimant_info()
    keys = _facet_keys(with_figure)
    strips = ["Key events (hover for details)"] + (["Denials (hover: who denied what)"] if len(denials) else [])
    n = len(keys) + len(strips)
    fig = make_subplots(rows=n, cols=1, shared_xaxes=True,
                        subplot_titles=strips + [_facet_title(k, labels) + (
                            f"<br><sup>{_limit_note(k[2], k[3])}</sup>" if limits_for(k[2], k[3]) else "")
                            for k in keys],
                        row_heights=[0.35] * len(strips) + [1.0] * len(keys),
                        vertical_spacing=min(0.25 / max(n - 1, 1), 0.05))
    fig.add_trace(go.Scatter(
        x=events["date"], y=[0] * len(events), mode="markers", marker={"symbol": "triangle-down", "size": 11,
                                                                        "color": "gray"},
        customdata=[[esc(t), esc(d)] for t, d in zip(events["title"], events["description"], strict=True)],
        hovertemplate="%{x|%Y-%m-%d}: <b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        showlegend=False), row=1, col=1)
    fig.update_yaxes(visible=False, row=1, col=1)
    if len(denials):
        _denial_strip(fig, denials, labels, names)
    first = len(strips) + 1
    binned, shapes = False, []
    groups = with_figure.groupby(FACET, sort=False).indices
    for i, key in enumerate(keys, start=first):
        panel = with_figure.iloc[groups[key]]
        crowded = len(panel) > TIMELINE_MAX_POINTS
        binned |= crowded
        if not crowded:
            xs, ys = _claimant_lines(panel)
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": "rgba(90,90,90,0.45)", "width": 1},
                                     name="same claimant", hoverinfo="skip", showlegend=False), row=i, col=1)
        shapes += _limit_shapes(key, f"y{i}", "y")[0]
        for status in STATUSES:
            s = panel[panel["status"] == status]
            if s.empty:
                continue
            points = _monthly_points(s) if crowded else _estimate_points(s, names)
            fig.add_trace(go.Scatter(
                x=points["date"], y=points["low"], mode="markers",
                marker={"color": status_color(status, 0.9), "size": 9, "symbol": MARKERS[status]},
                error_y={"type": "data", "symmetric": False, "array": points["high"] - points["low"],
                         "arrayminus": [0] * len(points)},
                name=status, legendgroup=status, showlegend=False,
                customdata=points["hover"].map(lambda h: [h]).tolist(),
                hovertemplate="%{customdata[0]}<extra></extra>",
            ), row=i, col=1)
    for status in STATUSES:  # one legend entry per status, whichever panels have it
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=status, legendgroup=status,
                                 marker={"color": status_color(status, 0.9), "size": 9, "symbol": MARKERS[status]}),
                      row=first if keys else 1, col=1)
    if binned:
        title += f" (a panel with more than {TIMELINE_MAX_POINTS:,} estimates: one mark per month and status)"
    # One shape per event across the whole figure; add_vline would add one per panel, slowly.
    shapes += [{"type": "line", "xref": "x", "yref": "paper", "x0": d, "x1": d, "y0": 0, "y1": 1,
                "line": {"width": 1, "dash": "dot", "color": "gray"}, "layer": "below"} for d in events["date"]]
    fig.update_layout(shapes=shapes, title=esc(title), height=max(420, 190 * len(keys) + 90 * len(strips) + 60),
                      legend_title_text="status", margin={"t": 80})
    fig.update_yaxes(rangemode="tozero")
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
