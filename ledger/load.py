"""Read a ledger CSV into a clean, typed frame, or a list of problems naming line and column."""

from __future__ import annotations

import array
import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

import numpy as np
import pandas as pd
import pandera.pandas as pandera
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ledger.schema import DUPLICATE_KEY, Contract, build_schema, load_contract, to_dates, to_numbers

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


class _NeedsFullRead(Exception):
    """The streamed read met something only the whole file can explain (bad bytes, bad quoting)."""


class _NulGuard(io.RawIOBase):
    """A binary stream that stops at the first NUL byte, which csv would otherwise read as text."""

    def __init__(self, raw: BinaryIO):
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:
        n = self._raw.readinto(buffer)
        if n and memoryview(buffer)[:n].tobytes().find(b"\x00") >= 0:
            raise _NeedsFullRead
        return n


class _Records:
    """Strictly parsed non-blank CSV records, each with the line it starts on."""

    def __init__(self, text: TextIO):
        self._reader = csv.reader(text, strict=True)
        self.next_line = 1  # where the next record starts: the line to name if it is malformed

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        reader = self._reader
        for row in reader:
            start, self.next_line = self.next_line, reader.line_num + 1
            if row and row != [""]:
                yield start, row


def parse_records(text: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Split CSV text into header, records and the line each record starts on."""
    records: list[list[str]] = []
    starts: list[int] = []
    header: list[str] | None = None
    rows = _Records(io.StringIO(text, newline=""))
    try:
        for start, row in rows:
            if header is None:
                header = row
            else:
                records.append(row)
                starts.append(start)
    except csv.Error as err:
        line = rows.next_line
        col = _open_quote_column(text.splitlines(), line) if "EOF" in str(err) or "end of data" in str(err) else None
        message = "a quoted cell is never closed" if col else f"the CSV is malformed ({err})"
        raise LedgerReadError(Problem(message, line=line, column=col, fatal=True)) from None
    if header is None:
        raise LedgerReadError(Problem("the file is empty", fatal=True))
    return header, records, starts


@dataclass
class Scan:
    """One streamed pass over a well-formed CSV: header, record start lines, shape problems, size."""

    header: list[str] | None
    starts: array.array
    shape: list[Problem]
    chars: int


def scan_records(raw: BinaryIO) -> Scan:
    """Check quoting, encoding and row lengths in one pass without keeping the cells.

    Raises _NeedsFullRead for anything whose message needs the whole text (bad bytes, bad quoting).
    """
    text = io.TextIOWrapper(io.BufferedReader(_NulGuard(raw), 1 << 20), encoding="utf-8-sig", newline="")
    rows = _Records(text)
    header: list[str] | None = None
    starts = array.array("q")
    shape: list[Problem] = []
    chars = 0
    try:
        for start, row in rows:
            if header is None:
                header, n = row, len(row)
                continue
            starts.append(start)
            if len(row) != n:
                shape.append(_shape_problem(len(row), n, start))
            chars += sum(map(len, row))
    except (csv.Error, UnicodeDecodeError):
        raise _NeedsFullRead from None
    return Scan(header, starts, shape, chars)


# Arrow reads the cells far faster and in less memory than csv can; it is only trusted after the
# strict scan above, and only when it agrees with the scan on the number of records and characters.
_STR = pd.StringDtype("pyarrow", na_value=np.nan)


def arrow_frame(source: str | pa.NativeFile, names: list[str], scan: Scan) -> pd.DataFrame | None:
    """The records as a text frame read by Arrow, or None if Arrow and the strict scan disagree."""
    keys = [f"c{i}" for i in range(len(names))]
    try:
        table = pacsv.read_csv(
            source,
            read_options=pacsv.ReadOptions(column_names=keys, skip_rows=1, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(keys, pa.large_string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowException, OSError):
        return None
    chars = sum(pc.sum(pc.utf8_length(col)).as_py() or 0 for col in table.columns)
    if table.num_rows != len(scan.starts) or chars != scan.chars:
        return None
    frame = table.to_pandas(types_mapper={pa.large_string(): _STR}.get)
    frame.columns = names
    return frame


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
    return [_shape_problem(len(row), n, line) for row, line in zip(records, starts, strict=True) if len(row) != n]


def _shape_problem(cells: int, n: int, line: int) -> Problem:
    return Problem(f"this row has {cells} cells but the header has {n}", line=line, column=min(cells, n) + 1)


# --- rules -----------------------------------------------------------------------------------


def _first_duplicate_line(frame: pd.DataFrame, idx: int, starts: list[int]) -> int:
    same = (frame[DUPLICATE_KEY] == frame.loc[idx, DUPLICATE_KEY]).all(axis=1)
    return starts[int(same.idxmax())]


def _problems_from_pandera(err: pandera.errors.SchemaErrors, frame: pd.DataFrame, contract: Contract,
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
    except pandera.errors.SchemaErrors as err:
        return _problems_from_pandera(err, frame, contract, starts, columns)
    return []


def to_typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Add typed companions: numbers as Float64 and reported_on as a date (YYYY-MM -> the 1st)."""
    out = frame.copy(deep=False)  # the text columns are shared, not copied: they are never written
    for col in ("quantity_low", "quantity_high"):
        out[col] = to_numbers(out[col])
    out["reported_date"] = to_dates(out["reported_on"])
    return out


# --- entry points ----------------------------------------------------------------------------


def _validated(frame: pd.DataFrame, starts: Sequence[int], source: str, contract: Contract,
               today: dt.date) -> LoadResult:
    columns = {name: i for i, name in enumerate(frame.columns, start=1)}
    problems = validate_frame(frame, starts, columns, contract, today)
    if problems:
        return LoadResult(source, None, problems)
    return LoadResult(source, to_typed(frame[contract.names]), [])


def _load_text(data: bytes, source: str, contract: Contract, today: dt.date) -> LoadResult:
    """The in-memory path: every message for unreadable or malformed files comes from here."""
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
    frame = pd.DataFrame(records, columns=[h.strip() for h in header], dtype=str)
    return _validated(frame, starts, source, contract, today)


def _load(open_raw: Callable[[], BinaryIO], arrow_source: Callable[[], str | pa.NativeFile],
          read_all: Callable[[], bytes], source: str, today: dt.date | None,
          contract: Contract | None) -> LoadResult:
    """Stream a strict scan, let Arrow read the cells, and validate; fall back to the in-memory path."""
    contract = contract or load_contract()
    today = today or dt.date.today()
    try:
        with open_raw() as raw:
            scan = scan_records(raw)
    except _NeedsFullRead:
        return _load_text(read_all(), source, contract, today)
    if not scan.starts:  # no claims, so the file is small: the in-memory path words the message
        return _load_text(read_all(), source, contract, today)
    try:
        problems = check_header(scan.header, contract)
    except LedgerReadError as err:
        return LoadResult(source, None, [err.problem])
    problems += scan.shape
    if problems:
        return LoadResult(source, None, problems)
    frame = arrow_frame(arrow_source(), [h.strip() for h in scan.header], scan)
    if frame is None:
        return _load_text(read_all(), source, contract, today)
    return _validated(frame, scan.starts, source, contract, today)


def load_bytes(data: bytes, source: str = "<upload>", *, today: dt.date | None = None,
               contract: Contract | None = None) -> LoadResult:
    """Decode, parse and validate; never raises for bad input."""
    return _load(lambda: io.BytesIO(data), lambda: pa.BufferReader(data), lambda: data, source, today, contract)


def load_path(path: str | Path, *, today: dt.date | None = None) -> LoadResult:
    """Load a ledger file from disk, streaming it, so a large file is never held as Python text."""
    path = Path(path)
    try:
        return _load(lambda: path.open("rb"), lambda: str(path), path.read_bytes, str(path), today, None)
    except OSError as err:
        reason = err.strerror or type(err).__name__
        return LoadResult(str(path), None, [Problem(f"cannot read {path}: {reason}", fatal=True)])


def content_digest(data: bytes) -> str:
    """A short fingerprint of a file's bytes, for caches keyed on content."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table with line, column, field and message, for display."""
    return pd.DataFrame(
        [{"line": p.line, "column": p.column, "field": p.field, "message": p.message} for p in problems],
        columns=["line", "column", "field", "message"],
    ).astype({"line": "Int64", "column": "Int64"})
