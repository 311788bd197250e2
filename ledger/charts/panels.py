"""What the paneled figures share: the empty figure, a panel's title, UN limits and claimant names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from ledger.charts.style import LIMIT_COLOR, esc
from ledger.drawn import Facet
from ledger.sanctions import Limit, limits_for


def empty_figure(title: str, message: str, height: int = 300) -> go.Figure:
    """A figure that says in words why there is nothing to draw."""
    fig = go.Figure()
    fig.add_annotation(text=esc(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_layout(title=esc(title), xaxis_visible=False, yaxis_visible=False, height=height)
    return fig


def facet_title(key: Facet, labels: Mapping[str, str]) -> str:
    """'Troops (DPRK→Russia), soldiers', escaped."""
    f, t, c, unit = key
    return esc(f"{labels.get(c, c)} ({f}→{t}), {unit}")


def facet_title_with_limits(key: Facet, labels: Mapping[str, str], limits: Sequence[Limit]) -> str:
    """A panel's title, with those of `limits` (ledger.sanctions.un_limits) that apply to it named underneath."""
    notes = "<br>".join(esc(lim.label()) for lim in limits_for(key[2], key[3], limits))
    return facet_title(key, labels) + (f"<br><sup>{notes}</sup>" if notes else "")


def limit_shapes(key: Facet, axis: str, along: str, limits: Sequence[Limit]) -> tuple[list[dict], list[dict]]:
    """A dashed line (and its name) at each numeric UN limit for a panel; `axis` is the plot's 'x2' etc."""
    shapes, notes = [], []
    other = "y" if along == "x" else "x"
    domain = f"{other}{axis[1:]} domain"
    for lim in limits_for(key[2], key[3], limits):
        if lim.value is None:
            continue
        ref = {f"{along}ref": axis, f"{along}0": lim.value, f"{along}1": lim.value}
        shapes.append({"type": "line", **ref, f"{other}ref": domain, f"{other}0": 0, f"{other}1": 1,
                       "line": {"color": LIMIT_COLOR, "dash": "dash", "width": 2}})
        notes.append({f"{along}ref": axis, f"{along}": lim.value, f"{other}ref": domain, f"{other}": 0.5,
                      "text": esc(f" {lim.resolution} limit: {lim.value:,.0f}"), "showarrow": False,
                      "font": {"color": LIMIT_COLOR, "size": 11}, "bgcolor": "rgba(255,255,255,0.7)",
                      "xanchor": "left", "yanchor": "middle"})
    return shapes, notes


def claimant_label(claimant_id: str, claimants: Mapping[str, tuple[str, str]]) -> str:
    """'South Korea National Intelligence Service · third government', or the id if the claimant is unknown."""
    name, kind = claimants.get(claimant_id, (claimant_id, ""))
    return f"{name} · {kind.replace('_', ' ')}" if kind else name
