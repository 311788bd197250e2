"""The analysts' API: load the validated ledger, select claims, and get each flow's figures.

The package re-exports these three as `ledger.load`, `ledger.select` and `ledger.figures` (README.md,
"Use it from Python"): `load()` gives the shipped ledger, validated; `select(claims, statuses=[...])`
filters it; `figures(claims)` gives the headline figure per flow and unit.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from ledger.flows import flow_figures, select_claims
from ledger.paths import LEDGER_PATH
from ledger.problems import Problem
from ledger.reader import load_path

_SHOWN = 20  # problems spelled out in the error's message; all of them are in .problems


class LedgerError(ValueError):
    """A ledger file that is not valid: `.problems` lists each one with its line and column."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        """Keep the file's name and every problem, and say the first few in the message."""
        self.source = source
        self.problems = problems
        lines = [f"{source}: {p}" for p in problems[:_SHOWN]]
        if len(problems) > _SHOWN:
            lines.append(f"… and {len(problems) - _SHOWN} more problems")
        n = len(problems)
        super().__init__(f"{source} is not a valid ledger ({n} problem{'s' if n != 1 else ''}):\n" + "\n".join(lines))


def load(path: str | Path | None = None, *, today: dt.date | None = None) -> pd.DataFrame:
    """The validated claims of a ledger CSV (the shipped one by default); raises LedgerError if invalid."""
    result = load_path(LEDGER_PATH if path is None else path, today=today)
    if result.frame is None:
        raise LedgerError(result.source, result.problems)
    return result.frame


def select(claims: pd.DataFrame | None = None, **filters: Any) -> pd.DataFrame:  # noqa: ANN401 (passed through)
    """Claims passing ledger.flows.select_claims' filters (statuses, as_of, parties, categories)."""
    return select_claims(load() if claims is None else claims, **filters)


def figures(claims: pd.DataFrame | None = None, **options: Any) -> pd.DataFrame:  # noqa: ANN401 (passed through)
    """Each flow's headline figures from ledger.flows.flow_figures (never a sum of running totals)."""
    return flow_figures(load() if claims is None else claims, **options)
