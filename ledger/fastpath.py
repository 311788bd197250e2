"""The fast path: Arrow reads the cells, and one byte pass proves it read what the strict reader reads.

Arrow reads a ledger several times faster than `csv` (docs/performance.md, "One way to read a
CSV"), but it neither checks quoting as `csv`'s strict mode does nor says where a record starts. A
streamed pass over the bytes checks the quoting and counts the line ends; the total proves the start
lines. Whenever anything is unusual (bad quoting, a NUL, blank lines, a row Arrow can't read) the
fast path declines, and the strict reader (ledger/reader.py) reads the file and words the message.
tests/test_fast_path.py proves the two give the same frame, lines and problems.
"""

from __future__ import annotations

import array
import csv
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

_STR = pd.StringDtype("pyarrow", na_value=np.nan)
_CHUNK = 1 << 24
_FIELD_END = frozenset(b",\r\n")


@dataclass(frozen=True)
class FastRead:
    """What the fast path read: the header as written, the records as text, and each record's start line."""

    header: list[str]
    frame: pd.DataFrame
    starts: array.array


def _breaks(data: bytes) -> int:
    r"""Line breaks as csv counts lines (newline=""): \n, \r\n and a lone \r each end one."""
    if b"\r" not in data:  # the common case, in one pass instead of three
        return data.count(b"\n")
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _content_end(chunk: bytes) -> int:
    """Where the chunk's closing run of line ends starts (0 if it is all line ends)."""
    n = min(64, len(chunk))
    tail = chunk[-n:].rstrip(b"\r\n")  # a short tail, so the whole chunk is not copied to strip a few bytes
    return len(chunk) - n + len(tail) if tail or n == len(chunk) else len(chunk.rstrip(b"\r\n"))


class _Layout:
    """One streamed pass over the bytes after the header, in C-speed steps, without keeping them.

    It counts the lines as csv does and checks quoting as csv's strict mode does: a quote opens a
    field only at its start, "" inside a quoted field is a quote, and a closing quote must be followed
    by a comma, a line end or the end of the file. It also notes whether any quoted field holds a line
    end. Work is per chunk and per quote, never per cell.
    """

    def __init__(self) -> None:
        """Start at the start of a field, outside quotes."""
        self.breaks = 0
        self.strict = True
        self.in_quotes = False
        self.pending = False  # the last chunk ended on a quote inside a quoted field
        self.prev = ord("\n")  # the body starts at the start of a field
        self.trail = b""  # the run of line ends at the very end so far
        self.opened = 0  # where the open quoted field's text starts, in the current chunk
        self.quoted_breaks = False  # a quoted field holds a line end: some record spans lines

    def feed(self, chunk: bytes) -> None:
        """Count the chunk's line ends and check its quoting."""
        if not chunk:
            return
        self.breaks += _breaks(chunk) - (self.prev == 13 and chunk[0] == 10)
        self.trail = self.trail + chunk if not (end := _content_end(chunk)) else chunk[end:]
        if self.strict:
            self._quotes(chunk, self._resume(chunk))
        self.prev = chunk[-1]

    def _resume(self, chunk: bytes) -> int:
        """Where to go on in a chunk after the last one ended on a quote inside a quoted field."""
        if not self.pending:
            return 0
        self.pending = False
        if chunk[0] == 34:  # "" split across chunks: a quote inside the field
            return 1
        if chunk[0] not in _FIELD_END:
            self.strict = False
        self.in_quotes = False
        return 0

    def _quotes(self, chunk: bytes, i: int) -> None:
        """Follow the quotes from position i to the chunk's end."""
        n, find = len(chunk), chunk.find
        while self.strict and (q := find(b'"', i)) >= 0:
            if not self.in_quotes:
                # A quote inside an unquoted field is text, for csv and Arrow alike.
                self.in_quotes = (chunk[q - 1] if q else self.prev) in _FIELD_END
                self.opened = i = q + 1
            elif q + 1 == n:
                self.pending = True
                break
            elif chunk[q + 1] == 34:
                i = q + 2
            elif chunk[q + 1] in _FIELD_END:
                self._note_breaks(chunk, q)
                self.in_quotes, i = False, q + 1
            else:
                self.strict = False
        if self.in_quotes:  # the quoted field goes on into the next chunk
            self._note_breaks(chunk, n)
            self.opened = 0

    def _note_breaks(self, chunk: bytes, end: int) -> None:
        """Note whether the quoted text from self.opened up to end holds a line end."""
        if not self.quoted_breaks:
            self.quoted_breaks = chunk.find(b"\n", self.opened, end) >= 0 or chunk.find(b"\r", self.opened, end) >= 0

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


