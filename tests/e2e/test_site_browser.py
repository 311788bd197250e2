"""The static edition in headless Chromium, served by a plain static file server on loopback.

The site is built once by the CLI (`python -m ledger site OUT`, preview images included) for the server's own
address, so every absolute address in it (canonical, og:image) points at the server.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from deploy.launch import ROOT
from ledger.contract import STATUSES
from ledger.flows import asserting, select_claims
from ledger.geo import claim_sites
from ledger.reference import category_kinds
from ledger.releases import latest_release, load_changes, load_releases
from tests.browser import PHONE
from tests.e2e.test_browser import LINK_SUM
from tests.e2e.test_people import AXE_CORE_VERSION

pytestmark = pytest.mark.e2e

FLOW = "flows/dprk-russia-troops/"
# The claims behind the sites the first page's map draws (each site's claims, summed), or null before it is drawn.
MAP_SUM = ("() => { const p = document.getElementById('map'); return p && p.data ? p.data.filter("
           "t => t.mode === 'markers+text').reduce((a, t) => a + t.customdata.reduce((b, c) => b + c[2], 0), 0) "
           ": null; }")
OUTLINES = "#map .geo .countries path"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the test output is no place for an access log
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory, chromium) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("static") / "site"
    folder.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    # Built in a process of its own: the previews drive Chromium through Playwright's sync API, which can't
    # start inside this session's running one.
    done = subprocess.run([sys.executable, "-m", "ledger", "site", str(folder), "--base-url", url, "--force",
                           "--chromium", chromium], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def guarded(chromium_browser, site_url):
    """A page whose every request to another origin is recorded and aborted."""
    context = chromium_browser.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith(site_url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    yield page, outside
    context.close()


def drawn_total(shipped, statuses, as_of=None) -> int:
    claims = asserting(select_claims(shipped, statuses, as_of))
    return 2 * int((claims["category"].map(category_kinds()) != "consequence").sum())


def ready(page) -> None:
    page.locator(".js-plotly-plot .sankey-link").first.wait_for(state="visible", timeout=60_000)
    page.wait_for_function("() => window.ledgerReady === true", timeout=60_000)


def sites_total(shipped, statuses) -> int:
    """The claims naming a site, summed over the sites, as the dashboard's Map tab counts them."""
    return len(claim_sites(asserting(select_claims(shipped, statuses))))


def show_map(page) -> None:
    """Scroll to the map, which is drawn only when it comes into view, and wait for its outlines."""
    page.locator("#map").scroll_into_view_if_needed()
    page.locator(OUTLINES).first.wait_for(state="attached", timeout=60_000)


def test_the_first_page_draws_the_sankey_with_nothing_from_another_origin(guarded, site_url, shipped, artifacts):
    page, outside = guarded
    page.goto(site_url)
    ready(page)
    assert page.evaluate(LINK_SUM) == drawn_total(shipped, ["confirmed", "reported"])
    for path in ("", FLOW, f"claims/{shipped['id'].iloc[0]}/", "downloads/", "changes/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    assert outside == []
    page.goto(site_url)
    ready(page)
    page.screenshot(path=str(artifacts / "static-first-page.png"))


def test_the_first_page_draws_the_map_from_outlines_the_site_serves_itself(guarded, site_url, shipped, artifacts):
    page, outside = guarded
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(site_url)
    ready(page)
    assert page.evaluate(MAP_SUM) is None  # not drawn, its outlines not fetched, until a reader scrolls to it
    assert not any(u.endswith("world_50m.json") for u in asked)
    show_map(page)
    assert page.locator(OUTLINES).count() > 0
    page.wait_for_function(f"() => ({MAP_SUM})() === {sites_total(shipped, ['confirmed', 'reported'])}")
    assert page.locator("#map .scattergeo .point").count() > 10
    assert any(re.fullmatch(re.escape(site_url) + r"static/topojson-[0-9a-f]+/world_50m\.json", u) for u in asked)
    assert outside == []
    page.locator("#map").screenshot(path=str(artifacts / "static-map.png"))


def test_switching_speculated_or_a_quarter_redraws_with_no_network_request(guarded, site_url, shipped):
    page, outside = guarded
    page.goto(site_url)
    ready(page)
    show_map(page)  # drawn once, so a switch redraws it too
    page.wait_for_load_state("networkidle")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    before = page.locator("#figures-table tbody").inner_text()
    page.get_by_role("switch", name="Speculated").check()
    every = drawn_total(shipped, ["confirmed", "reported", "speculated"])
    page.wait_for_function(f"() => ({LINK_SUM})() === {every}", timeout=10_000)
    page.wait_for_function("before => document.querySelector('#figures-table tbody').innerText !== before", arg=before,
                           timeout=10_000)  # the table follows the diagram in the next task
    expect(page.locator("#view-words")).to_contain_text("speculated")
    page.wait_for_function(f"() => ({MAP_SUM})() === {sites_total(shipped, STATUSES)}", timeout=10_000)
    page.get_by_label("As known on", exact=True).select_option("2024-12-31")
    earlier = drawn_total(shipped, ["confirmed", "reported", "speculated"], dt.date(2024, 12, 31))
    page.wait_for_function(f"() => ({LINK_SUM})() === {earlier}", timeout=10_000)
    expect(page.locator("#dashboard-link")).to_have_attribute("href", re.compile("as_of=2024-12-31"))
    assert requests == [] and outside == []


def test_the_tables_and_claim_pages_read_without_javascript(chromium_browser, site_url, shipped):
    context = chromium_browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url)
    assert page.locator("#figures-table tbody tr").count() > 10
    assert not page.locator("#controls").is_visible()
    page.goto(site_url + f"claims/{shipped['id'].iloc[0]}/")
    assert page.locator("#cite").is_visible()
    context.close()


