"""Releases and the data changelog: consistency with the ledger, what's new, and `python -m ledger diff`."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from ledger.__main__ import main
from ledger.paths import LEDGER_PATH
from ledger.releases import (
    CHANGE_KINDS,
    changes_since,
    consistency_problems,
    diff_ledgers,
    diff_report,
    latest_release,
    load_changes,
    load_releases,
    read_for_diff,
    versions_after,
)
from tests.conftest import FIXTURES, TODAY


def test_the_shipped_changelog_agrees_with_the_ledger(shipped):
    assert consistency_problems(shipped, load_changes(), load_releases()) == []


def releases_frame(*pairs: tuple[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(pairs, columns=["version", "date"])
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    return frame


def changes_frame(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame([(v, i, c, "", "why") for v, i, c in rows], columns=["version", "id", "change", "fields",
                                                                             "reason"])


RELEASES = releases_frame(("1.0.0", "2025-01-01"), ("1.1.0", "2025-06-01"))
CLAIMS = pd.DataFrame({"id": ["a", "b"], "added_in": ["1.0.0", "1.1.0"], "item": ["x", "y"],
                       "claimant": ["P", "Q"]})
GOOD = changes_frame(("1.0.0", "a", "added"), ("1.1.0", "b", "added"), ("1.1.0", "gone", "withdrawn"),
                     ("1.1.0", "a", "corrected"))


def test_a_consistent_changelog_has_no_problems():
    assert consistency_problems(CLAIMS, GOOD, RELEASES) == []


@pytest.mark.parametrize(("changes", "releases", "expected"), [
    (GOOD[GOOD["id"] != "b"], RELEASES, "b has 0 'added' rows"),
    (pd.concat([GOOD, changes_frame(("1.1.0", "a", "added"))]), RELEASES, "a has 2 'added' rows"),
    (changes_frame(("1.1.0", "a", "added"), ("1.1.0", "b", "added")), RELEASES, "its added_in is 1.0.0"),
    (pd.concat([GOOD, changes_frame(("1.1.0", "b", "withdrawn"))]), RELEASES, "b is withdrawn"),
    (pd.concat([GOOD, changes_frame(("9.9.9", "z", "withdrawn"))]), RELEASES, "version 9.9.9 is not in"),
    (GOOD, releases_frame(("1.0.0", "2025-07-01"), ("1.1.0", "2025-06-01")), "not in date order"),
    (pd.concat([GOOD, changes_frame(("1.1.0", "b", "renamed"))]), RELEASES, "unknown change 'renamed'"),
])
def test_each_disagreement_is_reported(changes, releases, expected):
    problems = consistency_problems(CLAIMS, changes, releases)
    assert any(expected in p for p in problems), problems


def test_versions_after_a_release_or_a_date():
    assert versions_after(RELEASES, version="1.0.0") == ["1.1.0"]
    assert versions_after(RELEASES, version="1.1.0") == []
    assert versions_after(RELEASES, date=dt.date(2024, 12, 31)) == ["1.0.0", "1.1.0"]
    assert versions_after(RELEASES, date=dt.date(2025, 6, 1)) == []


def test_changes_since_lists_each_change_with_its_reason_and_claim():
    new = changes_since(GOOD, RELEASES, CLAIMS, version="1.0.0")
    assert list(new["change"]) == ["added", "corrected", "withdrawn"]
    assert list(new["id"]) == ["b", "a", "gone"]
    assert list(new["item"]) == ["y", "x", ""]  # a withdrawn claim is no longer in the ledger
    assert set(new["reason"]) == {"why"} and set(new["date"]) == {dt.date(2025, 6, 1)}


def test_whats_new_in_the_shipped_data_matches_the_changelog(shipped):
    releases, changes = load_releases(), load_changes()
    first = releases["version"].iloc[0]
    since = changes_since(changes, releases, shipped, version=first)
    assert len(since) == int((changes["version"] != first).sum())
    everything = changes_since(changes, releases, shipped, date=releases["date"].iloc[0] - dt.timedelta(days=1))
    assert len(everything) == len(changes)
    assert set(everything["change"]) <= set(CHANGE_KINDS)
    assert latest_release(releases) == (releases["version"].iloc[-1], releases["date"].iloc[-1])


OLD = pd.DataFrame({"id": ["a", "b", "c"], "item": ["x", "y", "z"], "notes": ["", "n", ""]})
NEW = pd.DataFrame({"id": ["a", "c", "d"], "item": ["x", "z2", "w"], "notes": ["", "m", ""]})


def test_diff_names_added_withdrawn_and_corrected_ids_with_their_fields():
    diff = diff_ledgers(OLD, NEW)
    assert diff.values.tolist() == [["added", "d", ""], ["corrected", "c", "item;notes"], ["withdrawn", "b", ""]]
    assert diff_ledgers(OLD, OLD).empty
    text = diff_report(diff, "old.csv", "new.csv", markdown=False)
    assert "1 added, 1 corrected, 1 withdrawn." in text and "- c: item, notes" in text
    assert "## Corrected (1)" in diff_report(diff, "old.csv", "new.csv")


def test_diff_cli_exit_codes(tmp_path, capsys):
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    OLD.to_csv(old, index=False)
    NEW.to_csv(new, index=False)
    assert main(["diff", str(LEDGER_PATH), str(LEDGER_PATH)]) == 0
    assert main(["diff", str(old), str(new), "--format", "text"]) == 1
    assert "Withdrawn (1):\n- b" in capsys.readouterr().out
    dup = tmp_path / "dup.csv"
    dup.write_text("id,item\na,x\na,y\n", encoding="utf-8")
    assert main(["diff", str(old), str(dup)]) == 2
    assert "line 3, column id: duplicate id 'a'" in capsys.readouterr().err
    assert main(["diff", str(old), str(tmp_path / "missing.csv")]) == 2


def test_diff_names_the_physical_line_as_validate_does(capsys):
    # After a three-line note, the repeated id starts on physical line 6 (pandas' row count said 4).
    fixture = FIXTURES / "bad" / "multiline_then_duplicate_id.csv"
    assert main(["diff", str(FIXTURES / "good" / "minimal.csv"), str(fixture)]) == 2
    assert capsys.readouterr().err == f"{fixture}: line 6, column id: duplicate id 'a-claim' (first on line 2)\n"
    assert main(["validate", str(fixture), "--today", TODAY.isoformat()]) == 1
    assert "line 6, column 1: id 'a-claim' is used more than once (first on line 2)" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["unknown_status.csv", "missing_column.csv", "multiline_then_error.csv"])
def test_diff_reads_ledgers_that_break_other_rules(name, capsys):
    assert main(["diff", str(FIXTURES / "good" / "minimal.csv"), str(FIXTURES / "bad" / name)]) in (0, 1)
    out, err = capsys.readouterr()
    assert out.startswith("# Changes from minimal.csv to ") and err == ""


@pytest.mark.parametrize("name, where", [
    ("ragged_row_long.csv", "line 3, column 26: this row has 26 cells"),
    ("unterminated_quote.csv", "line 3, column 6: a quoted cell is never closed"),
    ("binary_garbage.csv", "line 1: the file is binary"),
    ("empty.csv", "the file is empty"),
])
def test_diff_exits_2_with_the_strict_readers_message(name, where, capsys):
    path = FIXTURES / "bad" / name
    assert main(["diff", str(FIXTURES / "good" / "minimal.csv"), str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"{path}: {where}")


def test_read_for_diff_gives_the_text_and_reports_every_empty_or_repeated_id(tmp_path):
    path = tmp_path / "ids.csv"
    path.write_text('id,note\na,"two\nlines"\n ,x\na,y\nb,z\n', encoding="utf-8")
    frame, problems = read_for_diff(path)
    assert frame is None
    assert [(p.line, p.column, p.message) for p in problems] == [
        (4, 1, "empty id"), (5, 1, "duplicate id 'a' (first on line 2)")]
    path.write_text('id,note\na,"two\nlines"\nb,\n', encoding="utf-8")
    frame, problems = read_for_diff(path)
    assert problems == [] and frame.values.tolist() == [["a", "two\nlines"], ["b", ""]]
