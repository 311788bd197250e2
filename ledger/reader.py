"""Read a ledger CSV into a clean, typed frame, or a list of problems naming line and column.

There is one reader: `csv` in strict mode, which says where each record starts (its physical line,
counting the lines inside quoted cells) and words every message about a file that is not a
well-formed CSV. `validate` and `diff` both read through it. For speed, load_bytes and load_path
first let the fast path (ledger/fastpath.py) read the file, which answers only when it provably
reads what this reader reads.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

import pandas as pd
import pyarrow as pa

from ledger.columns import parse_once
from ledger.contract import Contract, load_contract
from ledger.fastpath import fast_read
from ledger.problems import LedgerReadError, Problem
from ledger.validate import to_typed, validate_frame

# Generous, because over-long cells get a proper message from the contract's maxLength.
CELL_LIMIT = 64 * 1024 * 1024
csv.field_size_limit(CELL_LIMIT)


def decode(data: bytes) -> str:
    """UTF-8 text without BOM; raise LedgerReadError for empty, binary or non-UTF-8 input."""
    if not data.strip():
        raise LedgerReadError(Problem("the file is empty", fatal=True))
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise LedgerReadError(Problem("the file is binary, not a CSV text file", line=line, fatal=True))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        message = f"the file is not UTF-8 (byte {data[err.start]:#04x} at character {col})"
        raise LedgerReadError(Problem(message, line=line, fatal=True)) from None


class _Records:
    """Strictly parsed non-blank CSV records, each with the physical line it starts on."""

    def __init__(self, text: TextIO) -> None:
        """Read `text`, opened with newline="" so that line ends inside cells are kept as written."""
        self._reader = csv.reader(text, strict=True)
        self.next_line = 1  # where the next record starts: the line to name if it is malformed

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        """(start line, cells) for each record; blank lines are skipped but counted."""
        reader = self._reader
        for row in reader:
            start, self.next_line = self.next_line, reader.line_num + 1
            if row and row != [""]:
                yield start, row


@dataclass(frozen=True)
class Records:
    """A CSV read strictly: the header as written, the records, and the physical line each starts on."""

    header: list[str]
    rows: list[list[str]]
    starts: list[int]

    @property
    def names(self) -> list[str]:
        """The column names: the header's cells without surrounding spaces."""
        return [h.strip() for h in self.header]

    def frame(self) -> pd.DataFrame:
        """The records as text columns, one per name; the rows must all be as long as the header."""
        return pd.DataFrame(self.rows, columns=self.names, dtype=str)


def _open_quote_column(text: str, line: int) -> int:
    """The column of the quote left open in the record starting on `line`.

    csv's lenient mode reads the same fields as its strict mode up to the open quote, and then
    keeps the rest of the file as that one field: the record's length is the column.
    """
    rest = io.StringIO(text, newline="")
    for _ in range(line - 1):
        rest.readline()
    return len(next(csv.reader(rest, strict=False), [""]))


def _malformed(err: csv.Error, text: str, line: int) -> Problem:
    """The message for a record csv can't read, at the line the record starts on."""
    if "end of data" in str(err):
        return Problem("a quoted cell is never closed", line=line, column=_open_quote_column(text, line), fatal=True)
    return Problem(f"the CSV is malformed ({err})", line=line, fatal=True)


def parse_records(text: str) -> Records:
    """Split CSV text into header, records and the physical line each record starts on.

    Raises:
        LedgerReadError: the text is not a well-formed CSV, or holds no record at all.
    """
    header: list[str] | None = None
    rows: list[list[str]] = []
    starts: list[int] = []
    records = _Records(io.StringIO(text, newline=""))
    try:
        for start, row in records:
            if header is None:
                header = row
            else:
                rows.append(row)
                starts.append(start)
    except csv.Error as err:
        raise LedgerReadError(_malformed(err, text, records.next_line)) from None
    if header is None:
        raise LedgerReadError(Problem("the file is empty", fatal=True))
    return Records(header, rows, starts)


def read_records(data: bytes) -> Records:
    """The strict reader over a file's bytes: decode, then parse.

    Raises:
        LedgerReadError: the bytes are empty, binary, not UTF-8 or not a well-formed CSV.
    """
    return parse_records(decode(data))


# --- structure -------------------------------------------------------------------------------


def duplicate_columns(names: list[str]) -> list[Problem]:
    """A problem for each column name that appears again."""
    problems = []
    seen: dict[str, int] = {}
    for i, name in enumerate(names, start=1):
        if name in seen:
            problems.append(Problem(f"column '{name}' appears twice (first at column {seen[name]})",
                                    line=1, column=i, field=name))
        seen.setdefault(name, i)
    return problems


