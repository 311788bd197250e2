"""The contract itself: datapackage.json and the validator must describe the same rules."""

from __future__ import annotations

from ledger.schema import COLUMN_RULES, build_schema, load_contract, rule_checks
from tests.conftest import TODAY

REQUIRED_COLUMNS = ["id", "reported_on", "from_party", "to_party", "category", "item", "quantity_low",
                    "quantity_high", "unit", "measure", "period_start", "period_end", "status", "stance",
                    "claimant_id", "claimant", "claimant_type", "source_outlet", "source_title", "source_url",
                    "source_date", "notes", "shipment", "added_in"]


def test_contract_keeps_the_published_column_names_in_order():
    assert load_contract().names == REQUIRED_COLUMNS


def test_every_rule_in_the_descriptor_is_implemented_and_no_other():
    named = {r.name for r in load_contract().rules}
    assert named == set(rule_checks(load_contract())) | COLUMN_RULES


def test_every_rule_reports_against_a_real_column():
    contract = load_contract()
    for rule in contract.rules:
        assert rule.field is None or rule.field in contract.names


def test_every_field_is_described_and_typed():
    for f in load_contract().fields:
        assert f.description.strip()
        assert f.type in {"string", "number"}
        assert "example" in f.raw


def test_the_pandera_schema_has_one_column_per_field():
    schema = build_schema(load_contract(), TODAY)
    assert list(schema.columns) == REQUIRED_COLUMNS


def test_vocabularies_come_from_the_data_files():
    vocab = load_contract().vocabularies
    assert set(vocab["from_party"]) == {"DPRK", "Russia"}
    assert {"artillery_shells", "munitions_containers", "ballistic_missiles", "artillery_systems", "troops",
            "labor", "food_aid", "oil", "air_defense", "technology", "cash"} <= set(vocab["category"])


def test_descriptor_carries_licence_and_sources():
    d = load_contract().descriptor
    assert d["licenses"][0]["name"]
    assert d["sources"]


def test_parse_once_parses_each_column_once_and_gives_the_same_answers(monkeypatch):
    import pandas as pd

    import ledger.schema as schema

    dates = pd.Series(["2024-02-29", "2023-02-29", "", "2024-07", "x"], dtype="str")
    numbers = pd.Series(["1", "-2.5", "", "1e3", "inf"], dtype="str")
    expected = schema.to_dates(dates), schema.to_numbers(numbers)
    calls: list[str] = []
    for name in ("_to_dates_or_blank", "_to_numbers"):
        real = getattr(schema, name)
        monkeypatch.setattr(schema, name, lambda s, real=real, name=name: calls.append(name) or real(s))
    with schema.parse_once():
        frame = pd.DataFrame({"d": dates, "n": numbers})
        for _ in range(3):  # pandera hands each check a new Series over the same data, as here
            pd.testing.assert_series_equal(schema.to_dates(frame["d"]), expected[0])
            pd.testing.assert_series_equal(schema.to_numbers(frame["n"]), expected[1])
        other = pd.Series(["2025-01-01"] * 5, dtype="str")  # other data is parsed, never mistaken for "d"
        assert schema.to_dates(other).notna().all()
    assert calls == ["_to_dates_or_blank", "_to_numbers", "_to_dates_or_blank"]
    schema.to_dates(frame["d"])  # outside the block nothing is kept
    assert calls[-1] == "_to_dates_or_blank" and len(calls) == 4


def test_claimant_order_sorts_by_type_then_name_and_keeps_everyone():
    from ledger.reference import claimant_order, claimants

    frame = claimants().set_index("id")
    order = claimant_order()
    assert sorted(order) == sorted(frame.index)
    keys = [(frame.at[i, "claimant_type"], frame.at[i, "name"]) for i in order]
    assert keys == sorted(keys)
