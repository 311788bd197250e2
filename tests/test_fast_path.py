"""The fast path and the vectorised parsers agree exactly with the strict reader and the scalar parsers."""

from __future__ import annotations

import csv
import io
import re
from unittest import mock

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ledger import columns
from ledger.contract import load_contract
from ledger.fastpath import _STR, _content_end, _header_line, _Layout, fast_read
from ledger.parsers import _PLAIN_DATE, _PLAIN_NUMBER, fullmatch, parse_number, parse_partial_date, to_dates, to_numbers
from ledger.paths import LEDGER_PATH
from ledger.problems import LedgerReadError
from ledger.reader import CELL_LIMIT, _load_strict, load_bytes, load_path, read_records
from ledger.rules import DUPLICATE_KEY, rule_checks
from tests.conftest import BASE_ROW, TODAY, ledger_bytes

CONTRACT = load_contract()
NAMES = CONTRACT.names
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

any_text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=14)
digits = st.integers(min_value=0, max_value=99)


@st.composite
def date_like(draw) -> str:
    """YYYY-MM(-DD) with any numbers in the parts, so impossible dates come up often."""
    year = draw(st.integers(min_value=0, max_value=9999))
    text = f"{year:04d}-{draw(digits):02d}"
    return text + (f"-{draw(digits):02d}" if draw(st.booleans()) else "")


number_like = st.one_of(
    st.from_regex(_PLAIN_NUMBER, fullmatch=True),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", " 1", "1 ", "1_000", "nan", "-inf", "١٢", "1e999", "0x10", ".", "e5", "+.5e-3"]),
)


def column(values: list[str]) -> pd.Series:
    return pd.Series(values, dtype=str)


@SETTINGS
@given(st.lists(st.one_of(number_like, any_text), max_size=30))
def test_to_numbers_equals_parse_number(values):
    got = to_numbers(column(values))
    assert got.dtype == "Float64"
    for text, value in zip(values, got, strict=True):
        want = parse_number(text) if text else None
        assert (pd.isna(value) and want is None) or value == want, text


@SETTINGS
@given(st.lists(st.one_of(date_like(), st.from_regex(_PLAIN_DATE, fullmatch=True), any_text), max_size=30))
def test_to_dates_equals_parse_partial_date(values):
    got = to_dates(column(values))
    assert str(got.dtype) == "datetime64[s]"
    for text, value in zip(values, got, strict=True):
        want = parse_partial_date(text)
        assert (pd.isna(value) and want is None) or value == pd.Timestamp(want), text


url_like = st.builds(lambda scheme, rest: scheme + rest, st.sampled_from(["http://", "https://", "ftp://", ""]),
                     any_text)


@SETTINGS
@given(st.sampled_from(sorted({f.constraints["pattern"] for f in CONTRACT.fields if "pattern" in f.constraints})),
       st.lists(st.one_of(url_like, date_like(), any_text), max_size=30))
def test_fullmatch_equals_python_re(pattern, values):
    rx = re.compile(pattern)
    got = fullmatch(column(values), rx)
    assert got.tolist() == [rx.fullmatch(v) is not None for v in values]


def test_fullmatch_reads_whitespace_as_python_does():
    # RE2's \s is [\t\n\f\r ]; Python's also holds \v, \x1c-\x1f and Unicode spaces. Hypothesis found \x1f.
    rx = CONTRACT.url_pattern
    values = [f"http://a{c}b" for c in "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u2003\x1b"] + ["http://ab"]
    assert fullmatch(column(values), rx).tolist() == [rx.fullmatch(v) is not None for v in values]


# --- the whole loader ---------------------------------------------------------------------------


def assert_same_result(data: bytes) -> None:
    fast = load_bytes(data, today=TODAY)
    exact = _load_strict(data, "<upload>", CONTRACT, TODAY)
    assert fast.problems == exact.problems
    assert fast.ok == exact.ok
    if fast.ok:
        pd.testing.assert_frame_equal(fast.frame, exact.frame)


cell = st.one_of(any_text, st.sampled_from(["", "a\nb", "a\rb", 'say "x"', "a,b", "\r\n", " "]))


@st.composite
def ledger_text(draw) -> bytes:
    """Ledgers of valid rows with some cells overwritten, mixed line endings and blank lines."""
    rows = []
    for i in range(draw(st.integers(min_value=0, max_value=5))):
        row = {**BASE_ROW, "id": f"row-{i}", "claimant": f"claimant {i}"}
        for name in draw(st.lists(st.sampled_from(NAMES), max_size=3)):
            row[name] = draw(cell)
        rows.append([row[n] for n in NAMES][: draw(st.sampled_from([len(NAMES), len(NAMES), len(NAMES) - 1]))])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(NAMES)
    for row in rows:
        writer.writerow(row)
        if draw(st.integers(0, 5)) == 0:
            buf.write("\n")
    return (draw(st.sampled_from(["", "\ufeff", "\n"])) + buf.getvalue()).encode("utf-8")