def test_a_claim_page_shows_its_citation_and_a_withdrawn_one_says_so(guarded, site_url, shipped):
    page, _ = guarded
    cid = shipped["id"].iloc[3]
    page.goto(site_url + f"claims/{cid}/")
    cite = page.locator("#cite").inner_text()
    version, date = latest_release(load_releases())
    assert f"release {version} of {date:%Y-%m-%d}" in cite and f"{site_url}claims/{cid}/" in cite
    gone = load_changes().query("change == 'withdrawn'")["id"].iloc[0]
    page.goto(site_url + f"claims/{gone}/")
    assert "withdrawn" in page.locator("h1").inner_text() and page.locator("#cite").is_visible()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_every_page_has_preview_tags_and_the_images_are_made_at_build_time(guarded, site_url, shipped):
    page, _ = guarded
    for path, image in (("", "previews/home.png"), (FLOW, "previews/flow-dprk-russia-troops.png"),
                        (f"claims/{shipped.set_index('category').loc['troops', 'id'].iloc[0]}/",
                         "previews/flow-dprk-russia-troops.png")):
        page.goto(site_url + path)
        assert page.locator('meta[property="og:image"]').get_attribute("content") == site_url + image
        assert page.locator('meta[name="twitter:card"]').get_attribute("content") == "summary_large_image"
        assert page.locator('meta[property="og:title"]').get_attribute("content")
        response = page.request.get(site_url + image)
        assert response.ok and png_size(response.body()) == (1200, 630)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1400, 390])
def test_axe_core_finds_nothing_serious_on_the_first_flow_and_claim_pages(chromium_browser, site_url, shipped,
                                                                         scheme, width):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    assert f"axe v{AXE_CORE_VERSION}" in axe.axe_script[:100]
    context = chromium_browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    page = context.new_page()
    found = {}
    for path in ("", FLOW, f"claims/{shipped['id'].iloc[0]}/"):
        page.goto(site_url + path)
        if not path.startswith("claims/"):  # claim pages carry no script at all
            page.wait_for_function("() => window.ledgerReady === true", timeout=60_000)
        if path == "":
            show_map(page)  # the map is checked drawn, not as the empty box it is before
        results = axe.run(page).response
        found[path or "/"] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                              for v in results["violations"]]
    context.close()
    serious = {page: [v for v in found[page] if v[1] in ("serious", "critical")] for page in found}
    assert not any(serious.values()), serious
    assert not any(found.values()), found  # minor and moderate findings too: every element here is ours


def test_a_phone_sees_the_switches_a_number_and_the_diagram_on_the_first_screen(chromium_browser, site_url, artifacts):
    context = chromium_browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(site_url)
    ready(page)
    number = page.locator("#summary dd").first
    assert re.search(r"\d", number.inner_text())
    for element in (page.get_by_role("switch", name="Speculated"), number):
        box = element.bounding_box()
        assert box["y"] + box["height"] <= 844
    assert page.locator("#sankey").bounding_box()["y"] < 844 - 150  # the top of the diagram, not only its edge
    page.screenshot(path=str(artifacts / "static-phone-first-screen.png"))
    context.close()
