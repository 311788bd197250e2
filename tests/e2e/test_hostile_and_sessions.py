"""Hostile content stays inert; readers' sessions never leak; what is downloaded is what is shown."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from ledger.flows import select_claims
from ledger.paths import LEDGER_PATH
from tests.conftest import FIXTURES, ledger_bytes
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_browser import pick_flow, wait_ready

pytestmark = pytest.mark.e2e

PAYLOADS = ['<script>window.__pwned = "script"</script>',
            '<img src="x" onerror="window.__pwned = \'img\'">',
            '<svg onload="window.__pwned = \'svg\'"></svg>',
            '[click](javascript:window.__pwned=1) $x$ :red[red] **bold**']
HOSTILE = ledger_bytes([
    {"id": f"hostile-{i}", "reported_on": f"2024-10-{10 + i}", "item": p, "claimant": p, "notes": p,
     "source_title": p, "source_outlet": p}
    for i, p in enumerate(PAYLOADS)
])
SHIPPED_SHA = hashlib.sha256(LEDGER_PATH.read_bytes()).hexdigest()


def upload(page, data: bytes, name: str) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def hover_label(page, attempts: int = 10, marks: str = ".js-plotly-plot .sankey-node", needle: str = "Latest:") -> str:
    """The text of a Sankey node's hover label (the one holding `needle`). Retried over the nodes, because
    a chart redrawn just after the rerun settles drops the label, and a band can lie over a node's centre."""
    links = page.locator(marks)
    links.first.wait_for(state="visible")
    for i in range(attempts):
        box = links.nth(i % links.count()).bounding_box()
        if box is None:  # caught mid-redraw: the node is in the page but not laid out yet
            page.wait_for_timeout(500)
            continue
        page.mouse.move(0, 0)
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        label = page.locator(".hoverlayer .hovertext").first
        try:
            label.wait_for(timeout=3_000)
            text = label.text_content(timeout=2_000)  # the label can vanish between the two calls
        except PlaywrightTimeoutError:
            continue
        if text and needle in text:
            return text
    return ""


def test_hostile_text_is_shown_as_text_and_never_runs(app_page, app_url):
    dialogs = []
    app_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    app_page.goto(f"{app_url}/?speculated=true")
    wait_ready(app_page)
    upload(app_page, HOSTILE, '<img src=x onerror="window.__pwned=1">.csv')
    app_page.get_by_text("Showing your ledger").wait_for(timeout=60_000)
    wait_ready(app_page)
    assert PAYLOADS[3] in hover_label(app_page)  # latest claimant, literally, on the flow's node
    pick_flow(app_page, 0)
    app_page.locator(".st-key-flow_sources li").first.wait_for()
    assert "<script>" in app_page.locator(".st-key-flow_sources").inner_text()  # shown, as text
    for tab in ("Figures", "Timeline", "Ledger and downloads", "Methodology", "Flows"):
        app_page.get_by_role("tab", name=tab).click()
        app_page.wait_for_timeout(500)
    app_page.screenshot(path=str(ARTIFACTS / "hostile.png"))
    assert app_page.evaluate("() => window.__pwned") is None
    assert dialogs == []
    assert app_page.locator('img[src="x"], svg[onload]').count() == 0
    assert app_page.locator('a[href^="javascript:"]').count() == 0


def test_one_readers_upload_and_filters_never_reach_another(chromium_browser, app_url, shipped):
    a = chromium_browser.new_context(viewport={"width": 1400, "height": 1000})
    b = chromium_browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        pa, pb = a.new_page(), b.new_page()
        pa.goto(app_url)
        wait_ready(pa)
        upload(pa, (FIXTURES / "good" / "minimal.csv").read_bytes(), "mine.csv")
        pa.get_by_text("Showing your ledger").wait_for(timeout=60_000)
        pa.get_by_role("switch", name="Speculated").click(force=True)
        pa.get_by_text("2 of 2").wait_for()

        pb.goto(app_url)
        wait_ready(pb)
        pb.get_by_text(f"{len(select_claims(shipped, ['confirmed', 'reported']))} of {len(shipped)}").wait_for()
        assert pb.get_by_role("switch", name="Speculated").is_checked() is False
        assert pb.get_by_text("Showing your ledger").count() == 0

        pa.reload()  # A's own view survives B's visit (the upload is A's alone)
        wait_ready(pa)
        assert pa.get_by_role("switch", name="Speculated").is_checked() is True
    finally:
        a.close()
        b.close()


def test_the_filtered_csv_holds_exactly_the_claims_shown(app_page, app_url, shipped, tmp_path):
    app_page.goto(f"{app_url}/?speculated=true&confirmed=false&categories=Troops&categories=Oil")
    wait_ready(app_page)
    app_page.get_by_role("tab", name="Ledger and downloads").click()
    with app_page.expect_download() as info:
        app_page.get_by_role("button", name="Download CSV: claims shown").click()
    path = tmp_path / "view.csv"
    info.value.save_as(path)
    got = [r["id"] for r in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))]
    want = select_claims(shipped, ["reported", "speculated"], categories=["troops", "oil"])
    assert sorted(got) == sorted(want["id"])


def test_the_shipped_ledger_is_never_modified_by_the_app(app_url):
    # runs after the uploads above in this module; the app must only ever read data/ledger.csv
    assert hashlib.sha256(LEDGER_PATH.read_bytes()).hexdigest() == SHIPPED_SHA
