"""Frames and text shaped for display: column choice, labels and headline figures in words."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, cast

import pandas as pd

from ledger.contract import URL_PATTERN
from ledger.words import count_noun, format_quantity, format_span_compact, quantity_words, unit_for

CLAIM_COLUMNS = ["reported_on", "status", "stance", "from_party", "to_party", "category", "item", "quantity_low",
                 "quantity_high", "unit", "measure", "period_start", "claimant", "claimant_type", "source_outlet",
                 "source_title", "source_url", "notes", "id"]

# What a table's column head says, where the id with its underscores turned to spaces would not read well.
# A field's `title` in data/datapackage.json, when it has one, comes first (field_titles).
COLUMN_LABELS = {
    "id": "Claim id", "reported_on": "Reported on", "from_party": "From", "to_party": "To",
    "quantity_low": "Low", "quantity_high": "High", "period_start": "Counting since", "period_end": "Until",
    "claimant_id": "Claimant id", "claimant": "Claimant, and where", "source_outlet": "Outlet",
    "source_title": "Source title", "source_url": "Source", "source_date": "Source date", "shipment": "Shipment",
    "added_in": "Added in release", "usd_low": "USD per unit, low", "usd_high": "USD per unit, high",
    "date": "Date", "left out (out of date)": "Left out (out of date)",
}
# What a cell says in the claims table, where the id would not read well; the downloads keep the ids.
MEASURE_WORDS = {"cumulative": "running total", "increment": "one shipment or event"}


def field_titles(descriptor: Mapping) -> dict[str, str]:
    """Column id -> `title`, for every field of every resource in a data package descriptor that has one."""
    return {f["name"]: f["title"] for r in descriptor.get("resources", [])
            for f in r.get("schema", {}).get("fields", []) if f.get("title")}


def column_label(name: str, titles: Mapping[str, str] | None = None) -> str:
    """A column's head as a reader sees it: its title in the contract, else COLUMN_LABELS, else the id in words."""
    words = name.replace("_", " ")
    return (titles or {}).get(name) or COLUMN_LABELS.get(name) or words[:1].upper() + words[1:]


# The claims table's last column, when the dashboard knows where the static edition lives: each claim's page.
CLAIM_PAGE_COLUMN = "claim_page"


def claims_display(claims: pd.DataFrame, categories: Mapping[str, str],
                   claim_url: Callable[[str], str] | None = None) -> pd.DataFrame:
    """The claims table's cells in words: category labels, claimant types and measures; ids stay in downloads.

    With `claim_url`, a last column (CLAIM_PAGE_COLUMN) gives each claim's address in the static edition.
    """
    shown = display_frame(claims[CLAIM_COLUMNS])
    # replace() leaves a cell with no label as it is, and keeps the column text even when no cell has one.
    shown = shown.assign(category=shown["category"].replace(dict(categories)),
                         claimant_type=shown["claimant_type"].str.replace("_", " "),
                         measure=shown["measure"].replace(dict(MEASURE_WORDS)))
    if claim_url is not None:
        shown[CLAIM_PAGE_COLUMN] = [claim_url(str(i)) for i in shown["id"]]
    return shown


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
        "measure": [_measure_words(m, n) for m, n in zip(figures["measure"], figures["n_estimates"], strict=True)],
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


def _measure_words(measure: str, n_estimates: int) -> str:
    """How a headline was made: 'span of running totals', 'sum of shipments', or 'one shipment'."""
    if measure == "cumulative":
        return "span of running totals"
    return "sum of shipments" if n_estimates != 1 else "one shipment"


class FigureRow(Protocol):
    """A row of ledger.flows.flow_figures, as itertuples gives it."""

    from_party: str
    to_party: str
    category: str
    unit: str
    measure: str
    headline_low: float
    headline_high: float
    headline_at_least: bool
    headline_status: str
    n_claimants: int
    n_stale: int
    n_estimates: int
    low_claimant: str
    high_claimant: str
    latest_claimant: str
    latest_reported_on: str


def headline_line(r: FigureRow) -> str:
    """One figure in words: span, unit, how it was made, its status, and who stands at each end."""
    head = quantity_words(r.headline_low, r.headline_high, r.headline_at_least, r.unit)
    if r.measure != "cumulative":
        how = f"sum of {count_noun(r.n_estimates, 'reported shipment')}" if r.n_estimates != 1 else "one report"
        return f"{head} ({how}, {r.headline_status}; newest {r.latest_reported_on})"
    text = f"{head} (latest running totals of {count_noun(r.n_claimants, 'claimant')}, {r.headline_status})"
    if r.n_claimants > 1:
        text += f"; low: {r.low_claimant}; high: {r.high_claimant}"
    text += f"; newest: {r.latest_claimant}, {r.latest_reported_on}"
    if r.n_stale:
        text += f"; {count_noun(r.n_stale, 'out-of-date claimant')} left out"
    return text


def headline_brief(r: FigureRow) -> str:
    """One figure in a few words: '6,500,000 to at least 10,000,000 rounds (3 claimants, reported)'."""
    head = quantity_words(r.headline_low, r.headline_high, r.headline_at_least, r.unit)
    if r.measure == "cumulative":
        return f"{head} ({count_noun(r.n_claimants, 'claimant')}, {r.headline_status})"
    how = f"sum of {count_noun(r.n_estimates, 'shipment')}, " if r.n_estimates != 1 else ""
    return f"{head} ({how}{r.headline_status})"


