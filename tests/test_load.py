"""The loader and validator: one fixture file per failure mode, each with its expected outcome."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ledger.__main__ import main
from ledger.problems import problems_frame
from ledger.reader import load_bytes, load_path
from tests.conftest import FIXTURES, TODAY, load_rows

EXPECTED = json.loads((FIXTURES / "bad" / "expected.json").read_text())
BAD = sorted(EXPECTED)
GOOD = sorted(p.name for p in (FIXTURES / "good").glob("*.csv"))


def test_every_bad_fixture_has_an_expectation_and_vice_versa():
    on_disk = {p.name for p in (FIXTURES / "bad").glob("*.csv")}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) >= 30


@pytest.mark.parametrize("name", BAD)
def test_bad_fixture_gets_its_outcome(name):
    want = EXPECTED[name]
    result = load_path(FIXTURES / "bad" / name, today=TODAY)
    assert not result.ok
    assert result.exit_code == want["exit"]
    assert len(result.problems) == want.get("count", 1), [str(p) for p in result.problems]
    located = [p for p in result.problems if p.line == want["line"] and p.column == want["column"]]
    assert located, f"no problem at line {want['line']}, column {want['column']}: {[str(p) for p in result.problems]}"
    assert any(want["contains"] in p.message for p in located), [p.message for p in located]


@pytest.mark.parametrize("name", BAD)
def test_cli_gives_the_same_outcome_without_a_traceback(name, capsys):
    want = EXPECTED[name]
    code = main(["validate", str(FIXTURES / "bad" / name), "--today", TODAY.isoformat()])
    err = capsys.readouterr().err
    assert code == want["exit"]
    assert "Traceback" not in err
    where = ", ".join(x for x in (f"line {want['line']}" if want["line"] else "",
                                  f"column {want['column']}" if want["column"] else "") if x)
    assert where in err


@pytest.mark.parametrize("name", GOOD)
def test_accepted_variants_load(name):
    result = load_path(FIXTURES / "good" / name, today=TODAY)
    assert result.ok, [str(p) for p in result.problems]


def test_crlf_and_bom_give_the_same_frame_as_plain():
    plain = load_path(FIXTURES / "good" / "minimal.csv", today=TODAY).frame
    crlf = load_path(FIXTURES / "good" / "crlf.csv", today=TODAY).frame
    assert crlf.equals(plain)
    bom = load_path(FIXTURES / "good" / "bom.csv", today=TODAY).frame
    assert list(bom.columns) == list(plain.columns)
    assert bom.iloc[0].equals(plain.iloc[0])


def test_line_numbers_count_lines_inside_quoted_cells():
    result = load_path(FIXTURES / "bad" / "multiline_then_error.csv", today=TODAY)
    assert [p.line for p in result.problems] == [4]


def test_all_problems_are_collected_not_just_the_first():
    result = load_rows([{"status": "nope"}, {"id": "b", "reported_on": "2024-13-01", "unit": ""}])
    assert sorted((p.line, p.field) for p in result.problems) == [
        (2, "status"), (3, "reported_on"), (3, "unit")]


def test_missing_file_is_exit_2():
    result = load_path(Path("/nonexistent/ledger.csv"))
    assert result.exit_code == 2
    assert "cannot read" in result.problems[0].message


def test_valid_input_gives_typed_columns():
    frame = load_rows([{"quantity_low": "1500", "quantity_high": ""}]).frame
    assert str(frame["quantity_low"].dtype) == "Float64"
    assert frame["quantity_high"].isna().all()
    assert str(frame["reported_date"].iloc[0].date()) == "2024-10-18"


def test_month_only_dates_are_read_as_the_first_of_the_month():
    frame = load_rows([{"reported_on": "2024-10"}]).frame
    assert str(frame["reported_date"].iloc[0].date()) == "2024-10-01"


def test_at_least_figures_are_valid():
    assert load_rows([{"quantity_low": "10000", "quantity_high": ""}]).ok


def test_claims_without_figures_need_no_unit_or_measure():
    assert load_rows([{"quantity_low": "", "quantity_high": "", "unit": "", "measure": ""}]).ok


def test_extra_columns_are_kept_out_of_the_clean_frame():
    text = (FIXTURES / "good" / "minimal.csv").read_text().splitlines()
    widened = "\n".join([text[0] + ",my_column"] + [line + ",x" for line in text[1:]]) + "\n"
    result = load_bytes(widened.encode(), today=TODAY)
    assert result.ok
    assert "my_column" not in result.frame.columns


def test_problems_frame_has_line_column_message():
    result = load_rows([{"status": "nope"}])
    table = problems_frame(result.problems)
    assert list(table.columns) == ["line", "column", "field", "message"]
    assert table.iloc[0]["line"] == 2


def test_cli_valid_summary(capsys, tmp_path):
    path = tmp_path / "ok.csv"
    path.write_bytes((FIXTURES / "good" / "minimal.csv").read_bytes())
    assert main(["validate", str(path), "--today", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert out.strip() == f"{path}: valid, 2 claims (0 confirmed, 2 reported, 0 speculated)"
