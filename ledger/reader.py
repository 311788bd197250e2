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

from ledger.schema import DUPLICATE_KEY, Contract, build_schema, load_contract, parse_once, to_dates, to_numbers

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


# Arrow reads the cells far faster and in less memory than csv can. It is trusted only where it
# provably reads what csv's strict mode reads: see Layout and fast_read below.
_STR = pd.StringDtype("pyarrow", na_value=np.nan)
_CHUNK = 1 << 24


def _read_table(source: str | pa.NativeFile, n: int) -> pa.Table | None:
    """Every record after the first line as Arrow text, or None if Arrow can't read them all."""
    keys = [f"c{i}" for i in range(n)]
    try:
        return pacsv.read_csv(
            source,
            read_options=pacsv.ReadOptions(column_names=keys, skip_rows=1, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(keys, pa.large_string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowException, OSError):
        return None


def _to_frame(table: pa.Table, names: list[str]) -> pd.DataFrame:
    frame = table.to_pandas(types_mapper={pa.large_string(): _STR}.get)
    frame.columns = names
    return frame


def arrow_frame(source: str | pa.NativeFile, names: list[str], scan: Scan) -> pd.DataFrame | None:
    """The records as a text frame read by Arrow, or None if Arrow and the strict scan disagree."""
    table = _read_table(source, len(names))
    if table is None:
        return None
    chars = sum(pc.sum(pc.utf8_length(col)).as_py() or 0 for col in table.columns)
    if table.num_rows != len(scan.starts) or chars != scan.chars:
        return None
    return _to_frame(table, names)


def _breaks(data: bytes) -> int:
    """Line breaks as csv counts lines (newline=""): \n, \r\n and a lone \r each end one."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


_FIELD_END = frozenset(b",\r\n")


class _Layout:
    """One streamed pass over the bytes after the header, in C-speed steps, without keeping them.

    It counts the lines as csv does and checks quoting as csv's strict mode does: a quote opens a
    field only at its start, "" inside a quoted field is a quote, and a closing quote must be followed
    by a comma, a line end or the end of the file. Work is per chunk and per quote, never per cell.
    """

    def __init__(self) -> None:
        self.breaks = 0
        self.strict = True
        self.in_quotes = False
        self.pending = False  # the last chunk ended on a quote inside a quoted field
        self.prev = ord("\n")  # the body starts at the start of a field
        self.trail = b""  # the run of line ends at the very end so far

    def feed(self, chunk: bytes) -> None:
        if not chunk:
            return
        self.breaks += _breaks(chunk) - (self.prev == 13 and chunk[0] == 10)
        stripped = chunk.rstrip(b"\r\n")
        self.trail = self.trail + chunk if not stripped else chunk[len(stripped):]
        if self.strict:
            self._quotes(chunk)
        self.prev = chunk[-1]

    def _quotes(self, chunk: bytes) -> None:
        i, n, find = 0, len(chunk), chunk.find
        if self.pending:
            self.pending = False
            if chunk[0] == 34:
                i = 1
            elif chunk[0] in _FIELD_END:
                self.in_quotes = False
            else:
                self.strict = False
                return
        while True:
            q = find(b'"', i)
            if q < 0:
                return
            if not self.in_quotes:
                # A quote inside an unquoted field is text, for csv and Arrow alike.
                self.in_quotes = (chunk[q - 1] if q else self.prev) in _FIELD_END
                i = q + 1
            elif q + 1 == n:
                self.pending = True
                return
            elif chunk[q + 1] == 34:
                i = q + 2
            elif chunk[q + 1] in _FIELD_END:
                self.in_quotes, i = False, q + 1
            else:
                self.strict = False
                return

    def lines(self) -> int | None:
        """Lines holding records (trailing line ends excluded), or None if quoting is not strict."""
        if not self.strict or (self.in_quotes and not self.pending):
            return None
        return self.breaks - _breaks(self.trail) + 1


def _header_line(first: bytes) -> tuple[list[str], int] | None:
    """The header and where the body starts, if the header is one plain line starting the file."""
    ends = [i for i in (first.find(b"\r"), first.find(b"\n")) if i >= 0]
    if not ends or min(ends) == 0 or min(ends) + 1 >= len(first):
        return None
    end = min(ends)
    try:
        (header,) = list(csv.reader([first[:end].decode("utf-8-sig")], strict=True))
    except (ValueError, csv.Error):  # bad bytes, bad quoting, or not one record
        return None
    if header in ([], [""]):
        return None
    return header, end + (2 if first[end:end + 2] == b"\r\n" else 1)


def fast_read(raw: BinaryIO, source: str | pa.NativeFile, contract: Contract
              ) -> tuple[pd.DataFrame, array.array] | None:
    """Arrow's cells and csv's record start lines, or None when anything needs the exact scan.

    Each record's start line comes from the line ends Arrow finds inside the cells before it. That
    holds only when there are no blank lines, which the total number of lines proves: it must equal
    the records plus the line ends inside them. Anything unusual (bad quoting, NUL, blank lines, a
    header problem, a row Arrow can't read) returns None, and the scan words the message.
    """
    first = raw.read(_CHUNK)
    head = _header_line(first)
    if head is None or b"\x00" in first:
        return None
    header, body = head
    try:
        if check_header(header, contract):
            return None
    except LedgerReadError:
        return None
    layout = _Layout()
    chunk = first[body:]
    while chunk:
        if b"\x00" in chunk:
            return None
        layout.feed(chunk)
        chunk = raw.read(_CHUNK)
    lines = layout.lines()
    table = _read_table(source, len(header)) if lines else None
    if table is None or table.num_rows == 0 or _longest(table) > csv.field_size_limit():
        return None
    inner = np.zeros(table.num_rows, dtype=np.int64)
    if lines != table.num_rows:  # some cells span lines: count their line ends
        for col in table.columns:
            inner += _cell_breaks(col)
    if lines != table.num_rows + int(inner.sum()):
        return None
    starts = 2 + np.arange(table.num_rows, dtype=np.int64)
    starts[1:] += np.cumsum(inner)[:-1]
    return _to_frame(table, [h.strip() for h in header]), array.array("q", starts.tobytes())


def _longest(table: pa.Table) -> int:
    return max((pc.max(pc.binary_length(col)).as_py() or 0) for col in table.columns)


def _cell_breaks(col: pa.ChunkedArray) -> np.ndarray:
    counts = [pc.count_substring(col, s).to_numpy().astype(np.int64) for s in ("\n", "\r", "\r\n")]
    return counts[0] + counts[1] - counts[2]


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
    with parse_once():  # the checks and the typed companions share each column's parse
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
    with open_raw() as raw:
        fast = fast_read(raw, arrow_source(), contract)
    if fast is not None:
        return _validated(fast[0], fast[1], source, contract, today)
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
