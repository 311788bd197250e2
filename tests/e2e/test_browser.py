"""What a reader does, in real headless Chromium: load, toggle, download, share a link."""

from __future__ import annotations

import pytest

from ledger.flows import asserting, flow_figures, flow_table, select_claims
from ledger.paths import LEDGER_PATH
from ledger.reference import category_kinds, category_labels
from ledger.site.config import site_config
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

LINK_SUM = "() => { const p = document.querySelector('.js-plotly-plot'); " \
           "return p && p.data && p.data[0] ? p.data[0].link.value.reduce((a, b) => a + b, 0) : null; }"


def wait_ready(page) -> None:
    """The Sankey is drawn and the script has finished running.

    Generous limits: a first load on a busy two-core machine warms the server's caches. This waits, it times nothing.
    """
    page.locator(".js-plotly-plot .sankey").first.wait_for(state="visible", timeout=120_000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=120_000)


def pick_flow(page, row: int) -> None:
    """Tick row `row` of the flows table (a canvas grid: rows are 35 px under a 35 px header)."""
    grid = page.locator('.st-key-flow_pick [data-testid="stDataFrame"]')
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 35 * row + 17)
    page.get_by_text("every claim, newest first").wait_for(timeout=30_000)


def drawn_total(shipped, statuses) -> int:
    """The claim-width Sankey's total: each drawn claim twice; no denials, no consequences (casualties)."""
    claims = asserting(select_claims(shipped, statuses))
    return 2 * int((claims["category"].map(category_kinds()) != "consequence").sum())


def node_labels(page) -> list[list[str]]:
    """The Sankey's node labels as drawn on the page, a list of lines each (SVG text, so they show without hover
    and in a PNG)."""
    page.locator(".js-plotly-plot .sankey .node-label").first.wait_for()
    return page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot .sankey .node-label')].map(t => {"
                         " const lines = [...t.querySelectorAll('tspan.line')].map(l => l.textContent);"
                         " return lines.length ? lines : [t.textContent]; })")


def wait_link_sum(page, expected: float) -> None:
    page.wait_for_function(f"() => ({LINK_SUM})() === {expected}", timeout=60_000)


def test_page_loads_with_the_sankey_visible(app_page, app_url, shipped, artifacts):
    app_page.goto(app_url)
    wait_ready(app_page)
    assert app_page.locator(".js-plotly-plot .sankey-link").count() > 0
    wait_link_sum(app_page, drawn_total(shipped, ["confirmed", "reported"]))
    app_page.screenshot(path=str(artifacts / "light.png"), full_page=True)


def test_turning_speculated_on_adds_the_speculated_claims(app_page, app_url, shipped):
    app_page.goto(app_url)
    wait_ready(app_page)
    app_page.get_by_role("switch", name="Speculated").click(force=True)
    wait_link_sum(app_page, drawn_total(shipped, ["confirmed", "reported", "speculated"]))
    assert "speculated=true" in app_page.url
    app_page.get_by_text(f"{len(shipped)} of {len(shipped)}").wait_for()


def test_full_csv_download_is_byte_identical_to_the_shipped_file(app_page, app_url, tmp_path):
    app_page.goto(app_url)
    wait_ready(app_page)
    with app_page.expect_download() as info:
        app_page.get_by_role("tab", name="Ledger and downloads").click()
        app_page.get_by_role("button", name="Download CSV: full ledger as published (ledger.csv)").click()
    target = tmp_path / "ledger.csv"
    info.value.save_as(target)
    assert target.read_bytes() == LEDGER_PATH.read_bytes()


def test_choosing_a_flow_lists_its_sources(app_page, app_url, shipped):
    app_page.goto(app_url)
    wait_ready(app_page)
    flows = flow_table(select_claims(shipped, ["confirmed", "reported"]))
    row = flows.index[(flows["from_party"] == "DPRK") & (flows["category"] == "troops")][0]
    pick_flow(app_page, int(row))  # the table lists the flows in flow_table's order
    heading = app_page.get_by_text("every claim, newest first").inner_text()
    assert "DPRK → Russia" in heading
    expected = shipped[(shipped["category"] == "troops") & (shipped["status"] != "speculated")]
    items = app_page.locator(".st-key-flow_sources li")
    items.first.wait_for()
    assert items.count() == len(expected)
    hrefs = {a.get_attribute("href") for a in app_page.locator(".st-key-flow_sources a").all()}
    pages = f"{site_config().base_url}claims/"  # each claim also links its page in the static edition
    assert {h for h in hrefs if not h.startswith(pages)} == set(expected["source_url"]) - {""}
    assert {h for h in hrefs if h.startswith(pages)} == {f"{pages}{cid}/" for cid in expected["id"]}
    app_page.screenshot(path=str(ARTIFACTS / "drilldown.png"))


def test_a_permalink_restores_the_filters(app_page, app_url, shipped):
    app_page.goto(f"{app_url}/?speculated=true&confirmed=false")
    wait_ready(app_page)
    wait_link_sum(app_page, drawn_total(shipped, ["reported", "speculated"]))


def test_dark_and_narrow_screenshots(chromium_browser, app_url, artifacts):
    for name, options in {"dark": {"color_scheme": "dark", "viewport": {"width": 1400, "height": 1000}},
                          "narrow": {"viewport": {"width": 390, "height": 844}, "is_mobile": True}}.items():
        context = chromium_browser.new_context(**options)
        pg = context.new_page()
        pg.goto(app_url)
        wait_ready(pg)
        pg.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
        assert (artifacts / f"{name}.png").stat().st_size > 10_000
        context.close()


def test_the_sankey_node_labels_carry_each_flows_figures(app_page, app_url, shipped):
    app_page.goto(app_url)
    wait_ready(app_page)
    drawn = node_labels(app_page)
    figures = flow_figures(select_claims(shipped, ["confirmed", "reported"]))
    kinds, labels = category_kinds(), category_labels()
    with_figures = {labels[c] for c in figures["category"] if kinds[c] != "consequence"}
    assert with_figures
    for label in with_figures:
        mine = [d for d in drawn if " ".join(d).startswith(f"{label} ") or d[0] == label]
        assert mine and all(len(d) >= 2 and any(ch.isdigit() for ch in " ".join(d[1:])) for d in mine), (label, drawn)
    app_page.screenshot(path=str(ARTIFACTS / "sankey-labels.png"))


def test_the_shells_headline_spans_at_least_two_claimants(app_page, app_url):
    app_page.goto(app_url)
    wait_ready(app_page)
    shells = next(d for d in node_labels(app_page) if d[0] == "Artillery shells")
    span, claimants = shells[1], shells[2]
    assert int(claimants.split()[0]) >= 2 and claimants.endswith("claimants"), shells
    low, high = span.removesuffix(" rounds").replace(" to at least ", "–").split("–")
    assert low != high, shells
    # The Figures tab shows the same span claimant by claimant, in the range plot.
    app_page.get_by_role("tab", name="Figures").click()
    app_page.get_by_text("Each claimant’s latest running total").first.wait_for(timeout=60_000)
    chart = app_page.locator(".js-plotly-plot").filter(has_text="Artillery shells, DPRK →").first
    chart.wait_for(timeout=60_000)
    assert chart.get_by_text(f"at least {high}", exact=True).count() + chart.get_by_text(high, exact=True).count()
