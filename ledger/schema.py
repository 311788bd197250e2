"""The ledger contract, read from data/datapackage.json, and the pandera schema built from it."""

from __future__ import annotations

import contextlib
import contextvars
import csv
import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pandera
import pyarrow as pa
import pyarrow.compute as pc

from ledger.paths import DATAPACKAGE_PATH

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
    tables: dict[str, tuple[dict[str, str], ...]] = field(default_factory=dict, repr=False)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def rule(self, name: str) -> Rule:
        return next(r for r in self.rules if r.name == name)

    def lookup(self, resource: str, key: str, value: str) -> dict[str, str]:
        """{key value: value column} from a reference table, e.g. claimant id -> claimant_type."""
        return {row[key]: row[value] for row in self.tables[resource]}


def _read_rows(path: Path) -> tuple[dict[str, str], ...]:
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


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
    tables: dict[str, tuple[dict[str, str], ...]] = {}
    for fk in schema.get("foreignKeys", []):
        name = fk["reference"]["resource"]
        target = resources[name]
        if name not in tables:
            tables[name] = _read_rows(Path(path).parent / target["path"])
        vocab[fk["fields"]] = tuple(row[fk["reference"]["fields"]] for row in tables[name])
        files[fk["fields"]] = f"data/{target['path']}"
    rules = tuple(Rule(r["name"], r.get("field"), r["description"]) for r in schema["x-rules"])
    return Contract(fields, vocab, files, rules, descriptor, tables)


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


# Vectorised forms of the two parsers above. Arrow's regex engine (RE2) reads \d and \s as ASCII
# only, and pandas' date parser differs from strptime at the edges, so cells outside the plain ASCII
# shapes go through the scalar parsers: results match them exactly, and the bulk runs in Arrow.
_PLAIN_NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_PLAIN_DATE = r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?"


def _scalar_where(s: pd.Series, mask: pd.Series, out: pd.Series, parse: Callable[[str], Any]) -> pd.Series:
    if mask.any():
        out = out.copy()
        out[mask] = s[mask].map(parse).astype(out.dtype)
    return out


def _arrow(s: pd.Series) -> pa.ChunkedArray:
    """The column as Arrow strings, without a copy when pandas already holds it in Arrow."""
    if isinstance(s.array, pd.arrays.ArrowStringArray):
        return s.array.__arrow_array__()
    return pa.chunked_array([pa.array(s.astype(object), type=pa.large_string())])


def _plain(arr: pa.ChunkedArray, pattern: str) -> pa.ChunkedArray:
    return pc.match_substring_regex(arr, f"^(?:{pattern})$")


def _mask(values: pa.ChunkedArray, index: pd.Index) -> pd.Series:
    return pd.Series(values.to_numpy(zero_copy_only=False), index=index, dtype=bool)


# Within one validation several checks read the same column as numbers or dates (the column check,
# "not negative" or "not in the future", the cross-column rules, the typed companions). Each parse
# of a million cells costs about half a second, so the parse is kept for the validation's duration.
_PARSED: contextvars.ContextVar[dict | None] = contextvars.ContextVar("parsed", default=None)


@contextlib.contextmanager
def parse_once() -> Iterator[None]:
    """Inside this block, to_numbers and to_dates parse each column once, however many checks ask."""
    token = _PARSED.set({})
    try:
        yield
    finally:
        _PARSED.reset(token)


def _once(kind: str, s: pd.Series, parse: Callable[[pd.Series], pd.Series]) -> pd.Series:
    memo = _PARSED.get()
    if memo is None:
        return parse(s)
    # pandera hands each check a new Series over the same Arrow data: key on that data, which the
    # entry keeps alive (so its id can't be reused), and check the index, which is a new object too.
    data = _arrow(s) if isinstance(s.array, pd.arrays.ArrowStringArray) else s.array
    hit = memo.get((kind, id(data)))
    if hit is not None and hit[0] is data and hit[1].index.equals(s.index):
        return hit[1].set_axis(s.index)
    out = parse(s)
    memo[(kind, id(data))] = (data, out)
    return out


def to_numbers(s: pd.Series) -> pd.Series:
    """parse_number over a text column: Float64, <NA> for blanks and for text that is not a finite number."""
    return _once("number", s, _to_numbers)


