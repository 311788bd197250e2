"""Claims -> flows: the filter, the headline figure per unit, and the competing estimates behind it.

A flow is (from_party, to_party, category). Running totals (measure = cumulative) are never added
together: each claimant's latest estimate counts once, and the headline is the span across the
claimants whose latest estimate is recent enough. Increments are summed. Denials never count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import cast

import pandas as pd

from ledger.contract import STATUSES

FLOW_KEY = ["from_party", "to_party", "category"]
FlowKey = tuple[str, str, str]  # (from_party, to_party, category)
FIGURE_KEY = FLOW_KEY + ["unit", "measure"]
# A claimant whose latest running total is this much older than the newest estimate for the same
# flow and unit is out of date: shown, but left out of the span. Named here, shown on the page.
FRESHNESS_MONTHS = 12

FLOW_COLUMNS = FLOW_KEY + ["n_claims", "strongest_status", "n_confirmed", "n_reported", "n_speculated",
                           "latest_reported_on", "latest_claimant", "latest_id"]
ESTIMATE_COLUMNS = FIGURE_KEY + ["claimant_id", "claimant", "claimant_type", "id", "status", "reported_on",
                                 "reported_date", "period_start", "quantity_low", "quantity_high", "at_least",
                                 "in_window", "window_start"]
FIGURE_COLUMNS = FIGURE_KEY + ["headline_low", "headline_high", "headline_at_least", "headline_status",
                               "n_claimants", "n_stale", "n_estimates",
                               "low_claimant", "low_id", "low_reported_on", "low_period_start",
                               "high_claimant", "high_id", "high_reported_on", "high_period_start",
                               "latest_claimant", "latest_id", "latest_reported_on", "window_start"]


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


def asserting(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims that say a flow happened: a denial or dispute never enters a flow, a count or a figure."""
    return claims[claims["stance"] == "asserts"]


