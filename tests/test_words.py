"""Numbers and counts in words, and the labels a table shows (ledger.words, ledger.tables)."""

from __future__ import annotations

import csv
import json

import pandas as pd

from ledger.paths import DATA_DIR, DATAPACKAGE_PATH
from ledger.tables import (
    CLAIM_COLUMNS,
    FIGURES_DISPLAY_COLUMNS,
    claims_display,
    column_label,
    field_titles,
    headline_brief,
    headline_line,
    node_figure,
)
from ledger.words import count_noun, figure_texts, quantity_words, singular, unit_for

NAN = float("nan")


def test_one_thing_is_singular_and_every_other_count_plural():
    assert count_noun(1, "claim") == "1 claim"
    assert [count_noun(n, "claim") for n in (0, 2, 1234)] == ["0 claims", "2 claims", "1,234 claims"]
    assert count_noun(1, "person", "people") == "1 person" and count_noun(3, "person", "people") == "3 people"


def test_every_unit_in_the_vocabulary_has_a_singular_that_reads():
    with (DATA_DIR / "categories.csv").open(encoding="utf-8") as fh:
        units = {u for row in csv.DictReader(fh) for u in row["units"].split(";")}
    assert {u: singular(u) for u in ("systems", "people", "casualties", "launches", "USD", "killed", "aircraft")} == {
        "systems": "system", "people": "person", "casualties": "casualty", "launches": "launch", "USD": "USD",
        "killed": "killed", "aircraft": "aircraft"}
    assert all(not singular(u).endswith("s") or u.isupper() for u in units), {u: singular(u) for u in units}


def test_a_figure_of_one_reads_in_the_singular():
    assert quantity_words(1, NAN, True, "systems") == "at least 1 system"
    assert quantity_words(1, 1, False, "flights") == "1 flight"
    assert quantity_words(1, 2, False, "flights") == "1–2 flights"
    assert quantity_words(NAN, NAN, False, "flights") == "no figure"
    assert unit_for("soldiers", 0, 0) == "soldiers"


def test_one_chart_writes_its_figures_in_one_style():
    assert figure_texts([(11000, 12000, False), (1500, 1500, False)]) == ["11,000–12,000", "1,500"]
    assert figure_texts([(9e6, 9e6, False), (3.5e6, 1.2e7, True)]) == ["9M", "3.5M to at least 12M"]


class Figure:
    """A row of flow_figures with the fields the words read."""

    def __init__(self, **fields: object) -> None:
        base = {"from_party": "Russia", "to_party": "DPRK", "category": "transport", "unit": "flights",
                "measure": "increment", "headline_low": 1.0, "headline_high": 1.0, "headline_at_least": False,
                "headline_status": "reported", "n_claimants": 1, "n_stale": 0, "n_estimates": 1,
                "low_claimant": "", "high_claimant": "", "latest_claimant": "Rosaviatsia",
                "latest_reported_on": "2025-07-27"}
        self.__dict__.update({**base, **fields})


def test_a_single_report_is_not_called_a_sum():
    one = Figure()
    assert node_figure([one]) == ("1 flight",)
    assert headline_brief(one) == "1 flight (reported)"
    assert "sum" not in headline_line(one) and headline_line(one).startswith("1 flight (one report, reported")
    two = Figure(headline_low=3.0, headline_high=3.0, n_estimates=2)
    assert node_figure([two]) == ("3 flights", "sum of 2 reports")
    assert headline_brief(two) == "3 flights (sum of 2 shipments, reported)"
    running = Figure(measure="cumulative", unit="systems", headline_high=NAN, headline_at_least=True, n_claimants=2,
                     n_estimates=2, n_stale=1)
    assert node_figure([running]) == ("at least 1 system", "2 claimants")
    assert "1 out-of-date claimant left out" in headline_line(running)


def test_a_column_head_is_the_contracts_title_then_ours_then_the_id_in_words():
    assert column_label("reported_on") == "Reported on"
    assert column_label("from_party") == "From" and column_label("source_url") == "Source"
    assert column_label("reported_on", {"reported_on": "Date of the claim"}) == "Date of the claim"
    assert column_label("left out (out of date)") == "Left out (out of date)"
    assert column_label("some_new_field") == "Some new field"
    descriptor = {"resources": [{"schema": {"fields": [{"name": "id", "title": "Claim"}, {"name": "item"}]}}]}
    assert field_titles(descriptor) == {"id": "Claim"}


def test_no_table_column_head_shows_an_id():
    descriptor = json.loads(DATAPACKAGE_PATH.read_text(encoding="utf-8"))
    titles = field_titles(descriptor)
    every = {f["name"] for r in descriptor["resources"] for f in r["schema"]["fields"]}
    shown = [column_label(c, titles) for c in {*every, *CLAIM_COLUMNS, *FIGURES_DISPLAY_COLUMNS}]
    assert not [label for label in shown if "_" in label or label[:1].islower()], shown


def test_the_claims_table_reads_in_words_and_keeps_the_ids_for_downloads(shipped):
    claims = shipped[shipped["category"].isin(["air_defense", "troops"])]
    before = claims.copy(deep=True)
    shown = claims_display(claims, {"air_defense": "Air defence", "troops": "Troops"})
    assert list(shown.columns) == CLAIM_COLUMNS
    assert set(shown["category"]) == {"Air defence", "Troops"}
    assert not shown["claimant_type"].str.contains("_").any()
    assert set(shown["measure"]) <= {"running total", "one shipment or event", ""}
    assert list(shown["id"]) == list(claims["id"])
    pd.testing.assert_frame_equal(claims, before)  # the frame behind the downloads keeps its ids
