"""The ledger contract, read from data/datapackage.json, and the pandera schema built from it."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from ledger import DATAPACKAGE_PATH

STATUSES = ("confirmed", "reported", "speculated")
FORMULA_PREFIXES = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Field:
    """One column of the ledger, as datapackage.json describes it."""

    name: str
    type: str
    description: str
    constraints: dict[str, Any]
    raw: dict[str, Any]

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required"))

    @property
    def is_date(self) -> bool:
        return bool(self.raw.get("x-date"))


@dataclass(frozen=True)
class Rule:
    """A cross-field rule: its name, the column it reports against, and its text."""

    name: str
    field: str | None
    description: str


@dataclass(frozen=True)
class Contract:
    """Everything the validator needs: fields, vocabularies and cross-field rules."""

    fields: tuple[Field, ...]
    vocabularies: dict[str, tuple[str, ...]]
    vocabulary_files: dict[str, str]
    rules: tuple[Rule, ...]
    descriptor: dict[str, Any] = field(repr=False)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def rule(self, name: str) -> Rule:
        return next(r for r in self.rules if r.name == name)


def _read_ids(path: Path) -> tuple[str, ...]:
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(row["id"] for row in csv.DictReader(fh))


@lru_cache(maxsize=4)
def load_contract(path: Path = DATAPACKAGE_PATH) -> Contract:
    """Read the data package descriptor and the vocabularies it points to."""
    descriptor = json.loads(Path(path).read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    schema = resources["ledger"]["schema"]
    fields = tuple(
        Field(f["name"], f["type"], f["description"], f.get("constraints", {}), f)
        for f in schema["fields"]
    )
    vocab: dict[str, tuple[str, ...]] = {}
    files: dict[str, str] = {}
    for fk in schema.get("foreignKeys", []):
        target = resources[fk["reference"]["resource"]]
        vocab[fk["fields"]] = _read_ids(Path(path).parent / target["path"])
        files[fk["fields"]] = f"data/{target['path']}"
    rules = tuple(Rule(r["name"], r.get("field"), r["description"]) for r in schema["x-rules"])
    return Contract(fields, vocab, files, rules, descriptor)


# --- element checks on the raw text columns -------------------------------------------------
# Every check treats "" as "no value": emptiness is the job of the required check alone, so a
# cell gets one message, not several.

_DATE_FORMATS = {7: "%Y-%m", 10: "%Y-%m-%d"}


def parse_partial_date(text: str) -> dt.date | None:
    """Parse YYYY-MM-DD or YYYY-MM (as the first of the month); None if not a real date."""
    fmt = _DATE_FORMATS.get(len(text))
    if fmt is None:
        return None
    try:
        return dt.datetime.strptime(text, fmt).date()
    except ValueError:
        return None


def parse_number(text: str) -> float | None:
    """A finite float, or None for text that is not one (nan and inf included)."""
    try:
        value = float(text.replace("_", "x"))  # float() accepts 1_000; a ledger should not
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _blank_or(pred: Callable[[str], bool]) -> Callable[[pd.Series], pd.Series]:
    def check(s: pd.Series) -> pd.Series:
        return s.map(lambda v: v == "" or pred(v)).astype(bool)

    return check


def _is_number(v: str) -> bool:
    return parse_number(v) is not None


def _non_negative(v: str) -> bool:
    n = parse_number(v)
    return n is None or n >= 0


_DATE_SHAPE = re.compile(r"\d{4}-\d{2}(-\d{2})?")


def _date_is_real(v: str) -> bool:
    # Shape is the pattern check's job; this one only rejects well-shaped dates that don't exist.
    return _DATE_SHAPE.fullmatch(v) is None or parse_partial_date(v) is not None


def _not_after(today: dt.date) -> Callable[[str], bool]:
    def ok(v: str) -> bool:
        d = parse_partial_date(v)
        return d is None or d <= today

    return ok


def _column_checks(f: Field, contract: Contract, today: dt.date) -> list[pa.Check]:
    c = f.constraints
    checks: list[pa.Check] = []
    if f.required:
        checks.append(pa.Check(lambda s: s.str.strip() != "", name="required", error="is required"))
    if f.type == "number":
        checks.append(pa.Check(_blank_or(_is_number), name="number", error="must be a finite number"))
        if "minimum" in c:
            checks.append(pa.Check(_blank_or(_non_negative), name="minimum", error="must not be negative"))
    else:
        checks.append(pa.Check(_blank_or(lambda v: not v.startswith(FORMULA_PREFIXES)),
                               name="no_formula_text", error="must not start with =, +, - or @"))
    if "pattern" in c:
        rx = re.compile(c["pattern"])
        checks.append(pa.Check(_blank_or(lambda v: rx.fullmatch(v) is not None), name="pattern",
                               error=c.get("x-pattern-message", f"must match {c['pattern']}")))
    if f.is_date:
        checks.append(pa.Check(_blank_or(_date_is_real), name="real_date", error="is not a real calendar date"))
    if f.raw.get("x-not-future"):
        checks.append(pa.Check(_blank_or(_not_after(today)), name="not_future",
                               error=f"is in the future (after {today.isoformat()})"))
    if "enum" in c:
        allowed = tuple(c["enum"])
        checks.append(pa.Check(_blank_or(lambda v: v in allowed), name="enum",
                               error="must be one of: " + ", ".join(allowed)))
    if f.name in contract.vocabularies:
        allowed_v = contract.vocabularies[f.name]
        checks.append(pa.Check(_blank_or(lambda v: v in allowed_v), name="vocabulary",
                               error=f"is not listed in {contract.vocabulary_files[f.name]}"))
    if "maxLength" in c:
        n = c["maxLength"]
        checks.append(pa.Check(lambda s: s.str.len() <= n, name="max_length",
                               error=f"is longer than {n} characters"))
    return checks


# --- cross-field rules ---------------------------------------------------------------------


def _num(s: pd.Series) -> pd.Series:
    return s.map(parse_number).astype("Float64")


def _low_le_high(df: pd.DataFrame) -> pd.Series:
    lo, hi = _num(df["quantity_low"]), _num(df["quantity_high"])
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
    start = df["period_start"].map(parse_partial_date)
    end = df["period_end"].map(parse_partial_date)
    return pd.Series([a is None or b is None or a <= b for a, b in zip(start, end, strict=True)], index=df.index)


def _different_parties(df: pd.DataFrame) -> pd.Series:
    return df["from_party"] != df["to_party"]


DUPLICATE_KEY = ["claimant", "reported_on", "from_party", "to_party", "category", "item",
                 "quantity_low", "quantity_high", "unit"]


def _no_duplicate_claims(df: pd.DataFrame) -> pd.Series:
    return ~df.duplicated(DUPLICATE_KEY, keep="first")


RULE_CHECKS: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "low_le_high": _low_le_high,
    "high_needs_low": _high_needs_low,
    "unit_with_quantity": _unit_with_quantity,
    "measure_with_quantity": _measure_with_quantity,
    "period_order": _period_order,
    "different_parties": _different_parties,
    "no_duplicate_claims": _no_duplicate_claims,
}
# Applied per column (see _column_checks), so it has no frame-level function.
COLUMN_RULES = {"no_formula_text"}


def build_schema(contract: Contract, today: dt.date) -> pa.DataFrameSchema:
    """The pandera schema for a ledger read as text: one column per field, plus the rules."""
    columns = {
        f.name: pa.Column(
            str,
            checks=_column_checks(f, contract, today),
            unique=bool(f.constraints.get("unique")),
            report_duplicates="exclude_first",
            nullable=False,
        )
        for f in contract.fields
    }
    checks = [
        pa.Check(RULE_CHECKS[r.name], name=r.name, error=r.description)
        for r in contract.rules
        if r.name not in COLUMN_RULES
    ]
    return pa.DataFrameSchema(columns, checks=checks, strict=True, coerce=False)