def _to_numbers(s: pd.Series) -> pd.Series:
    arr = _arrow(s)
    plain = _plain(arr, _PLAIN_NUMBER)
    values = pc.cast(pc.if_else(plain, arr, pa.scalar(None, arr.type)), pa.float64())
    values = pc.if_else(pc.is_finite(values), values, pa.scalar(None, pa.float64()))
    out = pd.Series(values.to_numpy(zero_copy_only=False), index=s.index).astype("Float64")
    return _scalar_where(s, ~_mask(plain, s.index) & (s != ""), out, parse_number)


_MONTH_START = np.datetime64("0000-01", "M")


def to_dates(s: pd.Series) -> pd.Series:
    """parse_partial_date over a text column: datetime64[s], NaT for blanks and for dates that don't exist."""
    return _once("date", s, _to_dates_or_blank)


def _to_dates_or_blank(s: pd.Series) -> pd.Series:
    blank = s == ""
    if blank.any():  # optional date columns are mostly blank: parse only the cells that hold text
        out = pd.Series(np.full(len(s), np.datetime64("NaT"), dtype="datetime64[s]"), index=s.index)
        if not blank.all():
            out[~blank] = _to_dates(s[~blank])
        return out
    return _to_dates(s)


def _to_dates(s: pd.Series) -> pd.Series:
    arr = _arrow(s)
    plain = _plain(arr, _PLAIN_DATE)
    cells = pc.if_else(plain, arr, pa.scalar("0000-00-00", arr.type))
    # A month date counts as its first day; every cell is then YYYY-MM-DD and sliced by position.
    first_day = pc.binary_join_element_wise(cells, pa.scalar("-01", arr.type), pa.scalar("", arr.type))
    cells = pc.if_else(pc.equal(pc.utf8_length(cells), 7), first_day, cells)

    def part(start: int, stop: int) -> np.ndarray:
        return pc.cast(pc.utf8_slice_codeunits(cells, start, stop), pa.int64()).to_numpy()

    year, month, day = part(0, 4), part(5, 7), part(8, 10)
    months = _MONTH_START + (year * 12 + month - 1).astype("timedelta64[M]")
    days_in_month = ((months + 1).astype("datetime64[D]") - months.astype("datetime64[D]")).astype(int)
    real = (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= days_in_month)
    dates = np.where(real, months.astype("datetime64[D]") + (day - 1), np.datetime64("NaT", "D"))
    out = pd.Series(dates.astype("datetime64[s]"), index=s.index)
    odd = ~_mask(plain, s.index) & s.str.len().isin([7, 10])

    def parse(v: str) -> pd.Timestamp:
        return pd.Timestamp(d) if (d := parse_partial_date(v)) is not None else pd.NaT

    return _scalar_where(s, odd, out, parse)


def fullmatch(s: pd.Series, rx: re.Pattern[str]) -> pd.Series:
    """rx.fullmatch over a text column, with Python's own semantics for non-ASCII text."""
    arr = _arrow(s)
    out = _mask(_plain(arr, rx.pattern), s.index)
    return _scalar_where(s, ~_mask(pc.string_is_ascii(arr), s.index), out, lambda v: rx.fullmatch(v) is not None)


def _blank_or(check: Callable[[pd.Series], pd.Series]) -> Callable[[pd.Series], pd.Series]:
    def blank_or_check(s: pd.Series) -> pd.Series:
        return (s == "") | check(s)

    return blank_or_check


_DATE_SHAPE = re.compile(r"\d{4}-\d{2}(-\d{2})?")


def _date_is_real(s: pd.Series) -> pd.Series:
    # Shape is the pattern check's job; this one only rejects well-shaped dates that don't exist.
    return ~fullmatch(s, _DATE_SHAPE) | to_dates(s).notna()


