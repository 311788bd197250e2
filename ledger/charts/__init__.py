"""Flows -> plotly figures: one module per figure, each a pure function of its arguments.

What a chart needs from the vocabulary files comes in as a ledger.reference.ReferenceTables, and
every counting or ordering rule comes from ledger.flows and ledger.drawn; a builder only draws.
Import each builder from its own module (ledger.charts.sankey, ...); this package face exports nothing.
"""
