"""Found and shared as a dataset: schema.org Dataset JSON-LD, the sitemap and robots.txt."""

from __future__ import annotations

import json
from typing import Any

from ledger.paths import DATAPACKAGE_PATH
from ledger.share import LICENCE, TITLE
from ledger.site.context import Site
from ledger.site.downloads import Download
from ledger.site.render import render_text
from ledger.site.writer import SiteWriter

SITEMAP_MAX_URLS = 50_000  # the sitemap protocol's limit per file
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def dataset_jsonld(site: Site, downloads: list[Download]) -> dict[str, Any]:
    """The schema.org Dataset: name, description, licence, creator, temporal coverage and distributions."""
    descriptor = json.loads(DATAPACKAGE_PATH.read_text(encoding="utf-8"))
    version, date = site.release
    dates = site.claims["reported_date"]
    coverage = f"{dates.min():%Y-%m-%d}/{dates.max():%Y-%m-%d}" if len(dates) else None
    creator = {"@type": "Organization", "name": "Exchange Ledger", "url": site.config.base_url}
    return {
        "@context": "https://schema.org", "@type": "Dataset",
        "name": f"Exchange Ledger: {TITLE}",
        "description": descriptor["description"],
        "url": site.config.base_url,
        "identifier": site.config.base_url,
        "version": version, "dateModified": date.isoformat(),
        "license": LICENCE_URL, "creator": creator, "publisher": creator,
        "isAccessibleForFree": True,
        "keywords": ["North Korea", "DPRK", "Russia", "arms transfers", "sanctions", "open data"],
        "spatialCoverage": "North Korea; Russia",
        **({"temporalCoverage": coverage} if coverage else {}),
        "citation": f"Exchange Ledger, “{TITLE}”, release {version} of {date.isoformat()}, licensed {LICENCE}.",
        "distribution": [{"@type": "DataDownload", "name": d.name, "description": d.title,
                          "encodingFormat": d.media_type, "contentUrl": site.config.absolute(d.path),
                          "contentSize": f"{d.size} B", "sha256": d.sha256} for d in downloads],
    }


def write_sitemaps(site: Site, writer: SiteWriter) -> None:
    """sitemap.xml, an index of sitemaps of at most 50,000 addresses each, every listed page included."""
    urls = [site.config.absolute(p) for p in writer.pages]
    parts = [urls[i:i + SITEMAP_MAX_URLS] for i in range(0, len(urls), SITEMAP_MAX_URLS)] or [[]]
    names = []
    for n, part in enumerate(parts, start=1):
        name = f"sitemaps/sitemap-{n}.xml"
        writer.write_text(name, render_text("sitemap.xml", urls=part))
        names.append(site.config.absolute(name))
    writer.write_text("sitemap.xml", render_text("sitemap_index.xml", sitemaps=names, updated=site.built.isoformat()))


def write_robots(site: Site, writer: SiteWriter) -> None:
    """robots.txt: everything may be read; here is the sitemap."""
    writer.write_text("robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {site.config.absolute('sitemap.xml')}\n")