def _rows_by_flow(figures: pd.DataFrame) -> dict[tuple[str, str, str], list[FigureRow]]:
    """The figures' rows per flow, in the figures' order: a few dozen rows, cheaper in Python than grouped."""
    out: dict[tuple[str, str, str], list[FigureRow]] = {}
    for r in cast(Iterable[FigureRow], figures.itertuples(index=False)):
        out.setdefault((r.from_party, r.to_party, r.category), []).append(r)
    return out


def headline_text(figures: pd.DataFrame, brief: bool = False) -> dict[tuple[str, str, str], list[str]]:
    """Per flow, one line per unit and measure (see headline_line, or headline_brief when `brief`)."""
    words = headline_brief if brief else headline_line
    return {key: [words(r) for r in rows] for key, rows in _rows_by_flow(figures).items()}


def node_figure(rows: Sequence[FigureRow]) -> tuple[str, ...]:
    """A flow's headline in a few words for a diagram label, a line each: ('6.5M–10M rounds', '3 claimants').

    `rows` are the flow's figures. One unit is shown, the one with the most estimates; the running
    total where the unit has both. A single report needs no second line: '1 flight'.
    """
    if not rows:
        return ()
    n_by_unit: dict[str, int] = {}
    for r in rows:
        n_by_unit[r.unit] = n_by_unit.get(r.unit, 0) + int(r.n_estimates)
    units = sorted(n_by_unit, key=lambda u: (-n_by_unit[u], u))
    r = min((r for r in rows if r.unit == units[0]), key=lambda r: r.measure)  # cumulative before increment
    low, high = r.headline_low, r.headline_high
    head = f"{format_span_compact(low, high, r.headline_at_least)} {unit_for(r.unit, low, high)}"
    how = [count_noun(r.n_claimants, "claimant") if r.measure == "cumulative" else
           f"sum of {count_noun(r.n_estimates, 'report')}" if r.n_estimates != 1 else ""]
    more = ["more units"] if len(units) > 1 else []
    tail = "; ".join(p for p in how + more if p)
    return (head, tail) if tail else (head,)


@dataclass(frozen=True)
class FlowText:
    """A view's headline figures in words, per flow: built once, read by the diagram and the flow table."""

    lines: Mapping[tuple[str, str, str], list[str]]  # headline_line per unit and measure: the diagram's hover
    brief: Mapping[tuple[str, str, str], list[str]]  # headline_brief per unit and measure: the flow table
    node: Mapping[tuple[str, str, str], tuple[str, ...]]  # node_figure: the lines beside the diagram's middle node


def flow_text(figures: pd.DataFrame) -> FlowText:
    """Every piece of headline text a view shows per flow (figures from ledger.flows.flow_figures)."""
    by_flow = _rows_by_flow(figures)
    return FlowText({key: [headline_line(r) for r in rows] for key, rows in by_flow.items()},
                    {key: [headline_brief(r) for r in rows] for key, rows in by_flow.items()},
                    {key: node_figure(rows) for key, rows in by_flow.items()})


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'=@^%])")


def md_escape(text: object) -> str:
    """Ledger text made inert for Streamlit markdown: no links, HTML, LaTeX or colour directives."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def safe_url(url: str) -> str | None:
    """The address if the contract's rule for a URL accepts it (http or https, no spaces), Markdown-safe; else None."""
    if not URL_PATTERN.fullmatch(url):
        return None
    return url.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def sources_markdown(claims: pd.DataFrame, start: int = 1, claim_url: Callable[[str], str] | None = None) -> str:
    """A numbered list of the claims' sources, in the given order, with http(s) links only.

    With `claim_url` (claim id -> address), each line also links the claim's page in the static edition.
    """
    lines = []
    for i, r in enumerate(claims.to_dict("records"), start=start):
        what = md_escape(quantity_words(r["quantity_low"], r["quantity_high"], pd.isna(r["quantity_high"]), r["unit"]))
        source = f"{md_escape(r['source_outlet'])}: {md_escape(r['source_title'])}"
        url = safe_url(r["source_url"])
        source = f"[{source}]({url})" if url else source
        page = safe_url(claim_url(r["id"])) if claim_url else None
        lines.append(f"{i}. {md_escape(r['reported_on'])}, **{md_escape(r['status'])}**, {md_escape(r['claimant'])}: "
                     f"{what}. Source: {source}" + (f" · [Claim page]({page})" if page else ""))
    return "\n".join(lines)


# --- paging, only past PAGE_SIZE rows: one grid scrolls any ledger short of that (docs/performance.md) ------

PAGE_SIZE = 10_000  # rows sent to the browser at once: a 100,000-claim view sent whole is 40 MB per new view


def page_count(n_rows: int, size: int) -> int:
    """Pages needed for n_rows; an empty table still has one (empty) page."""
    return max(1, -(-n_rows // size))


def page_bounds(n_rows: int, number: int, size: int) -> tuple[int, int, int]:
    """(page, first row, last row), 1-based, with a page number past either end moved to the nearest page."""
    number = min(max(number, 1), page_count(n_rows, size))
    return number, (number - 1) * size + 1, min(number * size, n_rows)


def page_rows(frame: pd.DataFrame, number: int, size: int) -> pd.DataFrame:
    """Page `number` (1-based) of frame; a number past either end gives the nearest page."""
    _, first, last = page_bounds(len(frame), number, size)
    return frame.iloc[first - 1: last]


def page_caption(n_rows: int, number: int, size: int, noun: str = "claims") -> str:
    """The pager's line, e.g. 'Claims 10,001–20,000 of 91,000 (page 2 of 10).'."""
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
