"""Every chart builder is a pure function of its arguments: the same arguments give the same figure, it opens
no file, it changes none of its arguments, and what it draws from the vocabularies follows the tables passed in."""

from __future__ import annotations

import builtins
import copy
import dataclasses
import io
import os
import pathlib
from collections.abc import Callable
from types import MappingProxyType

import plotly.graph_objects as go
import pytest

import ledger.reference as reference_module
from ledger.charts.by_status import figures_by_status_figure
from ledger.charts.direction import status_direction_figure
from ledger.charts.estimates import estimates_figure
from ledger.charts.panels import claimant_label, facet_heading, limit_notes
from ledger.charts.sankey import sankey_figure
from ledger.charts.style import MARKERS, STATUS_STYLE, legend_rows, status_color
from ledger.charts.timeline import timeline_figure
from ledger.contract import STATUSES
from ledger.flows import FRESHNESS_MONTHS, figures_by_status
from ledger.reference import load_events, reference_tables
from ledger.sanctions import un_limits
from ledger.valuation import load_valuations
from ledger.view import Filters, build_view
from ledger.widths import WIDTH_OPTIONS, link_values

SHELLS = ("DPRK", "Russia", "artillery_shells", "rounds")
BUILDERS: dict[str, Callable[[dict], go.Figure]] = {
    "sankey by claims": lambda a: sankey_figure(a["flows"], a["figures"], a["text"], a["refs"]),
    "sankey by value": lambda a: sankey_figure(a["flows"], a["figures"], a["text"], a["refs"], a["values"]),
    "estimates": lambda a: estimates_figure(a["estimates"], a["figures"], a["refs"], FRESHNESS_MONTHS, SHELLS),
    "figures by status": lambda a: figures_by_status_figure(a["by_status"], a["refs"]),
    "figures by status, one flow": lambda a: figures_by_status_figure(a["by_status"], a["refs"], {SHELLS[:3]}),
    "status and direction": lambda a: status_direction_figure(a["selected"], a["refs"]),
    "timeline": lambda a: timeline_figure(a["selected"], a["events"], a["refs"]),
    "timeline, one flow, events named": lambda a: timeline_figure(a["selected"], a["events"], a["refs"], {SHELLS[:3]},
                                                                  ["treaty-signed", "troops-reported"]),
}


@pytest.fixture(scope="module")
def args(shipped) -> dict:
    view = build_view(shipped, Filters(tuple(STATUSES)))
    return {"flows": view.flows, "figures": view.figures, "text": view.text, "estimates": view.estimates,
            "selected": view.selected, "by_status": figures_by_status(view.selected), "events": load_events(),
            "values": link_values(WIDTH_OPTIONS[1], view.figures, load_valuations()), "refs": reference_tables()}


def forget_the_vocabularies() -> None:
    """Empty ledger.reference's caches, so that a builder reaching for a vocabulary file would have to open it."""
    for name in dir(reference_module):
        clear = getattr(getattr(reference_module, name), "cache_clear", None)
        if clear is not None:
            clear()


def deep_copy(args: dict) -> dict:
    """A copy of every argument; the vocabularies are read-only mappings, so they are shared."""
    return {key: value if key == "refs" else copy.deepcopy(value) for key, value in args.items()}


@pytest.mark.parametrize("name", BUILDERS)
def test_a_chart_builder_gives_the_same_figure_for_the_same_arguments_and_opens_no_file(name, args, monkeypatch):
    build = BUILDERS[name]
    first = build(args)  # also loads whatever plotly loads once per process
    opened: list[str] = []

    def refuse(*a: object, **k: object) -> None:
        opened.append(str(a[0]) if a else "?")
        raise AssertionError(f"a chart builder opened {opened[-1]}")

    forget_the_vocabularies()
    copies = deep_copy(args)
    for target, attr in ((builtins, "open"), (io, "open"), (os, "open"), (pathlib.Path, "open")):
        monkeypatch.setattr(target, attr, refuse)
    try:
        again = build(copies)
    finally:
        monkeypatch.undo()
    assert opened == []
    assert again.to_json() == first.to_json()
    assert first.data or first.layout.annotations  # something drawn, or a note saying why not


@pytest.mark.parametrize("name", BUILDERS)
def test_a_chart_builder_changes_none_of_its_arguments(name, args):
    before = deep_copy(args)
    BUILDERS[name](args)
    for key, value in before.items():
        if hasattr(value, "equals"):
            assert value.equals(args[key]), key
        else:
            assert value == args[key], key


def test_the_diagram_follows_the_party_order_and_labels_it_is_given(args):
    refs = args["refs"]
    assert refs.party_order[0] == "DPRK"
    node = sankey_figure(args["flows"], args["figures"], args["text"], refs).data[0].node
    assert [label for label in node.label if label.endswith(" gives")] == ["DPRK gives", "Russia gives"]
    assert [label for label in node.label if label.endswith(" receives")] == ["Russia receives", "DPRK receives"]
    other = dataclasses.replace(refs, party_order=refs.party_order[::-1],
                                category_labels=MappingProxyType({**refs.category_labels, "troops": "Soldiers"}))
    node = sankey_figure(args["flows"], args["figures"], args["text"], other).data[0].node
    assert [label for label in node.label if label.endswith(" gives")] == ["Russia gives", "DPRK gives"]
    assert [label for label in node.label if label.endswith(" receives")] == ["DPRK receives", "Russia receives"]
    assert any(label.startswith("Soldiers<br>") for label in node.label)
    assert not any(label.startswith("Troops") for label in node.label)


