"""ledger.validate on a text frame: problems name the physical line given for each row; typed companions."""

from __future__ import annotations

import pandas as pd

from ledger.cli_args import ledger_path_from_argv
from ledger.contract import load_contract
from ledger.validate import to_typed, validate_frame
from tests.conftest import BASE_ROW, TODAY


def frame(*rows: dict[str, str]) -> pd.DataFrame:
    names = load_contract().names
    return pd.DataFrame([{**BASE_ROW, **r} for r in rows], columns=names, dtype=object)


def test_a_problem_names_the_physical_line_its_row_starts_on():
    contract = load_contract()
    bad = frame({"id": "a"}, {"id": "b", "reported_on": "2024-13-01"})
    problems = validate_frame(bad, [2, 7], contract, TODAY)  # row b starts on line 7 (a multi-line cell above)
    assert [(p.line, p.column, p.field) for p in problems] == [(7, contract.names.index("reported_on") + 1,
                                                              "reported_on")]
    assert validate_frame(frame({"id": "a"}), [2], contract, TODAY) == []


def test_typed_companions_parse_numbers_and_month_dates():
    typed = to_typed(frame({"id": "a", "reported_on": "2024-10", "quantity_low": "1500"}))
    assert typed.loc[0, "quantity_low"] == 1500
    assert typed.loc[0, "reported_date"] == pd.Timestamp("2024-10-01")


def test_the_app_takes_its_ledger_after_the_double_dash(tmp_path):
    default = tmp_path / "shipped.csv"
    assert ledger_path_from_argv([], default) == default
    mine = tmp_path / "mine.csv"
    assert ledger_path_from_argv(["--ledger", str(mine), "--unknown", "x"], default) == mine


def test_every_repeated_claim_names_the_line_of_its_first_once():
    # pandera reports a repeated row once per column; a file may repeat hundreds of rows.
    contract = load_contract()
    rows = [{"id": f"r{i}", "item": f"item {i % 3}"} for i in range(600)]
    problems = validate_frame(frame(*rows), [2 + i for i in range(600)], contract, TODAY)
    assert [p.line for p in problems] == list(range(5, 602))
    assert all(p.message.startswith(f"makes the same claim as line {2 + (p.line - 2) % 3}: ") for p in problems)
