"""Estimated US dollar values of flows, from per-unit valuations. Every result is an estimate.

A flow is valued only in units that have a valuation; the rest are listed as not valued, never
counted as zero. Within a unit the headline span of running totals is used when there is one, otherwise the
sum of increments, so that a shipment already inside a running total is not counted twice.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ledger.flows import FLOW_KEY
from ledger.paths import DATA_DIR

FACE_VALUE_UNITS = {"USD"}  # money is valued at face value, with no valuation row needed
VALUE_COLUMNS = [*FLOW_KEY, "value_low", "value_high", "value_mid", "valued_units", "not_valued_units"]


def load_valuations(path: Path | None = None) -> pd.DataFrame:
    """data/valuations.csv with numeric usd_low and usd_high."""
    frame = pd.read_csv(path or DATA_DIR / "valuations.csv", dtype=str, keep_default_na=False)
    for col in ("usd_low", "usd_high"):
        frame[col] = pd.to_numeric(frame[col])
    return frame


def unit_values(valuations: pd.DataFrame) -> pd.DataFrame:
    """Per category and unit: the lowest and highest value per unit across all valuations."""
    return (valuations.groupby(["category", "unit"], sort=True)
            .agg(usd_low=("usd_low", "min"), usd_high=("usd_high", "max"), ids=("id", ", ".join))
            .reset_index())


def _one_figure_per_unit(figures: pd.DataFrame) -> pd.DataFrame:
    # cumulative sorts before increment, so the running total wins where both exist
    return (figures.sort_values([*FLOW_KEY, "unit", "measure"], kind="mergesort")
            .drop_duplicates([*FLOW_KEY, "unit"], keep="first"))


def flow_values(figures: pd.DataFrame, valuations: pd.DataFrame) -> pd.DataFrame:
    """One row per flow with a figure: estimated value range in USD, and the units left unvalued."""
    if figures.empty:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    per_unit = _one_figure_per_unit(figures).merge(unit_values(valuations), on=["category", "unit"], how="left")
    face = per_unit["unit"].isin(FACE_VALUE_UNITS)
    per_unit.loc[face, ["usd_low", "usd_high"]] = 1.0
    valued = per_unit["usd_low"].notna()
    per_unit["value_low"] = (per_unit["headline_low"].astype(float) * per_unit["usd_low"]).where(valued)
    per_unit["value_high"] = (per_unit["headline_high"].astype(float) * per_unit["usd_high"]).where(valued)
    rows = []
    for key, group in per_unit.groupby(FLOW_KEY, sort=True):
        ok = group[group["usd_low"].notna()]
        rows.append(dict(zip(FLOW_KEY, key, strict=True)) | {
            "value_low": ok["value_low"].sum() if len(ok) else float("nan"),
            "value_high": ok["value_high"].sum() if len(ok) else float("nan"),
            "valued_units": ", ".join(ok["unit"]),
            "not_valued_units": ", ".join(group.loc[group["usd_low"].isna(), "unit"]),
        })
    out = pd.DataFrame(rows, columns=VALUE_COLUMNS)
    out["value_mid"] = (out["value_low"] + out["value_high"]) / 2
    return out


def format_usd(value: float) -> str:
    """$1.2 billion / $340 million / $52,000."""
    if pd.isna(value):
        return "not valued"
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if value >= size:
            return f"${value / size:,.1f} {word}"
    return f"${value:,.0f}"


def not_valued_flows(flows: pd.DataFrame, values: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Flows shown by claim count that have no estimated value at all."""
    keys = set(flows[FLOW_KEY].itertuples(index=False, name=None))
    valued = set(values.loc[values["value_mid"].notna(), FLOW_KEY].itertuples(index=False, name=None))
    return sorted(keys - valued)