@SETTINGS
@given(ledger_text())
def test_fast_loader_equals_the_in_memory_loader(data):
    assert_same_result(data)


# Raw text that csv's strict mode and Arrow read differently, or that shifts line numbers:
# text after a closing quote, quotes inside unquoted cells, lone CRs, blank and quoted-empty lines.
FRAGMENTS = ['"a"b', '"a" ', 'a"b', '""', '"', '"x""', '\r', '\n', '\r\n', '\n\n', '"x\r\ny"', '""""', ',', '"\n"']


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledger_text(), st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(FRAGMENTS)), min_size=1,
                               max_size=3))
def test_fast_loader_equals_the_in_memory_loader_with_raw_quoting(data, inserts):
    text = data.decode("utf-8")
    for at, fragment in inserts:
        at %= len(text) + 1
        text = text[:at] + fragment + text[at:]
    assert_same_result(text.encode("utf-8"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_fast_loader_equals_the_in_memory_loader_on_any_bytes(data):
    assert_same_result(data)


def assert_same_read(fast, raw: bytes) -> None:
    """The fast path's header, frame and start lines are the strict reader's."""
    strict = read_records(raw)
    assert fast.header == strict.header
    assert list(fast.starts) == strict.starts
    pd.testing.assert_frame_equal(fast.frame, strict.frame())


def test_the_fast_path_reads_the_shipped_ledger_as_the_strict_reader_does():
    """The fast path is really taken on the shipped file, and reads it exactly."""
    with LEDGER_PATH.open("rb") as raw:
        fast = fast_read(raw, str(LEDGER_PATH), CELL_LIMIT)
    assert fast is not None and len(fast.frame) > 0
    assert_same_read(fast, LEDGER_PATH.read_bytes())


def test_a_file_the_fast_path_declines_is_read_without_losing_rows():
    # Arrow's skip_rows counts the blank line, so it would read the header as a claim.
    data = b"\n" + ledger_bytes([{"id": "a"}, {"id": "b", "claimant": "Other"}])
    assert fast_read(io.BytesIO(data), pa.BufferReader(data), CELL_LIMIT) is None
    result = load_bytes(data, today=TODAY)
    assert result.ok and result.frame["id"].tolist() == ["a", "b"]


@pytest.mark.parametrize("header", [
    [*NAMES, "status"],  # a duplicated column
    [n for n in NAMES if n != "status"],  # a missing one
    [f" {n} " for n in NAMES],  # spaces around the names
    ["what", "is", "this"],  # not a ledger
])
def test_header_problems_are_the_same_whichever_path_reads_the_file(header):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerow([BASE_ROW.get(h.strip(), "reported") for h in header])
    raw = buf.getvalue().encode("utf-8")
    fast = fast_read(io.BytesIO(raw), pa.BufferReader(raw), CELL_LIMIT)
    assert fast is not None  # the header is read by the reader's checks, not by the fast path's refusal
    assert_same_read(fast, raw)
    assert_same_result(raw)


@pytest.mark.parametrize("fault, message", [(b"\x00", "binary"), (b"\xff", "not UTF-8")])
def test_a_bad_byte_deep_in_a_large_file_is_found_at_its_line(tmp_path, fault, message):
    rows = [{"id": f"r-{i}", "claimant": f"c {i}"} for i in range(12_000)]  # about 3 MB, several reads
    data = ledger_bytes(rows)
    cut = data.index(b"r-11000,")
    path = tmp_path / "big.csv"
    path.write_bytes(data[:cut] + fault + data[cut:])
    result = load_path(path, today=TODAY)
    assert not result.ok and result.exit_code == 2
    assert message in result.problems[0].message
    assert result.problems[0].line == data[:cut].count(b"\n") + 1


@given(st.lists(st.sampled_from([b"a", b"\r", b"\n", b","]), max_size=200).map(b"".join))
@example(b"a" + b"\r\n" * 50)  # a run of line ends longer than the tail looked at first
@example(b"\n" * 100)
def test_the_end_of_a_chunks_content_is_where_rstrip_would_cut(chunk):
    assert _content_end(chunk) == len(chunk.rstrip(b"\r\n"))


# --- checks run once per distinct value against checks of every cell --------------------------

# Cells the column checks judge differently; the rows repeat, so the checks run value by value.
odd_cell = st.sampled_from(["", " ", "2024-02-30", "2024-07", "0000-01-01", "=1", "-5", "1e3", "inf", "DPRK",
                            "x y", "é", "\x0b", "https://a b", "2999-01-01", "a" * 300, "1.0.0"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # two loads of up to 48 rows
@given(st.lists(st.dictionaries(st.sampled_from(NAMES[1:]), odd_cell, max_size=4), min_size=1, max_size=4),
       st.integers(min_value=1, max_value=12))
def test_checking_each_distinct_value_once_equals_checking_every_cell(rows, copies):
    data = ledger_bytes([{**row, "id": f"row-{i}-{k}"} for k in range(copies) for i, row in enumerate(rows)])
    by_value = load_bytes(data, today=TODAY)
    with mock.patch.object(columns, "_distinct", lambda s: None):
        by_cell = load_bytes(data, today=TODAY)
    assert by_value.problems == by_cell.problems
    assert by_value.ok == by_cell.ok
    if by_value.ok:
        pd.testing.assert_frame_equal(by_value.frame, by_cell.frame)


def test_a_repeating_column_is_checked_value_by_value_and_a_varied_one_cell_by_cell():
    repeating = pd.Series(["DPRK", "Russia"] * 500, dtype=_STR)
    codes, values = columns.distinct(repeating)
    assert sorted(values) == ["DPRK", "Russia"] and (values.take(codes).to_numpy() == repeating.to_numpy()).all()
    assert columns.distinct(pd.Series([f"id-{i}" for i in range(1000)], dtype=_STR)) is None
    assert columns.distinct(pd.Series([], dtype=_STR)) is None
    # Past the sample's length, a column whose first rows are all distinct is not hashed whole.
    ids = pd.Series([f"id-{i}" for i in range(columns._SAMPLE)] + ["x"] * columns._SAMPLE, dtype=_STR)
    with mock.patch.object(pd.Series, "factorize", side_effect=AssertionError("hashed a varied column")):
        assert columns.distinct(ids) is None
    long_repeating = pd.Series(["DPRK", "Russia"] * columns._SAMPLE, dtype=_STR)
    assert len(columns.distinct(long_repeating)[1]) == 2


# --- whole-column rules against their cell-by-cell definitions ----------------------------------

tricky = st.sampled_from(["", "a", "b", "a\x1fb", "\x1f", "a\x1f", "x y", "é"])


@SETTINGS
@given(st.lists(st.tuples(*[tricky] * len(DUPLICATE_KEY)), max_size=12), st.data())
def test_no_duplicate_claims_equals_pandas_duplicated(rows, data):
    rows = rows + data.draw(st.lists(st.sampled_from(rows), max_size=4)) if rows else rows
    frame = pd.DataFrame(rows, columns=DUPLICATE_KEY, dtype=str).astype(_STR)
    got = rule_checks(CONTRACT)["no_duplicate_claims"](frame)
    assert got.tolist() == (~frame.duplicated(DUPLICATE_KEY, keep="first")).tolist()


UNITS = {c: set(u.split(";")) for c, u in CONTRACT.lookup("categories", "id", "units").items()}
category_like = st.one_of(st.sampled_from(sorted(UNITS)), tricky)
unit_like = st.one_of(st.sampled_from(sorted({u for us in UNITS.values() for u in us})), tricky)


@SETTINGS
@given(st.lists(st.tuples(category_like, unit_like), max_size=20))
def test_unit_in_category_equals_the_pairwise_rule(pairs):
    frame = pd.DataFrame(pairs, columns=["category", "unit"], dtype=str).astype(_STR)
    got = rule_checks(CONTRACT)["unit_in_category"](frame)
    want = [u == "" or c not in UNITS or u in UNITS[c] for c, u in pairs]
    assert got.tolist() == want


@SETTINGS
@given(st.lists(st.one_of(date_like(), st.from_regex(_PLAIN_DATE, fullmatch=True)), min_size=1, max_size=30))
def test_to_dates_on_columns_of_plain_shapes_equals_parse_partial_date(values):
    # Every cell plain is the one-cast path a valid ledger takes; date_like brings in year 0 and
    # impossible days, which must send the column back to the cell-by-cell path.
    got = to_dates(column(values))
    for text, value in zip(values, got, strict=True):
        want = parse_partial_date(text)
        assert (pd.isna(value) and want is None) or value == pd.Timestamp(want), text


CLAIMANT_TYPES = CONTRACT.lookup("claimants", "id", "claimant_type")
KNOWN_TYPES = set(CONTRACT.field("claimant_type").constraints["enum"])


@SETTINGS
@given(st.lists(st.tuples(st.one_of(st.sampled_from(sorted(CLAIMANT_TYPES)), tricky),
                          st.one_of(st.sampled_from(sorted(KNOWN_TYPES)), tricky)), max_size=20))
def test_claimant_type_matches_equals_the_pairwise_rule(pairs):
    frame = pd.DataFrame(pairs, columns=["claimant_id", "claimant_type"], dtype=str).astype(_STR)
    got = rule_checks(CONTRACT)["claimant_type_matches"](frame)
    want = [i not in CLAIMANT_TYPES or t not in KNOWN_TYPES or CLAIMANT_TYPES[i] == t for i, t in pairs]
    assert got.tolist() == want


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["", "s1", "s2"]), tricky, tricky, tricky), max_size=20))
@example([("s1", "a\x1fb", "", "x y"), ("s1", "a", "b\x1f", "x y")])  # two flows that join to the same text
def test_shipment_in_one_flow_equals_the_row_by_row_rule(rows):
    columns = ["shipment", "from_party", "to_party", "category"]
    frame = pd.DataFrame(rows, columns=columns, dtype=str).astype(_STR)
    got = rule_checks(CONTRACT)["shipment_in_one_flow"](frame)
    first_flow: dict[str, tuple[str, ...]] = {}
    want = []
    for shipment, *flow in rows:
        want.append(shipment == "" or first_flow.setdefault(shipment, tuple(flow)) == tuple(flow))
    assert got.tolist() == want


