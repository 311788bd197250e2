"""Coverage report: claims per category, direction, status, claimant type, stance, year and site."""

from __future__ import annotations

import pandas as pd

from ledger.contract import STATUSES
from ledger.flows import FLOW_KEY
from ledger.geo import claim_sites
from ledger.words import count_noun


def _by(c: pd.DataFrame, rows: list[str] | str) -> pd.DataFrame:
    index = [c[r] for r in rows] if isinstance(rows, list) else c[rows]
    table = pd.crosstab(index, c["status"]).reindex(columns=list(STATUSES), fill_value=0)
    table["total"] = table.sum(axis=1)
    return table


def _by_site(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims naming each site (a claim naming two sites counts at both), and those naming none."""
    named = claim_sites(claims)
    unplaced = claims.loc[~claims["id"].isin(named["id"]), ["status"]].assign(site_id="(no site named)")
    return _by(pd.concat([named[["site_id", "status"]], unplaced], ignore_index=True), "site_id")


def coverage_tables(claims: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The report's tables, as frames."""
    c = claims.assign(direction=claims["from_party"] + " → " + claims["to_party"],
                      year=claims["reported_on"].str[:4])
    asserts = c[c["stance"] == "asserts"]
    claimants = asserts.groupby(FLOW_KEY)["claimant_id"].nunique()
    single = claimants[claimants == 1].reset_index().rename(columns={"claimant_id": "n_claimants"})
    return {"by_category": _by(c, ["direction", "category"]), "by_claimant_type": _by(c, "claimant_type"),
            "by_stance": _by(c, "stance"), "by_year": _by(c, "year"), "by_site": _by_site(claims),
            "single_claimant_flows": single}


def coverage_report(claims: pd.DataFrame) -> str:
    """The coverage report as Markdown text."""
    t = coverage_tables(claims)
    latest = claims.iloc[int(claims["reported_date"].to_numpy().argmax())]  # the first of the newest, as idxmax
    lines = [f"# Coverage report: {count_noun(len(claims), 'claim')}", "",
             f"Claims made from {claims['reported_on'].min()} to {latest['reported_on']} (latest: `{latest['id']}`).",
             ""]
    for key, title in (("by_category", "By direction, category and status"),
                       ("by_claimant_type", "By claimant type and status"),
                       ("by_stance", "By stance (asserts, denies or disputes) and status"),
                       ("by_year", "By year the claim was made"),
                       ("by_site", "By site named (data/sites.csv) and status")):
        lines += [f"## {title}", "", t[key].reset_index().to_markdown(index=False), ""]
    lines += ["## Flows with only one claimant", ""]
    single = t["single_claimant_flows"]
    lines += [f"- {r.from_party} → {r.to_party}: {r.category}" for r in single.itertuples()] or ["- none"]
    return "\n".join(lines) + "\n"
