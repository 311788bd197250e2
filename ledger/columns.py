"""One validation's shared work over a column: each parse done once, each cell check once per distinct value.

Within one validation several checks read the same column as numbers or dates (the column check,
"minimum" or "not in the future", the cross-column rules, the typed companions), or match it against
the same pattern (a date's shape, then whether it is real). So each result is kept for the
validation's duration rather than computed again by each check.

And most columns repeat their values: two parties, a few statuses, a few hundred dates in 100,000
rows. A cell check gives equal cells equal answers, so where a column repeats itself the check runs
once per distinct value and its answers are spread back over the rows (tests/test_fast_path.py
proves the answers the same).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import TypeVar, cast

import numpy as np
import pandas as pd
import pyarrow as pa

SeriesCheck = Callable[[pd.Series], pd.Series]
T = TypeVar("T")

# A column is checked value by value when at most a quarter of its cells are distinct: then one
# hashing pass (about 2 ms at 100,000 rows) costs less than the checks it saves. Its first rows decide
# whether hashing it whole is worth trying, so varied columns (ids, titles, links, amounts) are not.
_DISTINCT_SHARE = 4
_SAMPLE = 8192


def as_arrow(s: pd.Series) -> pa.ChunkedArray:
    """The column as Arrow strings, without a copy when pandas already holds it in Arrow."""
    if isinstance(s.array, pd.arrays.ArrowStringArray):
        return s.array.__arrow_array__()
    return pa.chunked_array([pa.array(s.astype(object), type=pa.large_string())])


_MEMO: contextvars.ContextVar[dict[tuple[str, int], tuple[object, pd.Index, object]] | None] = contextvars.ContextVar(
    "memo", default=None)


@contextlib.contextmanager
def parse_once() -> Iterator[None]:
    """Inside this block each column is parsed, matched and hashed once, however many checks ask.

    Nested blocks share the outer block's memo, so a caller may wrap work that wraps itself.
    """
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def _remembered(kind: str, s: pd.Series, compute: Callable[[pd.Series], T]) -> T:
    """compute(s), kept for the same data and index inside parse_once."""
    memo = _MEMO.get()
    if memo is None:
        return compute(s)
    # pandera hands each check a new Series over the same Arrow data: key on that data, which the
    # entry keeps alive (so its id can't be reused), and check the index, which is a new object too.
    data = as_arrow(s) if isinstance(s.array, pd.arrays.ArrowStringArray) else s.array
    hit = memo.get((kind, id(data)))
    if hit is not None and hit[0] is data and hit[1].equals(s.index):
        return cast(T, hit[2])
    out = compute(s)
    memo[(kind, id(data))] = (data, s.index, out)
    return out


def _distinct(s: pd.Series) -> tuple[np.ndarray, pd.Series] | None:
    """(codes, values) with values[codes] == s, or None if the column is too varied to pay."""
    if len(s) > _SAMPLE and s.iloc[:_SAMPLE].nunique() * _DISTINCT_SHARE > _SAMPLE:
        return None
    codes, values = s.factorize()
    if len(values) * _DISTINCT_SHARE > len(s) or len(values) == len(s):  # the second ends the recursion in once()
        return None
    return codes, pd.Series(values, dtype=s.dtype)


def distinct(s: pd.Series) -> tuple[np.ndarray, pd.Series] | None:
    """The column's distinct values and each row's code, when it repeats itself; hashed once inside parse_once."""
    return _remembered("distinct", s, _distinct)


def once(kind: str, s: pd.Series, parse: SeriesCheck) -> pd.Series:
    """parse(s), reused for the same data inside parse_once, and parsed once per distinct value."""
    def whole(s: pd.Series) -> pd.Series:
        spread = distinct(s)
        if spread is None:
            return parse(s)
        codes, values = spread
        return once(kind, values, parse).take(codes).set_axis(s.index)

    return _remembered(kind, s, whole).set_axis(s.index)


def per_value(check: SeriesCheck) -> SeriesCheck:
    """The cell check, run once per distinct value when the column repeats itself."""
    def check_values(s: pd.Series) -> pd.Series:
        spread = distinct(s)
        if spread is None:
            return check(s)
        codes, values = spread
        passed = check(values)
        if passed.dtype == bool and passed.all():  # the usual answer, given without spreading it row by row
            return pd.Series(True, index=s.index)
        return passed.take(codes).set_axis(s.index)

    return check_values
