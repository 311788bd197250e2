"""The charts' pixel geometry (ledger.layout), without plotly: text that fits, labels that never collide."""

from __future__ import annotations

import itertools
import math

from hypothesis import given
from hypothesis import strategies as st

from ledger.layout import NARROW_PX, column, crossings, extent, lanes, nice_ticks, side, stack, text_px, wrap

words = st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=12), min_size=1, max_size=30)


@given(words, st.integers(min_value=12, max_value=60), st.integers(min_value=1, max_value=60))
def test_wrapped_lines_keep_every_word_in_order_and_fit_unless_one_word_is_longer(ws, width, first):
    text = " ".join(ws)
    lines = wrap(text, width, first)
    assert " ".join(lines).split() == ws
    limits = [min(first, width)] + [width] * (len(lines) - 1)
    assert all(len(line) <= limit or " " not in line for line, limit in zip(lines, limits, strict=True))


def test_a_shorter_first_line_leaves_room_for_the_toolbar():
    assert wrap("What flows between North Korea and Russia", 40, 24) == ["What flows between North",
                                                                         "Korea and Russia"]
    assert wrap("", 10) == [""]


@given(st.floats(min_value=1e-3, max_value=1e13), st.integers(min_value=3, max_value=6))
def test_ticks_start_at_zero_reach_the_top_in_round_even_steps(top, most):
    ticks = nice_ticks(top, most)
    assert ticks[0] == 0 and ticks[-1] >= top * (1 - 1e-9) and len(ticks) <= most + 1
    step = ticks[1] - ticks[0]
    assert all(math.isclose(b - a, step, rel_tol=1e-9) for a, b in itertools.pairwise(ticks))
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m, rel_tol=1e-9) for m in (1, 2, 2.5, 5))


def test_ticks_of_nothing_are_still_an_axis():
    assert nice_ticks(0) == [0.0, 1.0]
    assert nice_ticks(15_000_000, 4) == [0, 5_000_000, 10_000_000, 15_000_000]


@given(st.floats(min_value=0, max_value=1), st.floats(min_value=1, max_value=NARROW_PX * 2 / 3))
def test_a_label_no_wider_than_two_thirds_of_the_plot_stays_inside_it_wherever_its_point_is(fraction, width):
    start, end = extent(fraction, width, side(fraction, width))
    assert start >= -1e-9 and end <= NARROW_PX + 1e-9
    assert math.isclose(end - start, width)


@given(st.lists(st.tuples(st.floats(0, 300), st.floats(1, 120)), max_size=25))
def test_labels_in_one_lane_never_overlap(spans):
    extents = [(a, a + w) for a, w in sorted(spans)]
    lane_of = lanes(extents, gap_px=8)
    assert len(lane_of) == len(extents)
    for lane in set(lane_of):
        mine = [e for e, k in zip(extents, lane_of, strict=True) if k == lane]
        assert all(b[0] >= a[1] + 8 for a, b in itertools.pairwise(mine))
    assert not lane_of or max(lane_of) < len(extents)


@given(st.lists(st.tuples(st.floats(0, 80), st.floats(1, 600), st.floats(0, 80)), min_size=1, max_size=12))
def test_stacked_panels_keep_their_pixels_top_first_without_overlap(blocks):
    domains, total = stack(blocks)
    assert math.isclose(total, sum(sum(b) for b in blocks))
    for (_above, plot, _), (lo, hi) in zip(blocks, domains, strict=True):
        assert math.isclose((hi - lo) * total, plot, rel_tol=1e-9, abs_tol=1e-9)
    assert all(b[1] <= a[0] + 1e-12 for a, b in itertools.pairwise(domains))  # each below the last
    assert math.isclose(domains[0][1], 1 - blocks[0][0] / total) and domains[-1][0] >= -1e-12


@given(st.lists(st.tuples(st.floats(0.5, 1000), st.integers(1, 4)), min_size=1, max_size=25),
       st.floats(min_value=20, max_value=800))
def test_a_diagram_column_keeps_its_labels_apart_and_its_nodes_at_their_share(nodes, nodes_px):
    values = [v for v, _ in nodes]
    labels = [n * 15.6 for _, n in nodes]
    centres, height, pad = column(values, labels, nodes_px, clearance_px=4)
    for i in range(len(nodes) - 1):
        assert centres[i + 1] - centres[i] >= (labels[i] + labels[i + 1]) / 2 + 4 - 1e-6
    assert centres[0] - labels[0] / 2 >= -1e-6 and centres[-1] + labels[-1] / 2 <= height + 1e-6
    # plotly's padding is the mean gap, so its nodes take exactly nodes_px, as the centres assume
    assert math.isclose(nodes_px + pad * max(len(nodes) - 1, 1), height, rel_tol=1e-9) or len(nodes) == 1


def test_text_width_is_an_upper_estimate_of_what_the_browser_measured():
    # Measured in Chromium on Streamlit's font: "Artillery systems · 120–220 systems (5 claimants)" at 12 px: 242 px.
    assert text_px("Artillery systems · 120–220 systems (5 claimants)", 12) >= 242


@given(st.lists(st.tuples(st.floats(0, 300), st.floats(1, 120), st.floats(0, 1)), max_size=20))
def test_with_stems_labels_in_one_lane_still_never_overlap(spans):
    extents = [(a, a + w) for a, w, _ in spans]
    stems = [a + f * w for a, w, f in spans]
    lane_of = lanes(extents, gap_px=8, stems=stems)
    for i, j in itertools.combinations(range(len(extents)), 2):
        if lane_of[i] == lane_of[j]:
            (a0, a1), (b0, b1) = extents[i], extents[j]
            assert a1 + 8 <= b0 or b1 + 8 <= a0


def test_a_stem_is_routed_round_the_labels_below_it():
    # Three titles close in time, each reaching right from its mark: laid out by overlap alone, the
    # later titles sit above the earlier ones and their lines run through them; with stems, the titles
    # step down to the right, and no line crosses a title.
    extents = [(0, 100), (60, 160), (120, 220)]
    stems = [0, 60, 120]
    assert crossings(extents, stems, lanes(extents, gap_px=8)) > 0
    with_stems = lanes(extents, gap_px=8, stems=stems)
    assert crossings(extents, stems, with_stems) == 0


@given(st.lists(st.tuples(st.floats(0, 300), st.floats(1, 120), st.floats(0, 1)), max_size=12))
def test_stems_never_make_the_crossings_worse(spans):
    extents = [(a, a + w) for a, w, _ in spans]
    stems = [a + f * w for a, w, f in spans]
    assert crossings(extents, stems, lanes(extents, 8, stems)) <= crossings(extents, stems, lanes(extents, 8))
