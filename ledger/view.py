"""What one reader's filters select, and the numbers the page shows about it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ledger.contract import STATUSES
from ledger.flows import FRESHNESS_MONTHS, claimant_estimates, flow_figures, flow_table, select_claims, status_shares
from ledger.reference import claimant_names
from ledger.search import clean_query, narrow
from ledger.tables import FlowText, flow_text, format_flow_label, md_escape

# A first-time reader sees what a named source stands behind: every status but the weakest.
DEFAULT_STATUSES: tuple[str, ...] = STATUSES[:-1]


@dataclass(frozen=True)
class Filters:
    """A reader's choices: which statuses, known by when, which parties, categories and claimants, and a search."""

    statuses: tuple[str, ...] = DEFAULT_STATUSES
    as_of: dt.date | None = None
    parties: tuple[str, ...] | None = None
    categories: tuple[str, ...] | None = None
    claimants: tuple[str, ...] = ()  # empty: every claimant
    search: str = ""


@dataclass(frozen=True)
class View:
    """The selected claims and everything computed from them."""

    selected: pd.DataFrame
    flows: pd.DataFrame
    figures: pd.DataFrame
    estimates: pd.DataFrame
    text: FlowText  # each flow's headline in words, for the diagram and the flow table
    total: int
    shares: dict[str, int]
    matched: int | None = None  # claims that match the search and claimant filter, before the other filters


def build_view(claims: pd.DataFrame, filters: Filters) -> View:
    """Apply the filters and compute flows and headline figures once, for every chart and table."""
    claims_found = narrow(claims, filters.claimants, filters.search, claimant_names())
    selected = select_claims(claims_found, filters.statuses, filters.as_of, filters.parties, filters.categories)
    matched = len(claims_found) if filters.claimants or clean_query(filters.search) else None
    estimates = claimant_estimates(selected)
    figures = flow_figures(selected, estimates=estimates)
    return View(selected, flow_table(selected), figures, estimates, flow_text(figures), len(claims),
                status_shares(selected), matched)


def summary_items(view: View) -> list[tuple[str, str]]:
    """(label, value) pairs for the summary above the charts."""
    n = len(view.selected)
    items = [("Claims shown", f"{n:,} of {view.total:,}"), ("Flows", f"{len(view.flows):,}")]
    for status in STATUSES:
        share = view.shares[status] / n if n else 0.0
        items.append((status.title(), f"{share:.0%}"))
    return items


def find_summary(view: View, filters: Filters, claimant_labels: dict[str, str]) -> str | None:
    """What the search and claimant filter found, as Markdown with the reader's text made inert; None if unused."""
    if view.matched is None:
        return None
    parts = []
    if clean_query(filters.search):
        parts.append(f"“{md_escape(clean_query(filters.search))}”")
    if filters.claimants:
        parts.append("claimed by " + "; ".join(md_escape(claimant_labels.get(c, c)) for c in filters.claimants))
    noun = "claim matches" if view.matched == 1 else "claims match"
    return (f"{view.matched:,} {noun} {', '.join(parts)}; {len(view.selected):,} of them pass the other filters "
            "and are shown.")


def flow_choices(view: View, labels: dict[str, str]) -> pd.DataFrame:
    """The flows as a pickable table: one row per flow with its headline figures in words."""
    lines = view.text.brief  # the table is resent on every toggle: keep it short
    rows = [{
        "flow": format_flow_label(r["from_party"], r["to_party"], r["category"], labels),
        "headline": " | ".join(lines.get((r["from_party"], r["to_party"], r["category"]), [])) or "no figure given",
        "status": r["strongest_status"],
        "claims": r["n_claims"],
        "latest": f"{r['latest_claimant']}, {r['latest_reported_on']}",
    } for r in view.flows.to_dict("records")]
    return pd.DataFrame(rows, columns=["flow", "headline", "status", "claims", "latest"])


def flow_key_at(view: View, row: int) -> tuple[str, str, str] | None:
    """(from, to, category) of the flow in row `row` of flow_choices, or None if out of range."""
    if not 0 <= row < len(view.flows):
        return None
    r = view.flows.iloc[row]
    return r["from_party"], r["to_party"], r["category"]


RULE = (f"Running totals are never added together: each claimant's latest estimate counts once, and the headline "
        f"is the span from the lowest to the highest of them. A claimant whose latest estimate is more than "
        f"{FRESHNESS_MONTHS} months older than the newest one is out of date, left out of the span, and counted as "
        f"left out. Shipments are summed, and graded by their weakest claim. Denials never count.")

CAPTIONS = {
    "sankey": "Each middle label gives the flow's headline in words (in the unit with the most claims); hover "
              "it for who stands at each end. "
              "With claims as the width, each flow leaves its giver as one band per status, so switching "
              "Speculated on adds its band; one grey link carries the flow's total on to the receiver. "
              "Casualties are a cost of the troop flow, not a flow, so they are not drawn (see Figures). "
              + RULE,
    "estimates": "One row per claimant: its latest running total, low to high (a triangle: \"at least\"), "
                 "coloured by status; grey rows are out of date. The shaded band is the headline span. "
                 "Dashed lines and notes under a title are UN Security Council limits. " + RULE,
    "timeline": "Every estimate at the date it was made; hover for the claimant. A thin line joins one "
                "claimant's successive estimates; denials have their own strip. " + RULE,
    "map": "Size is the number of claims, colour their strongest status, and a line's dash how the route runs "
           "(solid sea, dashed rail, dotted road, long dashes air).",
}