def denials(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims that deny a flow or dispute its evidence: listed and drawn apart, never counted."""
    return claims[claims["stance"] != "asserts"]


def _status_rank(status: pd.Series) -> pd.Series:
    """0 for confirmed, 1 reported, 2 speculated. Series.map runs per cell on Arrow text; codes don't."""
    return pd.Series(pd.Categorical(status, categories=STATUSES).codes, index=status.index)


def _ordered(claims: pd.DataFrame) -> pd.DataFrame:
    """A total order that does not depend on row order: date, then strength, then id."""
    return claims.assign(_rank=-_status_rank(claims["status"])).sort_values(
        ["reported_date", "_rank", "id"], kind="mergesort")


# Only these columns are sorted and grouped: taking all twenty at 100,000 claims cost more than the rest.
_WORK_COLUMNS = FIGURE_KEY + ["id", "status", "reported_on", "reported_date", "claimant", "claimant_id",
                              "claimant_type", "period_start", "quantity_low", "quantity_high", "shipment"]


def flow_table(selected: pd.DataFrame) -> pd.DataFrame:
    """One row per flow: claim counts, strongest status and the latest claim. Denials are not counted."""
    selected = asserting(selected)
    if selected.empty:
        return pd.DataFrame(columns=FLOW_COLUMNS)
    ordered = _ordered(selected[_WORK_COLUMNS])
    # one flag per status, summed per flow: a count per status without a reshape
    ordered = ordered.assign(**{f"n_{s}": ordered["_rank"] == -code for code, s in enumerate(STATUSES)})
    groups = ordered.groupby(FLOW_KEY, sort=True, observed=True)
    latest = groups.tail(1).set_index(FLOW_KEY)
    table = groups.agg(n_claims=("id", "size"), best=("_rank", "max"),
                       **{f"n_{s}": (f"n_{s}", "sum") for s in STATUSES})
    table["strongest_status"] = (-table.pop("best")).map(dict(enumerate(STATUSES)))
    table["latest_reported_on"] = latest["reported_on"]
    table["latest_claimant"] = latest["claimant"]
    table["latest_id"] = latest["id"]
    return table.reset_index()[FLOW_COLUMNS]


def upper(claims: pd.DataFrame) -> pd.Series:
    """Each claim's high; an "at least" figure has none, so its low is the most it commits to."""
    return claims["quantity_high"].fillna(claims["quantity_low"])


def claims_with_figure(selected: pd.DataFrame, measure: str | None = None) -> pd.DataFrame:
    """Asserting claims that give a figure (of one measure, if given): the estimates a chart can place."""
    claims = asserting(selected)
    keep = claims["quantity_low"].notna()
    if measure is not None:
        keep &= claims["measure"] == measure
    return claims.loc[keep, _WORK_COLUMNS]


def claimant_estimates(selected: pd.DataFrame, window_months: int = FRESHNESS_MONTHS) -> pd.DataFrame:
    """Per running total (flow and unit), each claimant's latest estimate, flagged in or out of the window.

    Latest means the newest reported_date; on the same day the stronger status wins, then the higher
    figure, then the later id, so the choice never depends on row order. The window runs back
    `window_months` from the newest estimate for the same flow and unit.
    """
    cum = claims_with_figure(selected, "cumulative")
    if cum.empty:
        return pd.DataFrame(columns=ESTIMATE_COLUMNS)
    ordered = cum.assign(_rank=-_status_rank(cum["status"]), _high=upper(cum).astype(float)).sort_values(
        ["reported_date", "_rank", "_high", "id"], kind="mergesort")
    latest = ordered.drop_duplicates([*FIGURE_KEY, "claimant_id"], keep="last")
    newest = latest.groupby(FIGURE_KEY, observed=True)["reported_date"].transform("max")
    window_start = newest - pd.DateOffset(months=window_months)
    latest = latest.assign(at_least=latest["quantity_high"].isna(), in_window=latest["reported_date"] >= window_start,
                           window_start=window_start)
    return latest.sort_values(FIGURE_KEY, kind="mergesort").reset_index(drop=True)[ESTIMATE_COLUMNS]


def _span_figures(estimates: pd.DataFrame) -> pd.DataFrame:
    """Per flow and unit, the span across the claimants inside the window, and who stands at each end."""
    est = estimates.assign(_pos=range(len(estimates)), _low=estimates["quantity_low"].astype(float),
                           _upper=upper(estimates).astype(float), _code=_status_rank(estimates["status"]))
    fresh = est[est["in_window"]]
    groups = fresh.groupby(FIGURE_KEY, sort=True, observed=True)
    out = groups.agg(headline_low=("_low", "min"), headline_high=("_upper", "max"), worst=("_code", "max"),
                     n_claimants=("id", "size"), window_start=("window_start", "first"))
    out["n_stale"] = est.groupby(FIGURE_KEY, observed=True).size() - out["n_claimants"]
    # The top is "at least" when an open-ended estimate stands at the highest high.
    top_open = fresh["at_least"] & (fresh["_upper"] == groups["_upper"].transform("max"))
    out["headline_at_least"] = fresh.assign(_open=top_open).groupby(FIGURE_KEY, observed=True)["_open"].any()
    # Where claimants tie at an end, the most recent of them (the later in estimate order) is named.
    low = fresh.sort_values([*FIGURE_KEY, "_low", "_pos"], ascending=[True] * 5 + [True, False], kind="mergesort")
    high = fresh.sort_values([*FIGURE_KEY, "_upper", "_pos"], ascending=[True] * 5 + [False, False],
                             kind="mergesort")
    ends = {"low": low.drop_duplicates(FIGURE_KEY), "high": high.drop_duplicates(FIGURE_KEY),
            "latest": fresh.drop_duplicates(FIGURE_KEY, keep="last")}
    for side, rows in ends.items():
        rows = rows.set_index(FIGURE_KEY)
        for col in ("claimant", "id", "reported_on") + (("period_start",) if side != "latest" else ()):
            out[f"{side}_{col}"] = rows[col]
    return out


def shipment_spans(claims: pd.DataFrame) -> pd.DataFrame:
    """Per flow, unit and shipment: the lowest low and highest high of its accounts (a row without one is its own).

    Accounts of one shipment are the same things told by different claimants: a span, never a sum.
    """
    key = claims["shipment"].where(claims["shipment"] != "", "\x00" + claims["id"])
    work = claims.assign(_key=key, _upper=upper(claims), _open=claims["quantity_high"].isna())
    top = work.groupby([*FIGURE_KEY, "_key"], observed=True)["_upper"].transform("max")
    # "at least" only when an open-ended account is the one at the top of its shipment
    work = work.assign(_open=work["_open"] & (work["_upper"] == top))
    return work.groupby([*FIGURE_KEY, "_key"], sort=True, observed=True).agg(
        low=("quantity_low", "min"), high=("_upper", "max"), open=("_open", "any")).reset_index()


def _increment_figures(claims: pd.DataFrame) -> pd.DataFrame:
    """Per flow and unit, the sum over shipments (each counted once, as a span), graded by its weakest claim."""
    ordered = _ordered(claims)
    ordered = ordered.assign(_code=-ordered["_rank"])
    groups = ordered.groupby(FIGURE_KEY, sort=True, observed=True)
    spans = shipment_spans(ordered).groupby(FIGURE_KEY, sort=True, observed=True)
    out = groups.agg(worst=("_code", "max"), n_claimants=("claimant_id", "nunique"))
    out["headline_low"] = spans["low"].sum()
    out["headline_high"] = spans["high"].sum()
    out["headline_at_least"] = spans["open"].any()
    out["n_stale"] = 0
    latest = groups.tail(1).set_index(FIGURE_KEY)
    for col in ("claimant", "id", "reported_on"):
        out[f"latest_{col}"] = latest[col]
    return out


def flow_figures(selected: pd.DataFrame, window_months: int = FRESHNESS_MONTHS,
                 estimates: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per flow, unit and measure: the headline figure and who stands behind it.

    cumulative: the span across the claimants' latest estimates inside the window (see
    claimant_estimates); increment: the sum, graded by its weakest claim. Pass `estimates` when
    claimant_estimates has already been computed for the same claims.
    """
    with_figure = claims_with_figure(selected)
    if with_figure.empty:
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    if estimates is None:
        estimates = claimant_estimates(selected, window_months)
    increments = with_figure[with_figure["measure"] == "increment"]
    parts = [part for part in (_span_figures(estimates) if len(estimates) else None,
                               _increment_figures(increments) if len(increments) else None) if part is not None]
    out = pd.concat(parts).sort_index()
    out["n_estimates"] = with_figure.groupby(FIGURE_KEY, observed=True).size()
    out["headline_status"] = out.pop("worst").map(dict(enumerate(STATUSES)))
    out = out.reset_index().reindex(columns=FIGURE_COLUMNS)
    for col in ("headline_low", "headline_high"):
        out[col] = out[col].astype("Float64")
    for col in ("n_claimants", "n_stale", "n_estimates"):
        out[col] = out[col].astype(int)
    out["headline_at_least"] = out["headline_at_least"].astype(bool)
    out["window_start"] = pd.to_datetime(out["window_start"])
    return out


def claims_for_flow(selected: pd.DataFrame, from_party: str, to_party: str, category: str) -> pd.DataFrame:
    """Every selected claim behind one flow, newest first, denials included (they are listed, not counted)."""
    mask = (selected["from_party"] == from_party) & (selected["to_party"] == to_party) & (
        selected["category"] == category)
    return _ordered(selected[mask]).drop(columns="_rank").iloc[::-1]


def weakest_status(figures: pd.DataFrame) -> dict[FlowKey, str]:
    """Per flow, the weakest headline status across its units and measures: how sure its value can be."""
    if figures.empty:
        return {}
    worst = _status_rank(figures["headline_status"]).groupby(
        [figures["from_party"], figures["to_party"], figures["category"]]).max()
    return {cast(FlowKey, key): STATUSES[code] for key, code in worst.items()}


def status_shares(selected: pd.DataFrame) -> dict[str, int]:
    """Number of selected claims in each status, in the fixed status order."""
    counts = selected["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUSES}


def figures_by_status(selected: pd.DataFrame, window_months: int = FRESHNESS_MONTHS) -> pd.DataFrame:
    """flow_figures computed separately for each status's claims, with a `status` column."""
    parts = [flow_figures(selected[selected["status"] == s], window_months).assign(status=s) for s in STATUSES]
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*FIGURE_COLUMNS, "status"])
