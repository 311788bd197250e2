"""Figures and downloads: layout, escaping, and bytes that round-trip."""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd

from ledger.charts import sankey_figure
from ledger.export import public_columns, to_csv_bytes, to_json_bytes, to_xlsx_bytes
from ledger.flows import flow_figures, flow_table, select_claims
from ledger.load import load_bytes
from ledger.reference import category_labels
from ledger.schema import load_contract
from ledger.tables import format_quantity
from tests.conftest import TODAY, load_rows


def sankey_for(claims):
    return sankey_figure(flow_table(claims), flow_figures(claims), category_labels()).data[0]


def test_sankey_reads_as_an_exchange_without_cycles(shipped):
    sk = sankey_for(select_claims(shipped))
    labels = list(sk.node.label)
    x = dict(zip(labels, sk.node.x, strict=True))
    assert x["DPRK gives"] < 0.1 and x["Russia gives"] < 0.1
    assert x["Russia receives"] > 0.9 and x["DPRK receives"] > 0.9
    # every link goes rightwards, so there can be no cycle
    assert all(sk.node.x[s] < sk.node.x[t] for s, t in zip(sk.link.source, sk.link.target, strict=True))


def test_sankey_link_widths_add_up_to_the_selected_claims(shipped):
    selected = select_claims(shipped, ["confirmed", "reported"])
    sk = sankey_for(selected)
    # each flow is drawn as two links (giver -> category -> receiver) of equal width; denials never count
    assert sum(sk.link.value) == 2 * (selected["stance"] == "asserts").sum()


def test_sankey_escapes_ledger_text():
    claims = load_rows([{"claimant": "<img src=x onerror=alert(1)>"}]).frame
    sk = sankey_for(claims)
    hover = " ".join(sk.link.customdata)
    assert "<img" not in hover and "&lt;img" in hover


def test_sankey_with_no_claims_says_so():
    empty = load_rows([{}]).frame.iloc[0:0]
    fig = sankey_figure(flow_table(empty), flow_figures(empty), category_labels())
    assert not fig.data
    assert "No claims" in fig.layout.annotations[0].text


def test_format_quantity():
    assert format_quantity(1000, 1000) == "1,000"
    assert format_quantity(600000, 700000) == "600,000–700,000"
    assert format_quantity(13000, 13000, at_least=True) == "at least 13,000"
    assert format_quantity(float("nan"), float("nan")) == "no figure"


def test_csv_export_round_trips_through_the_validator(shipped):
    names = load_contract().names
    again = load_bytes(to_csv_bytes(public_columns(shipped, names)), today=TODAY)
    assert again.ok
    pd.testing.assert_frame_equal(again.frame, shipped)


def test_json_export_has_one_record_per_row_and_nulls_for_empty(shipped):
    records = json.loads(to_json_bytes(public_columns(shipped, load_contract().names)))
    assert len(records) == len(shipped)
    assert all(r["source_url"] is None or r["source_url"].startswith("http") for r in records)


def test_xlsx_never_holds_a_formula_even_for_unvalidated_text():
    hostile = pd.DataFrame({"notes": ["=HYPERLINK(\"http://x\",\"click\")", "+1", "-2", "@SUM(A1)", "plain"]})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(hostile)))
    cells = [row[0] for row in book.active.iter_rows(min_row=2)]
    assert all(c.data_type == "s" for c in cells)
    assert [c.value for c in cells] == ["'=HYPERLINK(\"http://x\",\"click\")", "'+1", "'-2", "'@SUM(A1)", "plain"]


def test_csv_export_defuses_formula_text_that_bypassed_validation():
    text = to_csv_bytes(pd.DataFrame({"notes": ["=1+1", "ok"]})).decode()
    assert text == "notes\n'=1+1\nok\n"


def test_synthetic_ledgers_are_valid_and_deterministic():
    from ledger.synth import synth_bytes

    first = synth_bytes(300, seed=7)
    assert first == synth_bytes(300, seed=7)
    assert first != synth_bytes(300, seed=8)
    result = load_bytes(first, today=TODAY)
    assert result.ok, [str(p) for p in result.problems[:5]]
    assert len(result.frame) == 300


def test_sources_markdown_lists_each_claim_with_an_http_link_and_inert_text():
    from ledger.tables import sources_markdown

    claims = load_rows([
        {"id": "a", "claimant": "<script>alert(1)</script> $x$ :red[y]", "source_url": "https://example.org/a(1)"},
        {"id": "b", "reported_on": "2024-11-01", "source_url": ""},
    ]).frame
    text = sources_markdown(claims)
    lines = text.splitlines()
    assert len(lines) == 2
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\\$x\\$" in text and "\\:red\\[y\\]" in text
    assert "](https://example.org/a%281%29)" in lines[0]
    assert "](" not in lines[1]


def test_timeline_has_an_event_strip_and_one_panel_per_flow_and_unit(shipped):
    from ledger.charts import timeline_figure
    from ledger.reference import load_events

    selected = select_claims(shipped)
    events = load_events()
    fig = timeline_figure(selected, events, category_labels())
    strip = fig.data[0]
    assert len(strip.x) == len(events)
    panels = selected[selected["quantity_low"].notna()][["from_party", "to_party", "category", "unit"]]
    assert len(fig.layout.annotations) == 1 + len(panels.drop_duplicates())  # subplot titles
    plotted = sum(len(t.x) for t in fig.data[1:])
    assert plotted == selected["quantity_low"].notna().sum()


def test_figures_by_status_keeps_statuses_apart(shipped):
    from ledger.flows import figures_by_status

    by_status = figures_by_status(select_claims(shipped))
    troops = by_status[(by_status["category"] == "troops") & (by_status["measure"] == "cumulative")]
    rows = shipped[(shipped["category"] == "troops") & (shipped["measure"] == "cumulative")
                   & (shipped["stance"] == "asserts") & shipped["quantity_low"].notna()]
    assert set(troops["status"]) == set(rows["status"])
    reported = rows[rows["status"] == "reported"].sort_values(["reported_date", "id"])
    assert troops.set_index("status").loc["reported", "headline_low"] == reported["quantity_low"].iloc[-1]


def test_a_crowded_timeline_panel_is_drawn_one_mark_per_month_with_the_full_range():
    from ledger.charts import TIMELINE_MAX_POINTS, timeline_figure
    from ledger.reference import load_events
    from tests.test_flows import typed

    n = TIMELINE_MAX_POINTS + 60
    rows = [{"id": f"r-{i}", "claimant": f"c{i}", "reported_on": f"2024-{1 + i % 3:02d}-{1 + i % 28:02d}",
             "quantity_low": str(100 + i), "quantity_high": str(200 + i) if i % 2 else ""} for i in range(n)]
    claims = typed(rows)
    fig = timeline_figure(claims, load_events(), category_labels())
    marks = fig.data[1]
    assert len(marks.x) == 3  # January, February, March 2024
    assert f"more than {TIMELINE_MAX_POINTS:,} claims" in fig.layout.title.text
    january = claims[claims["reported_date"].dt.month == 1]
    high = january["quantity_high"].fillna(january["quantity_low"])
    assert marks.y[0] == january["quantity_low"].min()
    assert marks.y[0] + marks.error_y.array[0] == high.max()
    assert marks.customdata[0][0].startswith(f"{len(january):,} claims in 2024-01")
    # Below the limit, every claim keeps its own mark.
    few = timeline_figure(claims.iloc[:TIMELINE_MAX_POINTS], load_events(), category_labels())
    assert len(few.data[1].x) == TIMELINE_MAX_POINTS
