"""Places: sites counted once per claim that names them, strongest status, and routes leg by leg."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.geo import claims_at_site, leg_mode, route_legs, route_summary, site_summary, split_sites

STATUSES = ("confirmed", "reported", "speculated")
SITES = pd.DataFrame({
    "id": ["rajin-port", "dunai-port", "tikhoretsk-depot", "pyongyang", "moscow", "tumen-road-bridge"],
    "name": ["Rajin", "Dunai", "Tikhoretsk", "Pyongyang", "Moscow", "Road bridge"],
    "kind": ["port", "port", "depot", "capital", "capital", "bridge"],
    "country": ["DPRK", "Russia", "Russia", "DPRK", "Russia", "DPRK"],
    "latitude": [42.34, 42.88, 45.85, 39.03, 55.75, 42.42], "longitude": [130.39, 132.34, 40.13, 125.75, 37.62, 130.64],
})


def claims(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """(id, status, site_ids, unit) rows, with a reported_date for ordering."""
    frame = pd.DataFrame(rows, columns=["id", "status", "site_ids", "unit"])
    return frame.assign(reported_date=pd.to_datetime("2024-01-01") + pd.to_timedelta(range(len(frame)), unit="D"))


def test_split_ignores_blanks():
    assert split_sites("rajin-port;dunai-port") == ["rajin-port", "dunai-port"]
    assert split_sites("") == [] and split_sites(None) == []


def test_a_site_counts_each_claim_once_and_takes_the_strongest_status():
    c = claims([("a", "speculated", "rajin-port;dunai-port", "containers"),
                ("b", "reported", "rajin-port", "containers"), ("c", "confirmed", "", "")])
    table = site_summary(c, SITES, STATUSES).set_index("site_id")
    assert table.loc["rajin-port", ["n_claims", "strongest_status", "n_reported", "n_speculated"]].tolist() == [
        2, "reported", 1, 1]
    assert table.loc["dunai-port", "strongest_status"] == "speculated"
    assert set(table.index) == {"rajin-port", "dunai-port"}  # a claim with no site places nothing


def test_legs_follow_the_order_named_and_take_their_mode_from_the_places():
    c = claims([("a", "reported", "rajin-port;dunai-port;tikhoretsk-depot", "containers"),
                ("b", "confirmed", "pyongyang;moscow", "flights"), ("c", "confirmed", "pyongyang;moscow", "trains"),
                ("d", "reported", "moscow;tumen-road-bridge", "")])
    legs = route_legs(c, SITES)
    assert legs[["id", "origin", "destination", "mode"]].values.tolist() == [
        ["a", "rajin-port", "dunai-port", "sea"], ["a", "dunai-port", "tikhoretsk-depot", "rail"],
        ["b", "pyongyang", "moscow", "air"], ["c", "pyongyang", "moscow", "unstated"],
        ["d", "moscow", "tumen-road-bridge", "road"]]
    routes = route_summary(c, SITES, STATUSES)
    assert routes[routes["mode"] == "sea"][["n_claims", "claim_ids"]].values.tolist() == [[1, "a"]]


def test_leg_mode_rules():
    assert leg_mode("port", "port", "") == "sea"
    assert leg_mode("rail_crossing", "capital", "") == "rail"
    assert leg_mode("capital", "airfield", "") == "air"
    assert leg_mode("capital", "capital", "") == "unstated"


def test_claims_at_site_matches_whole_ids_only():
    c = claims([("a", "reported", "rajin-port", ""), ("b", "reported", "rajin-port-2", ""),
                ("c", "reported", "dunai-port;rajin-port", "")])
    assert claims_at_site(c, "rajin-port")["id"].tolist() == ["c", "a"]


site_lists = st.lists(st.sampled_from(list(SITES["id"])), min_size=0, max_size=4, unique=True)


@settings(deadline=None)  # timing is a benchmark's business, not a property's
@given(st.lists(st.tuples(st.sampled_from(STATUSES), site_lists), min_size=0, max_size=25))
def test_sites_and_legs_reconcile_with_the_claims(rows):
    c = claims([(f"c{i}", s, ";".join(ids), "") for i, (s, ids) in enumerate(rows)])
    table = site_summary(c, SITES, STATUSES)
    assert table["n_claims"].sum() == sum(len(ids) for _, ids in rows)
    assert (table[["n_confirmed", "n_reported", "n_speculated"]].sum(axis=1) == table["n_claims"]).all()
    assert len(route_legs(c, SITES)) == sum(max(len(ids) - 1, 0) for _, ids in rows)
