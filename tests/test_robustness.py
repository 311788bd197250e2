"""Bad input never crashes: properties over arbitrary bytes and CSV text, and export round trips."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.contract import STATUSES, load_contract
from ledger.export import public_columns, to_csv_bytes, to_json_bytes, to_xlsx_bytes
from ledger.reader import LoadResult, load_bytes
from tests.conftest import BASE_ROW, TODAY, ledger_bytes

NAMES = load_contract().names


def assert_outcome(result: LoadResult) -> None:
    """Either a clean frame and no problems, or no frame and located, readable problems."""
    assert isinstance(result, LoadResult)
    if result.ok:
        assert result.problems == []
        assert list(result.frame.columns[: len(NAMES)]) == NAMES
    else:
        assert result.problems
        assert result.exit_code in (1, 2)
        for p in result.problems:
            assert p.message and "Traceback" not in p.message
            assert p.line is None or p.line >= 1
            assert p.column is None or p.column >= 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_ledger_or_problems(data):
    assert_outcome(load_bytes(data, today=TODAY))


cell_text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)


@st.composite
def csv_text(draw) -> bytes:
    """CSV-shaped text: a header that is often the real one, and rows of arbitrary cells."""
    header = draw(st.one_of(st.just(NAMES), st.lists(st.sampled_from([*NAMES, "x", ""]), max_size=22)))
    rows = draw(st.lists(st.lists(cell_text, max_size=len(header) + 2), max_size=6))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_text())
def test_arbitrary_csv_text_gives_a_ledger_or_problems(data):
    assert_outcome(load_bytes(data, today=TODAY))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_near_valid_rows_give_a_ledger_or_problems(data):
    """Start from a valid row and overwrite a few cells with arbitrary text."""
    row = dict(BASE_ROW)
    for name in data.draw(st.lists(st.sampled_from(NAMES), max_size=4)):
        row[name] = data.draw(cell_text)
    assert_outcome(load_bytes(ledger_bytes([row]), today=TODAY))


# --- round trips of valid generated ledgers -----------------------------------------------------

safe_text = st.text(alphabet=st.characters(whitelist_categories=["L", "N", "Zs"], max_codepoint=0x2FFF),
                    min_size=1, max_size=20).map(str.strip).filter(bool)


@st.composite
def valid_rows(draw) -> list[dict[str, str]]:
    rows = []
    for i in range(draw(st.integers(min_value=1, max_value=6))):
        low = draw(st.integers(min_value=0, max_value=10**9))
        has_q = draw(st.booleans())
        rows.append({
            "id": f"row-{i}", "reported_on": draw(st.sampled_from(["2023-09", "2024-10-18", "2025-04-28"])),
            "status": draw(st.sampled_from(STATUSES)), "item": draw(safe_text), "claimant": f"{draw(safe_text)} {i}",
            "notes": draw(st.one_of(st.just(""), safe_text)),
            "quantity_low": str(low) if has_q else "",
            "quantity_high": str(low + draw(st.integers(0, 1000))) if has_q and draw(st.booleans()) else "",
            "unit": "soldiers" if has_q else "", "measure": "cumulative" if has_q else "",
        })
    return rows


def as_text(frame: pd.DataFrame) -> list[list[str]]:
    """Every cell as text, numbers without a trailing .0, empty for missing."""
    def cell(v):
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)
    return [[cell(v) for v in row] for row in frame.astype(object).itertuples(index=False)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_rows())
def test_valid_ledgers_survive_every_export_format(rows):
    result = load_bytes(ledger_bytes(rows), today=TODAY)
    assert result.ok, [str(p) for p in result.problems]
    frame = public_columns(result.frame, NAMES)
    want = as_text(frame)

    again = load_bytes(to_csv_bytes(frame), today=TODAY)
    assert again.ok and as_text(public_columns(again.frame, NAMES)) == want

    records = json.loads(to_json_bytes(frame))
    assert as_text(pd.DataFrame(records, columns=NAMES)) == want

    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame))).active
    cells = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header == NAMES
    assert as_text(pd.DataFrame(cells, columns=NAMES)) == want
