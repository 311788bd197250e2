"""Frames and text shaped for display: column choice, labels and headline figures in words."""

from __future__ import annotations

import re

import pandas as pd


def format_quantity(low: float, high: float, at_least: bool = False) -> str:
    """1,000 / 600,000–700,000 / at least 1,000."""
    if pd.isna(low):
        return "no figure"
    lo = f"{low:,.0f}"
    if at_least:
        return f"at least {lo}"
    return lo if pd.isna(high) or high == low else f"{lo}–{high:,.0f}"


CLAIM_COLUMNS = ["reported_on", "status", "from_party", "to_party", "category", "item", "quantity_low",
                 "quantity_high", "unit", "measure", "claimant", "claimant_type", "source_outlet",
                 "source_title", "source_url", "notes", "id"]


def figures_display(figures: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Headline figures as readable text, one row per flow, unit and measure."""
    if figures.empty:
        return pd.DataFrame(columns=["flow", "headline", "unit", "measure", "range of estimates", "status",
                                     "estimates", "latest claimant", "as of"])
    return pd.DataFrame({
        "flow": [f"{labels.get(c, c)}: {f} → {t}" for f, t, c in
                 zip(figures["from_party"], figures["to_party"], figures["category"], strict=True)],
        "headline": [format_quantity(lo, hi, al) for lo, hi, al in
                     zip(figures["headline_low"], figures["headline_high"], figures["headline_at_least"], strict=True)],
        "unit": figures["unit"],
        "measure": figures["measure"].map({"cumulative": "latest running total", "increment": "sum of shipments"}),
        "range of estimates": [format_quantity(lo, hi)
                               for lo, hi in zip(figures["range_low"], figures["range_high"], strict=True)],
        "status": figures["headline_status"],
        "estimates": figures["n_estimates"],
        "latest claimant": figures["headline_claimant"],
        "as of": figures["headline_reported_on"],
    })


def format_flow_label(from_party: str, to_party: str, category: str, labels: dict[str, str]) -> str:
    """'Troops: DPRK → Russia'."""
    return f"{labels.get(category, category)}: {from_party} → {to_party}"


def headline_text(figures: pd.DataFrame) -> dict[tuple[str, str, str], list[str]]:
    """Per flow, one line per unit and measure: headline, kind, status and the range of estimates."""
    out: dict[tuple[str, str, str], list[str]] = {}
    for r in figures.itertuples(index=False):
        head = format_quantity(r.headline_low, r.headline_high, r.headline_at_least)
        kind = "latest running total" if r.measure == "cumulative" else "sum of reported shipments"
        text = f"{head} {r.unit} ({kind}, {r.headline_status})"
        if r.measure == "cumulative" and (r.range_low != r.headline_low or r.range_high != r.headline_high):
            text += f"; estimates {format_quantity(r.range_low, r.range_high)}"
        out.setdefault((r.from_party, r.to_party, r.category), []).append(text)
    return out


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'=@^%])")


def md_escape(text: object) -> str:
    """Ledger text made inert for Streamlit markdown: no links, HTML, LaTeX or colour directives."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _safe_url(url: str) -> str | None:
    if not url.startswith(("http://", "https://")) or any(c.isspace() for c in url):
        return None
    return url.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def sources_markdown(claims: pd.DataFrame, start: int = 1) -> str:
    """A numbered list of the claims' sources, in the given order, with http(s) links only."""
    lines = []
    for i, r in enumerate(claims.itertuples(index=False), start=start):
        figure = format_quantity(r.quantity_low, r.quantity_high, pd.isna(r.quantity_high))
        what = f"{md_escape(figure)} {md_escape(r.unit)}" if not pd.isna(r.quantity_low) else "no figure"
        source = f"{md_escape(r.source_outlet)}: {md_escape(r.source_title)}"
        url = _safe_url(r.source_url)
        source = f"[{source}]({url})" if url else source
        lines.append(f"{i}. {md_escape(r.reported_on)}, **{md_escape(r.status)}**, {md_escape(r.claimant)}: "
                     f"{what}. Source: {source}")
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
