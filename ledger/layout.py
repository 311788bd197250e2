"""The charts' geometry in pixels: wrapped text, ticks, which side a label goes, label lanes and stacked panels.

One figure is sent to every screen, from a 390 px phone to a desk, and a builder never knows which. So
each rule assumes the narrowest plot (NARROW_PX): text is wrapped to fit it, and a label's side is
chosen so that it stays inside it; a wider screen only gives the same layout more room. Pure Python,
tested without plotly.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence

NARROW_PX = 330  # a chart on a 390 px phone is 358 px wide; less its margins, this is what is left to draw in
# Average glyph width as a share of the font size: Streamlit's Source Sans in Chromium ran 0.41 em (regular)
# and 0.45 em (bold); rounded up by a sixth, so that an estimate errs towards wrapping.
GLYPH_EM = 0.48
BOLD_GLYPH_EM = 0.53
LINE_EM = 1.3  # plotly's line spacing for multi-line text


def wrap(text: str, width: int, first_width: int | None = None) -> list[str]:
    """`text` in lines of at most `width` characters (the first line `first_width`), broken between words only."""
    indent = " " * max(width - (first_width or width), 0)  # a shorter first line: wrap it indented, then unindent
    lines = textwrap.wrap(text, width, initial_indent=indent, break_long_words=False, break_on_hyphens=False)
    return [lines[0].strip(), *lines[1:]] if lines else [""]


def chars_that_fit(px: float, font_px: float, bold: bool = False) -> int:
    """How many characters of text at `font_px` fit in `px`."""
    return max(1, int(px / (font_px * (BOLD_GLYPH_EM if bold else GLYPH_EM))))


def text_px(text: str, font_px: float, bold: bool = False) -> float:
    """An upper estimate of the width of one line of text, in px."""
    return len(text) * font_px * (BOLD_GLYPH_EM if bold else GLYPH_EM)


def lines_px(n_lines: int, font_px: float) -> float:
    """The height of `n_lines` lines of text at `font_px`."""
    return n_lines * font_px * LINE_EM


def nice_ticks(top: float, most: int = 5) -> list[float]:
    """Round tick values from 0 up to at least `top`: steps of 1, 2, 2.5 or 5 times a power of ten, at most `most`."""
    if not top > 0:
        return [0.0, 1.0]
    power = 10 ** math.floor(math.log10(top / most))
    step = next(m * power for m in (1, 2, 2.5, 5, 10, 20) if top / (m * power) <= most - 1)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def side(fraction: float, width_px: float, plot_px: float = NARROW_PX) -> str:
    """Which way a label of `width_px` reaches from a point at `fraction` of the plot: left, center or right.

    It starts at the point when it fits to the right, ends at the point when it fits to the left, and is
    centred on it otherwise (a label no wider than two thirds of the plot always fits one of the three ways).
    """
    x = fraction * plot_px
    if x + width_px <= plot_px:
        return "left"  # plotly's xanchor: the label's left edge is at the point
    if x - width_px >= 0:
        return "right"
    return "center"


def extent(fraction: float, width_px: float, anchor: str, plot_px: float = NARROW_PX) -> tuple[float, float]:
    """The px interval a label anchored at `fraction` covers on the narrowest plot."""
    x = fraction * plot_px
    return {"left": (x, x + width_px), "right": (x - width_px, x)}.get(anchor, (x - width_px / 2, x + width_px / 2))


def lanes(extents: Sequence[tuple[float, float]], gap_px: float = 8,
          stems: Sequence[float] | None = None) -> list[int]:
    """A lane (0, 1, ...) per label so that labels in one lane never overlap; each takes the lowest lane free.

    With `stems` (the x of the line from each label down to its mark, through the lanes below it), the
    labels are also laid out keeping stems clear, in date order and latest first (which stacks titles that
    reach rightwards from their marks like stairs), and of those and the plain layout the one whose stems
    run through fewer labels is kept (then the one with fewer lanes).
    """
    plain = _greedy(range(len(extents)), extents, gap_px, None)
    if stems is None:
        return plain
    # Greedy either way can still do worse than ignoring the stems, so that layout stays a candidate.
    forward = _greedy(range(len(extents)), extents, gap_px, stems)
    backward = _greedy(range(len(extents) - 1, -1, -1), extents, gap_px, stems)
    return min((forward, backward, plain),
               key=lambda out: (crossings(extents, stems, out, gap_px), max(out, default=0)))


def crossings(extents: Sequence[tuple[float, float]], stems: Sequence[float], lane_of: Sequence[int],
              gap_px: float = 8) -> int:
    """How many (stem, label) pairs have a stem running through a label in a lane below the stem's own."""
    return sum(1 for i, x in enumerate(stems) for j, (start, end) in enumerate(extents)
               if lane_of[j] < lane_of[i] and start - gap_px < x < end + gap_px)


