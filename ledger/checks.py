"""The pandera schema built from the contract: a check per column constraint, and the cross-column rules.

Every column check treats "" as "no value": emptiness is the job of the required check alone, so
a cell gets one message, not several. Checks run on the ledger as text, whole columns at a time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import numpy as np
import pandas as pd
import pandera.pandas as pandera
import pyarrow as pa
import pyarrow.compute as pc

from ledger.contract import ANSWER_STANCES, FORMULA_PREFIXES, Contract, Field
from ledger.parsers import as_arrow, fullmatch, to_dates, to_numbers

SeriesCheck = Callable[[pd.Series], pd.Series]
FrameCheck = Callable[[pd.DataFrame], pd.Series]

# --- column checks ---------------------------------------------------------------------------


def _blank_or(check: SeriesCheck) -> SeriesCheck:
    """The check, passing blank cells."""
    def blank_or_check(s: pd.Series) -> pd.Series:
        return (s == "") | check(s)

    return blank_or_check


_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def _date_is_real(shape: re.Pattern[str]) -> SeriesCheck:
    """Shape is the pattern check's job (the same match, kept by parse_once): reject only dates that don't exist."""
    def check(s: pd.Series) -> pd.Series:
        return ~fullmatch(s, shape) | to_dates(s).notna()

    return check


def _at_least(minimum: float) -> SeriesCheck:
    """Numbers are at least `minimum`; blanks and non-numbers pass (they have their own checks)."""
    def check(s: pd.Series) -> pd.Series:
        return (to_numbers(s) >= minimum).fillna(True).astype(bool)

    return check


def _minimum_message(minimum: float) -> str:
    return "must not be negative" if minimum == 0 else f"must be at least {minimum:g}"


def _kind_checks(f: Field) -> list[pandera.Check]:
    """Required, and what the field's type asks: a finite number at or above its minimum, or text that is no formula."""
    checks = []
    if f.required:
        checks.append(pandera.Check(lambda s: s.str.strip() != "", name="required", error="is required"))
    if f.type != "number":
        return [*checks, pandera.Check(lambda s: ~s.str.startswith(FORMULA_PREFIXES), name="no_formula_text",
                                       error="must not start with " + _either(FORMULA_PREFIXES))]
    checks.append(pandera.Check(_blank_or(lambda s: to_numbers(s).notna()), name="number",
                                error="must be a finite number"))
    if "minimum" in f.constraints:
        minimum = float(f.constraints["minimum"])
        checks.append(pandera.Check(_at_least(minimum), name="minimum", error=_minimum_message(minimum)))
    return checks


def _either(options: tuple[str, ...]) -> str:
    """'a, b, c or d'."""
    return ", ".join(options[:-1]) + " or " + options[-1]


def _shape_checks(f: Field, today: dt.date) -> list[pandera.Check]:
    """The pattern, a real calendar date, and not in the future."""
    checks = []
    rx = re.compile(f.constraints["pattern"]) if "pattern" in f.constraints else None
    if rx is not None:
        checks.append(pandera.Check(_blank_or(lambda s: fullmatch(s, rx)), name="pattern",
                                    error=f.raw.get("x-pattern-message", f"must match {rx.pattern}")))
    if f.is_date:
        checks.append(pandera.Check(_blank_or(_date_is_real(rx or _DATE_SHAPE)), name="real_date",
                                    error="is not a real calendar date"))
    if f.raw.get("x-not-future"):
        limit = pd.Timestamp(today)
        checks.append(pandera.Check(lambda s: ~(to_dates(s) > limit), name="not_future",
                                    error=f"is in the future (after {today.isoformat()})"))
    return checks


def _value_checks(f: Field, contract: Contract) -> list[pandera.Check]:
    """The enum, the vocabulary file and the maximum length."""
    checks = []
    if "enum" in f.constraints:
        allowed = list(f.constraints["enum"])
        checks.append(pandera.Check(_blank_or(lambda s: s.isin(allowed)), name="enum",
                                    error="must be one of: " + ", ".join(allowed)))
    if f.name in contract.vocabularies:
        listed = list(contract.vocabularies[f.name])
        checks.append(pandera.Check(_blank_or(lambda s: s.isin(listed)), name="vocabulary",
                                    error=f"is not listed in {contract.vocabulary_files[f.name]}"))
    if "maxLength" in f.constraints:
        n = f.constraints["maxLength"]
        checks.append(pandera.Check(lambda s: s.str.len() <= n, name="max_length",
                                    error=f"is longer than {n} characters"))
    return checks


