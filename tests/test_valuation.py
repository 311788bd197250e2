"""Estimated values: never zero for the unvalued, never double counted, always from a source."""

from __future__ import annotations

import math

import pandas as pd

from ledger.flows import flow_figures
from ledger.valuation import flow_values, format_usd, load_valuations, not_valued_flows, unit_values
from ledger.widths import width_availability
from tests.conftest import load_rows

VALS = pd.DataFrame([
    {"id": "v1", "category": "troops", "unit": "soldiers", "usd_low": 10.0, "usd_high": 20.0},
    {"id": "v2", "category": "troops", "unit": "soldiers", "usd_low": 5.0, "usd_high": 15.0},
])


def test_competing_valuations_widen_the_range():
    row = unit_values(VALS).iloc[0]
    assert (row.usd_low, row.usd_high, row.ids) == (5.0, 20.0, "v1, v2")


def test_running_total_is_valued_and_an_increment_in_the_same_unit_is_not_added():
    claims = load_rows([
        {"id": "a", "quantity_low": "100", "quantity_high": "100"},
        {"id": "b", "measure": "increment", "quantity_low": "30", "quantity_high": "30", "reported_on": "2024-11-01"},
    ]).frame
    row = flow_values(flow_figures(claims), VALS).iloc[0]
    assert (row.value_low, row.value_high, row.value_mid) == (500.0, 2000.0, 1250.0)


def test_units_without_a_valuation_are_not_valued_never_zero():
    claims = load_rows([{"category": "labor", "unit": "people"}]).frame
    values = flow_values(flow_figures(claims), VALS)
    assert math.isnan(values.iloc[0].value_mid)
    assert values.iloc[0].not_valued_units == "people"
    assert not_valued_flows(pd.DataFrame({"from_party": ["DPRK"], "to_party": ["Russia"], "category": ["labor"]}),
                            values) == [("DPRK", "Russia", "labor")]


def test_money_is_valued_at_face_value():
    claims = load_rows([{"from_party": "Russia", "to_party": "DPRK", "category": "cash", "unit": "USD",
                         "quantity_low": "200", "quantity_high": "300"}]).frame
    row = flow_values(flow_figures(claims), VALS).iloc[0]
    assert (row.value_low, row.value_high) == (200.0, 300.0)


def test_format_usd():
    assert format_usd(9e9) == "$9.0 billion"
    assert format_usd(336e6) == "$336.0 million"
    assert format_usd(52_000) == "$52,000"
    assert format_usd(float("nan")) == "not valued"


def test_value_width_is_unavailable_with_a_reason_when_there_are_no_valuations(tmp_path):
    assert width_availability(tmp_path / "valuations.csv") == (
        False, "no per-unit valuations have been curated yet (data/valuations.csv).")
    assert width_availability()[0] is True


def test_every_shipped_valuation_is_sourced_explained_and_used(shipped):
    vals = load_valuations()
    assert vals["id"].is_unique
    assert (vals["usd_low"] <= vals["usd_high"]).all() and (vals["usd_low"] > 0).all()
    used = set(shipped[["category", "unit"]].itertuples(index=False, name=None))
    for v in vals.itertuples():
        assert v.source_outlet and v.source_title and v.method, v.id
        assert v.source_url.startswith(("http://", "https://")), v.id
        assert (v.category, v.unit) in used, f"{v.id} values a unit the ledger never uses"