@SETTINGS
@given(st.lists(st.one_of(date_like(), st.just(""), any_text), max_size=30))
def test_to_dates_on_mostly_blank_columns_equals_parse_partial_date(values):
    values = values + [""] * len(values)
    got = to_dates(column(values))
    for text, value in zip(values, got, strict=True):
        want = parse_partial_date(text) if text else None
        assert (pd.isna(value) and want is None) or value == pd.Timestamp(want), text


@SETTINGS
@given(ledger_text(), st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(FRAGMENTS)), max_size=2))
def test_fast_read_equals_the_strict_reader_whenever_it_answers(data, inserts):
    text = data.decode("utf-8")
    for at, fragment in inserts:
        at %= len(text) + 1
        text = text[:at] + fragment + text[at:]
    raw = text.encode("utf-8")
    fast = fast_read(io.BytesIO(raw), pa.BufferReader(raw), CELL_LIMIT)
    if fast is not None:
        assert_same_read(fast, raw)


def test_fast_read_answers_for_multiline_cells_and_crlf_and_counts_their_lines():
    rows = [{"id": f"r-{i}", "claimant": f"c {i}", "notes": "one\r\ntwo\nthree\rfour" if i % 2 else 'say "hi", then'}
            for i in range(6)]
    raw = ledger_bytes(rows).replace(b"\n", b"\r\n").replace(b"\r\r\n", b"\r\n")
    fast = fast_read(io.BytesIO(raw), pa.BufferReader(raw), CELL_LIMIT)
    assert fast is not None
    assert_same_read(fast, raw)
    assert fast.starts[-1] > len(rows) + 1  # the multi-line cells pushed the later records down


