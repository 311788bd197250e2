"""The Flows tab: the Sankey, the link width, and every claim behind a picked flow."""

from __future__ import annotations

import streamlit as st

from app.cache import cached_choices, cached_sankey, cached_values, valuations
from app.common import Page, claims_table, pager, static_claim_url, table_config
from ledger.flows import claims_for_flow
from ledger.publish import alt_text, plot_config
from ledger.share import decode_flow, encode_flow
from ledger.tables import format_flow_label, page_bounds, page_rows, sources_markdown
from ledger.valuation import not_valued_flows
from ledger.view import CAPTIONS, flow_key_at
from ledger.widths import WIDTH_OPTIONS, width_availability
from ledger.words import count_noun

SOURCES_LISTED = 200


def render(page: Page) -> None:
    """Draw the tab."""
    view, labels = page.view, page.labels
    available, reason = width_availability()
    width = st.radio("Link width", WIDTH_OPTIONS, horizontal=True, key="width", disabled=not available,
                     help=reason or None, bind="query-params")
    if reason:
        st.caption(f"Estimated value (USD) is not available: {reason}")
    valuation_table = valuations()
    st.plotly_chart(cached_sankey(page.digest, page.name, page.filters, width, page.refs, valuation_table, page.words,
                                  page.release[1], page.raw), key="sankey",
                    config=plot_config("flows", page.image_format),
                    alt=alt_text(f"Flow diagram of {len(view.flows):,} flows between North Korea and Russia, "
                                 f"link width: {width}", page.words, "the table under “Pick a flow”"))
    st.caption(CAPTIONS["sankey"])
    values = cached_values(page.digest, page.name, page.filters, width, valuation_table, page.raw)
    if values is not None:
        missing = not_valued_flows(view.flows, values)
        st.caption("Every value is an estimate: headline figure × an estimated price per unit, from "
                   "data/valuations.csv (see the Methodology tab). "
                   + ("Not valued, so not drawn: " + "; ".join(format_flow_label(*k, labels) for k in missing)
                      if missing else "Every flow shown has a value."))
    st.header("Pick a flow to see every claim behind it")
    choices = cached_choices(page.digest, page.name, page.filters, page.refs, page.raw)
    picked = st.dataframe(choices, hide_index=True, on_select="rerun", selection_mode="single-row", key="flow_pick",
                          column_config=table_config(choices.columns))
    key = picked_flow(view, picked.selection.rows if picked else [])
    if key is None:
        st.caption("Select a row in the table above.")
        return
    st.markdown(f"**{format_flow_label(*key, labels)}**: every claim, newest first")
    behind = claims_for_flow(view.selected, *key)
    number, size = pager(len(behind), key=f"flow_page_{'_'.join(key)}")
    shown = page_rows(behind, number, size)
    claims_table(shown, page, key="flow_claims")
    with st.container(key="flow_sources"):
        # The list is text, not a virtualised grid: past SOURCES_LISTED claims, the table above holds the rest.
        first = page_bounds(len(behind), number, size)[1]
        st.markdown(sources_markdown(shown.head(SOURCES_LISTED), start=first, claim_url=static_claim_url))
        if len(shown) > SOURCES_LISTED:
            st.caption(f"Sources of the first {SOURCES_LISTED} of {count_noun(len(shown), 'claim')}; every "
                       "source is in the table above and in the downloads (Ledger tab).")


def picked_flow(view, rows: list[int]) -> tuple[str, str, str] | None:
    """The flow ticked in the table, kept in the URL as `flow`; until a reader ticks one, the URL's flow."""
    if rows:
        key = flow_key_at(view, rows[0])
        st.session_state["flow_ticked"] = True
        if key is not None:
            st.query_params["flow"] = encode_flow(key)
        return key
    if st.session_state.get("flow_ticked"):  # ticked off again: the link no longer names a flow
        st.query_params.pop("flow", None)
        return None
    key = decode_flow(st.query_params.get("flow", ""))
    known = set(view.flows[["from_party", "to_party", "category"]].itertuples(index=False, name=None))
    return key if key in known else None
