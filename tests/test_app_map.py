"""The Map tab's wiring (AppTest): it follows the filters, and picking a place lists that place's claims."""

from __future__ import annotations

import json

from ledger.flows import asserting, select_claims
from ledger.geo import claim_sites
from tests.test_app import run_app


def map_spec(at) -> dict:
    chart = next(c for c in at.get("plotly_chart") if "geo" in json.loads(c.proto.spec)["layout"])
    return json.loads(chart.proto.spec) | {"config": json.loads(chart.proto.config)}


def drawn_sites(spec: dict) -> dict[str, int]:
    """site id -> claims, from the map's marker traces."""
    return {point[0]: point[2] for trace in spec["data"] if trace.get("mode") == "markers+text"
            for point in trace["customdata"]}


def test_the_map_draws_each_named_site_with_its_claims_and_its_own_outlines(shipped):
    at = run_app({"tab": "Map"})
    assert not at.exception
    spec = map_spec(at)
    assert spec["config"]["topojsonURL"] == "app/static/topojson/"  # the app's own copy, never a CDN
    counted = asserting(select_claims(shipped, ["confirmed", "reported"]))
    expected = claim_sites(counted)["site_id"].value_counts().to_dict()
    assert drawn_sites(spec) == expected and sum(expected.values()) > 60


def test_the_map_follows_the_speculated_toggle(shipped):
    at = run_app({"tab": "Map"})
    before = drawn_sites(map_spec(at))
    at.toggle(key="speculated").set_value(True).run()
    after = drawn_sites(map_spec(at))
    every = claim_sites(asserting(shipped))["site_id"].value_counts().to_dict()
    assert after == every and sum(after.values()) > sum(before.values())


def test_picking_a_place_lists_its_claims(shipped):
    at = run_app({"tab": "Map"})
    at.selectbox(key="map_site").set_value("rajin-port").run()
    table = next(d.value for d in at.dataframe if "item" in d.value.columns and len(d.value) < len(shipped))
    chosen = select_claims(shipped, ["confirmed", "reported"])
    named = chosen[chosen["site_ids"].str.split(";").map(lambda ids: "rajin-port" in ids)]
    assert len(table) == len(named) > 0
