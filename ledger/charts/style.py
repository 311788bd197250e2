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


# Okabe–Ito colours (safe for the common colour-vision deficiencies), with opacity falling from the
# strongest status to the weakest so that certainty also reads without colour. The styles are given in
# the contract's order of statuses (strongest first) and paired with its names, which are written only there.
_STYLES: tuple[StatusStyle, ...] = (
    {"rgb": (0, 114, 178), "opacity": 0.85, "swatch": "blue",
     "label": "acknowledged by a party, or physical evidence examined independently"},
    {"rgb": (230, 159, 0), "opacity": 0.6, "swatch": "orange",
     "label": "stated by a named government, monitor or open-source analysis"},
    {"rgb": (204, 121, 167), "opacity": 0.35, "swatch": "violet",
     "label": "expectations, anonymous claims and estimates"},
)
STATUS_STYLE: dict[str, StatusStyle] = dict(zip(STATUSES, _STYLES, strict=True))
MARKERS = dict(zip(STATUSES, ("circle", "diamond", "x"), strict=True))  # shape is a second cue to status
GLYPHS = {"circle": "●", "diamond": "◆", "x": "✕"}  # each marker as a character, for legends written in text
# Claims that assert no flow are marked on the timeline's stance strip, a row and a marker per stance, in
# this order; a stance not listed here comes last, with STANCE_FALLBACK. A denial says the flow did not
# happen; a dispute contests only the evidence for it.
STANCE_MARKERS = {"denies": "x-thin-open", "disputes": "circle-open"}
STANCE_NAMES = {"denies": "Denials", "disputes": "Disputes"}
STANCE_WORDS = {"denies": "denies", "disputes": "disputes the evidence for"}
STANCE_FALLBACK = "diamond-open"

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
