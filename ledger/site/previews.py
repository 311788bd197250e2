"""Preview images for shared links (OpenGraph, Twitter cards), drawn at build time by plotly.js in Chromium.

The figures are the pages' own: the Sankey for the first page, the estimates chart for a flow page. Playwright
drives a local Chromium (Debian's /usr/bin/chromium by default); the page it draws in makes no request at all.
"""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path
from typing import Any

from ledger.site.writer import SiteWriter

WIDTH_PX, HEIGHT_PX = 1200, 630  # the size OpenGraph and Twitter's large card expect
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# How every headless Chromium of the project is launched: these previews, the browser tests and the benchmarks
# (tests/browser.py takes the list from here, since the installed package can't import tests/). Without the
# networking flags Chromium keeps dialling out, and these machines have no network. A container's /dev/shm is
# often 64 MB, too small for a renderer: --disable-dev-shm-usage uses /tmp.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
# The charts lay their text out in pixels at their own height; squeezed into the card's 630 px, labels would
# overlap. A taller chart is drawn at its own height and as wide as the card's shape asks, then scaled down whole.
_DRAW = """async ([fig, template, w, h]) => {
  const el = document.getElementById('plot');
  const height = Math.max(h, (fig.layout && fig.layout.height) || h);
  const width = Math.round(height * w / h);
  const layout = Object.assign({}, fig.layout, {template: template, width: width, height: height});
  await Plotly.newPlot(el, fig.data, layout, {staticPlot: true});
  const url = await Plotly.toImage(el, {format: 'png', width: width, height: height});
  Plotly.purge(el);
  if (height === h) { return url; }
  const img = new Image();
  img.src = url;
  await img.decode();
  const canvas = Object.assign(document.createElement('canvas'), {width: w, height: h});
  canvas.getContext('2d').drawImage(img, 0, 0, w, h);
  return canvas.toDataURL('image/png');
}"""


class PreviewError(RuntimeError):
    """No browser to draw the previews with, or it failed."""


def find_chromium(explicit: str | None = None) -> str:
    """The browser to draw with: --chromium, else $LEDGER_CHROMIUM, else the first Chromium or Chrome on PATH."""
    for candidate in (explicit, os.environ.get("LEDGER_CHROMIUM")):
        if candidate:
            if Path(candidate).is_file():
                return candidate
            raise PreviewError(f"no browser at {candidate}")
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise PreviewError("no Chromium found to draw the preview images: install chromium (apt-get install chromium), "
                       "pass --chromium PATH, or build without them (--no-previews)")


def draw_previews(jobs: dict[str, dict[str, Any]], template: dict[str, Any], plotly_js: str, writer: SiteWriter,
                  chromium: str) -> int:
    """Draw each figure to a PNG at its path inside the site; the number drawn."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        raise PreviewError("the preview images need Playwright (pip install playwright; no browser download: "
                           "it drives the local Chromium), or build without them (--no-previews)") from err
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": WIDTH_PX, "height": HEIGHT_PX})
            page.route("**/*", lambda route: route.abort())  # nothing leaves the page
            page.set_content("<!doctype html><html><body style='margin:0'><div id='plot'></div></body></html>")
            page.add_script_tag(content=plotly_js)
            for path, fig in jobs.items():
                url = page.evaluate(_DRAW, [fig, template, WIDTH_PX, HEIGHT_PX])
                writer.write_bytes(path, base64.b64decode(url.split(",", 1)[1]))
            browser.close()
    except PlaywrightError as err:
        raise PreviewError(f"drawing the preview images failed: {str(err).splitlines()[0]}") from err
    return len(jobs)
