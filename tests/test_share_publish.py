"""Share text, citations, publishable charts and display tables, without Streamlit."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import plotly.graph_objects as go
from hypothesis import given
from hypothesis import strategies as st

from ledger.publish import alt_text, plot_config, publishable
from ledger.releases import currency_markdown, latest_claim_date, load_releases
from ledger.share import (
    citation,
    decode_flow,
    embed_snippet,
    embed_url,
    encode_flow,
    filters_in_words,
    permalink,
    source_line,
)
from ledger.tables import EMPTY, display_frame
from ledger.view import Filters

LABELS = {"categories": {"oil": "Oil", "troops": "Troops"}, "parties": {"DPRK": "DPRK", "Russia": "Russia"},
          "claimants": {"kr-nis": "NIS (third government)"}}


def test_filters_in_words_names_only_what_narrows_the_view():
    every = Filters(("confirmed", "reported"), dt.date(2025, 1, 2), ("DPRK", "Russia"), ("oil", "troops"))
    assert filters_in_words(every, **LABELS) == "confirmed and reported claims; as known on 2025-01-02"
    narrow = Filters(("speculated", "confirmed"), None, ("DPRK", "Russia"), ("troops",), ("kr-nis",), "  Pantsir ")
    assert filters_in_words(narrow, **LABELS) == (
        "confirmed and speculated claims; categories: Troops; claimants: NIS (third government); search “Pantsir”")
    assert filters_in_words(Filters(()), **LABELS).startswith("no claims")


def test_permalink_keeps_repeated_keys_and_drops_embed():
    link = permalink("http://127.0.0.1:8501/?old=1", [("categories", "Oil"), ("categories", "Troops"),
                                                      ("embed", "true"), ("search", "a&b")])
    assert link == "http://127.0.0.1:8501/?categories=Oil&categories=Troops&search=a%26b"
    assert embed_url(link).endswith("&embed=true") and embed_url(embed_url(link)).count("embed=") == 1


def test_embed_snippet_is_an_escaped_iframe():
    snippet = embed_snippet('http://h/?search="><script>', title="T")
    assert snippet.startswith('<iframe src="http://h/?search=%22%3E%3Cscript%3E&amp;embed=true" title="T"')
    assert "<script>" not in snippet


def test_citation_names_release_view_link_and_licence():
    text = citation("reported claims", "2.0.0", dt.date(2026, 1, 5), "http://h/?x=1", dt.date(2026, 2, 1))
    assert "release 2.0.0 of 2026-01-05" in text and "reported claims" in text
    assert "http://h/?x=1 (accessed 2026-02-01)" in text and "CC-BY-4.0" in text


@given(st.tuples(*[st.text(alphabet=st.characters(blacklist_characters=">"), min_size=1)] * 3))
def test_a_flow_survives_the_url(key):
    assert decode_flow(encode_flow(key)) == key


def test_a_malformed_flow_in_the_url_is_ignored():
    assert decode_flow("a>b") is None and decode_flow("a>>c") is None and decode_flow(None) is None


def test_publishable_adds_title_words_legend_and_source_without_touching_the_original():
    fig = go.Figure(go.Bar(x=["a"], y=[1]))
    fig.update_layout(title="Claims by status", height=300)
    before = fig.to_json()
    out = publishable(fig, "reported claims; search “<b>”", dt.date(2026, 1, 5))
    assert fig.to_json() == before
    layout = json.loads(out.to_json())["layout"]
    assert layout["title"]["text"] == "<b>Claims by status</b>"
    assert layout["title"]["subtitle"]["text"] == "reported claims; search “&lt;b&gt;”"
    texts = [a["text"] for a in layout["annotations"]]
    assert "Source: Exchange Ledger, release 2026-01-05, CC-BY-4.0" in texts
    assert any(all(s in t for s in ("confirmed", "reported", "speculated", "rgb(")) for t in texts)
    assert layout["height"] > 300
    assert publishable(fig, "w", dt.date(2026, 1, 5), title="New").layout.title.text == "<b>New</b>"


def test_plot_config_sets_the_cameras_format_and_file_name():
    assert plot_config("flows", "svg")["toImageButtonOptions"] == {"format": "svg", "filename": "exchange-ledger-flows",
                                                                   "scale": 2}
    assert source_line(dt.date(2026, 1, 5)) == "Source: Exchange Ledger, release 2026-01-05, CC-BY-4.0"
    assert alt_text("Bars", "reported claims", "the table").startswith("Bars, for reported claims.")


def test_display_frame_has_no_missing_cell():
    frame = pd.DataFrame({"n": pd.array([1500, None], dtype="Float64"), "x": [0.5, 2.0],
                          "t": pd.array(["a", None], dtype="string"), "k": [1, 2], "b": [True, False]})
    shown = display_frame(frame)
    assert shown["n"].tolist() == ["1,500", EMPTY] and shown["x"].tolist() == ["0.5", "2"]
    assert shown["t"].tolist() == ["a", ""] and shown["k"].tolist() == [1, 2] and shown["b"].tolist() == [True, False]
    assert not shown.isna().any().any()


def test_currency_line_gives_latest_claim_release_and_coverage_link(shipped):
    releases = load_releases()
    latest = latest_claim_date(shipped)
    assert latest == shipped.sort_values("reported_date")["reported_on"].iloc[-1]
    text = currency_markdown(shipped, releases, "?tab=Methodology#coverage")
    version, date = releases.iloc[-1][["version", "date"]]
    assert text.startswith(f"**Latest claim:** {latest}") and f"{version} of {date.isoformat()}" in text
    assert "](?tab=Methodology#coverage)" in text
    assert latest_claim_date(shipped.iloc[:0]) is None
