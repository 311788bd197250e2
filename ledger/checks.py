"""The pandera schema built from the contract: a check per column constraint, and the cross-column rules (ledger.rules).

Every column check treats "" as "no value": emptiness is the job of the required check alone, so
a cell gets one message, not several. Checks run on the ledger as text, whole columns at a time.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pandera.pandas as pandera

from ledger.columns import SeriesCheck, per_value
from ledger.contract import FORMULA_PREFIXES, Contract, Field
from ledger.parsers import fullmatch, to_dates, to_numbers
from ledger.rules import COLUMN_RULES, rule_checks

# --- column checks ---------------------------------------------------------------------------


def _cell_check(check: SeriesCheck, *, name: str, error: str) -> pandera.Check:
    """A pandera check of each cell on its own, so it runs once per distinct value (ledger.columns)."""
    return pandera.Check(per_value(check), name=name, error=error)


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
        checks.append(_cell_check(lambda s: s.str.strip() != "", name="required", error="is required"))
    if f.type != "number":
        return [*checks, _cell_check(lambda s: ~s.str.startswith(FORMULA_PREFIXES), name="no_formula_text",
                                     error="must not start with " + _either(FORMULA_PREFIXES))]
    checks.append(_cell_check(_blank_or(lambda s: to_numbers(s).notna()), name="number",
                              error="must be a finite number"))
    if "minimum" in f.constraints:
        minimum = float(f.constraints["minimum"])
        checks.append(_cell_check(_at_least(minimum), name="minimum", error=_minimum_message(minimum)))
    return checks


def _either(options: tuple[str, ...]) -> str:
    """'a, b, c or d'."""
    return ", ".join(options[:-1]) + " or " + options[-1]


def _shape_checks(f: Field, today: dt.date) -> list[pandera.Check]:
    """The pattern, a real calendar date, and not in the future."""
    checks = []
    rx = re.compile(f.constraints["pattern"]) if "pattern" in f.constraints else None
    if rx is not None:
        checks.append(_cell_check(_blank_or(lambda s: fullmatch(s, rx)), name="pattern",
                                  error=f.raw.get("x-pattern-message", f"must match {rx.pattern}")))
    if f.is_date:
        checks.append(_cell_check(_blank_or(_date_is_real(rx or _DATE_SHAPE)), name="real_date",
                                  error="is not a real calendar date"))
    if f.raw.get("x-not-future"):
        limit = pd.Timestamp(today)
        checks.append(_cell_check(lambda s: ~(to_dates(s) > limit), name="not_future",
                                  error=f"is in the future (after {today.isoformat()})"))
    return checks


def _value_checks(f: Field, contract: Contract) -> list[pandera.Check]:
    """The enum, the vocabulary file and the maximum length."""
    checks = []
    if "enum" in f.constraints:
        allowed = list(f.constraints["enum"])
        checks.append(_cell_check(_blank_or(lambda s: s.isin(allowed)), name="enum",
                                  error="must be one of: " + ", ".join(allowed)))
    if f.name in contract.vocabularies:
        listed = list(contract.vocabularies[f.name])
        checks.append(_cell_check(_blank_or(lambda s: s.isin(listed)), name="vocabulary",
                                  error=f"is not listed in {contract.vocabulary_files[f.name]}"))
    if "maxLength" in f.constraints:
        n = f.constraints["maxLength"]
        checks.append(_cell_check(lambda s: s.str.len() <= n, name="max_length",
                                  error=f"is longer than {n} characters"))
    return checks


def column_checks(f: Field, contract: Contract, today: dt.date) -> list[pandera.Check]:
    """Every check on one column, in the order its messages are reported."""
    return [*_kind_checks(f), *_shape_checks(f, today), *_value_checks(f, contract)]


def build_schema(contract: Contract, today: dt.date) -> pandera.DataFrameSchema:
    """The pandera schema for a ledger read as text: one column per field, plus the rules.

    Args:
        contract: the fields and rules to check.
        today: the date after which a date is in the future.

    Returns:
        A strict schema: no other columns, nothing coerced.
    """
    columns = {
        # No dtype: both readers give every column as text, so pandera's per-cell type test (about
        # 2 ms a column at 100,000 rows) could never fail.
        f.name: pandera.Column(
            None,
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
