"""The Map tab: where the claims place things, the routes between those places, and a site's claims."""

from __future__ import annotations

import streamlit as st

from app.common import Page, claims_table, table_config
from ledger.charts.map import map_figure
from ledger.contract import STATUSES
from ledger.flows import asserting
from ledger.geo import claims_at_site, route_summary, site_summary
from ledger.publish import alt_text, plot_config, publishable
from ledger.reference import sites
from ledger.tables import display_frame
from ledger.view import CAPTIONS

# Plotly draws a map's outlines from topojson it fetches at run time; these are the app's own copy
# (static/topojson, served by Streamlit's static file serving), so no request leaves for a CDN.
TOPOJSON_URL = "app/static/topojson/"
EXTENT_LABELS = {"whole": "Moscow to Pyongyang", "border": "The border and the sea route"}


def render(page: Page) -> None:
    """Draw the tab."""
    counted = asserting(page.view.selected)
    places = site_summary(counted, sites(), STATUSES)
    routes = route_summary(counted, sites(), STATUSES)
    st.caption(f"{len(places)} places named by {counted['site_ids'].fillna('').ne('').sum():,} of the selected "
               f"claims that assert a flow. {CAPTIONS['map']}")
    extent = st.segmented_control("Map extent", list(EXTENT_LABELS), format_func=EXTENT_LABELS.get,
                                  default="whole", key="map_extent") or "whole"
    config = {**plot_config("map", page.image_format), "topojsonURL": TOPOJSON_URL}
    st.plotly_chart(publishable(map_figure(places, routes, STATUSES, extent), page.words, page.release[1],
                                title="Where the claims place the exchange"),
                    key="map", config=config,
                    alt=alt_text("Map of the places the selected claims name and the routes between them",
                                 page.words, "the table of places below"))
    names = dict(zip(places["site_id"], places["name"], strict=True))
    shown = places.drop(columns=["site_id"])
    st.dataframe(display_frame(shown), hide_index=True, key="places", column_config=table_config(shown.columns))
    if not names:
        return
    chosen = st.selectbox("Claims at a place", list(names), format_func=names.get, key="map_site")
    claims_table(claims_at_site(page.view.selected, chosen), page, key="site_claims")
