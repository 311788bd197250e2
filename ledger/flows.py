"""Claims -> flows: the filter, the headline figure per unit, and the range of competing estimates.

A flow is (from_party, to_party, category). Running totals (measure = cumulative) are never
added together: the headline is the latest claim's figure. Increments are summed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from ledger.schema import STATUSES

FLOW_KEY = ["from_party", "to_party", "category"]
FIGURE_KEY = FLOW_KEY + ["unit", "measure"]
DEFAULT_WINDOW_DAYS = 90

FLOW_COLUMNS = FLOW_KEY + ["n_claims", "strongest_status", "n_confirmed", "n_reported", "n_speculated",
                           "latest_reported_on", "latest_claimant", "latest_id"]
FIGURE_COLUMNS = FIGURE_KEY + ["headline_low", "headline_high", "headline_at_least", "range_low", "range_high",
                               "n_estimates",
                               "headline_status", "headline_id", "headline_reported_on", "headline_claimant"]


def select_claims(claims: pd.DataFrame, statuses: Iterable[str] = STATUSES, as_of: dt.date | None = None,
                  parties: Iterable[str] | None = None, categories: Iterable[str] | None = None) -> pd.DataFrame:
    """The claims that pass the filter: statuses, known by `as_of`, involving `parties`, in `categories`."""
    keep = claims["status"].isin(list(statuses))
    if as_of is not None:
        keep &= claims["reported_date"] <= pd.Timestamp(as_of)
    if parties is not None:
        chosen = list(parties)
        keep &= claims["from_party"].isin(chosen) | claims["to_party"].isin(chosen)
    if categories is not None:
        keep &= claims["category"].isin(list(categories))
    return claims[keep]


def _status_rank(status: pd.Series) -> pd.Series:
    """0 for confirmed, 1 reported, 2 speculated. Series.map runs per cell on Arrow text; codes don't."""
    return pd.Series(pd.Categorical(status, categories=STATUSES).codes, index=status.index)


def _ordered(claims: pd.DataFrame) -> pd.DataFrame:
    """A total order that does not depend on row order: date, then strength, then id."""
    return claims.assign(_rank=-_status_rank(claims["status"])).sort_values(
        ["reported_date", "_rank", "id"], kind="mergesort")


# Only these columns are sorted and grouped: taking all twenty at 100,000 claims cost more than the rest.
_WORK_COLUMNS = FIGURE_KEY + ["id", "status", "reported_on", "reported_date", "claimant", "quantity_low",
                              "quantity_high", "shipment"]


def asserted(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims that say a flow happened: a denial never counts in a flow or a figure."""
    return claims[claims["stance"] == "asserts"]


def flow_table(selected: pd.DataFrame) -> pd.DataFrame:
    """One row per flow: claim counts, strongest status and the latest claim (denials left out)."""
    selected = asserted(selected)
    if selected.empty:
        return pd.DataFrame(columns=FLOW_COLUMNS)
    ordered = _ordered(selected[_WORK_COLUMNS])
    groups = ordered.groupby(FLOW_KEY, sort=True, observed=True)
    latest = groups.tail(1).set_index(FLOW_KEY)
    table = groups.agg(n_claims=("id", "size"), best=("_rank", "max"))
    counts = (ordered.groupby([*FLOW_KEY, "status"], observed=True).size().unstack("status")
              .reindex(columns=list(STATUSES)).fillna(0).astype(int))
    for status in STATUSES:
        table[f"n_{status}"] = counts[status]
    table["strongest_status"] = (-table.pop("best")).map(dict(enumerate(STATUSES)))
    table["latest_reported_on"] = latest["reported_on"]
    table["latest_claimant"] = latest["claimant"]
    table["latest_id"] = latest["id"]
    return table.reset_index()[FLOW_COLUMNS]


def _high(claims: pd.DataFrame) -> pd.Series:
    # An "at least" figure has no high; its low is the most it commits to.
    return claims["quantity_high"].fillna(claims["quantity_low"])


def _cumulative_figure(group: pd.DataFrame, window: pd.Timedelta) -> dict:
    head = group.iloc[-1]
    near = group[group["reported_date"] >= head["reported_date"] - window]
    return {
        "headline_low": head["quantity_low"], "headline_high": _high(group).iloc[-1],
        "headline_at_least": bool(pd.isna(head["quantity_high"])),
        "range_low": near["quantity_low"].min(), "range_high": _high(near).max(), "n_estimates": len(group),
        "headline_status": head["status"], "headline_id": head["id"],
        "headline_reported_on": head["reported_on"], "headline_claimant": head["claimant"],
    }


def shipment_spans(group: pd.DataFrame) -> pd.DataFrame:
    """One row per shipment: the lowest low and highest high of the accounts of it (a row without one is its own)."""
    key = group["shipment"].where(group["shipment"] != "", "\x00" + group["id"])
    spans = pd.DataFrame({"low": group["quantity_low"], "high": _high(group), "key": key})
    return spans.groupby("key", sort=True).agg(low=("low", "min"), high=("high", "max"))


def _increment_figure(group: pd.DataFrame) -> dict:
    head = group.iloc[-1]
    # Accounts of one shipment are the same things told by different claimants: a span, never a sum.
    spans = shipment_spans(group)
    low, high = spans["low"].sum(), spans["high"].sum()
    weakest = group.loc[_status_rank(group["status"]).idxmax()]  # a sum is only as sure as its weakest claim
    return {
        "headline_low": low, "headline_high": high, "headline_at_least": bool(group["quantity_high"].isna().any()),
        "range_low": low, "range_high": high,
        "n_estimates": len(group), "headline_status": weakest["status"], "headline_id": head["id"],
        "headline_reported_on": head["reported_on"], "headline_claimant": head["claimant"],
    }


def flow_figures(selected: pd.DataFrame, window_days: int = DEFAULT_WINDOW_DAYS) -> pd.DataFrame:
    """One row per flow, unit and measure: the headline figure and the range of estimates.

    cumulative: the latest claim's figure; the range spans the estimates made within
    `window_days` before it. increment: the sum, graded by its weakest claim.
    """
    selected = asserted(selected)
    with_figure = selected.loc[selected["quantity_low"].notna(), _WORK_COLUMNS]
    if with_figure.empty:
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    window = pd.Timedelta(days=window_days)
    rows = []
    for key, group in _ordered(with_figure).groupby(FIGURE_KEY, sort=True, observed=True):
        figure = _cumulative_figure(group, window) if key[-1] == "cumulative" else _increment_figure(group)
        rows.append(dict(zip(FIGURE_KEY, key, strict=True)) | figure)
    out = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    for col in ("headline_low", "headline_high", "range_low", "range_high"):
        out[col] = out[col].astype("Float64")
    return out


def claims_for_flow(selected: pd.DataFrame, from_party: str, to_party: str, category: str) -> pd.DataFrame:
    """Every selected claim behind one flow, newest first."""
    mask = (selected["from_party"] == from_party) & (selected["to_party"] == to_party) & (
        selected["category"] == category)
    return _ordered(selected[mask]).drop(columns="_rank").iloc[::-1]


def status_shares(selected: pd.DataFrame) -> dict[str, int]:
    """Number of selected claims in each status, in the fixed status order."""
    counts = selected["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def figures_by_status(selected: pd.DataFrame, window_days: int = DEFAULT_WINDOW_DAYS) -> pd.DataFrame:
    """flow_figures computed separately for each status's claims, with a `status` column."""
    parts = [flow_figures(selected[selected["status"] == s], window_days).assign(status=s) for s in STATUSES]
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*FIGURE_COLUMNS, "status"])
