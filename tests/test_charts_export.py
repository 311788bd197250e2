"""Figures and downloads: layout, escaping, and bytes that round-trip."""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd

from ledger.charts.sankey import sankey_figure
from ledger.contract import STATUSES, load_contract
from ledger.export import public_columns, to_csv_bytes, to_json_bytes, to_xlsx_bytes
from ledger.flows import flow_figures, flow_table, select_claims
from ledger.reader import load_bytes
from ledger.reference import reference_tables
from ledger.tables import flow_text, format_quantity
from tests.conftest import TODAY, load_rows


def sankey_for(claims):
    figures = flow_figures(claims)
    return sankey_figure(flow_table(claims), figures, flow_text(figures), reference_tables()).data[0]


def test_sankey_reads_as_an_exchange_without_cycles(shipped):
    sk = sankey_for(select_claims(shipped))
    labels = list(sk.node.label)
    x = dict(zip(labels, sk.node.x, strict=True))
    assert x["DPRK gives"] < 0.1 and x["Russia gives"] < 0.1
    assert x["Russia receives"] > 0.9 and x["DPRK receives"] > 0.9
    # every link goes rightwards, so there can be no cycle
    assert all(sk.node.x[s] < sk.node.x[t] for s, t in zip(sk.link.source, sk.link.target, strict=True))


def test_sankey_link_widths_add_up_to_the_drawn_claims(shipped):
    from ledger.reference import category_kinds

    selected = select_claims(shipped, ["confirmed", "reported"])
    sk = sankey_for(selected)
    drawn = selected[(selected["stance"] == "asserts") & (selected["category"].map(category_kinds()) == "transfer")]
    # each claim is drawn twice: in its status band into the middle, and in the flow's link out of it
    assert sum(sk.link.value) == 2 * len(drawn)


def test_sankey_draws_a_band_per_status_labels_its_figures_and_leaves_out_consequences():
    from ledger.charts.style import ONWARD_COLOR, status_color

    claims = load_rows([
        {"id": "a", "status": "confirmed", "claimant_id": "ua-hur", "quantity_low": "11000", "quantity_high": "11000"},
        {"id": "b", "status": "speculated", "claimant_id": "kr-nis", "quantity_low": "12000",
         "quantity_high": "12000", "reported_on": "2024-10-20"},
        {"id": "c", "status": "speculated", "claimant_id": "kr-jcs", "quantity_low": "", "quantity_high": "",
         "unit": "", "measure": ""},
        {"id": "k", "category": "casualties", "item": "killed", "unit": "killed", "quantity_low": "600",
         "quantity_high": "600"},
    ]).frame
    sk = sankey_for(claims)
    givers = {i for i, label in enumerate(sk.node.label) if label.endswith(" gives")}
    links = list(zip(sk.link.source, sk.link.color, sk.link.value, strict=True))
    # the giver's half: one band per status; the receiver's half: one grey link with the flow's total
    assert {color: w for s, color, w in links if s in givers} == {status_color("confirmed"): 1,
                                                                  status_color("speculated"): 2}
    assert [(color, w) for s, color, w in links if s not in givers] == [(ONWARD_COLOR, 3)]
    assert "Troops<br>11K–12K soldiers<br>2 claimants" in sk.node.label
    assert not [label for label in sk.node.label if label.startswith("Casualties")]
    without = sankey_for(claims[claims["status"] == "confirmed"])
    assert set(without.link.color) == {status_color("confirmed"), ONWARD_COLOR}


def test_a_flow_in_several_units_labels_the_unit_with_most_claims():
    claims = load_rows([
        {"id": "a", "category": "labor", "item": "workers", "unit": "workers", "quantity_low": "4000",
         "quantity_high": "4000"},
        {"id": "b", "category": "labor", "item": "workers", "unit": "workers", "quantity_low": "8000",
         "quantity_high": "8000", "claimant_id": "kr-dia", "reported_on": "2024-11-01"},
        {"id": "c", "category": "labor", "item": "people", "unit": "people", "quantity_low": "13221",
         "quantity_high": "13221"},
    ]).frame
    assert "Laborers<br>4K–8K workers<br>2 claimants; more units" in sankey_for(claims).node.label


