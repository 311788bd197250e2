"""The floor for this diagram: a bare Streamlit app that redraws the dashboard's own Sankey on a toggle.

Both Sankeys (without and with speculated claims) are built once at start-up, so a toggle costs only
what Streamlit and Plotly cost to send and draw this figure, at the dashboard's size and page width.
Served by tests/server.py's `serve` (`python -m streamlit` from a checkout's root), so `ledger` is that
checkout's own package.
"""

import sys

import streamlit as st

from ledger.charts.sankey import sankey_figure
from ledger.cli_args import ledger_path_from_argv
from ledger.contract import STATUSES
from ledger.paths import LEDGER_PATH
from ledger.reader import load_path
from ledger.reference import reference_tables
from ledger.view import DEFAULT_STATUSES, Filters, build_view

st.set_page_config(layout="wide")


@st.cache_resource
def figures(path: str) -> dict[bool, object]:
    frame = load_path(path).frame
    out = {}
    for speculated in (False, True):
        statuses = STATUSES if speculated else DEFAULT_STATUSES
        view = build_view(frame, Filters(statuses))
        out[speculated] = sankey_figure(view.flows, view.figures, view.text, reference_tables(),
                                       title="Link width: claims")
    return out


speculated = st.sidebar.toggle("Speculated", key="speculated")
st.plotly_chart(figures(str(ledger_path_from_argv(sys.argv[1:], LEDGER_PATH)))[speculated], key="sankey",
                config={"displaylogo": False})
