"""The map: sites sized by their claims and coloured by their strongest status, routes drawn by mode.

A pure function of its arguments; the outlines come from the app's own static files (see the page's
plotly config), never from a CDN.
"""

from __future__ import annotations

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
MIN_LABELLED = 3
EXTENTS: dict[str, dict[str, list[float]]] = {"whole": {"lonaxis_range": [24, 142], "lataxis_range": [36, 60]},
           "border": {"lonaxis_range": [127, 135], "lataxis_range": [38.5, 44.5]}}


def _labelled(lat: float, lon: float, n_claims: int, extent: str) -> bool:
    """Whether to name a site on the map: always on the border view; on the whole view only where labels fit.

    That is out of the crowded border area, and only the places named by several claims; every site is named on
    hover and in the table below the map.
    """
    box = EXTENTS["border"]
    crowded = box["lonaxis_range"][0] <= lon <= box["lonaxis_range"][1] and \
        box["lataxis_range"][0] <= lat <= box["lataxis_range"][1]
    return extent == "border" or (not crowded and n_claims >= MIN_LABELLED)


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
    for status in statuses:
        part = site_table[site_table["strongest_status"] == status]
        if part.empty:
            continue
        fig.add_trace(go.Scattergeo(
            lat=part["latitude"], lon=part["longitude"], mode="markers+text", name=status,
            text=[esc(short_name(n)) if _labelled(lat, lon, c, extent) else "" for n, lat, lon, c in
                  zip(part["name"], part["latitude"], part["longitude"], part["n_claims"], strict=True)],
            textposition="top center", textfont={"size": 11, "color": PLACE_NAME_COLOR},
            customdata=[[i, esc(n), c] for i, n, c in
                        zip(part["site_id"], part["name"], part["n_claims"], strict=True)],
            hovertemplate="%{customdata[1]}<br>%{customdata[2]} claims<extra>" + status + "</extra>",
            marker={"size": _size(part["n_claims"]), "color": status_color(status),
                    "line": {"width": 1, "color": "white"}}))
    fig.update_geos(projection_type="mercator", resolution=50, showcountries=True, showland=True,
                    landcolor=LAND_COLOR, countrycolor="rgb(150,150,150)", showocean=True, oceancolor=SEA_COLOR,
                    showlakes=True, lakecolor=SEA_COLOR, **EXTENTS[extent])
    fig.update_layout(margin={"l": 0, "r": 0, "t": 40, "b": 0}, height=520, legend_title_text="Strongest status")
    return fig
