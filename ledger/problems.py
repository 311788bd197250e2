"""What is wrong with a ledger file, said with its line and column: the vocabulary every reader reports in."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a ledger file. line and column are 1-based; the header is line 1.

    Attributes:
        message: what is wrong, in words a person can act on.
        line: the physical line the record starts on, if the problem has one.
        column: the 1-based column, if the problem has one.
        field: the column's name, if the problem has one.
        fatal: the file could not be read at all.
    """

    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    fatal: bool = False

    def __str__(self) -> str:
        """'line L, column C: message', with only the parts that are known."""
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class LedgerReadError(Exception):
    """The file can't be read as a ledger CSV at all."""

    def __init__(self, problem: Problem) -> None:
        """Carry the problem that stopped the read.

        Args:
            problem: what is wrong, and where.
        """
        super().__init__(str(problem))
        self.problem = problem


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table with line, column, field and message, for display."""
    return pd.DataFrame(
        [{"line": p.line, "column": p.column, "field": p.field, "message": p.message} for p in problems],
        columns=["line", "column", "field", "message"],
    ).astype({"line": "Int64", "column": "Int64"})
