"""The static edition's parts, one module at a time, without a whole build."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import types
import xml.etree.ElementTree as ET
import zipfile

import pytest

import ledger.site.discover as discover
from ledger.flows import FLOW_KEY, claimant_estimates
from ledger.paths import DATA_DIR, LEDGER_PATH
from ledger.reference import party_order
from ledger.releases import CHANGE_KINDS, load_changes
from ledger.site.change_pages import releases
from ledger.site.claimant_pages import estimate_rows
from ledger.site.cli import add_arguments, run
from ledger.site.config import site_config
from ledger.site.context import InvalidLedger, read_site
from ledger.site.downloads import datapackage_zip
from ledger.site.flow_pages import flow_keys
from ledger.site.previews import PreviewError, find_chromium
from ledger.site.render import http_url, to_script_json, xml_text
from ledger.site.urls import flow_path
from ledger.site.writer import SiteWriter
from tests.conftest import FIXTURES

CONFIG = site_config(base_url="https://ledger.example.org/", dashboard_url="https://dash.example.org/")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def site():
    return read_site(LEDGER_PATH, CONFIG, built=dt.date(2026, 11, 28))


def test_json_in_a_script_element_cannot_end_it_and_reads_back_the_same():
    value = {"notes": "</script><script>alert(1)</script><!-- & \u2028"}
    text = str(to_script_json(value))
    assert not {"<", ">", "&", "\u2028"} & set(text)
    assert json.loads(text) == value


def test_feed_text_drops_what_xml_forbids_and_only_http_addresses_become_links():
    assert xml_text("a\x00b\x0bc\ufffed") == "abcd"
    assert http_url("https://example.org/a") == "https://example.org/a"
    assert http_url("javascript:alert(1)") is None and http_url("") is None and http_url(None) is None


def test_an_invalid_ledger_is_refused_with_the_validators_own_problems():
    with pytest.raises(InvalidLedger) as refused:
        read_site(FIXTURES / "bad" / "bad_date.csv", CONFIG)
    assert refused.value.exit_code == 1 and refused.value.source.endswith("bad_date.csv")
    assert [(p.line, p.column) for p in refused.value.problems] == [(2, 2)]


def test_the_site_verb_refuses_a_base_url_that_is_not_http_and_writes_nothing(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args([str(tmp_path / "out"), "--no-previews", "--base-url", "javascript:alert(1)"])
    assert args.func is run and args.previews is False
    assert run(args) == 2
    assert "base_url must be an absolute http(s) address" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_sitemap_is_split_at_the_protocols_limit_and_lists_every_page_once(tmp_path, monkeypatch):
    monkeypatch.setattr(discover, "SITEMAP_MAX_URLS", 2)
    writer = SiteWriter(tmp_path)
    writer.pages = ["", "flows/", "claims/a/", "claims/b/", "claims/c/"]
    discover.write_sitemaps(types.SimpleNamespace(config=CONFIG, built=dt.date(2026, 11, 28)), writer)
    parts = [loc.text for loc in ET.parse(tmp_path / "sitemap.xml").getroot().iter(SITEMAP + "loc")]
    assert len(parts) == 3
    listed = [loc.text for part in parts for loc in
              ET.parse(tmp_path / part.removeprefix(CONFIG.base_url)).getroot().iter(SITEMAP + "loc")]
    assert listed == [CONFIG.absolute(p) for p in writer.pages]


def test_the_data_package_download_holds_every_resource_and_the_same_bytes_each_build(site):
    first, again = datapackage_zip(site), datapackage_zip(site)
    assert first == again  # no build time inside: the checksum changes only when the data does
    archive = zipfile.ZipFile(io.BytesIO(first))
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    names = {n.removeprefix("exchange-ledger/") for n in archive.namelist()}
    assert {"datapackage.json", *(r["path"] for r in descriptor["resources"])} <= names
    assert archive.read("exchange-ledger/ledger.csv") == LEDGER_PATH.read_bytes()


def test_every_flow_has_a_page_in_the_dashboards_order_of_givers(shipped):
    """Flows only denied or disputed included: a reader who follows a denial's flow link finds its page."""
    keys = flow_keys(shipped, party_order())
    assert set(keys) == set(shipped[FLOW_KEY].itertuples(index=False, name=None)) and len(keys) == len(set(keys))
    rank = {p: i for i, p in enumerate(party_order())}
    assert [rank[k[0]] for k in keys] == sorted(rank[k[0]] for k in keys)


def test_each_release_lists_its_changes_newest_release_first(site):
    listed = releases(site)
    changes = load_changes()
    assert [r["version"] for r in listed] == list(site.releases["version"].iloc[::-1])
    for r in listed:
        mine = changes[changes["version"] == r["version"]]
        assert r["counts"] == {kind: int((mine["change"] == kind).sum()) for kind in CHANGE_KINDS}
        assert len(r["changes"]) == sum(r["counts"].values())


def test_a_claimants_estimates_link_their_flows_and_say_which_are_out_of_date(site, shipped):
    estimates = claimant_estimates(shipped)
    busiest = estimates["claimant_id"].value_counts().index[0]
    mine = estimates[estimates["claimant_id"] == busiest]
    rows = estimate_rows(mine, site)
    assert len(rows) == len(mine) > 1
    assert [r["href"] for r in rows] == [flow_path(k) for k in mine[FLOW_KEY].itertuples(index=False, name=None)]
    assert [r["in_window"] for r in rows] == list(mine["in_window"])


def test_a_missing_browser_for_the_previews_is_said_with_the_way_out(tmp_path, monkeypatch):
    with pytest.raises(PreviewError, match="no browser at"):
        find_chromium(str(tmp_path / "chromium"))
    monkeypatch.delenv("LEDGER_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PreviewError, match="--no-previews"):
        find_chromium()
