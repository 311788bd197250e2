"""A page per claimant: every estimate it made (its latest per running total) and every claim, page by page."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ledger.contract import STATUSES
from ledger.flows import claimant_estimates
from ledger.site.context import Site
from ledger.site.lists import claim_rows, figure_text, paginate
from ledger.site.render import Meta, Renderer
from ledger.site.urls import claimant_path, dashboard_link, flow_path
from ledger.site.writer import SiteWriter


def estimate_rows(estimates: pd.DataFrame, site: Site) -> list[dict[str, Any]]:
    """The claimant's latest running total per flow and unit, as the flows' spans take them."""
    rows = []
    for r in estimates.to_dict("records"):
        key = (r["from_party"], r["to_party"], r["category"])
        rows.append({"flow": f"{site.labels.get(key[2], key[2])}: {site.party(key[0])} → {site.party(key[1])}",
                     "href": flow_path(key), "reported_on": r["reported_on"],
                     "figure": figure_text(r["quantity_low"], r["quantity_high"], r["unit"]), "status": r["status"],
                     "in_window": bool(r["in_window"])})
    return rows


def write_claimants(site: Site, renderer: Renderer, writer: SiteWriter) -> list[dict[str, Any]]:
    """Every claimant's pages; the rows of the claimants index."""
    estimates = claimant_estimates(site.claims)
    by_claimant = estimates.groupby("claimant_id", sort=False).indices
    index = []
    newest = site.claims.sort_values(["reported_date", "id"], ascending=[False, True], kind="mergesort")
    for key, rows in newest.groupby("claimant_id", sort=True).indices.items():
        claimant_id, claims = str(key), newest.iloc[rows]
        name = site.claimant_name(claimant_id)
        kind = site.claimant_names.get(claimant_id, ("", ""))[1].replace("_", " ")
        mine = estimate_rows(estimates.iloc[by_claimant.get(claimant_id, [])], site)
        dashboard = dashboard_link(site.config.dashboard_url, STATUSES, tab="Ledger and downloads",
                                   claimants=[claimant_id])
        for pages, part in paginate(claims, claimant_path(claimant_id)):
            meta = Meta(name + (f", page {pages.number}" if pages.number > 1 else ""),
                        f"Every claim {name} made about the North Korea–Russia exchange: {len(claims):,} claims.",
                        pages.path, site.preview(), "profile", dashboard)
            writer.page(pages.path, renderer.page("claimant.html", meta, name=name, kind=kind, pages=pages,
                                                  rows=claim_rows(part), estimates=mine if pages.number == 1 else [],
                                                  n_claims=len(claims)))
        index.append({"name": name, "kind": kind, "href": claimant_path(claimant_id), "n_claims": len(claims)})
    return index


def write_claimants_index(site: Site, renderer: Renderer, writer: SiteWriter, rows: list[dict[str, Any]]) -> None:
    """claimants/: every claimant with the number of its claims."""
    meta = Meta("Every claimant", "Every government, monitor, outlet and analyst whose claims are in the ledger.",
                "claimants/", site.preview(), dashboard=site.dashboard("Ledger and downloads"))
    writer.page("claimants/", renderer.page("claimants.html", meta, claimants=rows))
