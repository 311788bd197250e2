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
