"""Labelled rows: a horizontal chart read like text, one row per claimant (or status), each named above its mark.

The name sits above the mark at the plot's left edge, where it has the plot's whole width, so it is
written in full (wrapped) and the plot keeps the chart's width. The figure is written under the end
of the mark, on the side that keeps it inside the plot (ledger.layout.side). A panel's y axis counts
pixels from its top, so each row keeps its height on every screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go

from ledger.charts.style import FIGURE_PX, LABEL_PX, MUTED_TEXT, NOTE_PX, TICK_PX, esc
from ledger.layout import NARROW_PX, chars_that_fit, lines_px, nice_ticks, side, text_px, wrap
from ledger.words import format_compact

BAR_PX = 8  # the mark's thickness
GAP_PX = 14  # between one row's last line and the next row's name


@dataclass(frozen=True)
class Row:
    """One row: its name, its mark (low to high) and what is written under the mark, all plain text."""

    label: str
    low: float
    high: float
    color: str
    figure: str  # written under the mark's end, in bold
    notes: tuple[str, ...] = ()  # small lines under the figure
    hover: str = ""  # already escaped
    at_least: bool = False  # an open top: a triangle instead of a dot
    faded: bool = False  # greyed name: the row is shown but not counted


@dataclass
class Panel:
    """What a panel of rows adds to a figure: traces, shapes and annotations on its own pair of axes."""

    traces: list[go.Scatter] = field(default_factory=list)
    shapes: list[dict] = field(default_factory=list)
    annotations: list[dict] = field(default_factory=list)
    height_px: float = 0.0


def note_lines(notes: Sequence[tuple[str, str]], chars: int | None = None) -> list[tuple[str, str]]:
    """(text, colour) notes wrapped to the narrowest plot, one (line, colour) per line."""
    width = chars or chars_that_fit(NARROW_PX, NOTE_PX)
    return [(line, color) for text, color in notes for line in wrap(text, width)]


def _under_mark(row: Row, y_px: float, fraction: float, axes: tuple[str, str]) -> dict:
    """The figure and its notes, under the end of the mark, on the side where they fit."""
    width = max([text_px(row.figure, FIGURE_PX, bold=True), *(text_px(n, NOTE_PX) for n in row.notes)])
    notes = "".join(f'<br><span style="font-size:{NOTE_PX}px">{esc(n)}</span>' for n in row.notes)
    return {"xref": axes[0], "yref": axes[1], "x": row.high, "y": y_px, "xanchor": side(fraction, width),
            "yanchor": "top", "showarrow": False, "align": "left", "text": f"<b>{esc(row.figure)}</b>{notes}",
            "font": {"size": FIGURE_PX, "color": MUTED_TEXT if row.faded else None}}


def _mark(row: Row, y_px: float, axes: tuple[str, str]) -> go.Scatter:
    """The row's mark: a thick line from low to high, a dot at each end, a triangle at an open top."""
    point = row.low == row.high
    return go.Scatter(
        x=[row.high] if point else [row.low, row.high], y=[y_px] if point else [y_px, y_px],
        xaxis=axes[0], yaxis=axes[1], mode="markers" if point else "lines+markers",
        line={"color": row.color, "width": BAR_PX}, showlegend=False, cliponaxis=False,
        marker={"color": row.color, "size": 13 if point else 10,
                "symbol": "triangle-right" if row.at_least else "circle"},
        hovertemplate=(row.hover or esc(row.label)) + "<extra></extra>")


def draw_rows(rows: Sequence[Row], top_px: float, x_top: float, axes: tuple[str, str]) -> Panel:
    """Rows from `top_px` down, on axes (e.g. ('x2', 'y2')) whose x runs from 0 to `x_top`."""
    panel = Panel()
    y = top_px
    chars = chars_that_fit(NARROW_PX, LABEL_PX)
    for row in rows:
        name = wrap(row.label, chars)
        panel.annotations.append({
            "xref": f"{axes[0]} domain", "yref": axes[1], "x": 0, "y": y, "xanchor": "left", "yanchor": "top",
            "showarrow": False, "align": "left", "text": "<br>".join(esc(line) for line in name),
            "font": {"size": LABEL_PX, "color": MUTED_TEXT if row.faded else None}})
        bar = y + lines_px(len(name), LABEL_PX) + BAR_PX
        panel.traces.append(_mark(row, bar, axes))
        panel.annotations.append(_under_mark(row, bar + BAR_PX, row.high / x_top if x_top else 0, axes))
        y = bar + BAR_PX + lines_px(1, FIGURE_PX) + lines_px(len(row.notes), NOTE_PX) + GAP_PX
    panel.height_px = y
    return panel


def notes_block(lines: Sequence[tuple[str, str]], top_px: float,
                axes: tuple[str, str]) -> tuple[list[dict], float]:
    """Small notes, one wrapped (line, colour) each, from `top_px` down: their annotations, and the px below them."""
    annotations = [{"xref": f"{axes[0]} domain", "yref": axes[1], "x": 0, "y": top_px + i * lines_px(1, NOTE_PX),
                    "xanchor": "left", "yanchor": "top", "showarrow": False, "text": esc(text),
                    "font": {"size": NOTE_PX, "color": color}} for i, (text, color) in enumerate(lines)]
    return annotations, top_px + lines_px(len(lines), NOTE_PX) + (6 if lines else 0)


def value_axis(top: float, show: bool = True) -> dict:
    """An x axis from 0 past `top`, ticked at round values written compactly (1.5M), never zoomed."""
    ticks = nice_ticks(top, 4)
    return {"range": [0, ticks[-1]], "tickvals": ticks, "ticktext": [format_compact(t) for t in ticks],
            "showticklabels": show, "tickfont": {"size": TICK_PX}, "fixedrange": True, "zeroline": True,
            "showgrid": True}


def px_axis(height_px: float) -> dict:
    """A hidden y axis that counts pixels from the panel's top."""
    return {"range": [height_px, 0], "visible": False, "fixedrange": True}
