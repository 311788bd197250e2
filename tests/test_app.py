"""The app's wiring, through Streamlit's AppTest (no browser)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ledger.flows import select_claims
from tests.conftest import FIXTURES

APP = Path(__file__).resolve().parent.parent / "dashboard.py"


def run_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def sankey_values(at: AppTest) -> float:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return sum(spec["data"][0]["link"]["value"]) if spec["data"] else 0


def test_app_runs_without_exceptions_and_shows_the_shipped_ledger(shipped):
    at = run_app()
    assert not at.exception
    assert [t.label for t in at.toggle] == ["Confirmed", "Reported", "Speculated"]
    default = select_claims(shipped, ["confirmed", "reported"])
    assert at.metric[0].value == f"{len(default)} of {len(shipped)}"
    assert sankey_values(at) == 2 * len(default)


@pytest.mark.parametrize("status", ["confirmed", "reported", "speculated"])
def test_each_toggle_changes_the_figure_as_expected(shipped, status):
    at = run_app()
    on = {"confirmed", "reported"} ^ {status}
    at.toggle(key=status).set_value(status not in {"confirmed", "reported"}).run()
    assert not at.exception
    assert sankey_values(at) == 2 * len(select_claims(shipped, on))


def test_query_params_seed_the_filters(shipped):
    at = run_app({"speculated": "true", "confirmed": "false"})
    assert at.toggle(key="speculated").value is True
    assert at.toggle(key="confirmed").value is False
    assert sankey_values(at) == 2 * len(select_claims(shipped, ["reported", "speculated"]))


def test_invalid_ledger_shows_its_problems_not_a_traceback(monkeypatch):
    monkeypatch.setattr("sys.argv", ["dashboard.py", "--ledger", str(FIXTURES / "bad" / "unknown_status.csv")])
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert "not valid" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems.iloc[0]["line"] == 3 and problems.iloc[0]["column"] == 13