def _read_table(source: str | pa.NativeFile, n: int, newlines_in_values: bool) -> pa.Table | None:
    """Every record after the first line as Arrow text, or None if Arrow can't read them all.

    Told that no value holds a line end, Arrow splits the file at every line end and reads faster.
    """
    keys = [f"c{i}" for i in range(n)]
    try:
        return pacsv.read_csv(
            source,
            read_options=pacsv.ReadOptions(column_names=keys, skip_rows=1, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(newlines_in_values=newlines_in_values),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(keys, pa.large_string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowException, OSError):
        return None


def _layout(raw: BinaryIO, first: bytes) -> tuple[int, bool] | None:
    """The body's record lines and whether a quoted field holds a line end; None for a NUL or bad quoting."""
    layout = _Layout()
    chunk = first
    while chunk:
        if b"\x00" in chunk:
            return None
        layout.feed(chunk)
        chunk = raw.read(_CHUNK)
    lines = layout.lines()
    return None if lines is None else (lines, layout.quoted_breaks)


def _longest(table: pa.Table) -> int:
    """The longest cell, in bytes."""
    return max((pc.max(pc.binary_length(col)).as_py() or 0) for col in table.columns)


def _cell_breaks(col: pa.ChunkedArray) -> np.ndarray:
    """Line breaks inside each cell, counted as csv counts them."""
    counts = [pc.count_substring(col, s).to_numpy().astype(np.int64) for s in ("\n", "\r", "\r\n")]
    return counts[0] + counts[1] - counts[2]


def _starts(table: pa.Table, lines: int) -> np.ndarray | None:
    """Each record's start line, when the line count proves there are no blank lines; else None.

    A record starts 2 lines down plus the line ends inside the cells of the records before it, which
    holds only if the body's lines are exactly the records plus those line ends.
    """
    inner = np.zeros(table.num_rows, dtype=np.int64)
    if lines != table.num_rows:  # some cells span lines: count their line ends
        for col in table.columns:
            inner += _cell_breaks(col)
    if lines != table.num_rows + int(inner.sum()):
        return None
    starts = 2 + np.arange(table.num_rows, dtype=np.int64)
    starts[1:] += np.cumsum(inner)[:-1]
    return starts


def fast_read(raw: BinaryIO, source: str | pa.NativeFile, cell_limit: int) -> FastRead | None:
    """Arrow's cells and csv's record start lines, or None when anything needs the strict reader.

    Args:
        raw: the file's bytes, read once in chunks for the layout pass.
        source: the same bytes for Arrow to read (a path or a buffer).
        cell_limit: the strict reader's largest cell, in bytes; a file with a larger one is declined.

    Returns:
        The header as written, the records as text columns named by the stripped header, and each
        record's physical start line; None if the strict reader must read the file.
    """
    first = raw.read(_CHUNK)
    head = _header_line(first)
    if head is None or b"\x00" in first:
        return None
    header, body = head
    layout = _layout(raw, first[body:])
    if layout is None or layout[0] == 0:
        return None
    lines, quoted_breaks = layout
    table = _read_table(source, len(header), newlines_in_values=quoted_breaks)
    if table is None or table.num_rows == 0 or _longest(table) > cell_limit:
        return None
    starts = _starts(table, lines)
    if starts is None:
        return None
    frame = table.to_pandas(types_mapper={pa.large_string(): _STR}.get)
    frame.columns = [h.strip() for h in header]
    return FastRead(header, frame, array.array("q", starts.tobytes()))