def _greedy(order: Iterable[int], extents: Sequence[tuple[float, float]], gap_px: float,
            stems: Sequence[float] | None) -> list[int]:
    """Lanes for labels taken in `order`: each the lowest free of overlaps and, given stems, of crossings."""
    placed: list[tuple[float, float, float | None, int]] = []
    out = [0] * len(extents)
    for i in order:
        start, end = extents[i]
        stem = stems[i] if stems is not None else None

        def apart(lane: int, start: float = start, end: float = end) -> bool:
            return all(p_end + gap_px <= start or end + gap_px <= p_start
                       for p_start, p_end, _, p_lane in placed if p_lane == lane)

        def uncrossed(lane: int, start: float = start, end: float = end, stem: float | None = stem) -> bool:
            for p_start, p_end, p_stem, p_lane in placed:
                if stem is not None and p_lane < lane and p_start - gap_px < stem < p_end + gap_px:
                    return False  # this label's stem would run through a label below it
                if p_stem is not None and p_lane > lane and start - gap_px < p_stem < end + gap_px:
                    return False  # a higher label's stem would run through this one
            return True

        candidates = range(len(placed) + 1)
        lane = next((k for k in candidates if apart(k) and uncrossed(k)), None)
        if lane is None:
            lane = next(k for k in candidates if apart(k))
        placed.append((start, end, stem, lane))
        out[i] = lane
    return out


def stack(blocks: Sequence[tuple[float, float, float]]) -> tuple[list[tuple[float, float]], float]:
    """Panels one under another: each block is (px above the plot, plot px, px below); top block first.

    Returns each plot's vertical domain as fractions of the whole (plotly's yaxis.domain, 0 at the
    bottom) and the whole height in px, so that every panel keeps exactly the room it asked for.
    """
    total = sum(sum(b) for b in blocks) or 1.0
    domains, top = [], total
    for above, plot, below in blocks:
        upper = top - above
        domains.append(((upper - plot) / total, upper / total))
        top = upper - plot - below
    return domains, total


def column(values: Sequence[float], labels_px: Sequence[float], nodes_px: float, clearance_px: float = 4,
           min_gap_px: float = 6) -> tuple[list[float], float, float]:
    """A diagram column whose labels never overlap: each node's centre (px from the top), the height, the mean gap.

    Nodes are as tall as their share of `values` times `nodes_px`; each label is centred on its node;
    the gap between two nodes is just enough for their labels to clear each other. The mean gap is
    what plotly's Sankey must be given as its node padding for its nodes to take exactly `nodes_px`.
    """
    total = sum(values) or 1.0
    heights = [v / total * nodes_px for v in values]
    gaps = [max(min_gap_px, (la + lb) / 2 + clearance_px - (ha + hb) / 2)
            for la, lb, ha, hb in zip(labels_px, labels_px[1:], heights, heights[1:], strict=False)]
    top = max(0.0, labels_px[0] / 2 - heights[0] / 2) if heights else 0.0
    centres, y = [], top
    for h, gap in zip(heights, [*gaps, 0.0], strict=True):
        centres.append(y + h / 2)
        y += h + gap
    bottom = max(0.0, labels_px[-1] / 2 - heights[-1] / 2) if heights else 0.0
    height = y + bottom
    return centres, height, (height - nodes_px) / max(len(values) - 1, 1)
