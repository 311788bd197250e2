"""Every tab at a desk (1400 × 1000) and on a phone (390 × 844), every chart drawn: is its text legible?

The text boxes of every chart's SVG are measured in the page: no two pieces of chart text overlap, no
label is cut off by the chart's edge or the screen, no chart text is smaller than 10 px, and every
cartesian plot area is at least 45% of its chart's width. A screenshot of each tab at each size goes
to test-artifacts/ (tab-<tab>-<size>.png), and what was measured to test-artifacts/legibility.json.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from ledger.reference import load_events
from ledger.widths import WIDTH_OPTIONS

pytestmark = pytest.mark.e2e

SIZES = {"desk": {"viewport": {"width": 1400, "height": 1000}},
         "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}}
# Every chart drawn: all statuses on, every flow on the Figures and Timeline tabs, and events picked
# so that the timeline writes their titles on its strip.
# A widget bound to the URL is set by the label it shows (the events list shows "title (date)").
NAMED = ("summit-vostochny", "treaty-signed", "troops-reported", "treaty-in-force", "russia-acknowledges",
         "dprk-acknowledges", "engineers-return")
EVENTS = urlencode([("events", f"{r.title} ({r.date:%Y-%m-%d})") for r in load_events().itertuples()
                    if r.id in NAMED])
EVERY_FLOW = urlencode({"figures_flow": "All flows, one under another"})
# (tab, what else the URL says): every tab, and the Sankey at both link widths.
VIEWS = [("Flows", ""), ("Flows", "&" + urlencode({"width": WIDTH_OPTIONS[1]})), ("Figures", f"&{EVERY_FLOW}"),
         ("Timeline", f"&{EVERY_FLOW.replace('figures', 'timeline')}&{EVENTS}"), ("Map", ""),
         ("Ledger and downloads", ""), ("What's new", ""), ("Methodology", "")]
READY = {"Flows": ".js-plotly-plot .sankey", "Figures": ".js-plotly-plot .main-svg",
         "Timeline": ".js-plotly-plot .main-svg", "Map": ".js-plotly-plot .geo .countries path",
         "Ledger and downloads": '[data-testid="stDataFrame"]',
         "What's new": ".st-key-new_by", "Methodology": "#methodology"}
def slug(tab: str) -> str:
    return re.sub(r"[^a-z]+", "-", tab.lower()).strip("-")


MIN_PLOT_SHARE = 0.45
MIN_FONT_PX = 10
SLACK_PX = 1.5  # boxes may touch: text boxes include the font's ascent and descent

# Runs in the page: per drawn chart, its box, each visible piece of text (an SVG <text>) with its box and
# font size, and each cartesian subplot's x-axis length as a share of the chart's width.
MEASURE = """() => {
  const box = (r) => ({x0: r.left, y0: r.top, x1: r.right, y1: r.bottom});
  const visible = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden' || parseFloat(cs.opacity) === 0) return false;
    }
    return true;
  };
  const charts = [];
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const fl = gd._fullLayout;
    const r = gd.getBoundingClientRect();
    if (!fl || r.width === 0) continue;
    const texts = [];
    for (const t of gd.querySelectorAll('svg.main-svg text')) {
      if (t.closest('.hoverlayer')) continue;
      const s = (t.textContent || '').trim();
      const b = t.getBoundingClientRect();
      if (!s || b.width < 1 || b.height < 1 || !visible(t)) continue;
      texts.push({text: s.slice(0, 90), size: parseFloat(getComputedStyle(t).fontSize), ...box(b)});
    }
    const plots = ((fl._subplots && fl._subplots.cartesian) || []).map(
      (id) => ({id, share: fl._plots[id].xaxis._length / fl.width}));
    charts.push({title: (fl.title && fl.title.text || '').replace(/<[^>]+>/g, ''), ...box(r), texts, plots});
  }
  return {screen: document.documentElement.clientWidth, charts};
}"""


def settled(page, selector: str) -> None:
    """The tab's content is attached, the script has finished, and every chart has been laid out."""
    page.locator(selector).first.wait_for(state="attached", timeout=120_000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=120_000)
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')]"
                           ".every(gd => gd._fullLayout && gd.querySelector('.main-svg'))", timeout=60_000)
    page.wait_for_timeout(500)  # plotly lays annotations out a frame after the figure


def overlaps(a: dict, b: dict) -> bool:
    """Whether two text boxes overlap by more than the slack in both directions."""
    return min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > SLACK_PX and \
        min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > SLACK_PX


