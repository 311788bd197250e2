"""Make a finished chart fit to publish: a title, the filters in words, the source line and a status legend.

The chart builders in ledger/charts/ are left as they are; this wraps a copy of what they return, so the
PNG or SVG a reader exports from the chart's own toolbar can go into an article as it is.
"""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from ledger.charts.style import GLYPHS, MARKERS, STATUS_STYLE, esc
from ledger.contract import STATUSES
from ledger.layout import NARROW_PX, chars_that_fit, lines_px, wrap
from ledger.share import source_line

BOTTOM = 96  # px kept under the plot for the legend and source lines
PAD_PX = 18  # above the title (plotly's top anchor lets a title's first line rise a few px above its pad)
TITLE_PX, SUBTITLE_PX = 16, 12
# What a title block is wrapped to: the narrowest chart (ledger.layout.NARROW_PX), since one figure serves every screen.
TITLE_CHARS = chars_that_fit(NARROW_PX, TITLE_PX, bold=True)
# The chart's toolbar (camera, full screen) sits over the top right corner on a touch screen: the first
# line of the title stops short of it.
TOOLBAR_PX = 100
FIRST_TITLE_CHARS = chars_that_fit(NARROW_PX - TOOLBAR_PX, TITLE_PX, bold=True)
SUBTITLE_CHARS = chars_that_fit(NARROW_PX, SUBTITLE_PX)


def status_legend_html(marks: bool = False) -> str:
    """The colour of each status, as one line of Plotly label HTML: a square each, or each status's marker."""
    parts = []
    for status in STATUSES:
        r, g, b = STATUS_STYLE[status]["rgb"]
        glyph = GLYPHS[MARKERS[status]] if marks else "■"
        parts.append(f'<span style="color:rgb({r},{g},{b})">{glyph}</span> {status}')
    return "Status: " + "   ".join(parts)


def wrapped(html: str, chars: int, first_chars: int | None = None) -> list[str]:
    """Label HTML (escaped text and <br>) in lines of at most `chars` characters (the first `first_chars`)."""
    lines: list[str] = []
    for part in html.split("<br>"):
        lines += wrap(part, chars, first_chars if not lines else None)
    return lines


def publishable(fig: go.Figure, words: str, release_date: dt.date, title: str | None = None,
                marks: bool = False) -> go.Figure:
    """A copy of `fig` with a title, the filters in words, the status legend and the source line inside the image.

    The title and the filters are wrapped to fit a phone, and the space above the plot grows with them;
    `marks` shows each status's marker in the legend (for charts that mark estimates by status).
    """
    out = go.Figure(fig)
    heading = wrapped(esc(title) if title is not None else (out.layout.title.text or ""), TITLE_CHARS,
                      FIRST_TITLE_CHARS)
    subtitle = wrapped(esc(words), SUBTITLE_CHARS)
    top = PAD_PX + lines_px(len(heading), TITLE_PX) + 6 + lines_px(len(subtitle), SUBTITLE_PX) + 14
    margin = out.layout.margin
    out.update_layout(
        title={"text": "<br>".join(f"<b>{line}</b>" for line in heading), "font": {"size": TITLE_PX},
               "subtitle": {"text": "<br>".join(subtitle), "font": {"size": SUBTITLE_PX}},
               "x": 0, "xref": "container", "xanchor": "left", "y": 1, "yref": "container", "yanchor": "top",
               "pad": {"t": PAD_PX, "l": 12}},
        height=(out.layout.height or 500) + top + BOTTOM - 80,
        margin={"t": top, "b": BOTTOM, "l": max(margin.l or 0, 12), "r": max(margin.r or 0, 12)},
    )
    for text, y in ((status_legend_html(marks), -BOTTOM + 50), (esc(source_line(release_date)), -BOTTOM + 22)):
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
