"""The Methodology tab: how the ledger is made, its changelog, valuations and data dictionary."""

from __future__ import annotations

import streamlit as st

from app.cache import read_text
from app.common import Page, table_config
from ledger.dictionary import render_dictionary
from ledger.paths import DATA_DIR, METHODOLOGY_PATH
from ledger.tables import display_frame
from ledger.valuation import load_valuations


def render(page: Page) -> None:
    """Draw the tab."""
    st.markdown(read_text(str(METHODOLOGY_PATH)))
    with st.expander("Data changelog"):
        st.markdown(read_text(str(DATA_DIR / "CHANGELOG.md")))
    with st.expander("Per-unit valuations (estimates)"):
        valuations = display_frame(load_valuations())
        st.dataframe(valuations, hide_index=True, key="valuations",
                     column_config=table_config(valuations.columns, page.titles))
    with st.expander("Data dictionary"):
        st.markdown(render_dictionary())