def test_estimates_figure_has_a_row_per_claimant_and_draws_un_limits():
    from ledger.charts.estimates import estimates_figure
    from ledger.flows import claimant_estimates

    oil = {"category": "oil", "from_party": "Russia", "to_party": "DPRK", "item": "refined petroleum",
           "unit": "barrels"}
    claims = load_rows([
        {**oil, "id": "a", "claimant_id": "org-osc", "claimant_type": "osint", "quantity_low": "1000000",
         "quantity_high": ""},
        {**oil, "id": "b", "claimant_id": "ru-un-filings", "claimant_type": "party_official",
         "quantity_low": "105845", "quantity_high": "105845", "reported_on": "2024-01"},
        {"id": "s", "category": "artillery_shells", "item": "shells", "unit": "rounds", "quantity_low": "9000000",
         "quantity_high": "9000000"},
    ]).frame
    estimates = claimant_estimates(claims)
    figures = flow_figures(claims, estimates=estimates)
    fig = estimates_figure(estimates, figures, reference_tables(), 12, ("Russia", "DPRK", "oil", "barrels"))
    names = [a.text for a in fig.layout.annotations if a.xref == "x domain" and a.font.size == 13]
    # one row per claimant, named in full, highest figure first; ledger text is escaped
    assert names == ["Open Source Centre", "Russia&#x27;s reports to the UN 1718 Sanctions Committee"]
    written = [a.text for a in fig.layout.annotations if a.xref == "x"]
    # one style per chart: "at least 1,000,000" is too long to write in full, so both figures are compact
    assert written[0].startswith("<b>at least 1M</b>") and "reported 2024-10-18" in written[0]
    assert written[1].startswith("<b>106K</b>")
    assert any(sh.x0 == 500_000 and sh.line.dash == "dash" for sh in fig.layout.shapes)
    assert any(sh.type == "rect" and (sh.x0, sh.x1) == (105845, 1_000_000) for sh in fig.layout.shapes)  # the span
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "UNSCR 2397" in notes and "1718 and 1874" not in notes  # oil is not an arms category
    assert fig.layout.title.text == "Oil, Russia → DPRK: 106K to at least 1M barrels"
    shells = estimates_figure(estimates, figures, reference_tables(), 12, ("DPRK", "Russia", "artillery_shells",
                                                                          "rounds"))
    assert "UNSCR 1718 and 1874" in " ".join(a.text for a in shells.layout.annotations)


def test_an_out_of_date_claimant_is_grey_and_says_so():
    from ledger.charts.estimates import estimates_figure
    from ledger.charts.style import STALE_COLOR
    from ledger.flows import claimant_estimates

    claims = load_rows([
        {"id": "new", "claimant_id": "kr-nis", "quantity_low": "11000", "quantity_high": "12000"},
        {"id": "old", "claimant_id": "ua-hur", "quantity_low": "3000", "quantity_high": "3000",
         "reported_on": "2023-06-01"},
    ]).frame
    estimates = claimant_estimates(claims)
    fig = estimates_figure(estimates, flow_figures(claims, estimates=estimates), reference_tables(), 12,
                           ("DPRK", "Russia", "troops", "soldiers"))
    stale = [t for t in fig.data if t.line.color == STALE_COLOR]
    assert len(stale) == 1 and list(stale[0].x) == [3000]
    written = [a.text for a in fig.layout.annotations if a.xref == "x"]
    assert "out of date" in written[1] and "out of date" not in written[0]  # the up-to-date row comes first
    assert any(s.type == "rect" and (s.x0, s.x1) == (11000, 12000) for s in fig.layout.shapes)  # not in the span


def test_sankey_escapes_ledger_text():
    claims = load_rows([{"claimant": "<img src=x onerror=alert(1)>"}]).frame
    sk = sankey_for(claims)
    hover = " ".join([*sk.link.customdata, *sk.node.customdata])
    assert "<img" not in hover and "&lt;img" in hover


def test_sankey_with_no_claims_says_so():
    empty = load_rows([{}]).frame.iloc[0:0]
    figures = flow_figures(empty)
    fig = sankey_figure(flow_table(empty), figures, flow_text(figures), reference_tables())
    assert not fig.data
    assert "No claims" in fig.layout.annotations[0].text


