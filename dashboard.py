"""Exchange Ledger: the Streamlit page. Widgets and layout only; the logic lives in ledger/."""

from __future__ import annotations

import datetime as dt
import sys
from functools import partial
from pathlib import Path

import streamlit as st

from ledger import DATA_DIR, LEDGER_PATH
from ledger.charts import (
    estimates_figure,
    figures_by_status_figure,
    legend_markdown,
    sankey_figure,
    status_direction_figure,
    timeline_figure,
)
from ledger.cli_args import ledger_path_from_argv
from ledger.dictionary import render_dictionary
from ledger.export import MEDIA_TYPES, public_columns, to_csv_bytes, to_json_bytes, to_xlsx_bytes
from ledger.flows import FRESHNESS_MONTHS, claims_for_flow, figures_by_status
from ledger.load import content_digest, load_bytes, problems_frame
from ledger.reference import category_labels, load_events, party_labels
from ledger.schema import load_contract
from ledger.tables import (
    CLAIM_COLUMNS,
    PAGE_SIZE,
    figures_display,
    format_flow_label,
    md_escape,
    page_bounds,
    page_caption,
    page_count,
    page_rows,
    sources_markdown,
)
from ledger.valuation import flow_values, load_valuations, not_valued_flows
from ledger.view import CAPTIONS, Filters, build_view, flow_choices, flow_key_at, summary_items
from ledger.widths import WIDTH_OPTIONS, width_availability

st.set_page_config(page_title="Exchange Ledger: North Korea–Russia", page_icon="⇄", layout="wide")

CLAIM_CONFIG = {
    "source_url": st.column_config.LinkColumn("source", display_text="open source", validate=r"^https?://"),
    "quantity_low": st.column_config.NumberColumn("low", format="localized"),
    "quantity_high": st.column_config.NumberColumn("high", format="localized"),
}
MAX_UPLOAD_BYTES = 25 * 2**20  # matches server.maxUploadSize, so the app refuses the same files
PLOT_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


# cache_resource, not cache_data: a hit returns the same read-only objects instead of unpickling a
# copy of the ledger on every rerun, which at 100,000 claims cost more than the rest of the page.
@st.cache_resource(show_spinner=False, max_entries=8)
def load_ledger(digest: str, source: str, _data: bytes):
    """Validated ledger, keyed on the file's content digest, so edits are picked up."""
    return load_bytes(_data, source)


@st.cache_resource(show_spinner=False, max_entries=16)
def cached_view(digest: str, source: str, filters: Filters, _data: bytes):
    """Flows and figures for one set of filters, so flipping back to a view costs nothing."""
    return build_view(load_ledger(digest, source, _data).frame, filters)


@st.cache_resource(show_spinner=False, max_entries=32)
def cached_sankey(digest: str, source: str, filters: Filters, width: str, _data: bytes):
    """The Sankey for one view and link width; a Plotly figure takes longer to build than the view."""
    view = cached_view(digest, source, filters, _data)
    values = flow_values(view.figures, load_valuations()) if width == WIDTH_OPTIONS[1] else None
    return sankey_figure(view.flows, view.figures, category_labels(), values)


@st.cache_resource(show_spinner=False, max_entries=32)
def cached_choices(digest: str, source: str, filters: Filters, _data: bytes):
    """The pickable flows table for one view."""
    return flow_choices(cached_view(digest, source, filters, _data), category_labels())


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


def pager(n_rows: int, key: str) -> int:
    """A page number box, shown only when a table is longer than one page."""
    if n_rows <= PAGE_SIZE:
        return 1
    number = st.number_input("Page", min_value=1, max_value=page_count(n_rows), value=1, step=1, key=key)
    st.caption(f"{page_caption(n_rows, int(number))} Every claim shown is in the downloads (Ledger tab).")
    return int(number)


@st.cache_data(show_spinner=False)
def read_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


contract = load_contract()
labels = category_labels()
shipped_path = ledger_path_from_argv(sys.argv[1:], LEDGER_PATH)
try:
    stat = shipped_path.stat()
    shipped_raw, shipped_digest = read_file(str(shipped_path), stat.st_mtime_ns, stat.st_size)
except OSError as err:
    st.error(f"Cannot read the ledger at {md_escape(str(shipped_path))}: {err.strerror or type(err).__name__}.")
    st.stop()
