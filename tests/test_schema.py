"""The contract itself: datapackage.json and the validator must describe the same rules."""

from __future__ import annotations

from ledger.checks import build_schema
from ledger.contract import load_contract
from ledger.rules import COLUMN_RULES, rule_checks
from tests.conftest import TODAY

REQUIRED_COLUMNS = ["id", "reported_on", "from_party", "to_party", "category", "item", "quantity_low",
                    "quantity_high", "unit", "measure", "period_start", "period_end", "status", "stance",
                    "claimant_id", "claimant", "claimant_type", "source_outlet", "source_title", "source_url",
                    "source_date", "notes", "shipment", "site_ids", "added_in"]


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

    import ledger.parsers as parsers
    from ledger.columns import parse_once

    dates = pd.Series(["2024-02-29", "2023-02-29", "", "2024-07", "x"], dtype="str")
    numbers = pd.Series(["1", "-2.5", "", "1e3", "inf"], dtype="str")
    expected = parsers.to_dates(dates), parsers.to_numbers(numbers)
    calls: list[str] = []
    for name in ("_to_dates_or_blank", "_to_numbers"):
        real = getattr(parsers, name)
        monkeypatch.setattr(parsers, name, lambda s, real=real, name=name: calls.append(name) or real(s))
    with parse_once():
        frame = pd.DataFrame({"d": dates, "n": numbers})
        for _ in range(3):  # pandera hands each check a new Series over the same data, as here
            pd.testing.assert_series_equal(parsers.to_dates(frame["d"]), expected[0])
            pd.testing.assert_series_equal(parsers.to_numbers(frame["n"]), expected[1])
        with parse_once():  # a nested block shares the outer one's memo, and leaves it in place
            parsers.to_dates(frame["d"])
        parsers.to_numbers(frame["n"])
        other = pd.Series(["2025-01-01"] * 5, dtype="str")  # other data is parsed, never mistaken for "d"
        assert parsers.to_dates(other).notna().all()
    assert calls == ["_to_dates_or_blank", "_to_numbers", "_to_dates_or_blank"]
    parsers.to_dates(frame["d"])  # outside the block nothing is kept
    assert calls[-1] == "_to_dates_or_blank" and len(calls) == 4


def test_claimant_order_sorts_by_type_then_name_and_keeps_everyone():
    from ledger.reference import claimant_order, claimants

    frame = claimants().set_index("id")
    order = claimant_order()
    assert sorted(order) == sorted(frame.index)
    keys = [(frame.at[i, "claimant_type"], frame.at[i, "name"]) for i in order]
    assert keys == sorted(keys)


# --- facts the code takes from the contract, written nowhere else -----------------------------


def test_the_statuses_are_the_status_fields_enum_in_its_order():
    from ledger.contract import STATUSES

    assert STATUSES == load_contract().statuses == tuple(load_contract().field("status").constraints["enum"])


def test_the_minimum_is_the_descriptors_not_zero():
    import dataclasses

    from ledger.reader import load_bytes
    from tests.conftest import ledger_bytes

    contract = load_contract()
    at_least_ten = tuple(dataclasses.replace(f, constraints={**f.constraints, "minimum": 10})
                         if f.name == "quantity_low" else f for f in contract.fields)
    strict = dataclasses.replace(contract, fields=at_least_ten)
    data = ledger_bytes([{"id": "a", "quantity_low": "5"}, {"id": "b", "quantity_low": "10", "claimant": "B"}])
    result = load_bytes(data, today=TODAY, contract=strict)
    assert [(p.line, p.field, p.message) for p in result.problems] == [
        (2, "quantity_low", "quantity_low must be at least 10 (got '5')")]
    assert load_bytes(data, today=TODAY).ok  # the shipped contract's minimum is 0


def test_the_formula_rule_names_the_prefixes_the_validator_and_the_exports_use():
    from ledger.checks import column_checks
    from ledger.contract import FORMULA_PREFIXES
    from ledger.export import defuse

    contract = load_contract()
    described = contract.rule("no_formula_text").description
    assert all(f"{p}," in described or f"{p} " in described for p in FORMULA_PREFIXES)
    (check,) = [c for c in column_checks(contract.field("item"), contract, TODAY) if c.name == "no_formula_text"]
    assert check.error == "must not start with =, +, - or @"
    assert [defuse(p + "x") for p in FORMULA_PREFIXES] == ["'" + p + "x" for p in FORMULA_PREFIXES]


def test_links_are_drawn_only_for_addresses_the_contract_accepts():
    from ledger.contract import URL_PATTERN
    from ledger.tables import safe_url

    assert URL_PATTERN.pattern == load_contract().field("source_url").constraints["pattern"]
    for url in ["https://example.org/a", "http://x", "http://", "javascript:alert(1)", "https://a b", "https://a\u2003b"]:
        assert (safe_url(url) is not None) == (URL_PATTERN.fullmatch(url) is not None), url
