"""Shared fixtures: the contract, the shipped ledger, and a builder for small valid ledgers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from ledger.contract import load_contract
from ledger.paths import LEDGER_PATH
from ledger.reader import LoadResult, load_bytes, load_path

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 11, 23)  # the release date, fixed so future-date checks don't drift with the calendar

BASE_ROW = {
    "id": "a-claim", "reported_on": "2024-10-18", "from_party": "DPRK", "to_party": "Russia",
    "category": "troops", "item": "soldiers", "quantity_low": "1500", "quantity_high": "1500",
    "unit": "soldiers", "measure": "cumulative", "period_start": "", "period_end": "", "status": "reported",
    "stance": "asserts", "claimant_id": "kr-nis",
    "claimant": "An intelligence service", "claimant_type": "third_government", "source_outlet": "Outlet",
    "source_title": "Title", "source_url": "https://example.org/a", "source_date": "2024-10-18", "notes": "",
    "shipment": "", "site_ids": "", "added_in": "1.0.0",
}


def run_coroutine(coro):
    """asyncio.run on a thread of its own: Playwright's sync API keeps an event loop running in this one."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def ledger_bytes(rows: list[dict[str, str]]) -> bytes:
    """A ledger CSV (contract columns, LF endings) holding `rows` over BASE_ROW defaults."""
    names = load_contract().names
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**BASE_ROW, **row})
    return buf.getvalue().encode("utf-8")


def load_rows(rows: list[dict[str, str]]) -> LoadResult:
    """Validate rows built over BASE_ROW."""
    return load_bytes(ledger_bytes(rows), "<test>", today=TODAY)


@pytest.fixture(scope="session")
def shipped():
    """The shipped ledger, validated."""
    result = load_path(LEDGER_PATH)
    assert result.ok, [str(p) for p in result.problems]
    return result.frame
