"""The analysts' API in ledger/__init__.py: thin wrappers that stay in step with what they wrap."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import ledger
from ledger.api import LedgerError
from ledger.flows import flow_figures, select_claims
from tests.conftest import FIXTURES, TODAY, ledger_bytes


def test_load_without_a_path_is_the_validated_shipped_ledger(shipped):
    pd.testing.assert_frame_equal(ledger.load(), shipped)


def test_load_raises_with_every_problem_and_where_it_is(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(ledger_bytes([{"id": "a", "status": "nope"}, {"id": "b", "reported_on": "2024-13-01"}]))
    with pytest.raises(ledger.LedgerError) as caught:
        ledger.load(path, today=TODAY)
    err = caught.value
    assert [(p.line, p.field) for p in err.problems] == [(2, "status"), (3, "reported_on")]
    assert f"{path}: line 2, column 13: " in str(err) and f"{path}: line 3, column 2: " in str(err)


def test_load_of_an_unreadable_file_raises_too():
    with pytest.raises(ledger.LedgerError, match="binary"):
        ledger.load(FIXTURES / "bad" / "binary_garbage.csv")


def test_select_and_figures_are_the_flows_functions(shipped):
    options = {"statuses": ["confirmed", "reported"], "categories": ["troops", "artillery_shells"]}
    pd.testing.assert_frame_equal(ledger.select(shipped, **options), select_claims(shipped, **options))
    pd.testing.assert_frame_equal(ledger.select(**options), select_claims(shipped, **options))
    chosen = select_claims(shipped, **options)
    pd.testing.assert_frame_equal(ledger.figures(chosen), flow_figures(chosen))
    pd.testing.assert_frame_equal(ledger.figures(), flow_figures(shipped))


def test_no_submodule_shares_a_name_with_the_public_api():
    import pkgutil

    modules = {m.name for m in pkgutil.iter_modules(ledger.__path__)}
    assert not modules & set(ledger.__all__)
    assert callable(ledger.load) and ledger.load is ledger.api.load and ledger.LedgerError is LedgerError
    code = "import ledger.reader as m; import ledger; assert ledger.load is ledger.api.load; m.load_path"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_reader_function_can_be_patched_by_its_dotted_name(monkeypatch):
    monkeypatch.setattr("ledger.reader.load_path", lambda *a, **k: None)
    import ledger.reader

    assert ledger.reader.load_path() is None


def test_the_version_is_the_same_in_pyproject_the_package_and_the_changelog():
    import re
    import tomllib
    from pathlib import Path

    import ledger

    root = Path(__file__).resolve().parent.parent
    declared = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    released = re.search(r"^## (\d+\.\d+\.\d+)", (root / "CHANGELOG.md").read_text(encoding="utf-8"), re.M).group(1)
    assert declared == ledger.__version__ == released
