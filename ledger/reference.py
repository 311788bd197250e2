"""The small reference tables beside the ledger: parties, categories, claimants, sites and key events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from ledger.contract import read_rows, resource_rows


def _rows(name: str) -> tuple[dict[str, str], ...]:
    """A vocabulary's rows, through the contract's one reader (the same rows the validator checks against)."""
    return resource_rows(name.removesuffix(".csv"))


@lru_cache(maxsize=1)
def category_labels() -> dict[str, str]:
    """Category id -> label, from data/categories.csv."""
    return {row["id"]: row["label"] for row in _rows("categories.csv")}


@lru_cache(maxsize=1)
def party_labels() -> dict[str, str]:
    """Party id -> label, from data/parties.csv."""
    return {row["id"]: row["label"] for row in _rows("parties.csv")}


def load_events(path: Path | None = None) -> pd.DataFrame:
    """Key events for the timeline, with `date` as a timestamp, oldest first."""
    frame = pd.DataFrame(list(read_rows(path) if path else _rows("events.csv")))
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
    return frame.sort_values("date", kind="mergesort").reset_index(drop=True)


@lru_cache(maxsize=1)
def claimants() -> pd.DataFrame:
    """The claimant vocabulary from data/claimants.csv: id, name, claimant_type, country."""
    return pd.DataFrame(list(_rows("claimants.csv")), dtype=str)


@lru_cache(maxsize=1)
def claimant_order() -> tuple[str, ...]:
    """Claimant ids ordered by claimant type, then name, so that like claimants sit together."""
    return tuple(claimants().sort_values(["claimant_type", "name"], kind="mergesort")["id"])


@lru_cache(maxsize=1)
def claimant_names() -> dict[str, str]:
    """Claimant id -> name."""
    frame = claimants()
    return dict(zip(frame["id"], frame["name"], strict=True))


@lru_cache(maxsize=1)
def claimant_labels() -> dict[str, str]:
    """Claimant id -> 'South Korea National Intelligence Service (third government)': name and claimant type."""
    frame = claimants()
    return {i: f"{n} ({t.replace('_', ' ')})" for i, n, t in
            zip(frame["id"], frame["name"], frame["claimant_type"], strict=True)}


@lru_cache(maxsize=1)
def category_kinds() -> dict[str, str]:
    """Category id -> kind (transfer or consequence), from data/categories.csv."""
    return {row["id"]: row["kind"] for row in _rows("categories.csv")}


@lru_cache(maxsize=1)
def arms_categories() -> frozenset[str]:
    """Category ids that are arms or related materiel (the `arms` column of data/categories.csv)."""
    return frozenset(row["id"] for row in _rows("categories.csv") if row["arms"] == "true")


@lru_cache(maxsize=1)
def claimant_info() -> dict[str, tuple[str, str]]:
    """Claimant id -> (name, claimant_type), from data/claimants.csv."""
    frame = claimants()
    return dict(zip(frame["id"], zip(frame["name"], frame["claimant_type"], strict=True), strict=True))


@lru_cache(maxsize=1)
def party_order() -> tuple[str, ...]:
    """Party ids in the order of data/parties.csv: the order in which charts draw and list them."""
    return tuple(row["id"] for row in _rows("parties.csv"))


@dataclass(frozen=True)
class ReferenceTables:
    """What a chart needs from the vocabulary files, read once by the caller and passed in.

    A builder that takes this reads no file, so a cache above it is keyed on everything it reads.
    """

    category_labels: Mapping[str, str]  # category id -> label
    category_kinds: Mapping[str, str]  # category id -> transfer or consequence
    party_order: tuple[str, ...]  # party ids, as listed in data/parties.csv
    claimants: Mapping[str, tuple[str, str]]  # claimant id -> (name, claimant_type)
    arms: tuple[str, ...]  # category ids marked as arms, for the UN embargo (ledger.sanctions.un_limits)


def reference_tables() -> ReferenceTables:
    """The shipped vocabularies as one read-only value (each file is read once per process)."""
    return ReferenceTables(MappingProxyType(category_labels()), MappingProxyType(category_kinds()), party_order(),
                           MappingProxyType(claimant_info()), tuple(sorted(arms_categories())))


@lru_cache(maxsize=1)
def sites() -> pd.DataFrame:
    """The places the claims name, from data/sites.csv, with latitude and longitude as numbers."""
    frame = pd.DataFrame(list(_rows("sites.csv")), dtype=str)
    return frame.astype({"latitude": float, "longitude": float})
