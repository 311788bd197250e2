"""Text cells to numbers and dates: the scalar definitions, and whole-column forms that agree with them.

The scalar parsers (parse_number, parse_partial_date) define what a ledger number or date is. The
column forms (to_numbers, to_dates, fullmatch) run in Arrow and are proven equal to them by property
tests (tests/test_fast_path.py).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ledger.columns import as_arrow, once

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


# Arrow's regex engine (RE2) reads \d and \s as ASCII only, and pandas' date parser differs from
# strptime at the edges, so cells outside these plain ASCII shapes go through the scalar parsers:
# results match them exactly, and the bulk runs in Arrow.
_PLAIN_NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_PLAIN_DATE = r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?"


def _scalar_where(s: pd.Series, mask: pd.Series, out: pd.Series, parse: Callable[[str], Any]) -> pd.Series:
    """`out`, with the cells under `mask` replaced by the scalar parser's answer."""
    if mask.any():
        out = out.copy()
        out[mask] = s[mask].map(parse).astype(out.dtype)
    return out


def _plain(arr: pa.ChunkedArray, pattern: str) -> pa.ChunkedArray:
    """Whether each cell is wholly of the shape `pattern`."""
    return pc.match_substring_regex(arr, f"^(?:{pattern})$")


def _mask(values: pa.ChunkedArray, index: pd.Index) -> pd.Series:
    """An Arrow boolean column as a pandas mask over `index`."""
    return pd.Series(values.to_numpy(zero_copy_only=False), index=index, dtype=bool)


def to_numbers(s: pd.Series) -> pd.Series:
    """parse_number over a text column: Float64, <NA> for blanks and for text that is not a finite number."""
    return once("number", s, _to_numbers)


def _to_numbers(s: pd.Series) -> pd.Series:
    """to_numbers without the memo."""
    arr = as_arrow(s)
    plain = _plain(arr, _PLAIN_NUMBER)
    values = pc.cast(pc.if_else(plain, arr, pa.scalar(None, arr.type)), pa.float64())
    values = pc.if_else(pc.is_finite(values), values, pa.scalar(None, pa.float64()))
    out = pd.Series(values.to_numpy(zero_copy_only=False), index=s.index).astype("Float64")
    return _scalar_where(s, ~_mask(plain, s.index) & (s != ""), out, parse_number)


_MONTH_START = np.datetime64("0000-01", "M")


def to_dates(s: pd.Series) -> pd.Series:
    """parse_partial_date over a text column: datetime64[s], NaT for blanks and for dates that don't exist."""
    return once("date", s, _to_dates_or_blank)


def _to_dates_or_blank(s: pd.Series) -> pd.Series:
    """to_dates without the memo: optional date columns are mostly blank, so only cells with text are parsed."""
    blank = s == ""
    if blank.any():
        out = pd.Series(np.full(len(s), np.datetime64("NaT"), dtype="datetime64[s]"), index=s.index)
        if not blank.all():
            out[~blank] = _to_dates(s[~blank])
        return out
    return _to_dates(s)


def _scalar_date(text: str) -> np.datetime64:
    """parse_partial_date as a datetime64, NaT for no date."""
    d = parse_partial_date(text)
    return np.datetime64(d, "s") if d is not None else np.datetime64("NaT", "s")


# Arrow's cast to date32 accepts year 0, which strptime (and so parse_partial_date) does not.
_FIRST_DAY = pa.scalar(dt.date(1, 1, 1), pa.date32())


def _cast_dates(arr: pa.ChunkedArray) -> np.ndarray | None:
    """Days of a column whose every cell has a plain date shape, or None if any is not a real date."""
    first_day = pc.binary_join_element_wise(arr, pa.scalar("-01", arr.type), pa.scalar("", arr.type))
    try:
        days = pc.cast(pc.if_else(pc.equal(pc.utf8_length(arr), 7), first_day, arr), pa.date32())
    except pa.ArrowInvalid:  # Arrow's cast checks the calendar, and fails the column on a date that doesn't exist
        return None
    if pc.less(pc.min(days), _FIRST_DAY).as_py():
        return None
    return days.to_numpy()


def _to_dates(s: pd.Series) -> pd.Series:
    """Dates of non-blank cells: the plain shapes by position in Arrow, the rest by the scalar parser."""
    arr = as_arrow(s)
    plain = _plain(arr, _PLAIN_DATE)
    # A valid ledger's dates are all plain and real: one cast reads them; anything else is read cell by cell.
    if pc.all(plain).as_py():
        days = _cast_dates(arr)
        if days is not None:
            return pd.Series(days.astype("datetime64[s]"), index=s.index)
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
    return _scalar_where(s, odd, out, _scalar_date)


def fullmatch(s: pd.Series, rx: re.Pattern[str]) -> pd.Series:
    """rx.fullmatch over a text column, with Python's own semantics for non-ASCII text."""
    return once(f"match {rx.pattern}", s, lambda s: _fullmatch(s, rx))


# Python's \s also matches these ASCII characters; RE2's does not.
_PYTHON_ONLY_SPACE = r"[\x0b\x1c-\x1f]"


def _fullmatch(s: pd.Series, rx: re.Pattern[str]) -> pd.Series:
    """Fullmatch without the memo: RE2 where it agrees with Python's re, re itself where it may not."""
    arr = as_arrow(s)
    out = _mask(_plain(arr, rx.pattern), s.index)
    odd = pc.invert(pc.string_is_ascii(arr))
    if "\\s" in rx.pattern or "\\S" in rx.pattern:
        odd = pc.or_(odd, pc.match_substring_regex(arr, _PYTHON_ONLY_SPACE))
    return _scalar_where(s, _mask(odd, s.index), out, lambda v: rx.fullmatch(v) is not None)
