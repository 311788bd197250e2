"""Build the static edition: every page, the downloads, the feed, the sitemap and the preview images."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import plotly
from plotly.offline import get_plotlyjs

from ledger.charts.style import STATUS_STYLE, legend_rows
from ledger.paths import DATA_DIR, LEDGER_PATH, TOPOJSON_DIR
from ledger.publish import plot_config
from ledger.share import LICENCE, source_line
from ledger.site.change_pages import write_changes, write_feed
from ledger.site.claim_pages import ClaimWriter, withdrawn_ids, write_claims_index, write_withdrawn
from ledger.site.claimant_pages import write_claimants, write_claimants_index
from ledger.site.config import SiteConfig, site_config
from ledger.site.context import Site, read_site
from ledger.site.discover import dataset_jsonld, write_robots, write_sitemaps
from ledger.site.downloads import Download, write_downloads
from ledger.site.figures import templates
from ledger.site.flow_pages import FlowSummary, flow_keys, write_flow, write_flows_index
from ledger.site.previews import draw_previews, find_chromium
from ledger.site.render import Meta, Renderer
from ledger.site.urls import claim_path, flow_slug, release_path
from ledger.site.views import PLACE_COLUMNS, all_views
from ledger.site.writer import SiteWriter, building
from ledger.tables import FIGURES_DISPLAY_COLUMNS, column_label
from ledger.view import CAPTIONS, DEFAULT_STATUSES

STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote."""

    out: Path
    n_claims: int
    n_pages: int
    n_files: int
    n_previews: int
    seconds: float
    kept: Path | None  # where a forced build put what OUT held before


def _hashed(name: str, data: bytes) -> str:
    """'static/site.1a2b3c4d.css': content in the name, so a server may cache it for ever."""
    stem, ext = name.rsplit(".", 1)
    return f"static/{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}"


def _write_compressed(writer: SiteWriter, path: str, data: bytes) -> None:
    """The file and a gzip copy beside it (PATH.gz), for servers that send it as it is (nginx's gzip_static)."""
    writer.write_bytes(path, data)
    writer.write_bytes(f"{path}.gz", gzip.compress(data, compresslevel=9, mtime=0))


def write_assets(writer: SiteWriter, views: dict[str, Any]) -> dict[str, str]:
    """plotly.js (from the plotly package), the stylesheet, the script and the first page's views."""
    colours = "".join(".status-{} {{ border-left-color: rgb{}; }}\n".format(s, style["rgb"])
                      for s, style in STATUS_STYLE.items())
    files = {
        "css": ("site.css", (STATIC / "site.css").read_text(encoding="utf-8") + colours),
        "js": ("site.js", f"window.LEDGER_TEMPLATES = {json.dumps(templates(), separators=(',', ':'))};\n"
                          + (STATIC / "site.js").read_text(encoding="utf-8")),
        "views": ("views.json", json.dumps(views, ensure_ascii=False, separators=(",", ":"))),
    }
    assets = {"plotly": f"static/plotly-{plotly.__version__}.min.js"}
    _write_compressed(writer, assets["plotly"], get_plotlyjs().encode("utf-8"))
    for key, (name, text) in files.items():
        data = text.encode("utf-8")
        assets[key] = _hashed(name, data)
        _write_compressed(writer, assets[key], data)
    assets["topojson"] = write_outlines(writer)
    return assets


def write_outlines(writer: SiteWriter) -> str:
    """The map's outlines, the dashboard's own copy, in a folder named by their content; that folder's path.

    plotly.js fetches TOPOJSON_URL + 'world_50m.json' when it draws a map; pointed here, it never asks a CDN.
    """
    data = (TOPOJSON_DIR / "world_50m.json").read_bytes()
    folder = f"static/topojson-{hashlib.sha256(data).hexdigest()[:10]}/"
    _write_compressed(writer, f"{folder}world_50m.json", data)
    writer.write_bytes(f"{folder}LICENSE", (TOPOJSON_DIR / "LICENSE").read_bytes())  # MIT: the notice travels with it
    return folder


