"""Numbers and counts in words: figures in full or compact, and a noun in the singular for one and the plural else."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

# Units are written in the plural in data/categories.csv; these don't lose an "s" to become singular.
SINGULAR_UNITS = {"people": "person", "casualties": "casualty", "launches": "launch"}
FULL_FIGURE_CHARS = 16  # a figure written at a chart's mark in full up to this length ("11,000–12,000"), else compact


def count_noun(n: int, noun: str, plural: str | None = None) -> str:
    """'1 claim', '2 claims', '1,234 claims': `plural` for a noun that doesn't just take an s."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def singular(unit: str) -> str:
    """'systems' -> 'system', 'people' -> 'person'; a code such as USD or a word such as 'killed' is kept."""
    if unit in SINGULAR_UNITS:
        return SINGULAR_UNITS[unit]
    return unit[:-1] if unit.islower() and unit.endswith("s") and not unit.endswith("ss") else unit


def is_one(low: float, high: float) -> bool:
    """Whether a figure is exactly one, or "at least one": the unit then reads in the singular."""
    return bool(low == 1 and (pd.isna(high) or high == 1))


def unit_for(unit: str, low: float, high: float) -> str:
    """The unit as it reads after the figure: '1 system', 'at least 1 system', '2 systems'."""
    return singular(unit) if is_one(low, high) else unit


def format_quantity(low: float, high: float, at_least: bool = False) -> str:
    """1,000 / 600,000–700,000 / at least 1,000 / 6,500,000 to at least 10,000,000."""
    if pd.isna(low):
        return "no figure"
    lo = f"{low:,.0f}"
    if pd.isna(high) or high == low:
        return f"at least {lo}" if at_least else lo
    return f"{lo} to at least {high:,.0f}" if at_least else f"{lo}–{high:,.0f}"


def quantity_words(low: float, high: float, at_least: bool, unit: str) -> str:
    """'at least 1 system', '11,000–12,000 soldiers', or 'no figure'."""
    if pd.isna(low):
        return "no figure"
    return f"{format_quantity(low, high, at_least)} {unit_for(unit, low, high)}"


def format_compact(value: float) -> str:
    """6.5M / 13.2K / 220 / 1.7B / 28T: three significant figures at most, for labels."""
    rounded = float(f"{value:.3g}")  # round first, so 999,999 reads 1M, not 1000K
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(rounded) >= size:
            return f"{rounded / size:g}{suffix}"
    return f"{rounded:g}"


def format_span_compact(low: float, high: float, at_least: bool = False) -> str:
    """6.5M–10M / at least 13K / 6.5M to at least 10M (a missing high is the low: an "at least" has none)."""
    lo, hi = format_compact(low), format_compact(low if pd.isna(high) else high)
    if lo == hi:
        return f"at least {lo}" if at_least else lo
    return f"{lo} to at least {hi}" if at_least else f"{lo}–{hi}"


def figure_texts(figures: Sequence[tuple[float, float, bool]]) -> list[str]:
    """Figures (low, high, at least) written on one chart: all in full when each is short, else all compact.

    One chart keeps one style, so '10,000,000' never stands beside 'at least 12M'.
    """
    full = [format_quantity(low, high, at_least) for low, high, at_least in figures]
    if all(len(text) <= FULL_FIGURE_CHARS for text in full):
        return full
    return [format_span_compact(low, high, at_least) for low, high, at_least in figures]


def figure_text(low: float, high: float, at_least: bool) -> str:
    """A figure to write on a chart: in full when short ('11,000–12,000'), else compact ('6.5M–10M')."""
    return figure_texts([(low, high, at_least)])[0]
