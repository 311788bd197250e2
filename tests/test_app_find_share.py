"""The new controls' wiring through AppTest: search, claimant, what's new, currency, share, charts to publish."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ledger.flows import claims_for_flow, select_claims
from ledger.reference import claimant_labels, claimant_names
from ledger.releases import changes_since, latest_claim_date, load_changes, load_releases
from ledger.search import narrow
from ledger.share import source_line
from tests.test_app import run_app, sankey_values, table_with

DEFAULT = ["confirmed", "reported"]


def specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def code_blocks(at) -> list[str]:
    return [c.value for c in at.code]


def test_search_narrows_the_summary_tables_and_chart(shipped):
    query = "PANTSIR"
    expected = select_claims(narrow(shipped, query=query, claimant_names=claimant_names()), DEFAULT)
    assert 0 < len(expected) < len(shipped)  # the word is in the ledger, and not everywhere
    at = run_app({"tab": "Ledger and downloads"})
    assert at.text_input(key="search").label == "Search claims"
    at.text_input(key="search").set_value(query).run()
    assert not at.exception
    assert at.metric[0].value == f"{len(expected)} of {len(shipped)}"
    assert set(table_with(at, "claimant")["id"]) == set(expected["id"])
    matching = narrow(shipped, query=query, claimant_names=claimant_names())
    summary = next(c.value for c in at.caption if "pantsir" in c.value.lower())
    assert summary.startswith(f"{len(matching)} claim")
    assert len(matching) == len(expected) or f"{len(expected)} of them" in summary
    at.text_input(key="search").set_value("[a](javascript:x) :red[b]").run()
    found = next(c.value for c in at.caption if "match" in c.value)
    assert "\\[a\\]\\(javascript" in found and "\\:red\\[b\\]" in found  # shown as typed, never a link
    at.query_params["tab"] = "Flows"
    flows = run_app({"search": query})
    assert sankey_values(flows) == 2 * len(expected)


def test_search_text_is_literal_so_a_pattern_matches_nothing(shipped):
    at = run_app({"search": ".*", "speculated": "true"})
    assert not at.exception
    assert at.metric[0].value == f"0 of {len(shipped)}"


def test_claimant_filter_is_labelled_by_type_and_narrows_to_those_claimants(shipped):
    at = run_app({"tab": "Ledger and downloads"})
    box = at.multiselect(key="claimants")
    assert box.label == "Claimant" and box.value == []
    busiest = shipped["claimant_id"].value_counts().index[0]
    assert claimant_labels()[busiest] in box.options
    box.set_value([busiest]).run()
    assert not at.exception
    expected = select_claims(shipped[shipped["claimant_id"] == busiest], DEFAULT)
    assert set(table_with(at, "claimant")["id"]) == set(expected["id"])
    assert at.metric[0].value == f"{len(expected)} of {len(shipped)}"


def test_claimant_in_the_url_is_restored(shipped):
    busiest = shipped["claimant_id"].value_counts().index[0]
    at = run_app({"claimants": [claimant_labels()[busiest]], "speculated": "true"})
    assert at.multiselect(key="claimants").value == [busiest]
    assert at.metric[0].value == f"{int((shipped['claimant_id'] == busiest).sum())} of {len(shipped)}"


def test_first_screen_says_how_current_the_data_is(shipped):
    at = run_app()
    version, date = load_releases().iloc[-1][["version", "date"]]
    line = next(m.value for m in at.markdown if m.value.startswith("**Latest claim:**"))
    assert latest_claim_date(shipped) in line and f"{version} of {date.isoformat()}" in line
    assert "(?tab=Methodology#coverage-and-what-is-not-yet-in)" in line


def test_coverage_heading_exists_in_the_methodology():
    from ledger.paths import METHODOLOGY_PATH

    assert "\n## Coverage and what is not yet in\n" in METHODOLOGY_PATH.read_text()


def test_whats_new_by_release_and_by_date(shipped):
    releases, changes = load_releases(), load_changes()
    at = run_app({"tab": "What's new"})
    assert not at.exception
    since = at.selectbox(key="new_since").value
    expected = changes_since(changes, releases, shipped, version=since)
    tables = [d.value for d in at.dataframe if "reason" in d.value.columns]
    assert (len(tables[0]) if tables else 0) == len(expected)
    at.radio(key="new_by").set_value("a date").run()
    at.date_input(key="new_date").set_value(releases["date"].min() - dt.timedelta(days=1)).run()
    assert not at.exception
    table = table_with(at, "reason")
    assert len(table) == len(changes)
    assert set(table["reason"]) == set(changes["reason"])


def test_share_panel_is_built_when_opened_and_holds_permalink_embed_and_citation():
    at = run_app({"speculated": "true", "tab": "Figures", "search": "NIS"})
    assert at.expander[-1].label == "Share this view" and not code_blocks(at)
    at.session_state["share"] = True  # what a click on the panel does
    permalink, embed, cite = code_blocks(at.run())
    for part in ("speculated=true", "tab=Figures", "search=NIS", "as_of="):
        assert part in permalink
    assert 'src="' in embed and "embed=true" in embed
    release = load_releases().iloc[-1]
    assert f"release {release['version']} of {release['date'].isoformat()}" in cite and permalink in cite


def test_picked_flow_and_link_width_in_the_url_are_restored(shipped):
    flow = select_claims(shipped, DEFAULT).iloc[0][["from_party", "to_party", "category"]].tolist()
    at = run_app({"flow": ">".join(flow), "width": "estimated value (USD)"})
    assert not at.exception
    assert at.radio(key="width").value == "estimated value (USD)"
    expected = claims_for_flow(select_claims(shipped, DEFAULT), *flow)
    table = table_with(at, "claimant")
    assert list(table["id"]) == list(expected["id"])[:100]
    assert not table.isna().any().any()


@pytest.mark.parametrize("tab", ["Flows", "Figures", "Timeline"])
def test_every_chart_carries_title_filters_source_and_legend(tab):
    at = run_app({"tab": tab, "search": "troops"})
    release_date = load_releases()["date"].iloc[-1]
    charts = specs(at)
    assert charts
    for spec in charts:
        texts = " ".join(a.get("text", "") for a in spec["layout"].get("annotations", []))
        assert source_line(release_date) in texts
        assert all(s in texts for s in DEFAULT + ["speculated"])  # the status legend
        assert spec["layout"]["title"]["text"]
        assert "search “troops”" in spec["layout"]["title"]["subtitle"]["text"]
    assert all(c.proto.alt for c in at.get("plotly_chart"))  # a text alternative for screen readers


def test_chart_download_format_switches_the_camera_to_svg():
    at = run_app()
    assert json.loads(at.get("plotly_chart")[0].proto.config)["toImageButtonOptions"]["format"] == "png"
    at.radio(key="image_format").set_value("SVG").run()
    assert json.loads(at.get("plotly_chart")[0].proto.config)["toImageButtonOptions"]["format"] == "svg"


@pytest.mark.parametrize("tab", ["Flows", "Figures", "Timeline", "Ledger and downloads", "What's new", "Methodology"])
def test_no_table_shows_a_missing_value_as_none_or_nan(tab):
    at = run_app({"tab": tab, "speculated": "true", "new_by": "a date", "new_date": "2022-01-01"})
    assert not at.exception
    for frame in (d.value for d in at.dataframe):
        assert not frame.isna().any().any()
        assert not frame.astype(str).isin(["None", "nan", "NaN", "<NA>"]).any().any()
