"""The first page's views, one per combination of statuses and "as known on" quarter, computed at build time.

Each view is what the dashboard computes for the same filters (ledger.view.build_view) and draws
(ledger.charts.sankey and ledger.charts.map, wrapped by ledger.publish.publishable), so the two editions agree
number for number.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pandas as pd

from ledger.charts.map import map_figure
from ledger.charts.sankey import SANKEY_TITLES, sankey_figure
from ledger.contract import STATUSES
from ledger.flows import FLOW_KEY, asserting
from ledger.geo import route_summary, site_summary
from ledger.publish import alt_text, publishable
from ledger.share import filters_in_words
from ledger.site.context import Site
from ledger.site.figures import Interner, figure_json
from ledger.site.urls import dashboard_link, flow_path
from ledger.tables import figures_display
from ledger.view import DEFAULT_STATUSES, Filters, View, build_view, summary_items

FIRST_QUARTER_END = dt.date(2023, 3, 31)
SANKEY_HEADING = "What flows between North Korea and Russia"  # as the dashboard's Flows tab titles it
MAP_HEADING = "Where the claims place the exchange"  # as the dashboard's Map tab titles it
PLACE_COLUMNS = ["name", "kind", "country", "n_claims", "strongest_status", *(f"n_{s}" for s in STATUSES)]


def quarter_ends(claims: pd.DataFrame) -> list[dt.date]:
    """The last day of each quarter from 2023's first to the one holding the newest claim."""
    newest = claims["reported_date"].max().date() if len(claims) else FIRST_QUARTER_END
    ends, year, quarter = [], FIRST_QUARTER_END.year, 1
    while True:
        month = quarter * 3
        end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        ends.append(end)
        if end >= newest:
            return ends
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def status_combinations() -> list[tuple[str, ...]]:
    """All 2^3 choices of statuses, from none to all, each in the fixed status order."""
    return [tuple(s for s, on in zip(STATUSES, bits, strict=True) if on)
            for bits in itertools.product((False, True), repeat=len(STATUSES))]


def view_key(statuses: tuple[str, ...], as_of: dt.date) -> str:
    """'110/2025-12-31': which statuses are on, in status order, and the quarter's end."""
    return "".join("1" if s in statuses else "0" for s in STATUSES) + "/" + as_of.isoformat()


def figure_rows(figures: pd.DataFrame, labels: dict[str, str]) -> list[dict[str, Any]]:
    """The figures-per-flow table: the dashboard's display columns as text, each row with its flow's page."""
    shown = figures_display(figures, labels)
    keys = figures[FLOW_KEY].itertuples(index=False, name=None) if len(figures) else []
    return [{"cells": [str(v) for v in row], "href": flow_path(key)}
            for row, key in zip(shown.itertuples(index=False, name=None), keys, strict=True)]


def map_view(site: Site, selected: pd.DataFrame, words: str) -> dict[str, Any]:
    """The map of the places the selected claims name, and its table, as the dashboard's Map tab draws them."""
    counted = asserting(selected)
    places = site_summary(counted, site.site_table, STATUSES)
    routes = route_summary(counted, site.site_table, STATUSES)
    figure = publishable(map_figure(places, routes, STATUSES, "whole"), words, site.release[1], title=MAP_HEADING)
    n_named = int(counted["site_ids"].fillna("").ne("").sum())
    shown = places[PLACE_COLUMNS].astype(object).assign(kind=places["kind"].map(lambda k: str(k).replace("_", " ")))
    return {
        "figure": figure_json(figure),
        "rows": [{"cells": [f"{v:,}" if isinstance(v, int) else str(v) for v in row]}
                 for row in shown.itertuples(index=False, name=None)],
        "words": f"{len(places):,} places named by {n_named:,} of the selected claims that assert a flow.",
        "alt": alt_text("Map of the places the selected claims name and the routes between them", words,
                        "the table of places below it"),
    }


def _sankey(site: Site, view: View, words: str) -> dict[str, Any]:
    """The Sankey of one view as plain data, drawn as the dashboard draws it with claims as the width."""
    width_title = SANKEY_TITLES["claims"]
    figure = publishable(sankey_figure(view.flows, view.figures, view.text, site.refs, None, title=width_title),
                         f"{width_title}. {words}", site.release[1], title=SANKEY_HEADING)
    return figure_json(figure)


def home_view(site: Site, statuses: tuple[str, ...], as_of: dt.date) -> dict[str, Any]:
    """One view of the first page: the Sankey, the figures per flow, the summary, the map and the dashboard's link."""
    filters = Filters(statuses=statuses, as_of=as_of)
    view = build_view(site.claims, filters)
    words = filters_in_words(filters, categories=site.labels, parties=site.parties, claimants={})
    return {
        "figure": _sankey(site, view, words),
        "rows": figure_rows(view.figures, site.labels),
        "summary": [[label, value] for label, value in summary_items(view)],
        "words": words,
        "alt": alt_text(f"Flow diagram of {len(view.flows):,} flows between North Korea and Russia", words,
                        "the table of figures per flow below it"),
        "map": map_view(site, view.selected, words),
        "dashboard": dashboard_link(site.config.dashboard_url, statuses, as_of.isoformat(), tab="Flows"),
    }


def all_views(site: Site) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the default view as plain data, every view with shared strings for the page's script).

    Identical views (a quarter before the first claim, say) are stored once.
    """
    quarters = quarter_ends(site.claims)
    interner, encoded, index, keys = Interner(), list[object](), dict[str, int](), dict[str, int]()
    default: dict[str, Any] = {}
    for statuses in status_combinations():
        for as_of in quarters:
            plain = home_view(site, statuses, as_of)
            if statuses == DEFAULT_STATUSES and as_of == quarters[-1]:
                default = plain
            packed = interner.encode(plain)
            signature = repr(packed)
            if signature not in index:
                index[signature] = len(encoded)
                encoded.append(packed)
            keys[view_key(statuses, as_of)] = index[signature]
    payload = {"strings": interner.strings, "views": encoded, "keys": keys, "statuses": list(STATUSES),
               "quarters": [q.isoformat() for q in quarters]}
    return default, payload
