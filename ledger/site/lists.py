"""Rows for the claim tables and the pager between the pages of a long listing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ledger.contract import ANSWER_STANCES
from ledger.site.urls import claim_path, paged
from ledger.tables import page_caption, page_count
from ledger.words import quantity_words

# Rows per page of a listing. The dashboard's grid scrolls 10,000 rows; a static page is read on a phone, and a
# claims index of 100 rows is about 40 KB of HTML.
LIST_PAGE_SIZE = 100
ROW_COLUMNS = ["id", "reported_on", "item", "quantity_low", "quantity_high", "unit", "status", "stance", "claimant",
               "source_outlet", "source_url"]


def figure_text(low: float, high: float, unit: str) -> str:
    """'10,000–12,000 soldiers', 'at least 1 system', or 'no figure': as the dashboard's source list writes it."""
    return quantity_words(low, high, bool(pd.isna(high)), unit or "").strip()


def claim_rows(claims: pd.DataFrame) -> list[dict[str, Any]]:
    """One dict per claim with what a claims table shows, and the claim page's address."""
    rows = []
    for r in claims[ROW_COLUMNS].to_dict("records"):
        rows.append({"href": claim_path(r["id"]), "reported_on": r["reported_on"], "item": r["item"],
                     "figure": figure_text(r["quantity_low"], r["quantity_high"], r["unit"]), "status": r["status"],
                     "stance": r["stance"], "answer": r["stance"] in ANSWER_STANCES, "claimant": r["claimant"],
                     "source_outlet": r["source_outlet"], "source_url": r["source_url"]})
    return rows


@dataclass(frozen=True)
class Pages:
    """Where one page of a listing sits among the others, with the links between them."""

    base: str
    number: int
    count: int
    caption: str

    def _link(self, number: int) -> str | None:
        return paged(self.base, number) if 1 <= number <= self.count and number != self.number else None

    @property
    def path(self) -> str:
        """This page's own folder."""
        return paged(self.base, self.number)

    @property
    def previous(self) -> str | None:
        """The page before, if any."""
        return self._link(self.number - 1)

    @property
    def next(self) -> str | None:
        """The page after, if any."""
        return self._link(self.number + 1)

    @property
    def first(self) -> str | None:
        """The first page, when it is not this one or the one before."""
        return self._link(1) if self.number > 2 else None

    @property
    def last(self) -> str | None:
        """The last page, when it is not this one or the one after."""
        return self._link(self.count) if self.number < self.count - 1 else None


def paginate(frame: pd.DataFrame, base: str, noun: str = "claims",
             size: int = LIST_PAGE_SIZE) -> Iterator[tuple[Pages, pd.DataFrame]]:
    """(pager, rows) for every page of `frame`; an empty frame still has its one page."""
    count = page_count(len(frame), size)
    for number in range(1, count + 1):
        yield (Pages(base, number, count, page_caption(len(frame), number, size, noun)),
               frame.iloc[(number - 1) * size: number * size])
