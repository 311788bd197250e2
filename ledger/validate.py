"""A ledger read as text -> every rule it breaks, as Problems at their physical line and column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pandera.pandas as pandera

from ledger.checks import build_schema
from ledger.columns import parse_once
from ledger.contract import Contract, Rule
from ledger.parsers import to_dates, to_numbers
from ledger.problems import Problem
from ledger.rules import DUPLICATE_KEY


def _show(value: object, limit: int = 40) -> str:
    """A cell quoted for a message: escaped if unprintable, cut if long."""
    text = str(value)
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return repr(text if len(text) <= limit else text[:limit] + "…")


class _Messages:
    """Words each pandera failure case, naming the earlier line a repeated id or claim first appears on."""

    def __init__(self, frame: pd.DataFrame, contract: Contract, starts: Sequence[int]) -> None:
        self.frame, self.starts = frame, starts
        self.rules = {r.description: r for r in contract.rules}
        self._first_id_line: dict[str, int] = {}
        self._first_claim: np.ndarray | None = None

    def word(self, check: str, column: str | None, idx: int, failure: object) -> tuple[str, str, str]:
        """(the column to report against, the message, the key that makes it one problem per cell)."""
        rule = self.rules.get(check)
        if rule is not None:
            return rule.field or str(column), self._rule_message(rule, idx), rule.name
        name = str(column)
        if check == "field_uniqueness":
            message = f"id {_show(failure)} is used more than once (first on line {self._id_line(failure)})"
        else:
            value = self.frame.loc[idx, name]
            message = f"{name} {check}" + (f" (got {_show(value)})" if value != "" else "")
        return name, message, check

    def _rule_message(self, rule: Rule, idx: int) -> str:
        if rule.name != "no_duplicate_claims":
            return rule.description
        if self._first_claim is None:
            # Each row's first row with the same claim, found once: pandera reports a repeated row once
            # per column, and a file may repeat thousands of rows.
            groups = self.frame.groupby(DUPLICATE_KEY, sort=False, dropna=False).ngroup().to_numpy()
            _, first_of_group = np.unique(groups, return_index=True)
            self._first_claim = first_of_group[groups]
        first = int(self._first_claim[idx])  # the frame's index is its row positions
        return f"makes the same claim as line {self.starts[first]}: {rule.description}"

    def _id_line(self, value: object) -> int:
        if not self._first_id_line:
            for i, v in zip(self.frame.index, self.frame["id"], strict=True):
                self._first_id_line.setdefault(v, self.starts[i])
        return self._first_id_line[str(value)]


def _problems_from_pandera(err: pandera.errors.SchemaErrors, frame: pd.DataFrame, contract: Contract,
                           starts: Sequence[int]) -> list[Problem]:
    """One Problem per failing cell and check, in line and column order."""
    columns = {name: i for i, name in enumerate(frame.columns, start=1)}
    messages = _Messages(frame, contract, starts)
    out: dict[tuple[int, str, str], Problem] = {}
    for case in err.failure_cases.itertuples(index=False):
        if pd.isna(case.index):
            continue
        idx = int(case.index)
        name, message, key = messages.word(str(case.check), case.column, idx, case.failure_case)
        out.setdefault((idx, name, key), Problem(message, line=starts[idx], column=columns.get(name), field=name))
    return sorted(out.values(), key=lambda p: (p.line or 0, p.column or 0, p.message))


def validate_frame(frame: pd.DataFrame, starts: Sequence[int], contract: Contract, today: dt.date) -> list[Problem]:
    """Every rule failure in a text frame, as Problems.

    Args:
        frame: the ledger as text, one column per header cell, in file order, with a RangeIndex.
        starts: the physical line each row starts on.
        contract: the rules to check.
        today: the date after which a date is in the future.

    Returns:
        The problems, in line and column order; empty if the frame is a valid ledger.
    """
    try:
        with parse_once():  # a column's checks share its parse and its distinct values
            build_schema(contract, today).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as err:
        return _problems_from_pandera(err, frame, contract, starts)
    return []


def to_typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Add typed companions: numbers as Float64 and reported_on as a date (YYYY-MM -> the 1st)."""
    out = frame.copy(deep=False)  # the text columns are shared, not copied: they are never written
    for col in ("quantity_low", "quantity_high"):
        out[col] = to_numbers(out[col])
    out["reported_date"] = to_dates(out["reported_on"])
    return out