def column_checks(f: Field, contract: Contract, today: dt.date) -> list[pandera.Check]:
    """Every check on one column, in the order its messages are reported."""
    return [*_kind_checks(f), *_shape_checks(f, today), *_value_checks(f, contract)]


# --- cross-column rules ----------------------------------------------------------------------


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


def _no_duplicate_claims(df: pd.DataFrame) -> pd.Series:
    """False for each row that repeats an earlier row's DUPLICATE_KEY."""
    # Equal keys give equal codes and so equal mixed keys: only rows sharing a mixed key are compared
    # cell by cell. The result is exact, and it holds 8 bytes a row, not a copy of eleven columns.
    mixed = np.zeros(len(df), dtype=np.uint64)
    for name in DUPLICATE_KEY:
        codes, _ = pd.factorize(df[name])
        mixed = mixed * np.uint64(0x100000001B3) ^ codes.astype(np.uint64)
    shared = pd.Series(mixed, index=df.index).duplicated(keep=False)
    first = pd.Series(True, index=df.index)
    if shared.any():
        first[shared] = ~df.loc[shared, DUPLICATE_KEY].duplicated(keep="first")
    return first


def _answers(df: pd.DataFrame) -> pd.Series:
    """Rows that answer a claim rather than make one: a denial or a dispute."""
    return df["stance"].isin(ANSWER_STANCES)


def _denial_without_quantity(df: pd.DataFrame) -> pd.Series:
    return ~(_answers(df) & (_has_quantity(df) | (df["unit"] != "") | (df["measure"] != "")))


def _denial_not_confirmed(df: pd.DataFrame) -> pd.Series:
    return ~(_answers(df) & (df["status"] == "confirmed"))


def _shipment_is_one_off(df: pd.DataFrame) -> pd.Series:
    return ~((df["shipment"] != "") & (df["measure"] == "cumulative"))


def _shipment_in_one_flow(df: pd.DataFrame) -> pd.Series:
    named = df[df["shipment"] != ""]
    flow = named["from_party"] + "\x1f" + named["to_party"] + "\x1f" + named["category"]
    first = flow.groupby(named["shipment"]).transform("first")
    return pd.Series(True, index=df.index).where(~df.index.isin(named.index[flow != first]), False)


def _claimant_type_matches(contract: Contract) -> FrameCheck:
    """The rule, with the claimants table's types."""
    types = contract.lookup("claimants", "id", "claimant_type")
    known_types = list(contract.field("claimant_type").constraints["enum"])

    def check(df: pd.DataFrame) -> pd.Series:
        # An unknown id or type already has its own message at its cell, so it is not repeated here.
        expected = df["claimant_id"].map(types)
        return expected.isna() | ~df["claimant_type"].isin(known_types) | (df["claimant_type"] == expected)

    return check


_SEP = "\x1f"  # joins a category to its unit; no category id contains it, so a known pair reads one way


def _joined(df: pd.DataFrame, columns: list[str]) -> pd.Series:
    """The columns' text joined by _SEP, row by row, in Arrow."""
    arrays = [as_arrow(df[c]) for c in columns]
    joined = pc.binary_join_element_wise(*arrays, pa.scalar(_SEP, arrays[0].type))
    return pd.Series(pd.arrays.ArrowStringArray(joined), index=df.index)


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


def build_schema(contract: Contract, today: dt.date) -> pandera.DataFrameSchema:
    """The pandera schema for a ledger read as text: one column per field, plus the rules.

    Args:
        contract: the fields and rules to check.
        today: the date after which a date is in the future.

    Returns:
        A strict schema: no other columns, nothing coerced.
    """
    columns = {
        f.name: pandera.Column(
            str,
            checks=column_checks(f, contract, today),
            unique=bool(f.constraints.get("unique")),
            report_duplicates="exclude_first",
            nullable=False,
        )
        for f in contract.fields
    }
    functions = rule_checks(contract)
    checks = [
        pandera.Check(functions[r.name], name=r.name, error=r.description)
        for r in contract.rules
        if r.name not in COLUMN_RULES
    ]
    return pandera.DataFrameSchema(columns, checks=checks, strict=True, coerce=False)
