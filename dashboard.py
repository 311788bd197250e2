"""Exchange Ledger: the Streamlit page. Widgets and layout only; the logic lives in ledger/."""

from __future__ import annotations

import sys

import streamlit as st

from ledger import LEDGER_PATH
from ledger.charts import legend_markdown, sankey_figure
from ledger.cli_args import ledger_path_from_argv
from ledger.export import public_columns, to_csv_bytes
from ledger.flows import flow_figures, flow_table, select_claims, status_shares
from ledger.load import load_bytes, problems_frame
from ledger.schema import load_contract
from ledger.tables import CLAIM_COLUMNS, category_labels, figures_display

st.set_page_config(page_title="Exchange Ledger: North Korea–Russia", page_icon="⇄", layout="wide")


@st.cache_data(show_spinner=False, max_entries=8)
def load_ledger(data: bytes, source: str):
    """Validated ledger, cached on the file's content so edits are picked up."""
    return load_bytes(data, source)


CLAIM_CONFIG = {
    "source_url": st.column_config.LinkColumn("source", display_text="open source", validate=r"^https?://"),
    "quantity_low": st.column_config.NumberColumn("low", format="localized"),
    "quantity_high": st.column_config.NumberColumn("high", format="localized"),
}

path = ledger_path_from_argv(sys.argv[1:], LEDGER_PATH)
raw = path.read_bytes()
result = load_ledger(raw, str(path))
contract = load_contract()

st.title("Exchange Ledger: what flows between North Korea and Russia")
st.caption("Every row is one public claim, with who made it, how sure it is, and where we read it.")

if not result.ok:
    st.error(f"The ledger at {path} is not valid, so nothing is shown.")
    st.dataframe(problems_frame(result.problems), hide_index=True)
    st.stop()

claims = result.frame

with st.sidebar:
    st.header("Show claims that are")
    show = {
        "confirmed": st.toggle("Confirmed", value=True, key="confirmed", bind="query-params"),
        "reported": st.toggle("Reported", value=True, key="reported", bind="query-params"),
        "speculated": st.toggle("Speculated", value=False, key="speculated", bind="query-params"),
    }
    st.markdown(legend_markdown())

selected = select_claims(claims, [s for s, on in show.items() if on])
flows = flow_table(selected)
figures = flow_figures(selected)
labels = category_labels()

shares = status_shares(selected)
cols = st.columns(4)
cols[0].metric("Claims shown", f"{len(selected)} of {len(claims)}")
cols[1].metric("Flows", len(flows))
for col, status in zip(cols[2:], ("confirmed", "reported"), strict=True):
    share = shares[status] / len(selected) if len(selected) else 0
    col.metric(f"{status.title()}", f"{share:.0%}")

st.plotly_chart(sankey_figure(flows, figures, labels), key="sankey")

st.subheader("Headline figures")
st.caption("Running totals are never added together: the headline is the latest estimate, "
           "with the spread of estimates made around the same time.")
st.dataframe(figures_display(figures, labels), hide_index=True)

st.subheader("Every claim shown")
st.dataframe(selected[CLAIM_COLUMNS], hide_index=True, column_config=CLAIM_CONFIG)

st.download_button("Download CSV (full ledger, as shipped)", data=raw, file_name="ledger.csv",
                   mime="text/csv", key="dl_full_csv")
st.download_button("Download CSV (claims shown)", key="dl_view_csv",
                   data=to_csv_bytes(public_columns(selected, contract.names)),
                   file_name="ledger-filtered.csv", mime="text/csv")