active_raw, active_digest, active_name = shipped_raw, shipped_digest, shipped_path.name


# --- which ledger: the shipped one, or a reader's own upload -----------------------------------
with st.sidebar:
    st.header("Ledger")
    upload = st.file_uploader("Bring your own ledger (CSV, same columns)", type=["csv"],
                              key=f"upload_{st.session_state.get('upload_round', 0)}")
    if upload is not None:
        name = md_escape(upload.name)
        too_big = upload.size > MAX_UPLOAD_BYTES
        uploaded = None if too_big else load_ledger(upload_digest(upload), upload.name, upload.getvalue())
        if uploaded is None:
            st.error(f"{name} is {upload.size / 2**20:,.1f} MB; the limit is {MAX_UPLOAD_BYTES // 2**20} MB. "
                     "The current ledger stays.")
        elif uploaded.ok:
            active_raw, active_digest, active_name = upload.getvalue(), upload_digest(upload), upload.name
            st.success(f"Showing your ledger {name}: {len(uploaded.frame):,} claims.")
        else:
            st.error(f"{name} is not a valid ledger, so the current ledger stays. "
                     f"{len(uploaded.problems)} problem(s):")
            st.dataframe(problems_frame(uploaded.problems), hide_index=True, key="upload_problems")
        if st.button("Back to the shipped ledger", key="back_to_shipped"):
            st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
            st.rerun()
    else:
        st.caption(f"Showing the shipped ledger ({shipped_path.name}).")

result = load_ledger(active_digest, active_name, active_raw)
if not result.ok:
    st.error(f"The ledger at {shipped_path} is not valid, so nothing is shown.")
    st.dataframe(problems_frame(result.problems), hide_index=True)
    st.stop()

# --- filters, all bound to the URL so that a link restores the view ---------------------------
with st.sidebar:
    st.header("Show claims that are")
    statuses = tuple(s for s, label in (("confirmed", "Confirmed"), ("reported", "Reported"),
                                        ("speculated", "Speculated"))
                     if st.toggle(label, value=s != "speculated", key=s, bind="query-params"))
    st.markdown(legend_markdown())
    as_of = st.date_input("As known on", value=dt.date.today(), min_value=dt.date(2022, 1, 1),
                          max_value=dt.date.today(), key="as_of", bind="query-params",
                          help="Show the ledger as it stood on this date: claims made up to then.")
    party_ids = sorted(party_labels())
    parties = st.multiselect("Parties", party_ids, default=party_ids, key="parties", bind="query-params",
                             format_func=lambda p: party_labels().get(p, p))
    category_ids = sorted(labels, key=labels.get)
    categories = st.multiselect("Categories", category_ids, default=category_ids, key="categories",
                                bind="query-params", format_func=lambda c: labels.get(c, c))

filters = Filters(statuses, as_of, tuple(parties), tuple(categories))
view = cached_view(active_digest, active_name, filters, active_raw)

st.title("Exchange Ledger: what flows between North Korea and Russia")
st.caption("Every row is one public claim: who made it, how sure it is, and where we read it. "
           "Switch statuses on and off in the sidebar; every chart, total and table follows.")
for col, (label, value) in zip(st.columns(5), summary_items(view), strict=True):
    col.metric(label, value)

# Bound to the URL, so a link restores the tab; only the open tab is built and sent to the browser.
flows_tab, figures_tab, timeline_tab, ledger_tab, method_tab = st.tabs(
    ["Flows", "Figures", "Timeline", "Ledger and downloads", "Methodology"], key="tab", bind="query-params")

