"""UN Security Council limits that bear on a flow, so a figure can be read against the law it tests.

Checked against the resolutions' published summaries: UNSCR 2397 (22 December 2017) caps refined
petroleum supplied to the DPRK at 500,000 barrels a year and orders every DPRK national earning
income abroad sent home within 24 months; UNSCR 1718 (2006) banned major arms to and from the DPRK
and 1874 (2009) widened the ban to all arms and related materiel (2270 (2016) added small arms).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ledger.reference import arms_categories


@dataclass(frozen=True)
class Limit:
    """One limit: which categories (and unit, if it is a number), the value, and what it says."""

    categories: tuple[str, ...]
    text: str
    resolution: str
    unit: str | None = None
    value: float | None = None

    def label(self) -> str:
        """'UN cap: 500,000 barrels of refined petroleum a year (UNSCR 2397)'."""
        return f"{self.text} ({self.resolution})"


def un_limits(arms: Iterable[str]) -> tuple[Limit, ...]:
    """The UN limits, the arms embargo covering `arms` (the categories data/categories.csv marks as arms)."""
    return (
        Limit(("oil",), "UN cap on refined petroleum to the DPRK: 500,000 barrels a year", "UNSCR 2397",
              unit="barrels", value=500_000),
        Limit(("labor",), "UN ban on DPRK workers abroad: all to be sent home, so the limit is zero", "UNSCR 2397",
              value=0),
        Limit(tuple(sorted(arms)), "UN arms embargo: all arms and related materiel, both directions, are banned",
              "UNSCR 1718 and 1874"),
    )


def limits_for(category: str, unit: str | None = None, limits: Iterable[Limit] | None = None) -> list[Limit]:
    """The limits that apply to a category; a numeric limit only in its own unit (or any unit if it has none)."""
    if limits is None:  # callers that hold the reference tables pass them; the default reads the vocabulary
        limits = un_limits(arms_categories())
    return [lim for lim in limits if category in lim.categories and (lim.unit is None or lim.unit == unit)]
