"""What the charts draw, and how they grade and order it: rules of ledger.drawn and ledger.flows, without plotly."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings

from ledger.contract import STATUSES
from ledger.drawn import (
    claimant_runs,
    drawn_flows,
    estimate_order,
    facet_keys,
    facet_rows,
    facets_of,
    figure_claims,
    in_party_order,
    link_bands,
    monthly_counts,
    monthly_spans,
    onward_links,
    reading_order,
    status_counts_by_direction,
    timeline_flows,
)
from ledger.flows import (
    asserting,
    claimant_estimates,
    claims_with_figure,
    denials,
    flow_figures,
    flow_table,
    select_claims,
    upper,
    weakest_status,
)
from ledger.paths import DATA_DIR
from ledger.reference import party_order, reference_tables
from ledger.tables import flow_text, headline_text
from ledger.valuation import flow_values
from tests.test_flows import claim_rows, status_sets, typed

TWO = ("DPRK", "Russia")
KINDS = {"oil": "consequence"}  # a made-up vocabulary: oil is drawn as a consequence here


def test_nothing_that_counts_or_orders_imports_plotly():
    code = ("import sys, ledger.drawn, ledger.flows, ledger.tables, ledger.widths, ledger.view; "
            "sys.exit('plotly' in sys.modules)")
    root = Path(__file__).resolve().parent.parent
    assert subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True).returncode == 0


def test_party_order_is_the_order_of_parties_csv():
    with (DATA_DIR / "parties.csv").open(encoding="utf-8", newline="") as fh:
        assert party_order() == tuple(row["id"] for row in csv.DictReader(fh))
    assert reference_tables().party_order == party_order()


def test_givers_follow_the_party_order_and_receivers_its_reverse_with_unknown_parties_last():
    assert in_party_order(["Russia", "DPRK", "Russia"], TWO) == ["DPRK", "Russia"]
    assert in_party_order(["Russia", "DPRK"], TWO, reverse=True) == ["Russia", "DPRK"]
    assert in_party_order(["Russia", "DPRK"], ("Russia", "DPRK")) == ["Russia", "DPRK"]  # the file decides
    assert in_party_order(["Zed", "China", "Russia"], TWO) == ["Russia", "China", "Zed"]


def test_reading_order_runs_by_giver_then_receiver_then_the_rest():
    keys = [("Russia", "DPRK", "oil"), ("DPRK", "Russia", "troops"), ("DPRK", "Russia", "labor")]
    assert reading_order(keys, TWO) == [("DPRK", "Russia", "labor"), ("DPRK", "Russia", "troops"),
                                        ("Russia", "DPRK", "oil")]
    assert reading_order(keys, TWO[::-1])[0] == ("Russia", "DPRK", "oil")


def test_facets_are_distinct_and_in_reading_order():
    claims = typed([
        {"id": "a", "from_party": "Russia", "to_party": "DPRK", "category": "oil", "unit": "barrels"},
        {"id": "b", "unit": "soldiers"},
        {"id": "c", "unit": "soldiers", "reported_on": "2024-11-01"},
        {"id": "d", "category": "labor", "unit": "workers"},
    ])
    assert facet_keys(claims, TWO) == [("DPRK", "Russia", "labor", "workers"), ("DPRK", "Russia", "troops", "soldiers"),
                                       ("Russia", "DPRK", "oil", "barrels")]


def flows_of(rows: list[dict]) -> pd.DataFrame:
    return flow_table(typed(rows))


def test_consequences_are_never_drawn_and_a_flow_without_claims_is_not_drawn():
    flows = flows_of([{"id": "a"}, {"id": "b", "category": "oil", "unit": "barrels"}])
    assert drawn_flows(flows, KINDS)["category"].tolist() == ["troops"]
    assert drawn_flows(flows, {})["category"].tolist() == ["oil", "troops"]
    none = flows.assign(n_claims=0)
    assert drawn_flows(none, {}).empty


def test_by_value_a_flow_with_no_value_or_a_zero_value_is_left_out_not_drawn_as_zero():
    flows = flows_of([{"id": "a"}, {"id": "b", "category": "labor"}, {"id": "c", "category": "artillery_shells"}])
    values = pd.DataFrame({"from_party": ["DPRK"] * 3, "to_party": ["Russia"] * 3,
                           "category": ["troops", "labor", "artillery_shells"],
                           "value_low": [1.0, None, 0.0], "value_high": [3.0, None, 0.0],
                           "value_mid": [2.0, None, 0.0]})
    drawn = drawn_flows(flows, {}, values)
    assert drawn["category"].tolist() == ["troops"]
    assert drawn["value_mid"].tolist() == [2.0]


def test_claim_bands_are_one_per_status_with_claims_and_add_up_to_the_flow():
    flows = flows_of([{"id": "a", "status": "confirmed"}, {"id": "b", "status": "speculated"},
                      {"id": "c", "status": "speculated", "reported_on": "2024-11-01"},
                      {"id": "d", "category": "oil", "unit": "barrels", "status": "reported"}])
    bands = link_bands(flows)
    assert bands.to_dict("records") == [{"flow": 0, "status": "reported", "width": 1.0},
                                        {"flow": 1, "status": "confirmed", "width": 1.0},
                                        {"flow": 1, "status": "speculated", "width": 2.0}]
    onward = onward_links(bands)
    assert onward["width"].tolist() == flows["n_claims"].astype(float).tolist()
    assert onward["status"].tolist() == ["reported", "confirmed"]  # the first band's, unused by claims


def test_a_value_band_is_graded_by_the_weakest_status_behind_the_value():
    claims = typed([{"id": "a", "status": "confirmed"},
                    {"id": "b", "status": "speculated", "claimant_id": "ua-hur", "quantity_low": "900"}])
    figures = flow_figures(claims)
    flows = flow_table(claims).assign(value_mid=[5.0])
    assert weakest_status(figures) == {("DPRK", "Russia", "troops"): "speculated"}
    assert flows["strongest_status"].tolist() == ["confirmed"]
    assert link_bands(flows, weakest_status(figures)).to_dict("records") == [
        {"flow": 0, "status": "speculated", "width": 5.0}]
    # a flow with no figure behind it keeps its own (strongest) status
    assert link_bands(flows, {}).to_dict("records") == [{"flow": 0, "status": "confirmed", "width": 5.0}]
    assert weakest_status(flow_figures(claims.iloc[0:0])) == {}


@settings(max_examples=60, deadline=None)
@given(rows=claim_rows(), statuses=status_sets)
def test_the_drawn_bands_add_up_to_exactly_the_selected_claims_that_are_drawn(rows, statuses):
    selected = select_claims(typed(rows), statuses)
    flows = drawn_flows(flow_table(selected), KINDS).reset_index(drop=True)
    bands = link_bands(flows)
    drawn = asserting(selected)
    assert bands["width"].sum() == (drawn["category"] != "oil").sum()
    assert onward_links(bands)["width"].sum() == bands["width"].sum()
    assert set(bands["status"]) <= set(statuses)


@settings(max_examples=30, deadline=None)
@given(rows=claim_rows())
def test_value_bands_are_one_per_valued_flow_never_stronger_than_its_figures(rows):
    claims = typed(rows)
    figures = flow_figures(claims)
    valuations = pd.DataFrame({"id": ["v1", "v2"], "category": ["troops", "oil"], "unit": ["units", "barrels"],
                               "usd_low": [1.0, 2.0], "usd_high": [3.0, 4.0]})
    flows = drawn_flows(flow_table(claims), {}, flow_values(figures, valuations)).reset_index(drop=True)
    bands = link_bands(flows, weakest_status(figures))
    assert bands["flow"].tolist() == list(range(len(flows)))
    assert (bands["width"] > 0).all()
    for band in bands.itertuples():
        key = tuple(flows.loc[band.flow, ["from_party", "to_party", "category"]])
        mine = figures[(figures["from_party"] == key[0]) & (figures["to_party"] == key[1])
                       & (figures["category"] == key[2])]
        assert STATUSES.index(band.status) == max(STATUSES.index(s) for s in mine["headline_status"])


def test_what_a_timeline_places_and_what_it_draws_apart():
    claims = typed([{"id": "a"}, {"id": "b", "quantity_low": "", "quantity_high": "", "unit": "", "measure": ""},
                    {"id": "d", "stance": "denies", "quantity_low": "", "quantity_high": "", "unit": "",
                     "measure": ""}])
    assert claims_with_figure(claims)["id"].tolist() == ["a"]
    assert denials(claims)["id"].tolist() == ["d"]


@settings(max_examples=100, deadline=None)
@given(rows=claim_rows())
def test_the_timeline_places_every_asserting_figure_and_strips_every_other_claim_once(rows):
    claims = typed(rows)
    placed, others = figure_claims(claims), denials(claims)
    assert set(placed["id"]) == set(claims_with_figure(claims)["id"])
    assert set(others["id"]) == set(claims["id"]) - set(asserting(claims)["id"])
    assert "source_outlet" in placed.columns  # a mark's hover names its source
    keys = timeline_flows(claims)
    assert keys == set(placed[["from_party", "to_party", "category"]].itertuples(index=False, name=None)) | set(
        others[["from_party", "to_party", "category"]].itertuples(index=False, name=None))
    for key in keys:
        one = figure_claims(claims, {key})
        assert set(one["id"]) == set(facet_rows(placed, key, ["from_party", "to_party", "category"])["id"])


@settings(max_examples=100, deadline=None)
@given(rows=claim_rows())
def test_claimant_rows_read_up_to_date_first_then_highest_and_panels_follow_the_picked_flows(rows):
    estimates = claimant_estimates(typed(rows))
    ordered = estimate_order(estimates)
    assert sorted(ordered["id"]) == sorted(estimates["id"])
    stale = (~ordered["in_window"].astype(bool)).tolist()
    assert stale == sorted(stale)  # every up-to-date row before every out-of-date one
    for fresh in (True, False):
        highs = upper(ordered[ordered["in_window"] == fresh]).astype(float).tolist()
        assert highs == sorted(highs, reverse=True)
    every = facets_of(estimates, ("DPRK", "Russia"))
    assert every == facet_keys(estimates, ("DPRK", "Russia"))
    if every:
        picked = {every[-1][:3]}
        assert facets_of(estimates, ("DPRK", "Russia"), picked) == [k for k in every if k[:3] in picked]
    assert facets_of(estimates, ("DPRK", "Russia"), set()) == []


@settings(max_examples=100, deadline=None)
@given(rows=claim_rows())
def test_monthly_marks_keep_every_estimate_and_the_full_range(rows):
    claims = claims_with_figure(typed(rows))
    months = monthly_spans(claims)
    assert months["n"].sum() == len(claims)
    assert months["date"].is_monotonic_increasing and months["date"].is_unique
    if len(claims):
        assert months["low"].min() == claims["quantity_low"].min()
        assert months["high"].max() == upper(claims).max()
        assert (months["low"] <= months["high"]).all()
    assert monthly_counts(claims["reported_date"]).sum() == len(claims)


def test_monthly_marks_bin_by_calendar_month():
    claims = typed([{"id": "a", "reported_on": "2024-01-02", "quantity_low": "5", "quantity_high": "9"},
                    {"id": "b", "reported_on": "2024-01-30", "quantity_low": "3", "quantity_high": ""},
                    {"id": "c", "reported_on": "2024-02-01", "quantity_low": "7", "quantity_high": "7"}])
    months = monthly_spans(claims)
    assert months.to_dict("list") == {"date": [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")],
                                      "low": [3.0, 7.0], "high": [9.0, 7.0], "n": [2, 1]}
    assert monthly_counts(claims["reported_date"]).tolist() == [2, 1]


def test_a_claimants_run_joins_its_estimates_of_one_measure_oldest_first():
    claims = typed([
        {"id": "a", "claimant_id": "kr-nis", "reported_on": "2024-11-20", "quantity_low": "11000"},
        {"id": "b", "claimant_id": "kr-nis", "reported_on": "2024-10-18", "quantity_low": "1500"},
        {"id": "c", "claimant_id": "ua-hur", "reported_on": "2024-10-24", "quantity_low": "12000"},
        {"id": "d", "claimant_id": "kr-nis", "reported_on": "2024-12-01", "quantity_low": "200",
         "measure": "increment"},
    ])
    xs, ys = claimant_runs(claims)
    assert ys == [1500.0, 11000.0, None]  # HUR has one estimate, NIS one increment: no run
    assert xs == [pd.Timestamp("2024-10-18"), pd.Timestamp("2024-11-20"), None]


@settings(max_examples=100, deadline=None)
@given(rows=claim_rows())
def test_claims_by_direction_count_every_claim_once_in_party_order(rows):
    claims = typed(rows)
    counts = status_counts_by_direction(claims, TWO)
    assert list(counts.columns) == list(STATUSES)
    assert counts.to_numpy().sum() == len(claims)
    assert list(counts.index) == reading_order(list(counts.index), TWO)
    for (f, t), row in counts.iterrows():
        mine = claims[(claims["from_party"] == f) & (claims["to_party"] == t)]
        assert row.to_dict() == {s: int((mine["status"] == s).sum()) for s in STATUSES}


@pytest.mark.parametrize("statuses", [STATUSES, ("confirmed",), ()])
def test_a_views_flow_text_is_the_headline_text_built_once(shipped, statuses):
    figures = flow_figures(select_claims(shipped, statuses))
    text = flow_text(figures)
    assert text.lines == headline_text(figures)
    assert text.brief == headline_text(figures, brief=True)
    assert set(text.node) == set(text.lines)
    assert all(words for words in text.node.values())
