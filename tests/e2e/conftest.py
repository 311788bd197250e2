"""Serve the real app with `streamlit run` on a free port and drive it in Debian's headless Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.launch import DASHBOARD, ROOT
from tests.browser import CHROMIUM_ARGS, chromium_path
from tests.server import serve

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path:
        return path
    message = "Debian's chromium is not installed (apt-get install chromium); `make test` installs it as root"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)  # in CI a missing browser is a failure, never a skip
    pytest.skip(message)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory) -> Iterator[str]:
    with serve(DASHBOARD, tmp_path_factory.mktemp("streamlit") / "server.log") as (url, _):
        yield url


@pytest.fixture(scope="session")
def chromium_browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def app_page(chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
