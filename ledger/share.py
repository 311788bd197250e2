"""Share a view: its filters in words, the permalink, an embed snippet and a citation with the release date."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ledger.contract import STATUSES, load_contract
from ledger.search import clean_query
from ledger.view import Filters

# Both from the data package's descriptor, whose title reads "Exchange Ledger: <the work's title>": a
# citation names the publisher, then the work.
LICENCE: str = load_contract().descriptor["licenses"][0]["name"]
_WORK = load_contract().descriptor["title"].split(": ", 1)[1]
TITLE: str = _WORK[:1].upper() + _WORK[1:]


def _listed(chosen: Iterable[str] | None, every: Iterable[str], labels: Mapping[str, str], noun: str) -> str | None:
    """'categories: Oil, Troops', or None when the choice is everything (or nothing was narrowed)."""
    if chosen is None:
        return None
    chosen, every = list(chosen), list(every)
    if set(chosen) >= set(every):
        return None
    if not chosen:
        return f"no {noun}"
    return f"{noun}: " + ", ".join(labels.get(c, c) for c in chosen)


def filters_in_words(filters: Filters, *, categories: Mapping[str, str], parties: Mapping[str, str],
                     claimants: Mapping[str, str]) -> str:
    """The view in one line: statuses, 'as known on', and any parties, categories, claimants or search."""
    statuses = [s for s in STATUSES if s in filters.statuses]
    head = (" and ".join(", ".join(statuses).rsplit(", ", 1)) if statuses else "no") + " claims"
    parts = [head]
    if filters.as_of is not None:
        parts.append(f"as known on {filters.as_of.isoformat()}")
    for text in (_listed(filters.parties, parties, parties, "parties"),
                 _listed(filters.categories, categories, categories, "categories")):
        if text:
            parts.append(text)
    if filters.claimants:  # empty means every claimant
        parts.append("claimants: " + "; ".join(claimants.get(c, c) for c in filters.claimants))
    query = clean_query(filters.search)
    if query:
        parts.append(f"search “{query}”")
    return "; ".join(parts)


def permalink(url: str, params: Iterable[tuple[str, str]]) -> str:
    """The page's address with exactly `params` as its query (repeated keys kept, `embed` dropped)."""
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in params if not k.startswith("embed")])
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


def embed_url(link: str) -> str:
    """The permalink in Streamlit's embed mode (no menu, no sidebar)."""
    parts = urlsplit(link)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.startswith("embed")]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode([*query, ("embed", "true")]), ""))


def embed_snippet(link: str, title: str = f"Exchange Ledger: {TITLE}", height: int = 900) -> str:
    """An iframe that embeds the same view; the address and title are escaped for HTML."""
    return (f'<iframe src="{html.escape(embed_url(link), quote=True)}" title="{html.escape(title, quote=True)}" '
            f'width="100%" height="{int(height)}" style="border:0" loading="lazy"></iframe>')


def citation(words: str, version: str, release_date: dt.date, link: str, accessed: dt.date) -> str:
    """The citation for this view, in the form docs/methodology.md asks for, with the view and its address."""
    return (f"Exchange Ledger, “{TITLE}”, release {version} of {release_date.isoformat()}, licensed {LICENCE}. "
            f"View: {words}. {link} (accessed {accessed.isoformat()}).")


def source_line(release_date: dt.date) -> str:
    """'Source: Exchange Ledger, release DATE, CC-BY-4.0': the line every published chart carries."""
    return f"Source: Exchange Ledger, release {release_date.isoformat()}, {LICENCE}"


def encode_flow(key: tuple[str, str, str]) -> str:
    """'DPRK>Russia>troops': a flow as it is kept in the URL."""
    return ">".join(key)


def decode_flow(text: str) -> tuple[str, str, str] | None:
    """The flow a URL names, or None for anything that is not three non-empty parts."""
    parts = str(text or "").split(">")
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 and all(parts) else None