def write_home(site: Site, renderer: Renderer, writer: SiteWriter, default: dict[str, Any], quarters: list[str],
               downloads: list[Download]) -> None:
    """The first page: latest claim and release, the Sankey with its switches, the figures per flow, and the map."""
    latest = site.claims.sort_values(["reported_date", "id"], kind="mergesort").tail(1)
    first = latest.iloc[0] if len(latest) else None
    version, _date = site.release
    figure = {**default["figure"], "config": plot_config("flows")}
    # The outlines' address is relative to the first page, which sits at the site's root.
    atlas = {**default["map"]["figure"], "config": {**plot_config("map"), "topojsonURL": renderer.assets["topojson"]}}
    meta = Meta("What flows between North Korea and Russia",
                "A sourced ledger of what flows each way between North Korea and Russia since 2023, claim by claim: "
                "who said it, how sure it is, and the span of the estimates.", "", site.preview(), "website",
                default["dashboard"])
    writer.page("", renderer.page(
        "home.html", meta, main_class="home", view={**default, "figure": figure}, quarters=quarters,
        atlas={**default["map"], "figure": atlas}, place_columns=[column_label(c) for c in PLACE_COLUMNS],
        default_statuses=DEFAULT_STATUSES, captions=CAPTIONS,
        jsonld=dataset_jsonld(site, downloads), release_href=release_path(version),
        latest=None if first is None else {"href": claim_path(first["id"]), "reported_on": first["reported_on"],
                                           "claimant": first["claimant"], "item": first["item"]}))


def _write_pages(site: Site, renderer: Renderer, writer: SiteWriter, default: dict[str, Any],
                 quarters: list[str]) -> list[FlowSummary]:
    """Every page and file but the assets and the previews; the flows, whose charts the previews show."""
    downloads = write_downloads(site, renderer, writer)
    write_home(site, renderer, writer, default, quarters, downloads)
    flows = [write_flow(site, renderer, writer, key) for key in flow_keys(site.claims, site.refs.party_order)]
    write_flows_index(site, renderer, writer, flows)
    withdrawn = write_withdrawn(site, renderer, writer)
    ClaimWriter(site, renderer, writer).write_all()
    write_claims_index(site, renderer, writer, withdrawn)
    write_claimants_index(site, renderer, writer, write_claimants(site, renderer, writer))
    linked = set(site.claims["id"]) | set(withdrawn_ids(site))
    write_feed(site, writer, write_changes(site, renderer, writer, linked), linked)
    writer.write_text("404.html", renderer.page("404.html", Meta("Not found", "No page at this address.", "404.html",
                                                                 site.preview(), root=_root_path(site.config))))
    write_sitemaps(site, writer)
    write_robots(site, writer)
    return flows


def _root_path(config: SiteConfig) -> str:
    """The base URL's path: the 404 page's links start there, whatever the address it is served at."""
    return urlsplit(config.base_url).path or "/"


def build_site(out: Path, ledger: Path = LEDGER_PATH, *, config: SiteConfig | None = None, force: bool = False,
               previews: bool = True, chromium: str | None = None, built: dt.date | None = None,
               data_dir: Path = DATA_DIR) -> BuildReport:
    """Validate the ledger, build the whole site beside OUT and swap it in; nothing changes at OUT on failure."""
    start = time.perf_counter()
    site = read_site(Path(ledger), config or site_config(), data_dir, built)
    browser = find_chromium(chromium) if previews else None  # before any work: a missing browser fails fast
    site.previews_on = previews
    version, date = site.release
    marker = {"generator": "exchange-ledger static edition", "release": version, "built": site.built.isoformat(),
              "base_url": site.config.base_url}
    with building(Path(out), force, marker) as writer:
        default, views = all_views(site)
        assets = write_assets(writer, views)
        common: dict[str, object] = {"source_line": source_line(date), "licence": LICENCE, "version": version,
                  "release_date": date.isoformat(), "built": site.built.isoformat(),
                  "columns": [column_label(c) for c in FIGURES_DISPLAY_COLUMNS], "legend": legend_rows()}
        renderer = Renderer(site.config, assets, common)
        flows = _write_pages(site, renderer, writer, default, views["quarters"])
        n_previews = 0
        if browser:
            jobs = {site.preview(): default["figure"]}
            jobs |= {site.preview(f"flow-{flow_slug(f.key)}"): f.preview for f in flows if f.preview}
            n_previews = draw_previews(jobs, templates()["light"], get_plotlyjs(), writer, browser)
    return BuildReport(Path(out).resolve(), len(site.claims), len(writer.pages), writer.n_files, n_previews,
                       time.perf_counter() - start, writer.kept)
