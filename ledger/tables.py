"""Frames shaped for display: column choice, labels and column configuration."""

from __future__ import annotations

import csv
from functools import lru_cache

import pandas as pd

from ledger import DATA_DIR
from ledger.charts import format_quantity

CLAIM_COLUMNS = ["reported_on", "status", "from_party", "to_party", "category", "item", "quantity_low",
                 "quantity_high", "unit", "measure", "claimant", "claimant_type", "source_outlet",
                 "source_title", "source_url", "notes", "id"]


@lru_cache(maxsize=1)
def category_labels() -> dict[str, str]:
    """Category id -> label, from data/categories.csv."""
    with (DATA_DIR / "categories.csv").open(encoding="utf-8", newline="") as fh:
        return {row["id"]: row["label"] for row in csv.DictReader(fh)}


def figures_display(figures: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Headline figures as readable text, one row per flow, unit and measure."""
    if figures.empty:
        return pd.DataFrame(columns=["flow", "headline", "unit", "measure", "range of estimates", "status",
                                     "estimates", "latest claimant", "as of"])
    return pd.DataFrame({
        "flow": [f"{labels.get(c, c)}: {f} → {t}" for f, t, c in
                 zip(figures["from_party"], figures["to_party"], figures["category"], strict=True)],
        "headline": [format_quantity(lo, hi, al) for lo, hi, al in
                     zip(figures["headline_low"], figures["headline_high"], figures["headline_at_least"], strict=True)],
        "unit": figures["unit"],
        "measure": figures["measure"].map({"cumulative": "latest running total", "increment": "sum of shipments"}),
        "range of estimates": [format_quantity(lo, hi)
                               for lo, hi in zip(figures["range_low"], figures["range_high"], strict=True)],
        "status": figures["headline_status"],
        "estimates": figures["n_estimates"],
        "latest claimant": figures["headline_claimant"],
        "as of": figures["headline_reported_on"],
    })