def test_format_quantity():
    assert format_quantity(1000, 1000) == "1,000"
    assert format_quantity(600000, 700000) == "600,000–700,000"
    assert format_quantity(13000, 13000, at_least=True) == "at least 13,000"
    assert format_quantity(float("nan"), float("nan")) == "no figure"
    assert format_quantity(6_500_000, 10_000_000, at_least=True) == "6,500,000 to at least 10,000,000"


def test_format_compact_rounds_to_three_figures_and_picks_the_suffix_after_rounding():
    from ledger.words import format_compact, format_span_compact

    assert [format_compact(v) for v in (6.5e6, 13221, 999_999, 220, 2.8e13)] == ["6.5M", "13.2K", "1M", "220", "28T"]
    assert format_span_compact(6.5e6, 1e7, at_least=True) == "6.5M to at least 10M"
    assert format_span_compact(100, 100, at_least=True) == "at least 100"


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


def status_marks(fig) -> list:
    """The timeline's estimate traces (not the legend stand-ins, lines or strips)."""
    return [t for t in fig.data if t.name in STATUSES and len(t.x) and t.x[0] is not None]


def test_timeline_has_an_event_strip_and_one_panel_per_flow_and_unit(shipped):
    from ledger.charts.timeline import timeline_figure
    from ledger.flows import asserting
    from ledger.reference import load_events

    selected = select_claims(shipped)
    events = load_events()
    fig = timeline_figure(selected, events, reference_tables())
    strip = fig.data[0]
    assert len(strip.x) == len(events)
    estimates = asserting(selected)
    estimates = estimates[estimates["quantity_low"].notna()]
    panels = estimates[["from_party", "to_party", "category", "unit"]].drop_duplicates()
    strips = 1 + int((selected["stance"] != "asserts").any())
    headings = [a.text for a in fig.layout.annotations if a.yref == "paper"]
    assert len(headings) == strips + len(panels)  # a heading over each strip and each panel
    stances = selected.loc[selected["stance"] != "asserts", "stance"].unique()
    assert len([t for t in fig.data if t.name in ("Denials", "Disputes")]) == len(stances)  # a row per stance
    assert sum(len(t.x) for t in status_marks(fig)) == len(estimates)


def test_timeline_joins_a_claimants_estimates_names_them_and_marks_denials():
    from ledger.charts.timeline import timeline_figure
    from ledger.reference import load_events
    from tests.test_flows import typed

    claims = typed([
        {"id": "a", "claimant_id": "kr-nis", "reported_on": "2024-10-18", "quantity_low": "1500"},
        {"id": "b", "claimant_id": "kr-nis", "reported_on": "2024-11-20", "quantity_low": "11000"},
        {"id": "c", "claimant_id": "ua-hur", "reported_on": "2024-10-24", "quantity_low": "12000"},
        {"id": "d", "claimant_id": "ru-kremlin", "stance": "denies", "reported_on": "2024-10-25",
         "quantity_low": "", "quantity_high": "", "unit": "", "measure": "", "item": "troops in Kursk"},
    ])
    fig = timeline_figure(claims, load_events(), reference_tables())
    lines = [t for t in fig.data if t.name == "same claimant"]
    assert len(lines) == 1 and list(lines[0].y) == [1500, 11000, None]  # only NIS has two estimates
    denial = next(t for t in fig.data if t.name == "Denials")
    assert len(denial.x) == 1 and "denies: troops in Kursk" in denial.customdata[0][0]
    hovers = [h[0] for t in status_marks(fig) for h in t.customdata]
    assert sum(len(t.x) for t in status_marks(fig)) == 3
    nis = next(h for h in hovers if "11,000" in h)  # a mark names its claimant, figure, date and source
    assert "South Korea National Intelligence Service" in nis and "2024-11-20" in nis and "Source: Outlet: Title" in nis
    headings = [a.text for a in fig.layout.annotations if a.yref == "paper"]
    assert headings[:2] == ["<b>Key events (hover or tap a mark for its title)</b>", "<b>Denials (never counted)</b>"]


