"""Panels one under another in one figure, each with the room it asks for in pixels, and its heading above it.

A panel (Block) is drawn on the axes "x" and "y"; stacked_figure moves each onto its own pair of
axes (x2/y2, ...) and gives it a vertical domain from ledger.layout.stack, so that a panel is as tall
on a phone as at a desk and no heading ever sits on the panel above.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go

from ledger.charts.style import LABEL_PX, NOTE_PX, esc
from ledger.layout import lines_px, stack

TICKS_PX, SPACE_PX = 24, 22  # under a panel: its tick labels, then the space before the next heading


@dataclass
class Block:
    """One panel: its heading lines (HTML), its height in px, its axes and what is drawn on them."""

    heading: list[str]
    height_px: float
    x_axis: dict[str, Any]
    y_axis: dict[str, Any]
    traces: list[Any] = field(default_factory=list)
    shapes: list[dict[str, Any]] = field(default_factory=list)
    annotations: list[dict[str, Any]] = field(default_factory=list)
    below_px: float = TICKS_PX + SPACE_PX


def heading_lines(bold: Sequence[str], notes: Sequence[tuple[str, str]] = ()) -> list[str]:
    """A panel's heading as HTML lines: the plain-text lines in bold, then small (text, colour) notes."""
    return [f"<b>{esc(line)}</b>" for line in bold] + [
        f'<span style="font-size:{NOTE_PX}px;color:{color}">{esc(text)}</span>' for text, color in notes]


def _moved(item: dict[str, Any], n: str) -> dict[str, Any]:
    """A shape or annotation drawn on x/y, moved onto x{n}/y{n} ("x domain" becomes "x{n} domain")."""
    out = dict(item)
    for key in ("xref", "yref"):
        ref = out.get(key, "")
        if n and ref in ("x", "y", "x domain", "y domain"):
            out[key] = ref[0] + n + ref[1:]
    return out


def stacked_figure(blocks: Sequence[Block], title: str) -> go.Figure:
    """The blocks one under another, top first, under `title` (plain text); each keeps exactly its px.

    The figure's height leaves 80 px of margin, as ledger.publish.publishable expects of a figure.
    """
    domains, total = stack([(lines_px(len(b.heading), LABEL_PX) + 4 if b.heading else 0, b.height_px, b.below_px)
                            for b in blocks])
    layout: dict[str, Any] = {}
    traces, shapes, annotations = [], [], []
    for i, (block, domain) in enumerate(zip(blocks, domains, strict=True), start=1):
        n = "" if i == 1 else str(i)
        layout[f"xaxis{n}"] = {**block.x_axis, "anchor": f"y{n}"}
        layout[f"yaxis{n}"] = {**block.y_axis, "domain": list(domain), "anchor": f"x{n}"}
        for trace in block.traces:
            trace.update(xaxis=f"x{n}", yaxis=f"y{n}")
            traces.append(trace)
        shapes += [_moved(s, n) for s in block.shapes]
        annotations += [_moved(a, n) for a in block.annotations]
        if block.heading:
            annotations.append({"xref": "paper", "yref": "paper", "x": 0, "y": domain[1], "xanchor": "left",
                                "yanchor": "bottom", "yshift": 2, "showarrow": False, "align": "left",
                                "text": "<br>".join(block.heading), "font": {"size": LABEL_PX}})
    fig = go.Figure(traces)
    fig.update_layout(title=esc(title), shapes=shapes, annotations=annotations, height=total + 80, dragmode=False,
                      showlegend=False, margin={"t": 40, "b": 40, "l": 12, "r": 12}, **layout)
    return fig
