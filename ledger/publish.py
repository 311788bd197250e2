"""Make a finished chart fit to publish: a title, the filters in words, the source line and a status legend.

The chart builders in ledger/charts/ are left as they are; this wraps a copy of what they return, so the
PNG or SVG a reader exports from the chart's own toolbar can go into an article as it is.
"""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from ledger.charts.style import STATUS_STYLE, esc
from ledger.contract import STATUSES
from ledger.share import source_line

TOP, BOTTOM = 120, 96  # px kept for the title block and for the legend and source lines


def status_legend_html() -> str:
    """A coloured square and the name of each status, as one line of Plotly label HTML."""
    parts = []
    for status in STATUSES:
        r, g, b = STATUS_STYLE[status]["rgb"]
        parts.append(f'<span style="color:rgb({r},{g},{b})">■</span> {status}')
    return "Link and mark colours: " + "   ".join(parts)


def publishable(fig: go.Figure, words: str, release_date: dt.date, title: str | None = None) -> go.Figure:
    """A copy of `fig` with a title, the filters in words, the status legend and the source line inside the image."""
    out = go.Figure(fig)
    heading = esc(title) if title is not None else (out.layout.title.text or "")
    height = (out.layout.height or 500) + TOP + BOTTOM - 80
    margin = out.layout.margin
    out.update_layout(
        title={"text": f"<b>{heading}</b>", "subtitle": {"text": esc(words)}, "x": 0.01, "xanchor": "left",
               "y": 0.985, "yanchor": "top", "yref": "container"},
        height=height,
        margin={"t": TOP, "b": BOTTOM, "l": max(margin.l or 0, 40), "r": max(margin.r or 0, 30)},
    )
    for text, y in ((status_legend_html(), -BOTTOM + 50), (esc(source_line(release_date)), -BOTTOM + 22)):
        out.add_annotation(text=text, x=0, xref="paper", xanchor="left", y=0, yref="paper", yanchor="top",
                           yshift=y, showarrow=False, align="left", font={"size": 12})
    return out


def plot_config(name: str, image_format: str = "png") -> dict:
    """Plotly's config: the toolbar's camera exports `image_format` (png or svg) at twice the size on screen."""
    return {"displaylogo": False,
            "toImageButtonOptions": {"format": image_format, "filename": f"exchange-ledger-{name}", "scale": 2}}


def alt_text(what: str, words: str, where: str) -> str:
    """A chart's text alternative for screen readers: what it shows, for which view, and where the same is in words."""
    return f"{what}, for {words}. The same in words: {where}."
