"""The timeline's strips: key events (the ones a reader picked, titled in lanes) and claims that assert no flow."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from ledger.charts.panels import claimant_label
from ledger.charts.stacked import Block, heading_lines
from ledger.charts.style import MUTED_TEXT, NOTE_PX, STANCE_FALLBACK, STANCE_MARKERS, STANCE_NAMES, STANCE_WORDS, esc
from ledger.drawn import monthly_counts
from ledger.layout import NARROW_PX, chars_that_fit, extent, lanes, lines_px, side, text_px, wrap
from ledger.reference import ReferenceTables
from ledger.words import count_noun

MAX_MARKS = 300  # above this many claims of one stance, the strip draws one mark per month
MARK_PX = 16  # the strip's row of marks
EVENT_COLOR = "rgb(110,110,110)"
STANCE_ROW_PX = 26


def _fraction(dates: pd.Series, span: tuple[pd.Timestamp, pd.Timestamp]) -> list[float]:
    """Where each date falls along the time axis, from 0 to 1."""
    start, end = span
    width = (end - start) / pd.Timedelta(days=1) or 1.0
    return [((d - start) / pd.Timedelta(days=1)) / width for d in dates]


def _event_hover(events: pd.DataFrame) -> list[str]:
    return [f"{d:%Y-%m-%d}: <b>{esc(t)}</b><br>{esc(desc)}<br>Source: {esc(o)}" for d, t, desc, o in
            zip(events["date"], events["title"], events["description"], events["source_outlet"], strict=True)]


def _event_labels(events: pd.DataFrame, span: tuple[pd.Timestamp, pd.Timestamp],
                  bottom_px: float) -> tuple[list[dict], list[dict], float]:
    """Each picked event's title in a lane of its own above its mark: annotations, guide lines and the lanes' px."""
    chars = chars_that_fit(NARROW_PX * 0.45, NOTE_PX)
    titles = [wrap(t, chars) for t in events["title"]]
    fractions = _fraction(events["date"], span)
    widths = [max(text_px(line, NOTE_PX) for line in t) for t in titles]
    anchors = [side(f, w) for f, w in zip(fractions, widths, strict=True)]
    lane_of = lanes([extent(f, w, a) for f, w, a in zip(fractions, widths, anchors, strict=True)],
                    stems=[f * NARROW_PX for f in fractions])
    lane_px = lines_px(max(len(t) for t in titles), NOTE_PX) + 6
    notes, guides = [], []
    for date, title, anchor, lane in zip(events["date"], titles, anchors, lane_of, strict=True):
        y = bottom_px - MARK_PX - lane * lane_px
        notes.append({"xref": "x", "yref": "y", "x": date, "y": y, "xanchor": anchor, "yanchor": "bottom",
                      "showarrow": False, "align": "left", "text": "<br>".join(esc(line) for line in title),
                      "font": {"size": NOTE_PX}})
        guides.append({"type": "line", "xref": "x", "yref": "y", "x0": date, "x1": date, "y0": bottom_px - 6,
                       "y1": y, "line": {"color": EVENT_COLOR, "width": 1, "dash": "dot"}, "layer": "below"})
    return notes, guides, (max(lane_of) + 1) * lane_px


def events_block(events: pd.DataFrame, span: tuple[pd.Timestamp, pd.Timestamp], labelled: bool,
                 x_axis: dict) -> Block:
    """The key events as marks along a strip; when `labelled`, each titled in a lane of its own above its mark."""
    notes, guides, lanes_px = _event_labels(events, span, 0) if labelled and len(events) else ([], [], 0.0)
    height = lanes_px + MARK_PX + 4
    # the lanes were laid out from a bottom at 0: move them down onto this strip's bottom
    notes = [{**n, "y": n["y"] + height - 4} for n in notes]
    guides = [{**g, "y0": g["y0"] + height - 4, "y1": g["y1"] + height - 4} for g in guides]
    marks = go.Scatter(x=events["date"], y=[height - MARK_PX / 2 - 2] * len(events), mode="markers",
                       marker={"symbol": "triangle-down", "size": 11, "color": EVENT_COLOR}, name="event",
                       customdata=[[h] for h in _event_hover(events)], hovertemplate="%{customdata[0]}<extra></extra>")
    what = "Key events" if labelled else "Key events (hover or tap a mark for its title)"
    return Block(heading_lines([what]), height, {**x_axis, "showticklabels": False},
                 {"range": [height, 0], "visible": False, "fixedrange": True}, [marks], guides, notes, below_px=8)


def _stance_points(claims: pd.DataFrame, refs: ReferenceTables) -> tuple[pd.Series, list[str]]:
    """Dates and hover text of one stance's marks: one per claim, or one per month when there are many."""
    if len(claims) > MAX_MARKS:
        counts = monthly_counts(claims["reported_date"])
        return pd.Series(counts.index), [f"{count_noun(int(n), 'claim')} in {d:%Y-%m}" for d, n in counts.items()]
    labels = refs.category_labels
    hover = [f"<b>{esc(claimant_label(i, refs.claimants))}</b> {esc(STANCE_WORDS.get(s, s))}: {esc(item)}<br>"
             f"{esc(labels.get(c, c))}, {esc(f)} → {esc(t)}<br>{esc(r)} ({esc(st)})<br>Source: {esc(o)}"
             for i, s, item, c, f, t, r, st, o in
             zip(claims["claimant_id"], claims["stance"], claims["item"], claims["category"], claims["from_party"],
                 claims["to_party"], claims["reported_on"], claims["status"], claims["source_outlet"], strict=True)]
    return claims["reported_date"], hover


def stance_order(stances: Sequence[str]) -> list[str]:
    """The stances present, in the order of STANCE_MARKERS, any other after them by name."""
    known = list(STANCE_MARKERS)
    return sorted(set(stances), key=lambda s: (known.index(s) if s in known else len(known), s))


def stances_block(claims: pd.DataFrame, refs: ReferenceTables, x_axis: dict,
                  names: Mapping[str, str] = STANCE_NAMES) -> Block:
    """Claims that assert no flow (denials, ...), a row of marks per stance, each stance with its own marker."""
    order = stance_order(list(claims["stance"]))
    label_px = lines_px(1, NOTE_PX) if len(order) > 1 else 0  # one stance is named by the heading, more row by row
    row_px = label_px + STANCE_ROW_PX
    traces, notes = [], []
    for i, stance in enumerate(order):
        dates, hover = _stance_points(claims[claims["stance"] == stance], refs)
        traces.append(go.Scatter(x=dates, y=[i * row_px + label_px + STANCE_ROW_PX / 2] * len(dates), mode="markers",
                                 name=names.get(stance, stance), customdata=[[h] for h in hover],
                                 marker={"symbol": STANCE_MARKERS.get(stance, STANCE_FALLBACK), "size": 12,
                                         "line": {"width": 2}, "color": MUTED_TEXT},
                                 hovertemplate="%{customdata[0]}<extra></extra>"))
        if label_px:
            notes.append({"xref": "x domain", "yref": "y", "x": 0, "y": i * row_px, "xanchor": "left",
                          "yanchor": "top", "showarrow": False, "text": esc(names.get(stance, stance)),
                          "font": {"size": NOTE_PX, "color": MUTED_TEXT}})
    height = len(order) * row_px
    words = " and ".join(names.get(s, s) if i == 0 else names.get(s, s).lower() for i, s in enumerate(order))
    return Block(heading_lines([f"{words} (never counted)"]), height, {**x_axis, "showticklabels": False},
                 {"range": [height, 0], "visible": False, "fixedrange": True}, traces, [], notes, below_px=10)
