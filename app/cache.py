"""Shared caches, keyed on a content digest so that an edited or uploaded ledger is picked up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from ledger.charts.sankey import SANKEY_TITLES, sankey_figure
from ledger.publish import publishable
from ledger.reader import content_digest, load_bytes
from ledger.reference import ReferenceTables, category_labels, claimant_labels, party_labels
from ledger.releases import latest_release, load_changes, load_releases
from ledger.share import filters_in_words
from ledger.valuation import load_valuations
from ledger.view import Filters, build_view, flow_choices
from ledger.widths import link_values


# cache_resource, not cache_data: a hit returns the same read-only objects instead of unpickling a
# copy of the ledger on every rerun, which at 100,000 claims cost more than the rest of the page.
@st.cache_resource(show_spinner=False, max_entries=8)
def load_ledger(digest: str, source: str, _data: bytes):
    """Validated ledger, keyed on the file's content digest, so edits are picked up."""
    return load_bytes(_data, source)


# Filters and the vocabularies are hashed by their repr: Streamlit's general hasher walks a dataclass on every rerun.
BY_FILTERS = {Filters: repr, ReferenceTables: repr}


@st.cache_resource(show_spinner=False, max_entries=16, hash_funcs=BY_FILTERS)
def cached_view(digest: str, source: str, filters: Filters, _data: bytes):
    """Flows and figures for one set of filters, so flipping back to a view costs nothing."""
    return build_view(load_ledger(digest, source, _data).frame, filters)


@st.cache_resource(show_spinner=False)  # read-only frame: read once per process, like the vocabularies
def valuations() -> pd.DataFrame:
    """data/valuations.csv."""
    return load_valuations()


@st.cache_resource(show_spinner=False, max_entries=32, hash_funcs=BY_FILTERS)
def cached_values(digest: str, source: str, filters: Filters, width: str, valuation_table: pd.DataFrame,
                  _data: bytes) -> pd.DataFrame | None:
    """The value widths of one view (None for claim widths): computed once for the diagram and the note under it."""
    return link_values(width, cached_view(digest, source, filters, _data).figures, valuation_table)


@st.cache_resource(show_spinner=False, max_entries=32, hash_funcs=BY_FILTERS)
def cached_sankey(digest: str, source: str, filters: Filters, width: str, refs: ReferenceTables,
                  valuation_table: pd.DataFrame, words: str, release_date: dt.date, _data: bytes):
    """The Sankey for one view and link width, ready to publish; a Plotly figure takes longer to build than the view.

    Keyed on everything it is drawn from: the view, the width, the vocabularies, the valuations, the
    filters in words and the release date of its source line.
    """
    view = cached_view(digest, source, filters, _data)
    values = cached_values(digest, source, filters, width, valuation_table, _data)
    # The Sankey's own title says what the width measures; it leads the subtitle so a phone can fit the
    # heading. The plain text, not the figure's (already escaped) title: publishable escapes it once.
    width_title = SANKEY_TITLES["claims" if values is None else "value"]
    figure = sankey_figure(view.flows, view.figures, view.text, refs, values, title=width_title)
    return publishable(figure, f"{width_title}. {words}", release_date,
                       title="What flows between North Korea and Russia")


@st.cache_resource(show_spinner=False, max_entries=32, hash_funcs=BY_FILTERS)
def cached_choices(digest: str, source: str, filters: Filters, refs: ReferenceTables, _data: bytes):
    """The pickable flows table for one view."""
    return flow_choices(cached_view(digest, source, filters, _data), refs.category_labels)


@st.cache_resource(show_spinner=False, max_entries=4)
def read_file(path: str, mtime_ns: int, size: int) -> tuple[bytes, str]:
    """A file's bytes and their digest, read again only when the file changes on disk."""
    data = Path(path).read_bytes()
    return data, content_digest(data)


def upload_digest(upload) -> str:
    """The upload's digest, computed once per uploaded file rather than on every rerun."""
    memo = st.session_state.setdefault("upload_digests", {})
    if upload.file_id not in memo:
        memo.clear()
        memo[upload.file_id] = content_digest(upload.getvalue())
    return memo[upload.file_id]


@st.cache_resource(show_spinner=False)  # read-only text: no copy per rerun
def read_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def view_words(filters: Filters) -> str:
    """The reader's filters in words, with the labels a reader sees."""
    return filters_in_words(filters, categories=category_labels(), parties=party_labels(),
                            claimants=claimant_labels())


@st.cache_resource(show_spinner=False)  # read-only frames: a cache_data hit unpickles a copy per rerun
def release_tables():
    """data/releases.csv and data/changes.csv."""
    return load_releases(), load_changes()


def current_release():
    """(version, date) of the newest release."""
    return latest_release(release_tables()[0])
