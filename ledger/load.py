"""Read a ledger CSV into a clean, typed frame, or a list of problems naming line and column."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ledger.schema import DUPLICATE_KEY, Contract, build_schema, load_contract, parse_number, parse_partial_date

# Generous, because over-long cells get a proper message from the contract's maxLength.
csv.field_size_limit(64 * 1024 * 1024)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a ledger file. line and column are 1-based; the header is line 1."""

    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    fatal: bool = False  # the file could not be read at all

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class LoadResult:
    """A validated ledger (frame is None unless there are no problems) and its problems."""

    source: str
    frame: pd.DataFrame | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.frame is not None

    @property
    def exit_code(self) -> int:
        if any(p.fatal for p in self.problems):
            return 2
        return 0 if self.ok else 1


class LedgerReadError(Exception):
    """The file can't be read as a CSV at all."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _show(value: object, limit: int = 40) -> str:
    text = str(value)
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return repr(text if len(text) <= limit else text[:limit] + "…")


# --- bytes -> text ---------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 text without BOM; raise LedgerReadError for empty, binary or non-UTF-8 input."""
    if not data.strip():
        raise LedgerReadError(Problem("the file is empty", fatal=True))
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise LedgerReadError(Problem("the file is binary, not a CSV text file", line=line, fatal=True))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise LedgerReadError(
            Problem(f"the file is not UTF-8 (byte {data[err.start]:#04x} at character {col})",
                    line=line, fatal=True)
        ) from None
    return text


# --- text -> records -------------------------------------------------------------------------


def _open_quote_column(lines: list[str], start: int) -> int:
    """Column (1-based field number) of the quote left open in the record starting at `start`."""
    in_quotes, col, opened = False, 1, 1
    prev = ""
    for ch in "\n".join(lines[start - 1:]):
        if ch == '"':
            if not in_quotes and prev in ("", ",", "\n"):
                in_quotes, opened = True, col
            elif in_quotes:
                in_quotes = False
        elif ch == "," and not in_quotes:
            col += 1
        elif ch == "\n" and not in_quotes:
            col = 1
        prev = ch if not (ch == '"' and not in_quotes) else prev
    return opened


