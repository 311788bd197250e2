"""What the issue's readers do, in headless Chromium: search, embed, export a chart, read on a phone, axe-core."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from playwright.sync_api import expect

from ledger.flows import select_claims
from ledger.reference import claimant_names
from ledger.releases import load_releases
from ledger.search import narrow
from ledger.share import source_line
from tests.browser import PHONE
from tests.e2e.test_browser import LINK_SUM, drawn_total, wait_ready

pytestmark = pytest.mark.e2e

DEFAULT = ["confirmed", "reported"]
TABS = ["Flows", "Figures", "Timeline", "Ledger and downloads", "What's new", "Methodology"]
# What shows that a tab has finished drawing (the script may finish before the browser paints).
TAB_READY = {"Flows": ".js-plotly-plot .sankey", "Figures": ".js-plotly-plot .main-svg",
             "Timeline": ".js-plotly-plot .main-svg", "Ledger and downloads": "[data-testid=\"stDataFrame\"] table",
             "What's new": ".st-key-new_by", "Methodology": "#methodology"}
# Minor or moderate findings inside Streamlit's own widgets, which the app cannot change: (rule, testid).
STREAMLIT_OWN = {("presentation-role-conflict", "stFileUploaderDropzone")}
# axe-core 4.12.1, as bundled (axe.min.js) in the PyPI package axe-playwright-python 0.1.8 (requirements.lock).
AXE_CORE_VERSION = "4.12.1"


def settled(page, selector: str) -> None:
    page.locator(selector).first.wait_for(state="attached", timeout=60_000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=60_000)


def test_searching_a_claimants_name_narrows_the_ledger_table_and_the_csv_download(app_page, app_url, shipped,
                                                                                 tmp_path):
    default = select_claims(shipped, DEFAULT)
    busiest = default["claimant_id"].value_counts().index[0]
    name = claimant_names()[busiest]
    expected = select_claims(narrow(shipped, query=name, claimant_names=claimant_names()), DEFAULT)
    assert 0 < len(expected) < len(default)
    app_page.goto(f"{app_url}/?tab=Ledger%20and%20downloads")
    settled(app_page, TAB_READY["Ledger and downloads"])
    box = app_page.get_by_role("textbox", name="Search claims")
    box.fill(name)
    box.press("Enter")
    app_page.get_by_text(f"{len(expected)} of {len(shipped)}", exact=True).wait_for(timeout=60_000)
    settled(app_page, TAB_READY["Ledger and downloads"])
    assert "search=" in app_page.url
    # The grid is drawn on a canvas; its accessible table says how many rows it holds (plus the header row).
    grid = app_page.locator(TAB_READY["Ledger and downloads"]).first
    expect(grid).to_have_attribute("aria-rowcount", str(len(expected) + 1), timeout=30_000)  # redrawn after
    with app_page.expect_download() as info:
        app_page.get_by_role("button", name="Download CSV: claims shown").click()
    target = tmp_path / "view.csv"
    info.value.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert {r["id"] for r in rows} == set(expected["id"]) and len(rows) == len(expected)


def open_share_panel(page) -> list[str]:
    """The three code blocks of "Share this view": permalink, embed snippet, citation."""
    page.get_by_text("Share this view").click()
    codes = page.locator('[data-testid="stExpander"]').filter(has_text="Share this view").locator("code")
    codes.nth(2).wait_for()
    return [codes.nth(i).inner_text() for i in range(3)]


def test_the_embed_snippet_shows_the_same_sankey_in_another_page(chromium_browser, app_page, app_url, shipped):
    app_page.goto(f"{app_url}/?speculated=true&confirmed=false&width=claims")
    wait_ready(app_page)
    expected = drawn_total(shipped, ["reported", "speculated"])
    app_page.wait_for_function(f"() => ({LINK_SUM})() === {expected}", timeout=60_000)
    permalink, snippet, citation = open_share_panel(app_page)
    assert "speculated=true" in permalink and permalink in citation
    src = html.unescape(re.search(r'src="([^"]+)"', snippet).group(1))
    assert "embed=true" in src
    context = chromium_browser.new_context(viewport={"width": 1200, "height": 1000})
    host = context.new_page()
    host.set_content(f"<!doctype html><html lang='en'><title>host</title><body>{snippet}</body></html>")
    frame = host.frame_locator("iframe").first
    frame.locator(".js-plotly-plot .sankey").first.wait_for(timeout=60_000)
    embedded = next(f for f in host.frames if f.url.startswith(app_url))
    embedded.wait_for_function(f"() => ({LINK_SUM})() === {expected}", timeout=60_000)
    context.close()


def download_chart(page, tmp_path, name: str):
    page.locator(".js-plotly-plot").first.hover()
    button = page.locator('.js-plotly-plot .modebar-btn[data-title^="Download plot"]').first
    with page.expect_download(timeout=60_000) as info:
        button.click()
    target = tmp_path / name
    info.value.save_as(target)
    return info.value.suggested_filename, target


def test_the_charts_own_export_carries_title_filters_legend_and_source_line(app_page, app_url, tmp_path):
    line = source_line(load_releases()["date"].iloc[-1])
    app_page.goto(f"{app_url}/?search=troops")
    wait_ready(app_page)
    # PNG, from the toolbar's camera: a real PNG of the figure whose layout carries the source line.
    filename, png = download_chart(app_page, tmp_path, "chart.png")
    assert filename.endswith(".png") and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    texts = app_page.evaluate("() => document.querySelector('.js-plotly-plot').layout.annotations.map(a => a.text)")
    assert any(line in t for t in texts)
    # SVG from the same button: its text is readable, so read what the exported image says.
    app_page.get_by_text("SVG", exact=True).click()
    settled(app_page, ".js-plotly-plot .sankey")
    app_page.wait_for_function("() => document.querySelector('.js-plotly-plot')"
                               "._context.toImageButtonOptions.format === 'svg'", timeout=60_000)
    filename, svg = download_chart(app_page, tmp_path, "chart.svg")
    # lines wrapped for a phone read as one text once the tags and line breaks are gone
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", svg.read_text(encoding="utf-8"))).split())
    assert filename.endswith(".svg")
    assert line in text
    assert "What flows between North Korea and Russia" in text
    assert "confirmed and reported claims" in text and "search “troops”" in text
    assert all(s in text for s in (*DEFAULT, "speculated"))


def test_a_phone_sees_a_number_and_the_diagram_above_the_fold(chromium_browser, app_url, artifacts):
    context = chromium_browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(app_url)
    wait_ready(page)
    value = page.locator('[data-testid="stMetricValue"]').first
    assert re.search(r"\d", value.inner_text())
    assert value.bounding_box()["y"] + value.bounding_box()["height"] <= 844
    assert page.locator(".js-plotly-plot").first.bounding_box()["y"] < 844
    page.screenshot(path=str(artifacts / "narrow-first-screen.png"))
    page.get_by_test_id("stExpandSidebarButton").click()
    claimant = page.get_by_text("Claimant", exact=True)
    claimant.scroll_into_view_if_needed()
    assert claimant.is_visible()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_core_finds_no_serious_or_critical_violation_on_any_tab(chromium_browser, app_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    assert f"axe v{AXE_CORE_VERSION}" in axe.axe_script[:100]
    context = chromium_browser.new_context(color_scheme=scheme, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    found, ours = {}, {}
    for tab in TABS:
        page.goto(f"{app_url}/?tab={tab}&speculated=true")
        settled(page, TAB_READY[tab])
        results = axe.run(page).response
        found[tab] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                      for v in results["violations"] if v["impact"] in ("serious", "critical")]
        ours[tab] = [(v["id"], n["html"][:120]) for v in results["violations"] for n in v["nodes"]
                     if not any(v["id"] == rule and testid in n["html"] for rule, testid in STREAMLIT_OWN)]
    context.close()
    assert not any(found.values()), found
    assert not any(ours.values()), ours  # minor and moderate findings too, except inside Streamlit's widgets


def test_the_permalink_keeps_tab_width_filters_and_the_picked_flow(chromium_browser, app_page, app_url):
    from tests.e2e.test_browser import pick_flow

    app_page.goto(f"{app_url}/?speculated=true&width=claims")
    wait_ready(app_page)
    pick_flow(app_page, 2)
    heading = app_page.get_by_text("every claim, newest first").inner_text()
    settled(app_page, ".js-plotly-plot .sankey")
    permalink = open_share_panel(app_page)[0]
    assert "flow=" in permalink and "speculated=true" in permalink and "as_of=" in permalink
    context = chromium_browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(permalink)
    wait_ready(page)
    assert page.get_by_text("every claim, newest first").inner_text() == heading
    assert page.get_by_role("switch", name="Speculated").is_checked()
    context.close()
