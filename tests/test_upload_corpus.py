"""The dashboard's uploader gives every bad fixture the same outcome as the CLI, and keeps the ledger."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ledger.__main__ import main
from ledger.synth import write_synth
from tests.conftest import FIXTURES

APP = Path(__file__).resolve().parent.parent / "dashboard.py"
EXPECTED = json.loads((FIXTURES / "bad" / "expected.json").read_text())


@pytest.fixture(scope="module")
def shipped_total(shipped) -> str:
    return f"of {len(shipped)}"


def upload(data: bytes, name: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90).run()
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    return at


def same_place(value, want) -> bool:
    return (want is None and pd.isna(value)) or (want is not None and not pd.isna(value) and int(value) == want)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_uploader_shows_the_problem_and_keeps_the_current_ledger(name, shipped_total):
    want = EXPECTED[name]
    at = upload((FIXTURES / "bad" / name).read_bytes(), name)
    assert not at.exception, "a traceback reached the page"
    assert "not a valid ledger" in at.error[0].value
    problems = next(d.value for d in at.dataframe if "message" in d.value.columns)
    located = problems[[same_place(r.line, want["line"]) and same_place(r.column, want["column"])
                        for r in problems.itertuples()]]
    assert not located.empty, problems.to_string()
    assert located["message"].str.contains(want["contains"], regex=False).any()
    assert at.metric[0].value.endswith(shipped_total)


@pytest.fixture(scope="module")
def fifty_mb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "fifty.csv"
    write_synth(path, 200_000, seed=3)
    assert path.stat().st_size > 49 * 2**20
    return path


def test_a_50_mb_upload_gets_a_size_message_not_a_hang(fifty_mb, shipped_total):
    at = upload(fifty_mb.read_bytes(), "fifty.csv")
    assert not at.exception
    assert "the limit is 25 MB" in at.error[0].value
    assert at.metric[0].value.endswith(shipped_total)


def test_the_upload_limit_is_the_one_in_the_streamlit_config(shipped_total):
    """The sidebar reads server.maxUploadSize, so the limit is written once: change it and the message follows."""
    from streamlit import config

    shipped_mb = config.get_option("server.maxUploadSize")
    written = tomllib.loads((APP.parent / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    assert shipped_mb == written
    config.set_option("server.maxUploadSize", 1)
    try:
        at = upload(b"x" * (2 * 2**20), "two.csv")
    finally:
        config.set_option("server.maxUploadSize", shipped_mb)
    assert not at.exception
    assert "is 2.0 MB; the limit is 1 MB." in at.error[0].value
    assert at.metric[0].value.endswith(shipped_total)


def test_the_cli_validates_a_50_mb_file(fifty_mb, capsys):
    assert main(["validate", str(fifty_mb)]) == 0
    assert "valid, 200000 claims" in capsys.readouterr().out
