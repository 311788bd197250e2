"""The floor: a bare Streamlit app with one toggle and one Plotly Sankey that is redrawn on a toggle."""

import plotly.graph_objects as go
import streamlit as st

speculated = st.toggle("Speculated", key="speculated")
extra = 5 if speculated else 0
st.plotly_chart(go.Figure(go.Sankey(
    node={"label": ["DPRK gives", "Shells", "Troops", "Russia receives"]},
    link={"source": [0, 0, 1, 2], "target": [1, 2, 3, 3], "value": [10 + extra, 4, 10 + extra, 4]},
)), key="sankey")
