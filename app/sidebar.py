"""The sidebar: which ledger is on show, and the filters, all bound to the URL so a link restores the view."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from app.cache import load_ledger, read_file, upload_digest
from app.common import table_config
from ledger.charts.style import legend_markdown
from ledger.contract import STATUSES
from ledger.problems import problems_frame
from ledger.reference import claimant_labels, claimant_order, party_labels, party_order
from ledger.tables import md_escape
from ledger.view import DEFAULT_STATUSES, Filters
from ledger.words import count_noun


def max_upload_mb() -> int:
    """The upload limit in MB (2**20 bytes): server.maxUploadSize in .streamlit/config.toml, written only there."""
    return st.get_option("server.maxUploadSize")


def shipped_ledger(path: Path) -> tuple[bytes, str]:
    """The shipped file's bytes and digest; a file that cannot be read stops the page with a message."""
    try:
        stat = path.stat()
        return read_file(str(path), stat.st_mtime_ns, stat.st_size)
    except OSError as err:
        st.error(f"Cannot read the ledger at {md_escape(str(path))}: {err.strerror or type(err).__name__}.")
        st.stop()


def ledger_source(path: Path, raw: bytes, digest: str) -> tuple[bytes, str, str]:
    """(bytes, digest, name) of the ledger to show: the shipped one, or a reader's valid upload."""
    active = raw, digest, path.name
    with st.sidebar:
        st.header("Ledger")
        upload = st.file_uploader("Bring your own ledger (CSV, same columns)", type=["csv"],
                                  key=f"upload_{st.session_state.get('upload_round', 0)}")
        if upload is not None:
            name = md_escape(upload.name)
            limit_mb = max_upload_mb()
            too_big = upload.size > limit_mb * 2**20
            uploaded = None if too_big else load_ledger(upload_digest(upload), upload.name, upload.getvalue())
            if uploaded is None:
                st.error(f"{name} is {upload.size / 2**20:,.1f} MB; the limit is {limit_mb} MB. "
                         "The current ledger stays.")
            elif uploaded.ok:
                active = upload.getvalue(), upload_digest(upload), upload.name
                st.success(f"Showing your ledger {name}: {count_noun(len(uploaded.frame), 'claim')}.")
            else:
                st.error(f"{name} is not a valid ledger, so the current ledger stays. "
                         f"{count_noun(len(uploaded.problems), 'problem')}:")
                problems = problems_frame(uploaded.problems)
                st.dataframe(problems, hide_index=True, key="upload_problems",
                             column_config=table_config(problems.columns))
            if st.button("Back to the shipped ledger", key="back_to_shipped"):
                st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
                st.rerun()
        else:
            st.caption(f"Showing the shipped ledger ({path.name}).")
    return active


def filters(labels: dict[str, str], search: str) -> Filters:
    """The reader's filters, each bound to the URL, with the search from app.find.search_box."""
    with st.sidebar:
        st.header("Show claims that are")
        statuses = tuple(s for s in STATUSES
                         if st.toggle(s.capitalize(), value=s in DEFAULT_STATUSES, key=s, bind="query-params"))
        st.markdown(legend_markdown())
        as_of = st.date_input("As known on", value=dt.date.today(), min_value=dt.date(2022, 1, 1),
                              max_value=dt.date.today(), key="as_of", bind="query-params",
                              help="Show the ledger as it stood on this date: claims made up to then.")
        party_ids = list(party_order())  # as listed in data/parties.csv
        parties = st.multiselect("Parties", party_ids, default=party_ids, key="parties", bind="query-params",
                                 format_func=lambda p: party_labels().get(p, p))
        category_ids = sorted(labels, key=labels.get)
        categories = st.multiselect("Categories", category_ids, default=category_ids, key="categories",
                                    bind="query-params", format_func=lambda c: labels.get(c, c))
        chosen = st.multiselect("Claimant", claimant_order(), default=[], key="claimants",
                                bind="query-params", format_func=lambda c: claimant_labels().get(c, c),
                                placeholder="All claimants", help="Leave empty for every claimant.")
    return Filters(statuses, as_of, tuple(parties), tuple(categories), tuple(chosen), search)


def image_format() -> str:
    """What the charts' camera button exports: "png" or "svg" (a reader's preference, not part of the view)."""
    with st.sidebar:
        choice = st.radio("Chart download format", ["PNG", "SVG"], horizontal=True, key="image_format",
                          help="The camera button on each chart's toolbar saves the chart in this format, with "
                               "its title, filters, status legend and source line.")
    return choice.lower()
