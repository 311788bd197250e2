"""Claims -> places: which sites the selected claims name, how strongly, and the routes between them.

Pure functions over frames: the sites table (data/sites.csv) is an argument, never read here. A claim names
its sites in `site_ids`, semicolon-separated, in the order its source gives them (origin first). Two
consecutive sites of one claim make a leg of a route.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

SITE_SEP = ";"
SITE_COLUMNS = ["site_id", "name", "kind", "country", "latitude", "longitude", "n_claims", "strongest_status",
                "n_confirmed", "n_reported", "n_speculated"]
ROUTE_COLUMNS = ["origin", "destination", "mode", "n_claims", "strongest_status", "claim_ids"]
MODES = ("sea", "rail", "road", "air", "unstated")


def split_sites(text: str) -> list[str]:
    """'rajin-port;dunai-port' -> ['rajin-port', 'dunai-port']; blank -> []."""
    return [part for part in (text or "").split(SITE_SEP) if part]


def claim_sites(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (claim, site it names): id, site_id, position (0 = first named), status."""
    listed = claims[["id", "status", "site_ids"]].assign(site_id=claims["site_ids"].fillna("").map(split_sites))
    long = listed.explode("site_id").dropna(subset=["site_id"])
    long["position"] = long.groupby("id").cumcount()
    return long[["id", "site_id", "position", "status"]].reset_index(drop=True)


def _strongest(status: pd.Series, statuses: Sequence[str]) -> str:
    """The strongest status present: the first of `statuses` (contract order) that occurs."""
    present = set(status)
    return next(s for s in statuses if s in present)


def site_summary(claims: pd.DataFrame, sites: pd.DataFrame, statuses: Sequence[str]) -> pd.DataFrame:
    """Each site the claims name: its place, the number of claims, the strongest status and counts by status."""
    long = claim_sites(claims)
    if long.empty:
        return pd.DataFrame(columns=SITE_COLUMNS)
    counts = pd.crosstab(long["site_id"], long["status"]).reindex(columns=list(statuses), fill_value=0)
    counts.columns = [f"n_{s}" for s in statuses]
    table = counts.assign(n_claims=counts.sum(axis=1),
                          strongest_status=long.groupby("site_id")["status"].agg(_strongest, statuses=statuses))
    placed = sites.rename(columns={"id": "site_id"}).merge(table.reset_index(), on="site_id", how="inner")
    return placed.sort_values(["n_claims", "site_id"], ascending=[False, True], kind="mergesort")[
        SITE_COLUMNS].reset_index(drop=True)


def leg_mode(origin_kind: str, destination_kind: str, unit: str) -> str:
    """How a leg travels, from what the two places are.

    By sea between ports, by rail through a rail crossing or to a railhead depot, by road over a bridge, by air
    to an airfield or when the claim counts flights; otherwise the route is not stated.
    """
    kinds = {origin_kind, destination_kind}
    if kinds == {"port"}:
        return "sea"
    if kinds & {"rail_crossing", "depot"}:
        return "rail"
    if "bridge" in kinds:
        return "road"
    if "airfield" in kinds or unit == "flights":
        return "air"
    return "unstated"


def route_legs(claims: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """One row per leg of one claim: id, origin, destination, mode, status."""
    long = claim_sites(claims)
    nxt = long.assign(position=long["position"] - 1).rename(columns={"site_id": "destination"})
    legs = long.rename(columns={"site_id": "origin"}).merge(nxt[["id", "position", "destination"]],
                                                             on=["id", "position"])
    kind = sites.set_index("id")["kind"]
    units = claims.set_index("id")["unit"].fillna("")
    modes = [leg_mode(kind.get(o, ""), kind.get(d, ""), units.get(i, ""))
             for i, o, d in zip(legs["id"], legs["origin"], legs["destination"], strict=True)]
    return legs.assign(mode=modes)[["id", "origin", "destination", "mode", "status"]]


def route_summary(claims: pd.DataFrame, sites: pd.DataFrame, statuses: Sequence[str]) -> pd.DataFrame:
    """Each route (origin, destination, mode) the claims draw: claims behind it and their strongest status."""
    legs = route_legs(claims, sites)
    if legs.empty:
        return pd.DataFrame(columns=ROUTE_COLUMNS)
    grouped = legs.groupby(["origin", "destination", "mode"], sort=True)
    table = grouped.agg(n_claims=("id", "nunique"),
                        strongest_status=("status", lambda s: _strongest(s, statuses)),
                        claim_ids=("id", lambda s: SITE_SEP.join(sorted(set(s)))))
    return table.reset_index()[ROUTE_COLUMNS]


def claims_at_site(claims: pd.DataFrame, site_id: str) -> pd.DataFrame:
    """The claims that name `site_id`, newest first."""
    names = claims["site_ids"].fillna("").map(lambda text: site_id in split_sites(text))
    return claims[names].sort_values(["reported_date", "id"], ascending=[False, True], kind="mergesort")
