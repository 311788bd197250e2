"""Coverage report: claims per category, direction, status and year; flows with one claimant."""

from __future__ import annotations

import pandas as pd

from ledger.flows import FLOW_KEY
from ledger.schema import STATUSES


def coverage_tables(claims: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The report's tables, as frames."""
    c = claims.assign(direction=claims["from_party"] + " → " + claims["to_party"],
                      year=claims["reported_on"].str[:4])
    by_cat = pd.crosstab([c["direction"], c["category"]], c["status"]).reindex(columns=list(STATUSES), fill_value=0)
    by_cat["total"] = by_cat.sum(axis=1)
    by_year = pd.crosstab(c["year"], c["status"]).reindex(columns=list(STATUSES), fill_value=0)
    by_year["total"] = by_year.sum(axis=1)
    claimants = c.groupby(FLOW_KEY)["claimant"].nunique()
    single = claimants[claimants == 1].reset_index().rename(columns={"claimant": "n_claimants"})
    return {"by_category": by_cat, "by_year": by_year, "single_claimant_flows": single}


def coverage_report(claims: pd.DataFrame) -> str:
    """The coverage report as Markdown text."""
    t = coverage_tables(claims)
    lines = [f"# Coverage report: {len(claims)} claims", "",
             "## By direction, category and status", "", t["by_category"].reset_index().to_markdown(index=False), "",
             "## By year the claim was made", "", t["by_year"].reset_index().to_markdown(index=False), "",
             "## Flows with only one claimant", ""]
    single = t["single_claimant_flows"]
    lines += [f"- {r.from_party} → {r.to_party}: {r.category}" for r in single.itertuples()] or ["- none"]
    return "\n".join(lines) + "\n"
