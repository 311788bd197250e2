"""Metadata tests, in PUDL's style: every vocabulary the code uses is the contract's, written once."""

from __future__ import annotations

import json

from ledger.charts.map import MODE_DASH, MODE_LABEL
from ledger.charts.style import MARKERS, STANCE_MARKERS, STANCE_NAMES, STANCE_WORDS, STATUS_STYLE
from ledger.contract import ANSWER_STANCES, FORMULA_PREFIXES, STATUSES, URL_PATTERN, load_contract
from ledger.geo import MODES, leg_mode
from ledger.paths import DATAPACKAGE_PATH
from ledger.reference import arms_categories, category_labels, claimant_order, party_order, sites
from ledger.share import LICENCE, TITLE
from ledger.view import DEFAULT_STATUSES, Filters

CONTRACT = load_contract()
DESCRIPTOR = json.loads(DATAPACKAGE_PATH.read_text(encoding="utf-8"))


def enum(resource: str, field: str) -> list[str]:
    """A field's enum in the descriptor, read directly (not through the code under test)."""
    res = next(r for r in DESCRIPTOR["resources"] if r["name"] == resource)
    return next(f for f in res["schema"]["fields"] if f["name"] == field)["constraints"]["enum"]


def test_statuses_come_from_the_contract_everywhere():
    assert list(STATUSES) == enum("ledger", "status")
    assert list(STATUS_STYLE) == list(MARKERS) == list(STATUSES)
    assert set(DEFAULT_STATUSES) < set(STATUSES) and Filters().statuses == DEFAULT_STATUSES


def test_stances_come_from_the_contract():
    stances = enum("ledger", "stance")
    assert stances[0] == "asserts" and list(ANSWER_STANCES) == stances[1:]
    assert set(STANCE_MARKERS) == set(STANCE_WORDS) == set(STANCE_NAMES) == set(ANSWER_STANCES)


def test_the_vocabularies_the_code_reads_are_the_contracts():
    assert set(category_labels()) == set(CONTRACT.vocabularies["category"])
    assert list(party_order()) == list(CONTRACT.vocabularies["from_party"])
    assert set(claimant_order()) == set(CONTRACT.vocabularies["claimant_id"])
    assert arms_categories() <= set(CONTRACT.vocabularies["category"])
    known, separator = CONTRACT.list_reference("site_ids")
    assert set(sites()["id"]) == known and separator == ";"


def test_every_site_kind_is_the_contracts_and_every_mode_is_drawn():
    kinds = enum("sites", "kind")
    assert set(sites()["kind"]) <= set(kinds)
    modes = {leg_mode(a, b, "") for a in kinds for b in kinds} | {leg_mode("capital", "capital", "flights")}
    assert modes == set(MODES)
    assert set(MODE_DASH) == set(MODE_LABEL) == set(MODES)


def test_title_licence_formula_and_address_rules_are_the_descriptors():
    assert DESCRIPTOR["licenses"][0]["name"] == LICENCE
    assert DESCRIPTOR["title"].endswith(TITLE[1:]) and TITLE[:1].isupper()
    rule = CONTRACT.rule("no_formula_text").description
    assert all(prefix in rule for prefix in FORMULA_PREFIXES)
    source_url = next(f for f in DESCRIPTOR["resources"][0]["schema"]["fields"] if f["name"] == "source_url")
    assert URL_PATTERN.pattern == source_url["constraints"]["pattern"]
