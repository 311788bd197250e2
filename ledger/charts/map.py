"""The map: sites sized by their claims and coloured by their strongest status, routes drawn by mode.

A pure function of its arguments; the outlines come from the app's own static files (see the page's
plotly config), never from a CDN.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from ledger.charts.style import esc, status_color

# Route modes read without colour too: each has its own dash.
MODE_DASH = {"sea": "solid", "rail": "dash", "road": "dot", "air": "longdash", "unstated": "dashdot"}
MODE_LABEL = {"sea": "by sea", "rail": "by rail", "road": "by road", "air": "by air", "unstated": "route not stated"}
# Land and sea are drawn light on either theme, lakes as sea (a dark theme's own lakes are black), so the place
# names on them keep a dark colour of their own rather than the theme's text colour (white on a dark theme).
LAND_COLOR, SEA_COLOR, PLACE_NAME_COLOR = "rgb(240,240,238)", "rgb(225,236,245)", "rgb(40,40,40)"


def _size(n_claims: pd.Series) -> pd.Series:
    """Marker area grows with the number of claims, so a site named 40 times does not swamp the rest."""
    return 8 + 4 * n_claims.clip(lower=1) ** 0.5


# Two views of the same places: the whole exchange from Moscow to Pyongyang, and the border where the
# ports, the rail crossing and the bridge sit within 150 km of one another.
EXTENTS: dict[str, dict[str, list[float]]] = {"whole": {"lonaxis_range": [24, 142], "lataxis_range": [36, 60]},
           "border": {"lonaxis_range": [127, 135], "lataxis_range": [38.5, 44.5]}}

# The server can't know the reader's screen, so names are laid out for the narrowest one we serve: a
# phone's 390 px, less the page's padding and the chart's margins (about 300 px of map, measured in
# Chromium). Wider screens draw the map larger, so names that clear one another there clear one another
# everywhere. 11 px labels average under 7 px a character in the fonts Chromium falls back to.
NARROW_MAP_PX = 300
LABEL_FONT_PX = 11
LABEL_CHAR_PX = 7.0
LABEL_LINE_PX = 15


def _mercator(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


Box = tuple[float, float, float, float]


# Where a name may sit beside its marker, in order of preference; Plotly takes one per point.
POSITIONS = ("top center", "bottom center", "middle right", "middle left")


def _label_box(lat: float, lon: float, name: str, marker_px: float, extent: str, position: str) -> Box:
    """The pixel box of a name at `position` by its marker, on a map NARROW_MAP_PX wide (y grows downwards)."""
    lon0, lon1 = EXTENTS[extent]["lonaxis_range"]
    scale = NARROW_MAP_PX / math.radians(lon1 - lon0)  # the map fills its width at this size (see EXTENTS)
    x, y = scale * math.radians(lon - lon0), -scale * _mercator(lat)
    width, gap = len(name) * LABEL_CHAR_PX, marker_px / 2 + 1
    if position == "top center":
        return x - width / 2, y - gap - LABEL_LINE_PX, x + width / 2, y - gap
    if position == "bottom center":
        return x - width / 2, y + gap, x + width / 2, y + gap + LABEL_LINE_PX
    left = x + gap if position == "middle right" else x - gap - width
    return left, y - LABEL_LINE_PX / 2, left + width, y + LABEL_LINE_PX / 2


def _clear(box: Box, taken: list[Box]) -> bool:
    return all(box[2] <= t[0] or t[2] <= box[0] or box[3] <= t[1] or t[3] <= box[1] for t in taken)


def label_positions(site_table: pd.DataFrame, extent: str) -> dict[str, str]:
    """Where each named site's name goes: {site_id: position}.

    The most-cited sites come first, each at the first position where its name fits inside the map and
    clear of every marker and of every name already placed. Every site is named on hover and in the
    table below the map, so a site with no room goes unnamed.
    """
    lon0, lon1 = EXTENTS[extent]["lonaxis_range"]
    lat0, lat1 = EXTENTS[extent]["lataxis_range"]
    scale = NARROW_MAP_PX / math.radians(lon1 - lon0)
    top, bottom = -scale * _mercator(lat1), -scale * _mercator(lat0)
    inside = site_table[site_table["longitude"].between(lon0, lon1) & site_table["latitude"].between(lat0, lat1)]
    ranked = inside.assign(marker=_size(inside["n_claims"])).sort_values(["n_claims", "site_id"],
                                                                          ascending=[False, True])
    places = ranked.to_dict("records")
    taken = [_marker_box(float(r["latitude"]), float(r["longitude"]), float(r["marker"]), scale, lon0)
             for r in places]
    chosen: dict[str, str] = {}
    for r in places:
        for position in POSITIONS:
            box = _label_box(float(r["latitude"]), float(r["longitude"]), short_name(str(r["name"])),
                             float(r["marker"]), extent, position)
            if box[0] >= 0 and box[2] <= NARROW_MAP_PX and top <= box[1] and box[3] <= bottom and _clear(box, taken):
                chosen[str(r["site_id"])] = position
                taken.append(box)
                break
    return chosen


def _marker_box(lat: float, lon: float, marker_px: float, scale: float, lon0: float) -> Box:
    x, y, half = scale * math.radians(lon - lon0), -scale * _mercator(lat), marker_px / 2
    return x - half, y - half, x + half, y + half


DESK_MAP_PX = 900


def map_height(extent: str) -> int:
    """The figure's height: the extent's shape at a desk's width, so a wide view leaves no empty band."""
    lon0, lon1 = EXTENTS[extent]["lonaxis_range"]
    lat0, lat1 = EXTENTS[extent]["lataxis_range"]
    aspect = (_mercator(lat1) - _mercator(lat0)) / math.radians(lon1 - lon0)
    return int(min(520, 60 + DESK_MAP_PX * aspect))


