"""The app's wiring, through Streamlit's AppTest (no browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ledger.charts.sankey import SANKEY_TITLES
from ledger.flows import asserting, select_claims
from ledger.reference import category_kinds
from tests.conftest import FIXTURES

APP = Path(__file__).resolve().parent.parent / "dashboard.py"


def run_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def table_with(at: AppTest, column: str):
    """The one dataframe on the page that has `column`."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def plain(html: str) -> str:
    """Chart text without its tags and line breaks, as a reader reads it."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def sankey_values(at: AppTest) -> float:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return sum(spec["data"][0]["link"]["value"]) if spec["data"] else 0


def drawn_total(shipped, statuses, **filters) -> int:
    """What the claim-width Sankey adds up to: each drawn claim's band twice (in and out of the middle).

    Denials never count, and consequences (casualties) are never drawn.
    """
    claims = asserting(select_claims(shipped, statuses, **filters))
    return 2 * int((claims["category"].map(category_kinds()) != "consequence").sum())


def test_app_runs_without_exceptions_and_shows_the_shipped_ledger(shipped):
    at = run_app()
    assert not at.exception
    assert [t.label for t in at.toggle] == ["Confirmed", "Reported", "Speculated"]
    default = select_claims(shipped, ["confirmed", "reported"])
    assert at.metric[0].value == f"{len(default)} of {len(shipped)}"
    assert sankey_values(at) == drawn_total(shipped, ["confirmed", "reported"])


@pytest.mark.parametrize("status", ["confirmed", "reported", "speculated"])
def test_each_toggle_changes_the_figure_as_expected(shipped, status):
    at = run_app()
    on = {"confirmed", "reported"} ^ {status}
    at.toggle(key=status).set_value(status not in {"confirmed", "reported"}).run()
    assert not at.exception
    assert sankey_values(at) == drawn_total(shipped, on)


def test_query_params_seed_the_filters(shipped):
    at = run_app({"speculated": "true", "confirmed": "false"})
    assert at.toggle(key="speculated").value is True
    assert at.toggle(key="confirmed").value is False
    assert sankey_values(at) == drawn_total(shipped, ["reported", "speculated"])


def test_invalid_ledger_shows_its_problems_not_a_traceback(monkeypatch):
    monkeypatch.setattr("sys.argv", ["dashboard.py", "--ledger", str(FIXTURES / "bad" / "unknown_status.csv")])
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert "not valid" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems.iloc[0]["line"] == 3 and problems.iloc[0]["column"] == 13


def test_as_known_on_in_the_url_hides_later_claims(shipped):
    import datetime as dt

    at = run_app({"as_of": "2024-06-30"})
    assert not at.exception
    expected = select_claims(shipped, ["confirmed", "reported"], as_of=dt.date(2024, 6, 30))
    assert at.metric[0].value == f"{len(expected)} of {len(shipped)}"
    assert sankey_values(at) == drawn_total(shipped, ["confirmed", "reported"], as_of=dt.date(2024, 6, 30))


def test_category_filter_in_the_url(shipped):
    at = run_app({"categories": ["Troops", "Oil"]})  # the URL holds the labels a reader sees
    assert not at.exception
    assert sankey_values(at) == drawn_total(shipped, ["confirmed", "reported"], categories=["troops", "oil"])


def test_every_table_and_total_follows_the_toggles(shipped):
    at = run_app({"tab": "Ledger and downloads"})
    at.toggle(key="reported").set_value(False).run()
    confirmed = select_claims(shipped, ["confirmed"])
    assert at.metric[0].value == f"{len(confirmed)} of {len(shipped)}"
    table = table_with(at, "claimant")
    assert len(table) == len(confirmed)
    assert set(table["status"]) == {"confirmed"}


def test_invalid_upload_shows_its_problems_and_keeps_the_current_ledger(shipped):
    at = run_app()
    bad = (FIXTURES / "bad" / "unknown_status.csv").read_bytes()
    at.file_uploader[0].set_value(("bad.csv", bad, "text/csv")).run()
    assert not at.exception
    assert "not a valid ledger" in at.error[0].value
    problems = table_with(at, "message")
    assert (problems.iloc[0]["line"], problems.iloc[0]["column"]) == (3, 13)
    assert at.metric[0].value.endswith(f"of {len(shipped)}")


def test_valid_upload_switches_and_the_way_back_restores(shipped):
    at = run_app()
    good = (FIXTURES / "good" / "minimal.csv").read_bytes()
    at.file_uploader[0].set_value(("mine.csv", good, "text/csv")).run()
    assert not at.exception
    assert at.metric[0].value == "2 of 2"
    at.button(key="back_to_shipped").click().run()
    assert at.metric[0].value.endswith(f"of {len(shipped)}")


def test_the_sankey_titles_are_escaped_once(shipped):
    """Text is escaped once for Plotly: escaped twice, a reader sees "giver&#x27;s" on the chart."""
    import html

    at = run_app()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    subtitle = spec["layout"]["title"]["subtitle"]["text"]
    assert plain(html.unescape(subtitle)).startswith(SANKEY_TITLES["claims"] + ".")  # wrapped to fit a phone
    notes = [a.get("text", "") for a in spec["layout"].get("annotations", [])]
    texts = [subtitle, spec["layout"]["title"]["text"], *notes]
    assert not [t for t in texts if "&amp;" in t], texts


def test_value_width_draws_only_valued_flows_and_names_the_rest(shipped):
    at = run_app()
    assert not at.radio(key="width").disabled
    at.radio(key="width").set_value("estimated value (USD)").run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert plain(spec["layout"]["title"]["subtitle"]["text"]).startswith(SANKEY_TITLES["value"] + ".")
    note = next(c.value for c in at.caption if c.value.startswith("Every value is an estimate"))
    assert "Containers of munitions: DPRK → Russia" in note
    assert "Containers of munitions" not in " ".join(spec["data"][0]["node"]["label"])


def test_only_the_open_tab_is_built_and_the_tab_is_in_the_url():
    flows = run_app()
    assert len(flows.get("plotly_chart")) == 1  # the Sankey alone
    timeline = run_app({"tab": "Timeline"})
    assert not timeline.exception
    spec = json.loads(timeline.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["title"]["text"].startswith("<b>How the estimates grew")


def synth_app(tmp_path, monkeypatch, n_rows: int) -> AppTest:
    from ledger.synth import write_synth

    path = tmp_path / "synth.csv"
    write_synth(path, n_rows)
    monkeypatch.setattr("sys.argv", ["dashboard.py", "--ledger", str(path)])
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params.update({"tab": "Ledger and downloads", "speculated": "true"})
    return at.run()


def test_the_claims_table_scrolls_every_claim_shown_with_readable_heads_and_no_pager(tmp_path, monkeypatch):
    from ledger.tables import PAGE_SIZE

    at = synth_app(tmp_path, monkeypatch, 330)
    assert not at.exception
    claims = table_with(at, "claimant")
    assert len(claims) == 330 < PAGE_SIZE and claims["id"].is_unique
    assert not at.number_input  # one table: no pager
    grid = next(d for d in at.dataframe if "claimant" in d.value.columns)
    heads = {name: config.get("label") for name, config in json.loads(grid.proto.columns).items()}
    assert heads["reported_on"] == "Reported on" and heads["from_party"] == "From"
    assert not [h for h in heads.values() if h and "_" in h]


def test_past_page_size_the_claims_table_is_sent_a_page_at_a_time(tmp_path, monkeypatch):
    monkeypatch.setattr("ledger.tables.PAGE_SIZE", 100)  # read when the pager is drawn; 10,000 in the app
    at = synth_app(tmp_path, monkeypatch, 330)
    assert not at.exception
    claims = table_with(at, "claimant")
    assert len(claims) == 100
    box = at.number_input(key="ledger_page")
    assert box.max == 4 and box.value == 1
    assert any("Claims 1–100 of 330 (page 1 of 4)" in c.value for c in at.caption)
    box.set_value(4).run()
    last = table_with(at, "claimant")
    assert len(last) == 30 and not set(last["id"]) & set(claims["id"])


def test_shells_headline_spans_at_least_two_claimants_in_the_table_and_the_sankey(shipped):
    at = run_app({"tab": "Figures"})
    assert not at.exception
    table = table_with(at, "high end")
    shells = table[(table["flow"] == "Artillery shells: DPRK → Russia")
                   & (table["measure"] == "span of running totals")]
    assert len(shells) == 1
    row = shells.iloc[0]
    assert row["claimants"] >= 2
    assert row["low end"].split(",")[0] != row["high end"].split(",")[0]  # two claimants, one at each end
    low, high = (float(x.replace(",", "")) for x in row["headline"].replace(" to at least ", "–").split("–"))
    assert low < high
    charts = [json.loads(c.proto.spec)["layout"] for c in at.get("plotly_chart")]
    shells_charts = [c for c in charts if plain(c["title"]["text"]).startswith("Artillery shells, DPRK → Russia:")]
    assert len(shells_charts) == 1  # a chart per running total, each headed by its flow and its span
    written = [a["text"] for a in shells_charts[0]["annotations"] if a.get("xref") == "x domain"]
    assert len([t for t in written if "span" not in t and "UN" not in t]) >= row["claimants"]  # a row per claimant
    flows = run_app()
    labels = json.loads(flows.get("plotly_chart")[0].proto.spec)["data"][0]["node"]["label"]
    node = next(label for label in labels if label.startswith("Artillery shells<br>")).split("<br>")
    assert f"{row['claimants']} claimants" in node and node[1].endswith(" rounds")


def test_the_figures_and_timeline_tabs_draw_the_picked_flow_and_name_the_picked_events():
    at = run_app({"tab": "Figures", "speculated": "true"})
    every = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert len(every) > 10  # every running total, then by status, then by direction
    at.selectbox(key="figures_flow").set_value("DPRK>Russia>casualties").run()
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    casualties = [t for t in titles if plain(t).startswith("Casualties")]
    assert len(casualties) == 3 and len(titles) == 5  # its three units, then by status and by direction
    assert at.selectbox(key="figures_flow").value == "DPRK>Russia>casualties"
    timeline = run_app({"tab": "Timeline", "speculated": "true"})
    timeline.selectbox(key="timeline_flow").set_value("DPRK>Russia>troops").run()
    timeline.multiselect(key="events").set_value(["troops-reported", "russia-acknowledges"]).run()
    assert not timeline.exception
    layout = json.loads(timeline.get("plotly_chart")[0].proto.spec)["layout"]
    texts = [a["text"] for a in layout["annotations"]]
    assert "Troop deployment reported" in texts and "Russia acknowledges the<br>troops" in texts
    headings = [t for t in texts if t.startswith("<b>") and " · " in t]
    assert headings and all(h.startswith("<b>Troops, DPRK → Russia") for h in headings)