if flows_tab.open:
    with flows_tab:
        available, reason = width_availability()
        width = st.radio("Link width", WIDTH_OPTIONS, horizontal=True, key="width", disabled=not available,
                         help=reason or None)
        if reason:
            st.caption(f"Estimated value (USD) is not available: {reason}")
        st.plotly_chart(cached_sankey(active_digest, active_name, filters, width, active_raw), key="sankey",
                        config=PLOT_CONFIG)
        st.caption(CAPTIONS["sankey"])
        values = flow_values(view.figures, load_valuations()) if width == WIDTH_OPTIONS[1] else None
        if values is not None:
            missing = not_valued_flows(view.flows, values)
            st.caption("Every value is an estimate: headline figure × an estimated price per unit, from "
                       "data/valuations.csv (see the Methodology tab). "
                       + ("Not valued, so not drawn: " + "; ".join(format_flow_label(*k, labels) for k in missing)
                          if missing else "Every flow shown has a value."))
        st.subheader("Pick a flow to see every claim behind it")
        picked = st.dataframe(cached_choices(active_digest, active_name, filters, active_raw), hide_index=True,
                              on_select="rerun", selection_mode="single-row", key="flow_pick")
        rows = picked.selection.rows if picked else []
        key = flow_key_at(view, rows[0]) if rows else None
        if key is None:
            st.caption("Select a row in the table above.")
        else:
            st.markdown(f"**{format_flow_label(*key, labels)}**: every claim, newest first")
            behind = claims_for_flow(view.selected, *key)
            number = pager(len(behind), key=f"flow_page_{'_'.join(key)}")
            shown_rows = page_rows(behind, number)
            st.dataframe(shown_rows[CLAIM_COLUMNS], hide_index=True, column_config=CLAIM_CONFIG, key="flow_claims")
            with st.container(key="flow_sources"):
                st.markdown(sources_markdown(shown_rows, start=page_bounds(len(behind), number)[1]))

if figures_tab.open:
    with figures_tab:
        st.dataframe(figures_display(view.figures, labels), hide_index=True, key="headlines")
        st.plotly_chart(estimates_figure(view.estimates, view.figures, labels, FRESHNESS_MONTHS), key="estimates",
                        config=PLOT_CONFIG)
        st.caption(CAPTIONS["estimates"])
        st.plotly_chart(figures_by_status_figure(figures_by_status(view.selected), labels), key="by_status",
                        config=PLOT_CONFIG)
        st.plotly_chart(status_direction_figure(view.selected), key="status_direction", config=PLOT_CONFIG)

if timeline_tab.open:
    with timeline_tab:
        events = load_events()
        st.plotly_chart(timeline_figure(view.selected, events, labels), key="timeline", config=PLOT_CONFIG)
        st.caption(CAPTIONS["timeline"])
        st.subheader("Key events")
        st.dataframe(events[["date", "title", "description", "source_outlet", "source_url"]], hide_index=True,
                     key="events", column_config={"date": st.column_config.DateColumn("date"), **CLAIM_CONFIG})

if ledger_tab.open:
    with ledger_tab:
        number = pager(len(view.selected), key="ledger_page")
        st.dataframe(page_rows(view.selected, number)[CLAIM_COLUMNS], hide_index=True, column_config=CLAIM_CONFIG,
                     key="claims")
        shown = public_columns(view.selected, contract.names)
        st.download_button(f"Download CSV: full ledger as published ({md_escape(active_name)})", data=active_raw,
                           file_name=active_name, mime=MEDIA_TYPES["csv"], key="dl_full_csv", on_click="ignore")
        c1, c2, c3, c4 = st.columns(4)
        # Callables run only on click, so a rerun never pays for files nobody asked for.
        c1.download_button("Download CSV: claims shown", data=partial(to_csv_bytes, shown),
                           file_name="ledger-view.csv", mime=MEDIA_TYPES["csv"], key="dl_view_csv", on_click="ignore")
        c2.download_button("Download JSON: claims shown", data=partial(to_json_bytes, shown),
                           file_name="ledger-view.json", mime=MEDIA_TYPES["json"], key="dl_view_json",
                           on_click="ignore")
        c3.download_button("Download Excel (.xlsx): claims shown", data=partial(to_xlsx_bytes, shown),
                           file_name="ledger-view.xlsx", mime=MEDIA_TYPES["xlsx"], key="dl_view_xlsx",
                           on_click="ignore")
        c4.download_button("Download Markdown: data dictionary", data=lambda: render_dictionary().encode("utf-8"),
                           file_name="data-dictionary.md", mime="text/markdown", key="dl_dictionary", on_click="ignore")

if method_tab.open:
    with method_tab:
        st.markdown(read_text(str(DATA_DIR.parent / "docs" / "methodology.md")))
        with st.expander("Data changelog"):
            st.markdown(read_text(str(DATA_DIR / "CHANGELOG.md")))
        with st.expander("Per-unit valuations (estimates)"):
            st.dataframe(load_valuations(), hide_index=True, key="valuations",
                         column_config={"source_url": CLAIM_CONFIG["source_url"]})
        with st.expander("Data dictionary"):
            st.markdown(render_dictionary())