def parse_records(text: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Split CSV text into header, records and the line each record starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    starts: list[int] = []
    header: list[str] | None = None
    last = 0
    try:
        for row in reader:
            start, last = last + 1, reader.line_num
            if not row or row == [""]:
                continue  # blank line
            if header is None:
                header = row
                continue
            records.append(row)
            starts.append(start)
    except csv.Error as err:
        start = last + 1
        lines = text.splitlines()
        col = _open_quote_column(lines, start) if "EOF" in str(err) or "end of data" in str(err) else None
        message = "a quoted cell is never closed" if col else f"the CSV is malformed ({err})"
        raise LedgerReadError(Problem(message, line=start, column=col, fatal=True)) from None
    if header is None:
        raise LedgerReadError(Problem("the file is empty", fatal=True))
    return header, records, starts


# --- structure -------------------------------------------------------------------------------


def check_header(header: list[str], contract: Contract) -> list[Problem]:
    """Missing, duplicated or unknown columns."""
    names = [h.strip() for h in header]
    required = contract.names
    if not set(names) & set(required):
        raise LedgerReadError(Problem(
            "this is not a ledger CSV: the first line has none of the ledger's column names", line=1, fatal=True))
    problems = []
    seen: dict[str, int] = {}
    for i, name in enumerate(names, start=1):
        if name in seen:
            problems.append(Problem(f"column '{name}' appears twice (first at column {seen[name]})",
                                    line=1, column=i, field=name))
        seen.setdefault(name, i)
    for name in required:
        if name not in seen:
            problems.append(Problem(f"missing required column '{name}'", line=1, field=name))
    return problems


def check_shape(header: list[str], records: list[list[str]], starts: list[int]) -> list[Problem]:
    """Rows with more or fewer cells than the header."""
    n = len(header)
    problems = []
    for row, line in zip(records, starts, strict=True):
        if len(row) > n:
            problems.append(Problem(f"this row has {len(row)} cells but the header has {n}", line=line, column=n + 1))
        elif len(row) < n:
            problems.append(Problem(f"this row has {len(row)} cells but the header has {n}",
                                    line=line, column=len(row) + 1))
    return problems


# --- rules -----------------------------------------------------------------------------------


def _first_duplicate_line(frame: pd.DataFrame, idx: int, starts: list[int]) -> int:
    same = (frame[DUPLICATE_KEY] == frame.loc[idx, DUPLICATE_KEY]).all(axis=1)
    return starts[int(same.idxmax())]


def _problems_from_pandera(err: pa.errors.SchemaErrors, frame: pd.DataFrame, contract: Contract,
                           starts: list[int], columns: dict[str, int]) -> list[Problem]:
    rules_by_text = {r.description: r for r in contract.rules}
    first_line = {}
    out: dict[tuple[int, str, str], Problem] = {}
    for case in err.failure_cases.itertuples(index=False):
        if pd.isna(case.index):
            continue
        idx = int(case.index)
        rule = rules_by_text.get(case.check)
        if rule is not None:
            name = rule.field or case.column
            message = rule.description
            if rule.name == "no_duplicate_claims":
                message = f"makes the same claim as line {_first_duplicate_line(frame, idx, starts)}: {message}"
        else:
            name = case.column
            if case.check == "field_uniqueness":
                if not first_line:
                    for i, v in zip(frame.index, frame["id"], strict=True):
                        first_line.setdefault(v, starts[i])
                first = first_line[case.failure_case]
                message = f"id {_show(case.failure_case)} is used more than once (first on line {first})"
            else:
                value = frame.at[idx, name]
                message = f"{name} {case.check}" + (f" (got {_show(value)})" if value != "" else "")
        key = (idx, name, rule.name if rule else str(case.check))
        out.setdefault(key, Problem(message, line=starts[idx], column=columns.get(name), field=name))
    return sorted(out.values(), key=lambda p: (p.line or 0, p.column or 0, p.message))


def validate_frame(frame: pd.DataFrame, starts: list[int], columns: dict[str, int],
                   contract: Contract, today: dt.date) -> list[Problem]:
    """Every rule failure in a text frame, as Problems."""
    try:
        build_schema(contract, today).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        return _problems_from_pandera(err, frame, contract, starts, columns)
    return []


def to_typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Add typed companions: numbers as Float64 and reported_on as a date (YYYY-MM -> the 1st)."""
    out = frame.copy()
    for col in ("quantity_low", "quantity_high"):
        out[col] = out[col].map(lambda v: parse_number(v) if v != "" else None).astype("Float64")
    out["reported_date"] = pd.to_datetime(out["reported_on"].map(parse_partial_date))
    return out


# --- entry points ----------------------------------------------------------------------------


def load_bytes(data: bytes, source: str = "<upload>", *, today: dt.date | None = None,
               contract: Contract | None = None) -> LoadResult:
    """Decode, parse and validate; never raises for bad input."""
    contract = contract or load_contract()
    today = today or dt.date.today()
    try:
        header, records, starts = parse_records(decode(data))
        problems = check_header(header, contract)
    except LedgerReadError as err:
        return LoadResult(source, None, [err.problem])
    if not records:
        problems.append(Problem("the file has a header but no claims", line=1))
    problems += check_shape(header, records, starts)
    if problems:
        return LoadResult(source, None, problems)
    names = [h.strip() for h in header]
    frame = pd.DataFrame(records, columns=names, dtype=str)
    columns = {name: i for i, name in enumerate(names, start=1)}
    problems = validate_frame(frame, starts, columns, contract, today)
    if problems:
        return LoadResult(source, None, problems)
    return LoadResult(source, to_typed(frame[contract.names]), [])


def load_path(path: str | Path, *, today: dt.date | None = None) -> LoadResult:
    """Load a ledger file from disk."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        reason = err.strerror or type(err).__name__
        return LoadResult(str(path), None, [Problem(f"cannot read {path}: {reason}", fatal=True)])
    return load_bytes(data, str(path), today=today)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table with line, column, field and message, for display."""
    return pd.DataFrame(
        [{"line": p.line, "column": p.column, "field": p.field, "message": p.message} for p in problems],
        columns=["line", "column", "field", "message"],
    ).astype({"line": "Int64", "column": "Int64"})