def short_name(name: str) -> str:
    """'Port of Rajin (Najin), Rason' -> 'Port of Rajin': the words before any bracket or comma."""
    return name.split("(")[0].split(",")[0].strip()


def map_figure(site_table: pd.DataFrame, route_table: pd.DataFrame, statuses: tuple[str, ...],
               extent: str = "whole") -> go.Figure:
    """Sites (sized by their claims, coloured by their strongest status) and routes (dashed by mode)."""
    fig = go.Figure()
    places = {str(s["site_id"]): s for s in site_table.to_dict("records")}
    for r in route_table.to_dict("records"):  # a few dozen legs at most: one trace each keeps its dash
        if r["origin"] not in places or r["destination"] not in places:
            continue
        a, b, n = places[r["origin"]], places[r["destination"]], int(r["n_claims"])
        fig.add_trace(go.Scattergeo(
            lat=[a["latitude"], b["latitude"]], lon=[a["longitude"], b["longitude"]], mode="lines",
            line={"width": 1 + min(n, 6), "color": status_color(str(r["strongest_status"])),
                  "dash": MODE_DASH[str(r["mode"])]},
            hoverinfo="text", showlegend=False,
            text=f"{esc(a['name'])} → {esc(b['name'])}, {MODE_LABEL[str(r['mode'])]}: "
                 f"{n} claim{'s' if n != 1 else ''}"))
    named = label_positions(site_table, extent)
    for status in statuses:
        part = site_table[site_table["strongest_status"] == status]
        if part.empty:
            continue
        fig.add_trace(go.Scattergeo(
            lat=part["latitude"], lon=part["longitude"], mode="markers+text", name=status,
            text=[esc(short_name(n)) if i in named else "" for i, n in
                  zip(part["site_id"], part["name"], strict=True)],
            textposition=[named.get(i, "top center") for i in part["site_id"]],
            textfont={"size": LABEL_FONT_PX, "color": PLACE_NAME_COLOR},
            customdata=[[i, esc(n), c] for i, n, c in
                        zip(part["site_id"], part["name"], part["n_claims"], strict=True)],
            hovertemplate="%{customdata[1]}<br>%{customdata[2]} claims<extra>" + status + "</extra>",
            marker={"size": _size(part["n_claims"]), "color": status_color(status),
                    "line": {"width": 1, "color": "white"}}))
    fig.update_geos(projection_type="mercator", resolution=50, showcountries=True, showland=True,
                    landcolor=LAND_COLOR, countrycolor="rgb(150,150,150)", showocean=True, oceancolor=SEA_COLOR,
                    showlakes=True, lakecolor=SEA_COLOR, **EXTENTS[extent])
    # No plotly legend: it would take a third of a phone's width from the map, and the published chart
    # carries the status legend under it (ledger.publish); the caption says colour is the strongest status.
    fig.update_layout(margin={"l": 0, "r": 0, "t": 40, "b": 0}, height=map_height(extent), showlegend=False)
    return fig
