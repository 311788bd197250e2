"""Flows -> what the charts draw: which flows, in which order, in which bands, and how marks are binned.

Every rule here is plain pandas, tested without plotly; ledger.charts only turns the results into
marks. Party order comes from data/parties.csv (ledger.reference.party_order), passed in.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TypeVar

import pandas as pd

from ledger.contract import STATUSES
from ledger.flows import FLOW_KEY, FlowKey, asserting, denials, upper

FACET = [*FLOW_KEY, "unit"]
Facet = tuple[str, str, str, str]  # (from_party, to_party, category, unit)
BAND_COLUMNS = ["flow", "status", "width"]
Key = TypeVar("Key", bound=tuple[str, ...])


def in_party_order(parties: Iterable[str], order: Sequence[str], reverse: bool = False) -> list[str]:
    """The distinct parties in the order of data/parties.csv (or its reverse); a party not listed comes last.

    The diagram lists givers in that order and receivers in its reverse, so that each party faces the
    party it gives to and a two-party exchange reads as two straight bands.
    """
    position = {p: i for i, p in enumerate(reversed(order) if reverse else order)}
    return sorted(set(parties), key=lambda p: (position.get(p, len(position)), p))


def reading_order(keys: Iterable[Key], order: Sequence[str]) -> list[Key]:
    """Keys that start (from_party, to_party, ...), by giver, then receiver as the diagram lists them, then the rest."""
    keys = list(keys)
    givers = {p: i for i, p in enumerate(in_party_order((k[0] for k in keys), order))}
    receivers = {p: i for i, p in enumerate(in_party_order((k[1] for k in keys), order, reverse=True))}
    return sorted(keys, key=lambda k: (givers[k[0]], receivers[k[1]], *k[2:]))


def facet_keys(frame: pd.DataFrame, order: Sequence[str]) -> list[Facet]:
    """(from, to, category, unit) of each panel, in reading order (see reading_order)."""
    return reading_order(frame[FACET].drop_duplicates().itertuples(index=False, name=None), order)


def facets_of(frame: pd.DataFrame, order: Sequence[str], flows: Collection[FlowKey] | None = None) -> list[Facet]:
    """The panels of `flows` (every flow when None) that `frame` has rows for, in reading order."""
    keys = facet_keys(frame, order)
    return keys if flows is None else [k for k in keys if k[:3] in flows]


def facet_rows(frame: pd.DataFrame, key: Sequence[str], columns: Sequence[str] = FACET) -> pd.DataFrame:
    """The rows of `frame` whose `columns` (by default from, to, category and unit) equal `key`."""
    keep = pd.Series(True, index=frame.index)
    for column, value in zip(columns, key, strict=True):
        keep &= frame[column] == value
    return frame[keep]


def estimate_order(estimates: pd.DataFrame) -> pd.DataFrame:
    """A panel's claimant rows as a reader scans them: up to date first, then highest figure, then lowest, then name.

    Out-of-date claimants go last, so that the span's claimants stand together at the top.
    """
    return estimates.assign(_stale=~estimates["in_window"].astype(bool), _high=upper(estimates).astype(float),
                            _low=estimates["quantity_low"].astype(float)).sort_values(
        ["_stale", "_high", "_low", "claimant_id"], ascending=[True, False, False, True], kind="mergesort",
    ).drop(columns=["_stale", "_high", "_low"])


def figure_claims(selected: pd.DataFrame, flows: Collection[FlowKey] | None = None) -> pd.DataFrame:
    """The asserting claims of `flows` (all when None) that give a figure, with every column (sources too)."""
    claims = asserting(selected)
    claims = claims[claims["quantity_low"].notna()]
    if flows is None:
        return claims
    return claims[pd.MultiIndex.from_frame(claims[FLOW_KEY]).isin(list(flows))]


def timeline_flows(selected: pd.DataFrame) -> set[FlowKey]:
    """The flows a timeline has marks for: a claim with a figure, or a claim that asserts no flow."""
    drawn = pd.concat([figure_claims(selected)[FLOW_KEY], denials(selected)[FLOW_KEY]]).drop_duplicates()
    return set(drawn.itertuples(index=False, name=None))


def drawn_flows(flows: pd.DataFrame, kinds: Mapping[str, str], values: pd.DataFrame | None = None) -> pd.DataFrame:
    """The flows a diagram draws, each with a width above zero.

    Consequences such as casualties are costs of a flow, never a flow, so they are left out. With
    `values` (ledger.valuation.flow_values) the width is the value's midpoint, and a flow with no value
    is left out rather than drawn as zero; otherwise the width is the number of claims.
    """
    flows = flows[~flows["category"].isin([c for c, kind in kinds.items() if kind == "consequence"])]
    if values is not None:
        flows = flows.merge(values, on=FLOW_KEY, how="inner")
        flows = flows[flows["value_mid"].notna()]
    return flows[flows["value_mid" if values is not None else "n_claims"] > 0]


def link_bands(flows: pd.DataFrame, weakest: Mapping[FlowKey, str] | None = None) -> pd.DataFrame:
    """The bands from each giver into a flow: `flow` (its row number in `flows`), status and width.

    By claims (no `weakest`): one band per status that has claims, as wide as its claims. By value: one
    band per flow, as wide as its value's midpoint, graded by the weakest status behind the value
    (ledger.flows.weakest_status), or the flow's strongest status if it has no figure.
    """
    if weakest is None:
        counts = flows[[f"n_{s}" for s in STATUSES]].to_numpy()
        rows = [(i, s, float(n)) for i, row in enumerate(counts) for s, n in zip(STATUSES, row, strict=True) if n]
    else:
        keys = flows[FLOW_KEY].itertuples(index=False, name=None)
        rows = [(i, weakest.get(key, strongest), float(mid)) for i, (key, strongest, mid) in
                enumerate(zip(keys, flows["strongest_status"], flows["value_mid"], strict=True))]
    return pd.DataFrame(rows, columns=BAND_COLUMNS)


def onward_links(bands: pd.DataFrame) -> pd.DataFrame:
    """One link per flow on to its receiver: the sum of its bands, with the status of its first band."""
    return bands.groupby("flow", sort=False).agg(status=("status", "first"), width=("width", "sum")).reset_index()


def monthly_spans(claims: pd.DataFrame) -> pd.DataFrame:
    """Estimates binned by month: date (the month's first day), lowest low, highest high and number of estimates.

    A crowded panel draws one mark per month, so a large ledger sends marks per month, not per claim.
    """
    month = claims["reported_date"].dt.to_period("M").dt.to_timestamp()
    work = pd.DataFrame({"date": month, "low": claims["quantity_low"].astype(float),
                         "high": upper(claims).astype(float)})
    return work.groupby("date", sort=True).agg(low=("low", "min"), high=("high", "max"),
                                               n=("low", "size")).reset_index()


def monthly_counts(dates: pd.Series) -> pd.Series:
    """Number of dates in each month, indexed by the month's first day, oldest first."""
    return dates.dt.to_period("M").dt.to_timestamp().value_counts().sort_index()


def claimant_runs(claims: pd.DataFrame) -> tuple[list, list]:
    """The x and y of each claimant's successive estimates (per measure), oldest first, with a gap between runs.

    A claimant with one estimate of a measure has no run; x is the date, y the estimate's low.
    """
    xs: list = []
    ys: list = []
    ordered = claims.sort_values(["claimant_id", "measure", "reported_date", "id"], kind="mergesort")
    for _, one in ordered.groupby(["claimant_id", "measure"], sort=False):
        if len(one) > 1:
            xs += [*one["reported_date"], None]
            ys += [*one["quantity_low"].astype(float), None]
    return xs, ys


def status_counts_by_direction(claims: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    """Claims per direction (index: from_party, to_party) and status (a column each), denials included.

    Directions are in reading order (see reading_order); every status has a column, zero if unused.
    """
    counts = pd.crosstab([claims["from_party"], claims["to_party"]], claims["status"])
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    ranked = reading_order(counts.index, order)
    return counts.reindex(pd.MultiIndex.from_tuples(ranked, names=counts.index.names))
