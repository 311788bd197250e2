"""The cross-column rules: a frame-level function for each rule the contract lists.

Each returns, row by row, whether the row keeps the rule. They run on the ledger as text, whole
columns at a time; an id or value that is unknown has its own message at its cell, so a rule passes it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ledger.columns import as_arrow, distinct
from ledger.contract import ANSWER_STANCES, Contract
from ledger.parsers import to_dates, to_numbers

FrameCheck = Callable[[pd.DataFrame], pd.Series]

def _low_le_high(df: pd.DataFrame) -> pd.Series:
    lo, hi = to_numbers(df["quantity_low"]), to_numbers(df["quantity_high"])
    return ~(lo > hi).fillna(False)


def _high_needs_low(df: pd.DataFrame) -> pd.Series:
    return ~((df["quantity_high"] != "") & (df["quantity_low"] == ""))


def _has_quantity(df: pd.DataFrame) -> pd.Series:
    return (df["quantity_low"] != "") | (df["quantity_high"] != "")


def _unit_with_quantity(df: pd.DataFrame) -> pd.Series:
    return ~(_has_quantity(df) & (df["unit"].str.strip() == ""))


def _measure_with_quantity(df: pd.DataFrame) -> pd.Series:
    return ~(_has_quantity(df) & (df["measure"] == ""))


def _period_order(df: pd.DataFrame) -> pd.Series:
    return ~(to_dates(df["period_start"]) > to_dates(df["period_end"]))


def _different_parties(df: pd.DataFrame) -> pd.Series:
    return df["from_party"] != df["to_party"]


DUPLICATE_KEY = ["claimant_id", "claimant", "reported_on", "stance", "from_party", "to_party", "category", "item",
                 "quantity_low", "quantity_high", "unit"]


def _codes(s: pd.Series) -> np.ndarray:
    """Equal codes for equal cells: the column checks' own when they hashed the column."""
    spread = distinct(s)
    return pd.factorize(s)[0] if spread is None else spread[0]


def _no_duplicate_claims(df: pd.DataFrame) -> pd.Series:
    """False for each row that repeats an earlier row's DUPLICATE_KEY."""
    # Rows are narrowed column by column to those whose key so far is shared: equal cells give equal
    # codes, so a repeated claim is never dropped, and a column's codes are built only for the rows
    # still in question. The few left are compared cell by cell, so the result is exact.
    rows = np.arange(len(df))
    mixed = np.zeros(len(df), dtype=np.uint64)
    for name in DUPLICATE_KEY:
        codes = _codes(df[name]) if len(rows) == len(df) else pd.factorize(df[name].take(rows))[0]
        mixed = mixed * np.uint64(0x100000001B3) ^ codes.astype(np.uint64)
        shared = pd.Series(mixed).duplicated(keep=False).to_numpy()
        rows, mixed = rows[shared], mixed[shared]
    first = np.ones(len(df), dtype=bool)
    first[rows] = ~df[DUPLICATE_KEY].take(rows).duplicated(keep="first").to_numpy()
    return pd.Series(first, index=df.index)


def _answers(df: pd.DataFrame) -> pd.Series:
    """Rows that answer a claim rather than make one: a denial or a dispute."""
    return df["stance"].isin(ANSWER_STANCES)


def _denial_without_quantity(df: pd.DataFrame) -> pd.Series:
    return ~(_answers(df) & (_has_quantity(df) | (df["unit"] != "") | (df["measure"] != "")))


def _denial_not_confirmed(df: pd.DataFrame) -> pd.Series:
    return ~(_answers(df) & (df["status"] == "confirmed"))


def _shipment_is_one_off(df: pd.DataFrame) -> pd.Series:
    return ~((df["shipment"] != "") & (df["measure"] == "cumulative"))


# Joins ids into one key (a category and its unit, a claimant and its type). A key is looked up only
# when its first id is known, and no known id contains this, so a known key reads one way.
_SEP = "\x1f"


def _joined(df: pd.DataFrame, columns: list[str]) -> pd.Series:
    """The columns' text joined by _SEP, row by row, in Arrow."""
    arrays = [as_arrow(df[c]) for c in columns]
    joined = pc.binary_join_element_wise(*arrays, pa.scalar(_SEP, arrays[0].type))
    return pd.Series(pd.arrays.ArrowStringArray(joined), index=df.index)


def _shipment_in_one_flow(df: pd.DataFrame) -> pd.Series:
    # Only the rows naming a shipment, and only the columns the rule reads, are taken from the frame.
    named = df.loc[df["shipment"] != "", ["shipment", "from_party", "to_party", "category"]]
    flow = named.drop(columns="shipment")
    moved = (flow != flow.groupby(named["shipment"]).transform("first")).any(axis=1)
    return pd.Series(True, index=df.index).where(~df.index.isin(named.index[moved]), False)


def _claimant_type_matches(contract: Contract) -> FrameCheck:
    """The rule, with the claimants table's types."""
    types = contract.lookup("claimants", "id", "claimant_type")
    known_types = list(contract.field("claimant_type").constraints["enum"])

    pairs = [i + _SEP + t for i, t in types.items()]

    def check(df: pd.DataFrame) -> pd.Series:
        # An unknown id or type already has its own message at its cell, so it is not repeated here.
        known = df["claimant_id"].isin(list(types)) & df["claimant_type"].isin(known_types)
        return ~known | _joined(df, ["claimant_id", "claimant_type"]).isin(pairs)

    return check


def _unit_in_category(contract: Contract) -> FrameCheck:
    """The rule, with the categories table's units."""
    allowed = {c: set(u.split(";")) for c, u in contract.lookup("categories", "id", "units").items()}
    pairs = [c + _SEP + u for c, units in allowed.items() for u in units]

    def check(df: pd.DataFrame) -> pd.Series:
        known = df["category"].isin(list(allowed))
        return (df["unit"] == "") | ~known | _joined(df, ["category", "unit"]).isin(pairs)

    return check


def _site_ids_known(contract: Contract) -> FrameCheck:
    """The rule, with the sites table's ids: every listed id is a site, and none is listed twice."""
    known, sep = contract.list_reference("site_ids")
    shape = contract.field("site_ids").constraints["pattern"]

    def check(df: pd.DataFrame) -> pd.Series:
        # A malformed list already has its own message (the pattern), so only well-formed lists are judged.
        parts = df["site_ids"].fillna("")[lambda s: s.str.fullmatch(shape)].str.split(sep).explode()
        bad = ~parts.isin(list(known)).to_numpy() | parts.reset_index().duplicated().to_numpy()
        return pd.Series(~df.index.isin(parts.index[bad]), index=df.index)

    return check


def rule_checks(contract: Contract) -> dict[str, FrameCheck]:
    """The frame-level function for each cross-field rule; three need the contract's reference tables."""
    return {
        "low_le_high": _low_le_high,
        "high_needs_low": _high_needs_low,
        "unit_with_quantity": _unit_with_quantity,
        "measure_with_quantity": _measure_with_quantity,
        "period_order": _period_order,
        "different_parties": _different_parties,
        "claimant_type_matches": _claimant_type_matches(contract),
        "unit_in_category": _unit_in_category(contract),
        "denial_without_quantity": _denial_without_quantity,
        "denial_not_confirmed": _denial_not_confirmed,
        "shipment_is_one_off": _shipment_is_one_off,
        "shipment_in_one_flow": _shipment_in_one_flow,
        "no_duplicate_claims": _no_duplicate_claims,
        "site_ids_known": _site_ids_known(contract),
    }


# Applied per column (see _kind_checks), so it has no frame-level function.
COLUMN_RULES = {"no_formula_text"}
