"""Frames and text shaped for display: column choice, labels and headline figures in words."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd


def format_quantity(low: float, high: float, at_least: bool = False) -> str:
    """1,000 / 600,000–700,000 / at least 1,000 / 6,500,000 to at least 10,000,000."""
    if pd.isna(low):
        return "no figure"
    lo = f"{low:,.0f}"
    if pd.isna(high) or high == low:
        return f"at least {lo}" if at_least else lo
    return f"{lo} to at least {high:,.0f}" if at_least else f"{lo}–{high:,.0f}"


def format_compact(value: float) -> str:
    """6.5M / 13.2K / 220 / 1.7B / 28T: three significant figures at most, for labels."""
    rounded = float(f"{value:.3g}")  # round first, so 999,999 reads 1M, not 1000K
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(rounded) >= size:
            return f"{rounded / size:g}{suffix}"
    return f"{rounded:g}"


def format_span_compact(low: float, high: float, at_least: bool = False) -> str:
    """6.5M–10M / at least 13K / 6.5M to at least 10M."""
    lo, hi = format_compact(low), format_compact(high)
    if lo == hi:
        return f"at least {lo}" if at_least else lo
    return f"{lo} to at least {hi}" if at_least else f"{lo}–{hi}"


CLAIM_COLUMNS = ["reported_on", "status", "stance", "from_party", "to_party", "category", "item", "quantity_low",
                 "quantity_high", "unit", "measure", "period_start", "claimant", "claimant_type", "source_outlet",
                 "source_title", "source_url", "notes", "id"]

FIGURES_DISPLAY_COLUMNS = ["flow", "headline", "unit", "measure", "claimants", "low end", "high end",
                           "newest estimate", "left out (out of date)", "status", "estimates"]


def _end_text(claimant: str, reported_on: str, period_start: str) -> str:
    """'NIS, 2025-06-26 (counting since 2023-08)'."""
    since = f" (counting since {period_start})" if isinstance(period_start, str) and period_start else ""
    return f"{claimant}, {reported_on}{since}" if isinstance(claimant, str) and claimant else ""


def figures_display(figures: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Headline figures as readable text, one row per flow, unit and measure, with who stands at each end."""
    if figures.empty:
        return pd.DataFrame(columns=FIGURES_DISPLAY_COLUMNS)
    cumulative = figures["measure"] == "cumulative"
    return pd.DataFrame({
        "flow": [f"{labels.get(c, c)}: {f} → {t}" for f, t, c in
                 zip(figures["from_party"], figures["to_party"], figures["category"], strict=True)],
        "headline": [format_quantity(lo, hi, al) for lo, hi, al in
                     zip(figures["headline_low"], figures["headline_high"], figures["headline_at_least"], strict=True)],
        "unit": figures["unit"],
        "measure": figures["measure"].map({"cumulative": "span of running totals",
                                           "increment": "sum of shipments"}),
        "claimants": figures["n_claimants"],
        "low end": [_end_text(*r) for r in zip(figures["low_claimant"], figures["low_reported_on"],
                                               figures["low_period_start"], strict=True)],
        "high end": [_end_text(*r) for r in zip(figures["high_claimant"], figures["high_reported_on"],
                                                figures["high_period_start"], strict=True)],
        "newest estimate": [f"{c}, {d}" for c, d in zip(figures["latest_claimant"], figures["latest_reported_on"],
                                                         strict=True)],
        "left out (out of date)": figures["n_stale"].where(cumulative, 0),
        "status": figures["headline_status"],
        "estimates": figures["n_estimates"],
    }, columns=FIGURES_DISPLAY_COLUMNS)


def format_flow_label(from_party: str, to_party: str, category: str, labels: dict[str, str]) -> str:
    """'Troops: DPRK → Russia'."""
    return f"{labels.get(category, category)}: {from_party} → {to_party}"


def _claimants(n: int) -> str:
    return f"{n} claimant{'s' if n != 1 else ''}"


def headline_line(r) -> str:
    """One figure in words: span, unit, how it was made, its status, and who stands at each end."""
    head = format_quantity(r.headline_low, r.headline_high, r.headline_at_least)
    if r.measure != "cumulative":
        return f"{head} {r.unit} (sum of reported shipments, {r.headline_status}; newest {r.latest_reported_on})"
    text = f"{head} {r.unit} (latest running totals of {_claimants(r.n_claimants)}, {r.headline_status})"
    if r.n_claimants > 1:
        text += f"; low: {r.low_claimant}; high: {r.high_claimant}"
    text += f"; newest: {r.latest_claimant}, {r.latest_reported_on}"
    if r.n_stale:
        text += f"; {r.n_stale} out-of-date claimant{'s' if r.n_stale != 1 else ''} left out"
    return text


def headline_brief(r) -> str:
    """One figure in a few words: '6,500,000 to at least 10,000,000 rounds (3 claimants, reported)'."""
    head = format_quantity(r.headline_low, r.headline_high, r.headline_at_least)
    how = _claimants(r.n_claimants) if r.measure == "cumulative" else "sum of shipments"
    return f"{head} {r.unit} ({how}, {r.headline_status})"