@pytest.mark.parametrize("fault", [b'"x"y', b"\n\n", b'"open'])
def test_fast_read_hands_over_what_it_cannot_vouch_for(fault):
    raw = ledger_bytes([{"id": "a"}, {"id": "b", "claimant": "Other"}])
    cut = raw.index(b"\nb,") + 1
    raw = raw[:cut] + fault + raw[cut:]
    assert fast_read(io.BytesIO(raw), pa.BufferReader(raw), CELL_LIMIT) is None
    assert_same_result(raw)


def with_fragments(data: bytes, inserts: list[tuple[int, str]]) -> bytes:
    text = data.decode("utf-8")
    for at, fragment in inserts:
        at %= len(text) + 1
        text = text[:at] + fragment + text[at:]
    return text.encode("utf-8")


def layout_of(body: bytes, size: int) -> tuple[int | None, bool | None]:
    layout = _Layout()
    for i in range(0, len(body), size):
        layout.feed(body[i:i + size])
    lines = layout.lines()
    return lines, (layout.quoted_breaks if lines is not None else None)


@SETTINGS
@given(ledger_text(), st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(FRAGMENTS)), max_size=3),
       st.integers(min_value=1, max_value=40))
def test_the_layout_pass_answers_the_same_however_the_bytes_are_chunked(data, inserts, size):
    body = with_fragments(data, inserts)
    assert layout_of(body, size) == layout_of(body, len(body) + 1)


@SETTINGS
@given(ledger_text(), st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(FRAGMENTS)), max_size=3))
def test_the_layout_pass_sees_a_line_end_inside_a_cell_exactly_when_the_strict_reader_does(data, inserts):
    raw = with_fragments(data, inserts)
    head = _header_line(raw)
    if head is None:
        return  # the fast path reads the body only after a plain first line
    lines, quoted_breaks = layout_of(raw[head[1]:], len(raw) + 1)
    if lines is None:
        return
    try:
        records = read_records(raw)
    except LedgerReadError:
        return
    assert quoted_breaks == any("\n" in cell or "\r" in cell for row in records.rows for cell in row)
