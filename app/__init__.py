"""Streamlit-only pieces of the page: the cached loaders, the sidebar and one module per tab.

Nothing here holds logic worth testing without Streamlit; that lives in ledger/.
"""