def check_header(header: list[str], contract: Contract) -> list[Problem]:
    """Duplicated and missing columns.

    Raises:
        LedgerReadError: the header holds none of the ledger's column names.
    """
    names = [h.strip() for h in header]
    if not set(names) & set(contract.names):
        raise LedgerReadError(Problem(
            "this is not a ledger CSV: the first line has none of the ledger's column names", line=1, fatal=True))
    missing = [Problem(f"missing required column '{name}'", line=1, field=name)
               for name in contract.names if name not in names]
    return duplicate_columns(names) + missing


def check_shape(records: Records) -> list[Problem]:
    """Rows with more or fewer cells than the header."""
    n = len(records.header)
    return [Problem(f"this row has {len(row)} cells but the header has {n}", line=line, column=min(len(row), n) + 1)
            for row, line in zip(records.rows, records.starts, strict=True) if len(row) != n]


# --- entry points ----------------------------------------------------------------------------


@dataclass
class LoadResult:
    """A validated ledger (frame is None unless there are no problems) and its problems."""

    source: str
    frame: pd.DataFrame | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the file is a valid ledger."""
        return self.frame is not None

    @property
    def exit_code(self) -> int:
        """The CLI's exit code: 0 valid, 1 problems, 2 unreadable."""
        if any(p.fatal for p in self.problems):
            return 2
        return 0 if self.ok else 1


def _validated(frame: pd.DataFrame, starts: Sequence[int], source: str, contract: Contract,
               today: dt.date) -> LoadResult:
    """Check the rules; the typed frame if none is broken."""
    with parse_once():  # the checks and the typed companions share each column's parse
        problems = validate_frame(frame, starts, contract, today)
        if problems:
            return LoadResult(source, None, problems)
        return LoadResult(source, to_typed(frame[contract.names]), [])


def _load_strict(data: bytes, source: str, contract: Contract, today: dt.date) -> LoadResult:
    """The strict reader's path: every message for unreadable or malformed files comes from here."""
    try:
        records = read_records(data)
        problems = check_header(records.header, contract)
    except LedgerReadError as err:
        return LoadResult(source, None, [err.problem])
    if not records.rows:
        problems.append(Problem("the file has a header but no claims", line=1))
    problems += check_shape(records)
    if problems:
        return LoadResult(source, None, problems)
    return _validated(records.frame(), records.starts, source, contract, today)


def _load(open_raw: Callable[[], BinaryIO], arrow_source: Callable[[], str | pa.NativeFile],
          read_all: Callable[[], bytes], source: str, today: dt.date | None,
          contract: Contract | None) -> LoadResult:
    """Let the fast path read the file if it can vouch for it, else the strict reader; then validate."""
    contract = contract or load_contract()
    today = today or dt.date.today()
    with open_raw() as raw:
        fast = fast_read(raw, arrow_source(), CELL_LIMIT)
    if fast is None:
        return _load_strict(read_all(), source, contract, today)
    try:
        # Arrow read every row with the header's length, so the header is all the strict path would add.
        problems = check_header(fast.header, contract)
    except LedgerReadError as err:
        return LoadResult(source, None, [err.problem])
    if problems:
        return LoadResult(source, None, problems)
    return _validated(fast.frame, fast.starts, source, contract, today)


def load_bytes(data: bytes, source: str = "<upload>", *, today: dt.date | None = None,
               contract: Contract | None = None) -> LoadResult:
    """Decode, parse and validate; never raises for bad input.

    Args:
        data: the file's bytes.
        source: the name to report the file under.
        today: the date after which a date is in the future; the real today by default.
        contract: the contract to check against; the shipped one by default.

    Returns:
        The typed ledger, or every problem found.
    """
    return _load(lambda: io.BytesIO(data), lambda: pa.BufferReader(data), lambda: data, source, today, contract)


def load_path(path: str | Path, *, today: dt.date | None = None) -> LoadResult:
    """Load a ledger file from disk; a file that can't be opened is a fatal problem, not an exception."""
    path = Path(path)
    try:
        return _load(lambda: path.open("rb"), lambda: str(path), path.read_bytes, str(path), today, None)
    except OSError as err:
        reason = err.strerror or type(err).__name__
        return LoadResult(str(path), None, [Problem(f"cannot read {path}: {reason}", fatal=True)])


def content_digest(data: bytes) -> str:
    """A short fingerprint of a file's bytes, for caches keyed on content."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()
