"""The map's place names: laid out for a phone, clear of one another and of every marker, inside the map."""

from __future__ import annotations

import itertools
import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.charts.map import (
    EXTENTS,
    NARROW_MAP_PX,
    _label_box,
    _marker_box,
    _mercator,
    _size,
    label_positions,
    map_figure,
    short_name,
)
from ledger.contract import STATUSES
from ledger.flows import asserting
from ledger.geo import route_summary, site_summary
from ledger.reference import sites


def boxes(places: pd.DataFrame, extent: str) -> tuple[list, list, tuple[float, float]]:
    """The named sites' label boxes, every marker's box inside the extent, and the map's top and bottom."""
    lon0, lon1 = EXTENTS[extent]["lonaxis_range"]
    lat0, lat1 = EXTENTS[extent]["lataxis_range"]
    scale = NARROW_MAP_PX / math.radians(lon1 - lon0)
    chosen = label_positions(places, extent)
    labels, markers = [], []
    for r in places.to_dict("records"):
        if not (lon0 <= r["longitude"] <= lon1 and lat0 <= r["latitude"] <= lat1):
            assert r["site_id"] not in chosen  # a place off the map is never named on it
            continue
        marker = float(_size(pd.Series([r["n_claims"]])).iloc[0])
        markers.append(_marker_box(r["latitude"], r["longitude"], marker, scale, lon0))
        if r["site_id"] in chosen:
            labels.append(_label_box(r["latitude"], r["longitude"], short_name(r["name"]), marker, extent,
                                     chosen[r["site_id"]]))
    return labels, markers, (-scale * _mercator(lat1), -scale * _mercator(lat0))


def apart(a: tuple, b: tuple) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def assert_legible(places: pd.DataFrame, extent: str) -> None:
    labels, markers, (top, bottom) = boxes(places, extent)
    for a, b in itertools.combinations(labels, 2):
        assert apart(a, b), (a, b)
    for label in labels:
        assert all(apart(label, m) for m in markers)
        assert label[0] >= 0 and label[2] <= NARROW_MAP_PX and top <= label[1] and label[3] <= bottom


def shipped_places() -> pd.DataFrame:
    import ledger
    return site_summary(asserting(ledger.load()), sites(), STATUSES)


def test_the_shipped_places_are_named_where_the_names_fit_a_phone():
    places = shipped_places()
    for extent in EXTENTS:
        assert_legible(places, extent)
        assert len(label_positions(places, extent)) >= 3  # not legible by naming nothing
    # The busiest place inside each view is always named: nothing is placed before it.
    assert "kursk-front" in label_positions(places, "whole")
    assert "rajin-port" in label_positions(places, "border")


def test_the_figure_names_exactly_the_chosen_sites_at_their_positions():
    places = shipped_places()
    import ledger
    routes = route_summary(asserting(ledger.load()), sites(), STATUSES)
    chosen = label_positions(places, "border")
    fig = map_figure(places, routes, STATUSES, "border")
    seen = {}
    for trace in fig.data:
        if trace.mode == "markers+text":
            for (site_id, *_), text, position in zip(trace.customdata, trace.text, trace.textposition, strict=True):
                if text:
                    seen[site_id] = position
    assert seen == chosen


place = st.tuples(st.floats(36, 60), st.floats(24, 142), st.integers(1, 80),
                  st.text(st.characters(whitelist_categories=("Lu", "Ll")), min_size=1, max_size=30))


@settings(max_examples=60, deadline=None)
@given(st.lists(place, min_size=1, max_size=25), st.sampled_from(list(EXTENTS)))
def test_names_never_collide_or_leave_the_map(rows, extent):
    places = pd.DataFrame([{"site_id": f"s{i}", "latitude": lat, "longitude": lon, "n_claims": n, "name": name}
                           for i, (lat, lon, n, name) in enumerate(rows)])
    assert_legible(places, extent)


def test_a_wide_view_is_drawn_shorter_than_a_square_one():
    from ledger.charts.map import map_height
    assert map_height("whole") < map_height("border") <= 520
    # At a desk's width the whole view's map fills its figure, less the title's room, without an empty band.
    assert map_height("whole") < 400
