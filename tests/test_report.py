"""The coverage report: its tables reconcile with the claims they count, and its text names the latest claim."""

from __future__ import annotations

from ledger.report import coverage_report, coverage_tables
from tests.conftest import load_rows


def small_ledger():
    """Four claims: two claimants on troops; on shells one asserts and one denies, so shells has one claimant."""
    result = load_rows([
        {"id": "troops-a", "reported_on": "2024-10-18", "site_ids": "kursk-front"},
        {"id": "troops-b", "reported_on": "2025-02-01", "claimant_id": "ua-hur", "status": "speculated",
         "claimant_type": "third_government", "quantity_low": "11000", "quantity_high": "12000"},
        {"id": "shells-a", "reported_on": "2025-03-01", "category": "artillery_shells", "item": "shells",
         "quantity_low": "", "quantity_high": "", "unit": "", "measure": "", "stance": "denies",
         "claimant_id": "ru-kremlin", "claimant_type": "party_official", "claimant": "Kremlin"},
        {"id": "shells-b", "reported_on": "2025-03-02", "category": "artillery_shells", "item": "shells",
         "unit": "rounds", "quantity_low": "1000000", "quantity_high": "1000000"},
    ])
    assert result.ok, [str(p) for p in result.problems]
    return result.frame


def test_every_table_counts_every_claim_once():
    claims = small_ledger()
    tables = coverage_tables(claims)
    for key in ("by_category", "by_claimant_type", "by_stance", "by_year"):
        assert tables[key]["total"].sum() == len(claims), key
        assert (tables[key][["confirmed", "reported", "speculated"]].sum(axis=1) == tables[key]["total"]).all()
    assert tables["by_year"]["total"].to_dict() == {"2024": 1, "2025": 3}
    assert tables["by_stance"].loc["denies", "total"] == 1
    assert tables["by_site"]["total"].to_dict() == {"(no site named)": 3, "kursk-front": 1}


def test_a_flow_with_one_asserting_claimant_is_listed_and_a_denial_does_not_count_as_one():
    tables = coverage_tables(small_ledger())
    single = tables["single_claimant_flows"]
    assert single[["category", "n_claimants"]].to_dict("records") == [{"category": "artillery_shells",
                                                                       "n_claimants": 1}]


def test_the_text_names_the_span_and_the_latest_claim(shipped):
    text = coverage_report(shipped)
    assert text.startswith(f"# Coverage report: {len(shipped)} claims\n")
    latest = shipped.loc[shipped["reported_date"].idxmax()]
    assert f"(latest: `{latest['id']}`)" in text
    assert f"from {shipped['reported_on'].min()} to {latest['reported_on']}" in text
