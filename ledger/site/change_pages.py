"""What's new: each release's changes, page by page, and the Atom feed of them (feed.xml)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ledger.releases import CHANGE_KINDS, changes_since
from ledger.site.context import Site
from ledger.site.lists import paginate
from ledger.site.render import Meta, Renderer, environment, render_text
from ledger.site.urls import claim_path, release_path
from ledger.site.writer import SiteWriter

FEED_CHANGES = 50  # changes spelled out in one feed entry; the entry links to the rest
FEED_ORDER = {"withdrawn": 0, "corrected": 1, "added": 2}


def _rows(changes: pd.DataFrame, linked: set[str]) -> list[dict[str, Any]]:
    """Changes as table rows; an id links to its page when the site has one."""
    return [{"change": r["change"], "id": r["id"], "href": claim_path(r["id"]) if r["id"] in linked else None,
             "item": r["item"], "claimant": r["claimant"], "fields": r["fields"].replace(";", ", "),
             "reason": r["reason"]} for r in changes.to_dict("records")]


def releases(site: Site) -> list[dict[str, Any]]:
    """Every release, newest first, with its changes (newest-first order as changes_since gives them)."""
    every = changes_since(site.changes, site.releases, site.claims)
    by_version = every.groupby("version", sort=False).indices
    out = []
    for r in site.releases.iloc[::-1].to_dict("records"):
        mine = every.iloc[by_version.get(r["version"], [])]
        counts = {kind: int((mine["change"] == kind).sum()) for kind in CHANGE_KINDS}
        out.append({"version": r["version"], "date": r["date"].isoformat(), "summary": r["summary"],
                    "changes": mine, "counts": counts, "href": release_path(r["version"])})
    return out


def write_changes(site: Site, renderer: Renderer, writer: SiteWriter, linked: set[str]) -> list[dict[str, Any]]:
    """changes/ and one listing per release; the releases, for the feed."""
    listed = releases(site)
    meta = Meta("What's new", "Each release of the ledger: the claims added, corrected or withdrawn, with reasons.",
                "changes/", site.preview(), dashboard=site.dashboard("What's new"))
    writer.page("changes/", renderer.page("changes.html", meta, releases=listed, kinds=CHANGE_KINDS))
    for release in listed:
        for pages, part in paginate(release["changes"], release["href"], noun="changes"):
            meta = Meta(f"Release {release['version']}" + (f", page {pages.number}" if pages.number > 1 else ""),
                        f"Release {release['version']} of {release['date']}: {release['summary']}", pages.path,
                        site.preview(), dashboard=site.dashboard("What's new"))
            writer.page(pages.path, renderer.page("release.html", meta, release=release, pages=pages,
                                                  rows=_rows(part, linked), kinds=CHANGE_KINDS))
    return listed


def write_feed(site: Site, writer: SiteWriter, listed: list[dict[str, Any]], linked: set[str]) -> None:
    """feed.xml: one Atom entry per release, its changes in the entry's content."""
    content = environment().get_template("feed_entry.html")
    entries = []
    for release in listed:
        # withdrawals and corrections first: a reader following the feed needs those most
        urgent = release["changes"]["change"].map(FEED_ORDER)
        shown = _rows(release["changes"].iloc[urgent.argsort(kind="stable")].head(FEED_CHANGES), linked)
        html = content.render(release=release, rows=shown, more=len(release["changes"]) - len(shown),
                              base=site.config.base_url, url=site.config.absolute(release["href"]))
        entries.append({**release, "url": site.config.absolute(release["href"]), "html": html,
                        "updated": f"{release['date']}T00:00:00Z"})
    updated = max((e["updated"] for e in entries), default=f"{site.built.isoformat()}T00:00:00Z")
    writer.write_text("feed.xml", render_text("feed.xml", entries=entries, updated=updated,
                                              self_url=site.config.absolute("feed.xml"),
                                              home=site.config.base_url, changes=site.config.absolute("changes/")))