def test_a_second_stance_gets_its_own_row_marker_and_name_on_the_strip():
    from ledger.charts.strips import stances_block
    from tests.test_flows import typed

    other = {"quantity_low": "", "quantity_high": "", "unit": "", "measure": ""}
    claims = typed([{"id": "d", "stance": "denies", **other}, {"id": "q", "stance": "denies", **other}])
    claims.loc[claims["id"] == "q", "stance"] = "disputes"  # a stance the vocabulary may add
    block = stances_block(claims, reference_tables(), {}, names={"denies": "Denials", "disputes": "Disputes"})
    assert [t.name for t in block.traces] == ["Denials", "Disputes"]
    assert len({t.marker.symbol for t in block.traces}) == 2 and len({t.y[0] for t in block.traces}) == 2
    assert [a["text"] for a in block.annotations] == ["Denials", "Disputes"]  # each row named
    assert block.heading == ["<b>Denials and disputes (never counted)</b>"]


def test_figures_by_status_keeps_statuses_apart(shipped):
    from ledger.flows import figures_by_status, flow_figures

    selected = select_claims(shipped)
    by_status = figures_by_status(selected)
    troops = by_status[(by_status["category"] == "troops") & (by_status["measure"] == "cumulative")]
    rows = selected[(selected["category"] == "troops") & (selected["measure"] == "cumulative")]
    assert set(troops["status"]) == set(rows["status"])
    for status, fig in troops.set_index("status").iterrows():
        alone = flow_figures(selected[selected["status"] == status])
        alone = alone[(alone["category"] == "troops") & (alone["measure"] == "cumulative")].iloc[0]
        assert (fig.headline_low, fig.headline_high) == (alone.headline_low, alone.headline_high)


def test_a_crowded_timeline_panel_is_drawn_one_mark_per_month_with_the_full_range():
    from ledger.charts.timeline import TIMELINE_MAX_POINTS, timeline_figure
    from ledger.reference import load_events
    from tests.test_flows import typed

    n = TIMELINE_MAX_POINTS + 60
    rows = [{"id": f"r-{i}", "claimant": f"c{i}", "reported_on": f"2024-{1 + i % 3:02d}-{1 + i % 28:02d}",
             "quantity_low": str(100 + i), "quantity_high": str(200 + i) if i % 2 else ""} for i in range(n)]
    claims = typed(rows)
    fig = timeline_figure(claims, load_events(), reference_tables())
    marks = status_marks(fig)[0]
    assert len(marks.x) == 3  # January, February, March 2024
    assert f"more than {TIMELINE_MAX_POINTS:,} estimates" in fig.layout.title.text
    assert not [t for t in fig.data if t.name == "same claimant"]  # a crowded panel draws no lines
    january = claims[claims["reported_date"].dt.month == 1]
    high = january["quantity_high"].fillna(january["quantity_low"])
    assert marks.y[0] == january["quantity_low"].min()
    assert marks.y[0] + marks.error_y.array[0] == high.max()
    assert marks.customdata[0][0].startswith(f"{len(january):,} estimates in 2024-01")
    # Below the limit, every claim keeps its own mark.
    few = timeline_figure(claims.iloc[:TIMELINE_MAX_POINTS], load_events(), reference_tables())
    assert len(status_marks(few)[0].x) == TIMELINE_MAX_POINTS


def test_many_denials_are_drawn_one_mark_per_month():
    from ledger.charts.timeline import TIMELINE_MAX_POINTS, timeline_figure
    from ledger.reference import load_events
    from tests.test_flows import typed

    n = TIMELINE_MAX_POINTS + 10
    claims = typed([{"id": f"d-{i}", "stance": "denies", "reported_on": f"2024-{1 + i % 2:02d}-{1 + i % 28:02d}",
                     "quantity_low": "", "quantity_high": "", "unit": "", "measure": ""} for i in range(n)])
    denial = next(t for t in timeline_figure(claims, load_events(), reference_tables()).data if t.name == "Denials")
    assert len(denial.x) == 2
    assert sorted(int(h[0].split()[0].replace(",", "")) for h in denial.customdata) == [n // 2, n - n // 2]