def headline_text(figures: pd.DataFrame, brief: bool = False) -> dict[tuple[str, str, str], list[str]]:
    """Per flow, one line per unit and measure (see headline_line, or headline_brief when `brief`)."""
    words = headline_brief if brief else headline_line
    out: dict[tuple[str, str, str], list[str]] = {}
    for r in figures.itertuples(index=False):
        out.setdefault((r.from_party, r.to_party, r.category), []).append(words(r))
    return out


def node_figure(figures: pd.DataFrame, n_claims_by_unit: dict[str, int]) -> str:
    """A flow's headline in a few words for a diagram label: '6.5M–10M rounds (3 claimants)'.

    One unit is shown, the one with the most claims; the running total where the unit has both.
    """
    if figures.empty:
        return ""
    units = sorted(figures["unit"].unique(), key=lambda u: (-n_claims_by_unit.get(u, 0), u))
    rows = figures[figures["unit"] == units[0]].sort_values("measure", kind="mergesort")  # cumulative first
    r = rows.iloc[0]
    head = f"{format_span_compact(r.headline_low, r.headline_high, r.headline_at_least)} {r.unit}"
    how = _claimants(r.n_claimants) if r.measure == "cumulative" else (
        f"sum of {r.n_estimates} report{'s' if r.n_estimates != 1 else ''}")
    more = " + more units" if len(units) > 1 else ""
    return f"{head} ({how}){more}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'=@^%])")


def md_escape(text: object) -> str:
    """Ledger text made inert for Streamlit markdown: no links, HTML, LaTeX or colour directives."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _safe_url(url: str) -> str | None:
    if not url.startswith(("http://", "https://")) or any(c.isspace() for c in url):
        return None
    return url.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def sources_markdown(claims: pd.DataFrame, start: int = 1, claim_url: Callable[[str], str] | None = None) -> str:
    """A numbered list of the claims' sources, in the given order, with http(s) links only.

    With `claim_url` (claim id -> address), each line also links the claim's page in the static edition.
    """
    lines = []
    for i, r in enumerate(claims.itertuples(index=False), start=start):
        figure = format_quantity(r.quantity_low, r.quantity_high, pd.isna(r.quantity_high))
        what = f"{md_escape(figure)} {md_escape(r.unit)}" if not pd.isna(r.quantity_low) else "no figure"
        source = f"{md_escape(r.source_outlet)}: {md_escape(r.source_title)}"
        url = _safe_url(r.source_url)
        source = f"[{source}]({url})" if url else source
        page = _safe_url(claim_url(r.id)) if claim_url else None
        lines.append(f"{i}. {md_escape(r.reported_on)}, **{md_escape(r.status)}**, {md_escape(r.claimant)}: "
                     f"{what}. Source: {source}" + (f" · [Claim page]({page})" if page else ""))
    return "\n".join(lines)


# --- paging: the browser gets one page of a long table, so what a rerun sends stays bounded -----

PAGE_SIZE = 100


def page_count(n_rows: int, size: int = PAGE_SIZE) -> int:
    """Pages needed for n_rows; an empty table still has one (empty) page."""
    return max(1, -(-n_rows // size))


def page_bounds(n_rows: int, number: int, size: int = PAGE_SIZE) -> tuple[int, int, int]:
    """(page, first row, last row), 1-based, with a page number past either end moved to the nearest page."""
    number = min(max(number, 1), page_count(n_rows, size))
    return number, (number - 1) * size + 1, min(number * size, n_rows)


def page_rows(frame: pd.DataFrame, number: int, size: int = PAGE_SIZE) -> pd.DataFrame:
    """Page `number` (1-based) of frame; a number past either end gives the nearest page."""
    _, first, last = page_bounds(len(frame), number, size)
    return frame.iloc[first - 1: last]


def page_caption(n_rows: int, number: int, noun: str = "claims", size: int = PAGE_SIZE) -> str:
    """'Claims 101–200 of 9,091 (page 2 of 91).'"""
    if n_rows == 0:
        return f"No {noun}."
    number, first, last = page_bounds(n_rows, number, size)
    return f"{noun.capitalize()} {first:,}–{last:,} of {n_rows:,} (page {number:,} of {page_count(n_rows, size):,})."


EMPTY = "—"


def _number_text(value: float) -> str:
    if pd.isna(value):
        return EMPTY
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as a table shows it: no cell reads "None" or "nan"; a missing number is "—", missing text blank.

    Numbers become text with thousands separators, because a data grid shows a missing number as "None".
    Dates and timestamps are kept as they are when complete, so they still sort as dates.
    """
    out = {}
    for name, column in frame.items():
        has_missing = bool(column.isna().any())
        if pd.api.types.is_bool_dtype(column) or (not has_missing and not pd.api.types.is_float_dtype(column)):
            out[name] = column
        elif pd.api.types.is_numeric_dtype(column):
            out[name] = column.map(_number_text).astype(object)
        else:
            out[name] = column.astype("string").fillna("").astype(object)
    return pd.DataFrame(out, index=frame.index)
