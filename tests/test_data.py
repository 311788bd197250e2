"""The shipped data: valid, sourced, tidy, and the dictionary in step with the descriptor."""

from __future__ import annotations

import csv

from ledger.__main__ import main
from ledger.contract import load_contract
from ledger.dictionary import render_dictionary
from ledger.paths import DATA_DIR, LEDGER_PATH


def rows():
    with LEDGER_PATH.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_shipped_ledger_validates(capsys):
    assert main(["validate", str(LEDGER_PATH)]) == 0


def test_shipped_ledger_is_utf8_lf_and_sorted_by_id():
    raw = LEDGER_PATH.read_bytes()
    raw.decode("utf-8")
    assert b"\r" not in raw
    assert not raw.startswith(b"\xef\xbb\xbf")
    ids = [r["id"] for r in rows()]
    assert ids == sorted(ids)


def test_every_row_names_its_source_and_claimant():
    for r in rows():
        assert r["source_outlet"].strip() and r["source_title"].strip(), r["id"]
        assert r["claimant"].strip(), r["id"]
        assert r["source_url"] == "" or r["source_url"].startswith(("http://", "https://")), r["id"]


def test_rows_without_url_say_where_they_were_read():
    for r in rows():
        if not r["source_url"]:
            assert r["source_date"], r["id"]


def test_every_category_has_claims_in_its_usual_direction():
    with (DATA_DIR / "categories.csv").open(encoding="utf-8", newline="") as fh:
        cats = list(csv.DictReader(fh))
    seen = {(r["category"], r["from_party"], r["to_party"]) for r in rows()}
    for c in cats:
        assert (c["id"], c["usual_from"], c["usual_to"]) in seen, c["id"]


def test_at_least_thirty_claims_in_all_three_statuses():
    statuses = [r["status"] for r in rows()]
    assert len(statuses) >= 30
    assert set(statuses) == {"confirmed", "reported", "speculated"}


def test_data_dictionary_is_current():
    current = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert current == render_dictionary(), "run `python -m ledger dictionary`"


def test_data_dictionary_names_every_column_and_rule():
    text = render_dictionary()
    contract = load_contract()
    for name in contract.names:
        assert f"`{name}`" in text
    for rule in contract.rules:
        assert f"`{rule.name}`" in text


def changes():
    with (DATA_DIR / "changes.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_ids_of_every_release_are_still_present_or_recorded_as_withdrawn():
    log = changes()
    released = {c["id"] for c in log if c["change"] == "added"}
    withdrawn = {c["id"] for c in log if c["change"] == "withdrawn"}
    current = {r["id"] for r in rows()}
    assert released, "changes.csv must list every release's ids"
    assert released - withdrawn <= current
    assert not (withdrawn & current), "a withdrawn id was reused"


def test_the_changelog_and_the_ledger_agree():
    log = changes()
    added = {}
    for c in log:
        if c["change"] == "added":
            assert c["id"] not in added, f"{c['id']} added twice"
            added[c["id"]] = c["version"]
    for r in rows():
        assert added.get(r["id"]) == r["added_in"], r["id"]
    with (DATA_DIR / "releases.csv").open(encoding="utf-8", newline="") as fh:
        versions = [v["version"] for v in csv.DictReader(fh)]
    assert {c["version"] for c in log} <= set(versions)
    for c in log:
        if c["change"] == "corrected":
            assert c["fields"] and c["reason"], c["id"]


def test_denials_carry_no_figure_and_are_never_confirmed():
    denials = [r for r in rows() if r["stance"] == "denies"]
    assert denials, "the ledger records the parties' denials"
    for r in denials:
        assert r["quantity_low"] == r["unit"] == r["measure"] == "", r["id"]
        assert r["status"] != "confirmed", r["id"]
        assert r["from_party"] in {"DPRK", "Russia"} and r["claimant_type"].startswith("party_"), r["id"]


def test_every_claimant_is_used_and_one_body_keeps_one_id():
    with (DATA_DIR / "claimants.csv").open(encoding="utf-8", newline="") as fh:
        claimants = list(csv.DictReader(fh))
    used = {r["claimant_id"] for r in rows()}
    assert {c["id"] for c in claimants} == used
    names = [c["name"] for c in claimants]
    assert len(names) == len(set(names)), "two ids for one body"


def test_events_are_dated_sourced_and_unique():
    from ledger.reference import load_events

    events = load_events()
    assert events["id"].is_unique
    assert events["date"].notna().all()
    assert events["source_url"].str.match(r"^https?://\S+$").all()
    assert (events["title"].str.len() > 0).all() and (events["source_outlet"].str.len() > 0).all()