def test_the_diagram_draws_what_the_kinds_it_is_given_say_is_a_transfer(args):
    refs = args["refs"]
    drawn = sankey_figure(args["flows"], args["figures"], args["text"], refs).data[0].node.label
    assert not any(label.startswith("Casualties") for label in drawn)
    kinds = MappingProxyType({**refs.category_kinds, "casualties": "transfer", "troops": "consequence"})
    drawn = sankey_figure(args["flows"], args["figures"], args["text"],
                          dataclasses.replace(refs, category_kinds=kinds)).data[0].node.label
    assert any(label.startswith("Casualties") for label in drawn)
    assert not any(label.startswith("Troops") for label in drawn)


def test_charts_name_claimants_from_the_table_they_are_given(args):
    refs = args["refs"]

    def names(fig: go.Figure) -> set[str]:
        return {a.text.replace("<br>", " ") for a in fig.layout.annotations if a.xref == "x domain"}

    shells = args["estimates"][args["estimates"]["category"] == "artillery_shells"]
    drawn = names(estimates_figure(args["estimates"], args["figures"], refs, 12, SHELLS))
    assert "South Korea National Intelligence Service" in drawn
    unnamed = dataclasses.replace(refs, claimants=MappingProxyType({}))
    drawn = names(estimates_figure(args["estimates"], args["figures"], unnamed, 12, SHELLS))
    assert set(shells["claimant_id"]) <= drawn and "South Korea National Intelligence Service" not in drawn


def test_each_status_has_one_colour_marker_and_legend_line_in_status_order():
    assert [s for s, _ in legend_rows()] == list(STATUSES)
    assert set(STATUS_STYLE) == set(MARKERS) == set(STATUSES)
    assert len({status_color(s) for s in STATUSES}) == len(STATUSES)
    assert len(set(MARKERS.values())) == len(STATUSES)


def test_a_panel_names_the_un_limits_it_is_given_and_an_unknown_claimant_keeps_its_id():
    labels = {"oil": "Oil & fuel"}
    limits = un_limits(["troops"])  # a made-up vocabulary: troops marked as arms
    assert facet_heading(("Russia", "DPRK", "oil", "barrels"), labels) == "Oil & fuel, Russia → DPRK"
    (cap, _), = limit_notes(("Russia", "DPRK", "oil", "barrels"), limits)
    assert cap.startswith("Dashed line: UN cap")  # a numeric limit is drawn, and the note says which line it is
    assert limit_notes(("Russia", "DPRK", "oil", "tonnes"), limits) == []  # a numeric limit holds in its own unit
    assert "UN arms embargo" in limit_notes(("DPRK", "Russia", "troops", "soldiers"), limits)[0][0]
    assert limit_notes(("DPRK", "Russia", "troops", "soldiers"), un_limits([])) == []
    assert claimant_label("kr-nis", {"kr-nis": ("NIS", "third_government")}) == "NIS · third government"
    assert claimant_label("nobody", {}) == "nobody"


def test_stacked_panels_keep_their_pixels_and_rows_name_their_claimant_above_the_mark():
    from ledger.charts.rows import Row, draw_rows, px_axis, value_axis
    from ledger.charts.stacked import Block, heading_lines, stacked_figure

    rows = [Row("A claimant with a name long enough to wrap onto a second line on a phone", 10, 20, "red", "10–20",
                ("reported 2025-01-01",)), Row("Another", 5, 5, "blue", "5")]
    panel = draw_rows(rows, 0, 25, ("x", "y"))
    names = [a for a in panel.annotations if a["xref"] == "x domain"]
    marks = [t.y[0] for t in panel.traces]
    assert names[0]["y"] < marks[0] < names[1]["y"] < marks[1] < panel.height_px  # name, mark, next
    assert names[0]["text"].count("<br>") == 1  # wrapped to fit a phone, never cut
    blocks = [Block(heading_lines(["One"]), panel.height_px, value_axis(25), px_axis(panel.height_px), panel.traces,
                    [], panel.annotations), Block([], 100, value_axis(1), px_axis(100))]
    fig = stacked_figure(blocks, "Title")
    (lo1, hi1), (lo2, hi2) = fig.layout.yaxis.domain, fig.layout.yaxis2.domain
    plot_px = fig.layout.height - 80  # what ledger.publish leaves the plot
    assert (hi1 - lo1) * plot_px == pytest.approx(panel.height_px) and (hi2 - lo2) * plot_px == pytest.approx(100)
    assert hi2 <= lo1 and {t.yaxis for t in fig.data} == {"y"}


def test_the_maps_place_names_and_lakes_read_on_a_dark_theme_too(shipped):
    """Land and sea are light on either theme: the names on them are dark, the lakes sea-coloured, never the theme's."""
    from ledger.charts.map import LAND_COLOR, PLACE_NAME_COLOR, SEA_COLOR, map_figure
    from ledger.flows import asserting
    from ledger.geo import route_summary, site_summary
    from ledger.reference import sites

    places = site_summary(asserting(shipped), sites(), STATUSES)
    fig = map_figure(places, route_summary(asserting(shipped), sites(), STATUSES), STATUSES)
    named = [t for t in fig.data if t.mode == "markers+text"]
    assert named and {t.textfont.color for t in named} == {PLACE_NAME_COLOR}
    geo = fig.layout.geo
    assert (geo.landcolor, geo.oceancolor, geo.lakecolor, geo.showlakes) == (LAND_COLOR, SEA_COLOR, SEA_COLOR, True)
