"""A page per flow: its figures, the estimates charts, the timeline, the UN limits and every claim behind it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ledger.charts.estimates import estimates_figure
from ledger.charts.panels import facet_heading
from ledger.charts.timeline import timeline_figure
from ledger.contract import STATUSES
from ledger.drawn import facets_of, reading_order
from ledger.flows import FLOW_KEY, FRESHNESS_MONTHS, claimant_estimates, claims_for_flow, flow_figures
from ledger.publish import plot_config, publishable
from ledger.sanctions import limits_for, un_limits
from ledger.site.context import Site
from ledger.site.figures import figure_json
from ledger.site.lists import claim_rows, figure_text, paginate
from ledger.site.render import Meta, Renderer
from ledger.site.urls import claimant_path, dashboard_link, flow_path, flow_slug, slug
from ledger.site.views import figure_rows
from ledger.site.writer import SiteWriter
from ledger.tables import format_flow_label
from ledger.view import CAPTIONS, DEFAULT_STATUSES

ALL_WORDS = "confirmed, reported and speculated claims, denials and disputes listed but never counted"


@dataclass
class FlowSummary:
    """What the flows index and the builder need to know of each flow page once it is written."""

    key: tuple[str, str, str]
    label: str
    n_claims: int
    preview: dict[str, Any] | None = field(default=None, repr=False)  # the figure its preview image shows


def flow_keys(claims: pd.DataFrame, order: Sequence[str]) -> list[tuple[str, str, str]]:
    """Every flow in the ledger, flows only denied or disputed included, in the dashboard's reading order of parties."""
    return reading_order(claims[FLOW_KEY].drop_duplicates().itertuples(index=False, name=None), order)


def _limits(key: tuple[str, str, str], claims: pd.DataFrame, site: Site) -> list[str]:
    """The UN limits that bear on the flow, in any unit its claims use."""
    limits = un_limits(site.refs.arms)
    units = [None, *sorted(u for u in claims["unit"].unique() if u)]
    return sorted({lim.label() for unit in units for lim in limits_for(key[2], unit, limits)})


def _estimate_rows(estimates: pd.DataFrame) -> list[dict[str, Any]]:
    """Each claimant's latest running total as a table row, linked to the claimant's page."""
    return [{"claimant": r["claimant"], "href": claimant_path(r["claimant_id"]), "reported_on": r["reported_on"],
             "since": r["period_start"], "status": r["status"], "in_window": bool(r["in_window"]),
             "figure": figure_text(r["quantity_low"], r["quantity_high"], r["unit"])}
            for r in estimates.to_dict("records")]


def _chart(fig: go.Figure, site: Site, words: str, name: str) -> dict[str, Any]:
    """A chart ready for the page: the dashboard's publishable copy, with the toolbar's export settings."""
    data = figure_json(publishable(fig, words, site.release[1]))
    data["config"] = plot_config(name)
    return data


def _estimate_charts(site: Site, estimates: pd.DataFrame, figures: pd.DataFrame, words: str) -> list[dict[str, Any]]:
    """One estimates chart per running total of the flow (a unit each), as the dashboard's Figures tab draws them."""
    charts = []
    for facet in facets_of(estimates, site.refs.party_order):
        fig = estimates_figure(estimates, figures, site.refs, FRESHNESS_MONTHS, facet)
        charts.append({"id": f"estimates-{slug(facet[3])}", "heading": f"In {facet[3]}",
                       "alt": f"Range plot of each claimant's latest running total for "
                              f"{facet_heading(facet, site.labels)}, in {facet[3]}; the same in the table below",
                       "figure": _chart(fig, site, words, f"estimates-{flow_slug(facet[:3])}-{slug(facet[3])}")})
    return charts


def _context(site: Site, key: tuple[str, str, str], claims: pd.DataFrame, label: str) -> dict[str, Any]:
    """Figures, charts, limits and estimates of one flow, from all its claims."""
    estimates = claimant_estimates(claims)
    figures = flow_figures(claims, estimates=estimates)
    default = flow_figures(claims[claims["status"].isin(DEFAULT_STATUSES)])
    words = f"{label}; {ALL_WORDS}"
    return {
        "label": label, "words": words,
        "default_rows": figure_rows(default, site.labels), "all_rows": figure_rows(figures, site.labels),
        "estimate_charts": _estimate_charts(site, estimates, figures, words),
        "timeline_chart": _chart(timeline_figure(claims, site.events, site.refs), site, words,
                                 f"timeline-{flow_slug(key)}"),
        "estimates": _estimate_rows(estimates), "limits": _limits(key, claims, site),
        "captions": CAPTIONS, "window_months": FRESHNESS_MONTHS,
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
    charts = context["estimate_charts"]
    return FlowSummary(key, label, len(claims), charts[0]["figure"] if charts else context["timeline_chart"])


def write_flows_index(site: Site, renderer: Renderer, writer: SiteWriter, flows: list[FlowSummary]) -> None:
    """flows/: every flow, with the number of claims behind it."""
    rows = [{"label": f.label, "href": flow_path(f.key), "n_claims": f.n_claims} for f in flows]
    meta = Meta("Every flow", "Every flow between North Korea and Russia in the ledger, each with its own page.",
                "flows/", site.preview(), dashboard=site.dashboard("Flows"))
    writer.page("flows/", renderer.page("flows.html", meta, flows=rows))
