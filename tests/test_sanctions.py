"""UN limits: the arms embargo covers exactly the categories that data/categories.csv marks as arms."""

from __future__ import annotations

import csv

from ledger.paths import DATA_DIR
from ledger.reference import arms_categories
from ledger.sanctions import limits_for, un_limits


def test_the_embargo_covers_the_categories_marked_arms_and_no_others():
    with (DATA_DIR / "categories.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    marked = {r["id"] for r in rows if r["arms"] == "true"}
    assert marked == arms_categories() and "artillery_shells" in marked and "food_aid" not in marked
    for r in rows:
        embargo = [lim for lim in limits_for(r["id"]) if "embargo" in lim.text]
        assert bool(embargo) == (r["id"] in marked), r["id"]


def test_a_numeric_limit_applies_only_in_its_own_unit():
    limits = un_limits({"artillery_shells"})
    assert [lim.value for lim in limits_for("oil", "barrels", limits)] == [500_000]
    assert limits_for("oil", "tonnes", limits) == []
    assert [lim.value for lim in limits_for("labor", "workers", limits)] == [0]
    assert limits_for("drones", None, limits) == []  # not arms in this made-up vocabulary
