"""Find claims: a literal, case-insensitive text search and a claimant filter, over the ledger frame."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

SEARCH_MAX_CHARS = 200  # a longer query is cut to this many characters, so a search stays cheap
SEARCH_COLUMNS = ("item", "claimant", "notes", "source_outlet", "source_title")


def clean_query(text: str | None) -> str:
    """The query as searched: runs of whitespace made one space, trimmed, at most SEARCH_MAX_CHARS long."""
    return " ".join(str(text or "").split())[:SEARCH_MAX_CHARS].strip()


def search_mask(claims: pd.DataFrame, query: str | None, claimant_names: Mapping[str, str] | None = None,
                ) -> pd.Series:
    """True for each claim whose item, claimant, notes, outlet, title or claimant's name holds the text.

    The text is matched literally (never as a pattern) and without regard to case; an empty query matches all.
    """
    needle = clean_query(query).casefold()
    if not needle:
        return pd.Series(True, index=claims.index)
    columns = [claims[c] for c in SEARCH_COLUMNS if c in claims]
    if claimant_names is not None and "claimant_id" in claims:
        columns.append(claims["claimant_id"].map(dict(claimant_names)))
    mask = pd.Series(False, index=claims.index)
    for column in columns:
        text = column.astype("string").fillna("").str.casefold()
        mask |= text.str.contains(needle, regex=False)
    return mask


def narrow(claims: pd.DataFrame, claimants: Iterable[str] | None = None, query: str | None = None,
           claimant_names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The claims made by one of `claimants` (None or empty: any) that match the search `query`."""
    keep = pd.Series(True, index=claims.index)
    chosen = list(claimants or ())
    if chosen:
        keep &= claims["claimant_id"].isin(chosen)
    if clean_query(query):
        keep &= search_mask(claims, query, claimant_names)
    return claims if bool(keep.all()) else claims[keep]
