"""The charts' shared look: a colour and a marker per status, the other colours, the legend, and text escaping."""

from __future__ import annotations

import html
from typing import TypedDict

from ledger.contract import STATUSES


class StatusStyle(TypedDict):
    """How a status is drawn: its colour, its opacity, the legend's swatch name and its meaning in words."""

    rgb: tuple[int, int, int]
    opacity: float
    swatch: str
    label: str


# Okabe–Ito colours (safe for the common colour-vision deficiencies), with opacity falling from
# confirmed to speculated so that certainty also reads without colour.
STATUS_STYLE: dict[str, StatusStyle] = {
    "confirmed": {"rgb": (0, 114, 178), "opacity": 0.85, "swatch": "blue",
                  "label": "acknowledged by a party, or physical evidence examined independently"},
    "reported": {"rgb": (230, 159, 0), "opacity": 0.6, "swatch": "orange",
                 "label": "stated by a named government, monitor or open-source analysis"},
    "speculated": {"rgb": (204, 121, 167), "opacity": 0.35, "swatch": "violet",
                   "label": "expectations, anonymous claims and estimates"},
}
MARKERS = {"confirmed": "circle", "reported": "diamond", "speculated": "x"}  # shape is a second cue to status
GLYPHS = {"circle": "●", "diamond": "◆", "x": "✕"}  # each marker as a character, for legends written in text
# Claims that don't assert a flow are marked on the timeline's stance strip, each stance with its own marker,
# in this order; a stance not listed here is drawn last, with STANCE_FALLBACK.
STANCE_MARKERS = {"denies": "x-thin-open"}
STANCE_NAMES = {"denies": "Denials"}
STANCE_FALLBACK = "circle-open"

# Text sizes in px: never under 10, so a chart stays legible on a phone and in a saved image.
LABEL_PX, FIGURE_PX, NOTE_PX, TICK_PX = 13, 14, 11, 12
MUTED_TEXT = "rgb(128,128,128)"  # reads on the light and the dark theme alike

ONWARD_COLOR = "rgba(140,140,140,0.45)"  # the receiver's half of a Sankey link: the flow's total, status already shown
NODE_COLOR = "rgba(120,120,120,0.8)"
STALE_COLOR = "rgba(140,140,140,0.7)"  # an out-of-date estimate, left out of the span
SPAN_FILL = "rgba(0,114,178,0.10)"  # the headline span behind a flow's estimates
LIMIT_COLOR = "rgb(213,94,0)"  # UN Security Council limits
CLAIMANT_LINE_COLOR = "rgba(90,90,90,0.45)"  # joins one claimant's successive estimates


def status_color(status: str, opacity: float | None = None) -> str:
    """The rgba colour for a status, at its own opacity unless one is given."""
    style = STATUS_STYLE[status]
    r, g, b = style["rgb"]
    return f"rgba({r},{g},{b},{style['opacity'] if opacity is None else opacity})"


def esc(value: object) -> str:
    """Escape ledger text for plotly labels, which render a subset of HTML."""
    return html.escape(str(value), quote=True)


def legend_rows() -> list[tuple[str, str]]:
    """(status, description) pairs for the legend in words beside the chart."""
    return [(s, STATUS_STYLE[s]["label"]) for s in STATUSES]


def legend_markdown() -> str:
    """The legend in words, with a coloured swatch that is never the only cue."""
    return "\n".join(f"- :{STATUS_STYLE[s]['swatch']}[■] **{s.title()}**: {text}" for s, text in legend_rows())
