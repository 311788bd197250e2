"""A page per flow: its figures, the estimates chart, the timeline, the UN limits and every claim behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ledger.site.context import Site
from ledger.site.figures import figure_json
from ledger.site.lists import claim_rows, figure_text, paginate
from ledger.site.render import Meta, Renderer
from ledger.site.sources import (
    CAPTIONS,
    FLOW_KEY,
    FRESHNESS_MONTHS,
    STATUSES,
    claimant_estimates,
    claims_for_flow,
    estimates_figure,
    flow_figures,
    format_flow_label,
    limits_for,
    plot_config,
    publishable,
    timeline_figure,
)
from ledger.site.urls import claimant_path, dashboard_link, flow_path, flow_slug
from ledger.site.views import DEFAULT_STATUSES, figure_rows
from ledger.site.writer import SiteWriter

ALL_WORDS = "confirmed, reported and speculated claims, denials listed but never counted"


@dataclass
class FlowSummary:
    """What the flows index and the builder need to know of each flow page once it is written."""

    key: tuple[str, str, str]
    label: str
    n_claims: int
    preview: dict[str, Any] | None = field(default=None, repr=False)  # the figure its preview image shows


def flow_keys(claims: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Every flow in the ledger, denial-only flows included: North Korea's side first, then by category."""
    keys = claims[FLOW_KEY].drop_duplicates().itertuples(index=False, name=None)
    return sorted(keys, key=lambda k: (k[0] != "DPRK", k[0], k[1], k[2]))


def _limits(key: tuple[str, str, str], claims: pd.DataFrame) -> list[str]:
    """The UN limits that bear on the flow, in any unit its claims use."""
    units = [None, *sorted(u for u in claims["unit"].unique() if u)]
    return sorted({lim.label() for unit in units for lim in limits_for(key[2], unit)})


def _estimate_rows(estimates: pd.DataFrame) -> list[dict[str, Any]]:
    rows = []
    for r in estimates.to_dict("records"):
        rows.append({"claimant": r["claimant"], "href": claimant_path(r["claimant_id"]),
                     "reported_on": r["reported_on"], "since": r["period_start"], "status": r["status"],
                     "figure": figure_text(r["quantity_low"], r["quantity_high"], r["unit"]),
                     "in_window": bool(r["in_window"])})
    return rows


def _chart(fig: go.Figure, site: Site, words: str, name: str) -> dict[str, Any]:
    """A chart ready for the page: the dashboard's publishable copy, with the toolbar's export settings."""
    data = figure_json(publishable(fig, words, site.release[1]))
    data["config"] = plot_config(name)
    return data


def _context(site: Site, key: tuple[str, str, str], claims: pd.DataFrame, label: str) -> dict[str, Any]:
    """Figures, charts, limits and estimates of one flow, from all its claims."""
    estimates = claimant_estimates(claims)
    figures = flow_figures(claims, estimates=estimates)
    default = flow_figures(claims[claims["status"].isin(DEFAULT_STATUSES)])
    words = f"{label}; {ALL_WORDS}"
    return {
        "label": label, "words": words,
        "default_rows": figure_rows(default, site.labels), "all_rows": figure_rows(figures, site.labels),
        "estimates_chart": _chart(estimates_figure(estimates, figures, site.labels, FRESHNESS_MONTHS), site, words,
                                  f"estimates-{flow_slug(key)}"),
        "timeline_chart": _chart(timeline_figure(claims, site.events, site.labels), site, words,
                                 f"timeline-{flow_slug(key)}"),
        "estimates": _estimate_rows(estimates), "limits": _limits(key, claims),
        "captions": CAPTIONS, "window_months": FRESHNESS_MONTHS, "has_estimates": not estimates.empty,
    }


def write_flow(site: Site, renderer: Renderer, writer: SiteWriter, key: tuple[str, str, str]) -> FlowSummary:
    """Write the flow's page and the later pages of its claims; what the flows index and previews need."""
    claims = claims_for_flow(site.claims, *key)
    label = format_flow_label(site.party(key[0]), site.party(key[1]), key[2], site.labels)
    context = _context(site, key, claims, label)
    dashboard = dashboard_link(site.config.dashboard_url, STATUSES, tab="Flows", flow=key)
    head = next(iter(context["default_rows"] or context["all_rows"]), None)
    about = f"{label}: {head['cells'][1]} {head['cells'][2]} ({head['cells'][3]})" if head else label
    for pages, rows in paginate(claims, flow_path(key)):
        meta = Meta(f"{label}" + (f", page {pages.number}" if pages.number > 1 else ""),
                    f"{about}. {len(claims):,} claims, each with its source.", pages.path,
                    site.preview(f"flow-{flow_slug(key)}"), "article", dashboard)
        template = "flow.html" if pages.number == 1 else "flow_more.html"
        writer.page(pages.path, renderer.page(template, meta, pages=pages, rows=claim_rows(rows),
                                              n_claims=len(claims), flow_href=flow_path(key), **context))
    chart = context["estimates_chart"] if context["has_estimates"] else context["timeline_chart"]
    return FlowSummary(key, label, len(claims), chart)


def write_flows_index(site: Site, renderer: Renderer, writer: SiteWriter, flows: list[FlowSummary]) -> None:
    """flows/: every flow, with the number of claims behind it."""
    rows = [{"label": f.label, "href": flow_path(f.key), "n_claims": f.n_claims} for f in flows]
    meta = Meta("Every flow", "Every flow between North Korea and Russia in the ledger, each with its own page.",
                "flows/", site.preview(), dashboard=site.dashboard("Flows"))
    writer.page("flows/", renderer.page("flows.html", meta, flows=rows))