def _column_checks(f: Field, contract: Contract, today: dt.date) -> list[pandera.Check]:
    c = f.constraints
    checks: list[pandera.Check] = []
    if f.required:
        checks.append(pandera.Check(lambda s: s.str.strip() != "", name="required", error="is required"))
    if f.type == "number":
        checks.append(pandera.Check(_blank_or(lambda s: to_numbers(s).notna()), name="number",
                                    error="must be a finite number"))
        if "minimum" in c:
            checks.append(pandera.Check(lambda s: (to_numbers(s) >= 0).fillna(True).astype(bool), name="minimum",
                                        error="must not be negative"))
    else:
        checks.append(pandera.Check(lambda s: ~s.str.startswith(FORMULA_PREFIXES),
                                    name="no_formula_text", error="must not start with =, +, - or @"))
    if "pattern" in c:
        rx = re.compile(c["pattern"])
        checks.append(pandera.Check(_blank_or(lambda s: fullmatch(s, rx)), name="pattern",
                                    error=f.raw.get("x-pattern-message", f"must match {c['pattern']}")))
    if f.is_date:
        checks.append(pandera.Check(_blank_or(_date_is_real), name="real_date", error="is not a real calendar date"))
    if f.raw.get("x-not-future"):
        limit = pd.Timestamp(today)
        checks.append(pandera.Check(lambda s: ~(to_dates(s) > limit), name="not_future",
                                    error=f"is in the future (after {today.isoformat()})"))
    if "enum" in c:
        allowed = list(c["enum"])
        checks.append(pandera.Check(_blank_or(lambda s: s.isin(allowed)), name="enum",
                                    error="must be one of: " + ", ".join(allowed)))
    if f.name in contract.vocabularies:
        allowed_v = list(contract.vocabularies[f.name])
        checks.append(pandera.Check(_blank_or(lambda s: s.isin(allowed_v)), name="vocabulary",
                                    error=f"is not listed in {contract.vocabulary_files[f.name]}"))
    if "maxLength" in c:
        n = c["maxLength"]
        checks.append(pandera.Check(lambda s: s.str.len() <= n, name="max_length",
                                    error=f"is longer than {n} characters"))
    return checks


# --- cross-field rules ---------------------------------------------------------------------


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


def _denial_without_quantity(df: pd.DataFrame) -> pd.Series:
    return ~((df["stance"] == "denies") & (_has_quantity(df) | (df["unit"] != "") | (df["measure"] != "")))


def _denial_not_confirmed(df: pd.DataFrame) -> pd.Series:
    return ~((df["stance"] == "denies") & (df["status"] == "confirmed"))


def _shipment_is_one_off(df: pd.DataFrame) -> pd.Series:
    return ~((df["shipment"] != "") & (df["measure"] == "cumulative"))


def _shipment_in_one_flow(df: pd.DataFrame) -> pd.Series:
    named = df[df["shipment"] != ""]
    flow = named["from_party"] + "\x1f" + named["to_party"] + "\x1f" + named["category"]
    first = flow.groupby(named["shipment"]).transform("first")
    return pd.Series(True, index=df.index).where(~df.index.isin(named.index[flow != first]), False)


def _claimant_type_matches(contract: Contract) -> Callable[[pd.DataFrame], pd.Series]:
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
    arrays = [_arrow(df[c]) for c in columns]
    joined = pc.binary_join_element_wise(*arrays, pa.scalar(_SEP, arrays[0].type))
    return pd.Series(pd.arrays.ArrowStringArray(joined), index=df.index)


def _unit_in_category(contract: Contract) -> Callable[[pd.DataFrame], pd.Series]:
    allowed = {c: set(u.split(";")) for c, u in contract.lookup("categories", "id", "units").items()}
    pairs = [c + _SEP + u for c, units in allowed.items() for u in units]

    def check(df: pd.DataFrame) -> pd.Series:
        known = df["category"].isin(list(allowed))
        return (df["unit"] == "") | ~known | _joined(df, ["category", "unit"]).isin(pairs)

    return check


def rule_checks(contract: Contract) -> dict[str, Callable[[pd.DataFrame], pd.Series]]:
    """The frame-level function for each cross-field rule; two need the contract's reference tables."""
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
    }


# Applied per column (see _column_checks), so it has no frame-level function.
COLUMN_RULES = {"no_formula_text"}


def build_schema(contract: Contract, today: dt.date) -> pandera.DataFrameSchema:
    """The pandera schema for a ledger read as text: one column per field, plus the rules."""
    columns = {
        f.name: pandera.Column(
            str,
            checks=_column_checks(f, contract, today),
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