def problems(measured: dict) -> list[str]:
    """What is wrong with the measured charts, one line per problem."""
    found = []
    for chart in measured["charts"]:
        name = chart["title"][:60] or "untitled chart"
        texts = chart["texts"]
        for i, a in enumerate(texts):
            for b in texts[i + 1:]:
                if overlaps(a, b):
                    found.append(f"{name}: “{a['text']}” overlaps “{b['text']}”")
            if (a["x0"] < max(chart["x0"], 0) - SLACK_PX or a["x1"] > min(chart["x1"], measured["screen"]) + SLACK_PX
                    or a["y0"] < chart["y0"] - SLACK_PX or a["y1"] > chart["y1"] + SLACK_PX):
                found.append(f"{name}: “{a['text']}” is cut off")
            if a["size"] < MIN_FONT_PX:
                found.append(f"{name}: “{a['text']}” is {a['size']:g} px")
        found += [f"{name}: plot area {p['id']} is {p['share']:.0%} of the chart's width"
                  for p in chart["plots"] if p["share"] < MIN_PLOT_SHARE]
    return found


def whole_page_screenshot(page, path: Path) -> None:
    """The whole tab, top to bottom: Streamlit scrolls inside its own container, so the window is made that tall."""
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('section, div')].map(e => e.scrollHeight))")
    viewport = page.viewport_size
    page.set_viewport_size({"width": viewport["width"], "height": min(height, 24_000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    page.set_viewport_size(viewport)


CASES = [pytest.param(size, tab, extra, id=f"{size}-{slug(tab)}{'-by-value' if 'width=' in extra else ''}")
         for size in SIZES for tab, extra in VIEWS]


@pytest.mark.parametrize(("size", "tab", "extra"), CASES)
def test_every_chart_on_every_tab_is_legible(chromium_browser, app_url, artifacts: Path, size, tab, extra):
    context = chromium_browser.new_context(**SIZES[size])
    page = context.new_page()
    name = f"{slug(tab)}{'-by-value' if 'width=' in extra else ''}-{size}"
    page.goto(f"{app_url}/?tab={tab}&speculated=true{extra}")
    settled(page, READY[tab])
    measured = page.evaluate(MEASURE)
    found = problems(measured)
    whole_page_screenshot(page, artifacts / f"tab-{name}.png")
    context.close()
    (artifacts / f"legibility-{name}.json").write_text(json.dumps(
        {"problems": found, "measured": measured}, indent=1, ensure_ascii=False), encoding="utf-8")
    if READY[tab].startswith(".js-plotly-plot"):
        assert measured["charts"], "no chart was drawn"
    assert not found, f"{len(found)} problems: " + "; ".join(found[:12])


@pytest.mark.parametrize("size", list(SIZES))
def test_an_exported_chart_keeps_its_title_filters_legend_and_source_legibly(chromium_browser, app_url, tmp_path,
                                                                              size):
    from ledger.releases import load_releases
    from ledger.share import source_line

    context = chromium_browser.new_context(**SIZES[size], accept_downloads=True)
    page = context.new_page()
    flow = urlencode({"figures_flow": "Troops, DPRK → Russia"})
    page.goto(f"{app_url}/?tab=Figures&search=troops&{flow}")
    settled(page, READY["Figures"])
    if size == "phone":
        page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_text("SVG", exact=True).click()
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')]"
                           ".every(gd => gd._context.toImageButtonOptions.format === 'svg')", timeout=60_000)
    if size == "phone":
        page.keyboard.press("Escape")
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click(force=True)
    settled(page, READY["Figures"])  # the rerun the format switch starts has drawn its charts again
    chart = page.locator(".js-plotly-plot").first
    # Scrolled to the top of the view, the chart's toolbar would sit under the page's fixed header, which
    # takes the click: leave room above it, as a reader scrolling to it would.
    chart.evaluate("el => { el.scrollIntoView({block: 'start'}); "
                   "(el.closest('[data-testid=\"stMain\"]') || document.scrollingElement).scrollBy(0, -200); }")
    on_screen = chart.bounding_box()["width"]
    svg = tmp_path / "chart.svg"
    for attempt in range(3):
        # A late rerun can redraw the chart between hover and click; a reader would click again.
        chart.hover(position={"x": on_screen / 2, "y": 20})
        try:
            with page.expect_download(timeout=30_000) as info:
                chart.locator('.modebar-btn[data-title^="Download plot"]').click()
            info.value.save_as(svg)
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
    context.close()
    source = svg.read_text(encoding="utf-8")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", source)).split())
    assert "Troops, DPRK → Russia" in text  # the title
    assert "confirmed and reported claims" in text and "search “troops”" in text  # the filters
    assert "Status: ■ confirmed ■ reported ■ speculated" in text  # the legend
    assert source_line(load_releases()["date"].iloc[-1]) in text
    sizes = [float(s) for s in re.findall(r"font-size:\s*([\d.]+)px", source)]
    assert sizes and min(sizes) >= MIN_FONT_PX  # legible at the size it is saved
    width = float(re.search(r'<svg[^>]*\bwidth="([\d.]+)"', source).group(1))
    assert width == pytest.approx(2 * on_screen, abs=2)  # the layout seen on that screen, saved at twice its size
