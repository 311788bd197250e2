"""Search and the claimant filter: literal, case-insensitive, bounded, over the named columns."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from ledger.reference import claimant_labels, claimant_names, claimants
from ledger.search import SEARCH_COLUMNS, SEARCH_MAX_CHARS, clean_query, narrow, search_mask


def frame(**cols) -> pd.DataFrame:
    base = {c: ["", ""] for c in (*SEARCH_COLUMNS, "claimant_id")}
    return pd.DataFrame({**base, **cols})


def test_each_column_is_searched_case_insensitively():
    for column in SEARCH_COLUMNS:
        claims = frame(**{column: ["A Pantsir-S1 system", "shells"]})
        assert search_mask(claims, "pANTSIR").tolist() == [True, False], column


def test_the_claimants_name_from_the_vocabulary_is_searched(shipped):
    nis = claimants().set_index("id").loc["kr-nis", "name"]
    claims = frame(claimant_id=["kr-nis", "ua-hur"], claimant=["NIS", "HUR"])
    assert search_mask(claims, nis.upper(), claimant_names()).tolist() == [True, False]
    by_name = narrow(shipped, query=nis, claimant_names=claimant_names())
    assert set(shipped.loc[shipped["claimant_id"] == "kr-nis", "id"]) <= set(by_name["id"])


def test_pattern_characters_are_taken_literally():
    claims = frame(item=["a.b (c)", "axb c"])
    assert search_mask(claims, "a.b (c)").tolist() == [True, False]
    assert search_mask(claims, ".*").tolist() == [False, False]
    assert search_mask(claims, "[").tolist() == [False, False]


def test_empty_and_blank_queries_match_everything():
    claims = frame(item=["x", "y"])
    assert search_mask(claims, "").all() and search_mask(claims, "   ").all() and search_mask(claims, None).all()


def test_the_query_is_bounded_and_whitespace_is_normalised():
    assert clean_query("  two   words\n") == "two words"
    assert len(clean_query("x" * 10_000)) == SEARCH_MAX_CHARS


@given(st.text(max_size=40))
def test_any_text_is_found_in_a_cell_that_contains_it(text):
    needle = clean_query(text)
    claims = frame(notes=[f"before {needle} after", "-"])
    mask = search_mask(claims, text)
    assert bool(mask.iloc[0])
    assert bool(mask.iloc[1]) == (needle.casefold() in "-")


def test_claimant_filter_keeps_only_the_chosen_claimants(shipped):
    ids = sorted(set(shipped["claimant_id"]))[:2]
    kept = narrow(shipped, claimants=ids)
    assert len(kept) == int(shipped["claimant_id"].isin(ids).sum()) > 0
    assert narrow(shipped, claimants=[]) is shipped  # empty selection: every claimant


def test_every_claimant_label_names_its_type():
    labels = claimant_labels()
    for row in claimants().itertuples():
        assert labels[row.id] == f"{row.name} ({row.claimant_type.replace('_', ' ')})"
