"""The build's promises: bad input stops it with the validator's messages, nothing half-built is ever left,
a folder that is not a previous build is refused, and hostile ledger text stays inert on every page."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from ledger.__main__ import main
from ledger.site.claim_pages import ClaimWriter
from ledger.site.config import ConfigError, site_config
from ledger.site.figures import Interner, decode
from ledger.site.lists import Pages, paginate
from ledger.site.urls import claim_path, dashboard_link, flow_slug, root_for
from ledger.site.views import quarter_ends
from ledger.site.writer import MARKER, TargetRefused, check_target
from tests.conftest import FIXTURES, ledger_bytes
from tests.test_site import BASE, Page, build

EXPECTED = json.loads((FIXTURES / "bad" / "expected.json").read_text())
PAYLOADS = ['<script>window.__pwned = "script"</script>', '<img src="x" onerror="window.__pwned = \'img\'">',
            '<svg onload="window.__pwned = \'svg\'"></svg>', '</script><script>window.__pwned = 1</script>',
            '"><a href="javascript:alert(1)">x</a>', "{{ 7 * 7 }} {% raw %} ]]> <!-- &amp;"]
SMALL = [{"id": f"small-{i}", "reported_on": f"2024-0{i + 1}-10", "quantity_low": str(1000 * (i + 1)),
          "quantity_high": str(1000 * (i + 1))} for i in range(3)]


@pytest.fixture(scope="module")
def small_ledger(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("small") / "small.csv"
    path.write_bytes(ledger_bytes(SMALL))
    return path


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_invalid_ledger_stops_the_build_with_the_validators_messages(name, tmp_path, capsys):
    want = EXPECTED[name]
    out = tmp_path / "out"
    code = main(["site", str(out), "--ledger", str(FIXTURES / "bad" / name), "--no-previews"])
    err = capsys.readouterr().err
    assert code == want["exit"] != 0
    where = ", ".join(f"{k} {want[k]}" for k in ("line", "column") if want[k] is not None)
    assert any(where in line and want["contains"] in line for line in err.splitlines()), err
    assert "no site was written" in err
    assert list(tmp_path.iterdir()) == []  # no site, no temporary folder


def test_a_failed_build_leaves_the_previous_site_as_it_was(small_ledger, tmp_path, monkeypatch):
    out = build(tmp_path / "out", small_ledger)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(self):
        raise OSError("disk full, say")

    monkeypatch.setattr(ClaimWriter, "write_all", broken)
    with pytest.raises(OSError, match="disk full"):
        build(out, small_ledger)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # the temporary folder is gone


def test_an_interrupted_build_leaves_nothing_behind(small_ledger, tmp_path, monkeypatch):
    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(ClaimWriter, "write_all", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(tmp_path / "out", small_ledger)
    assert list(tmp_path.iterdir()) == []


def test_a_rebuild_replaces_a_previous_build_whole(small_ledger, tmp_path):
    out = build(tmp_path / "out", small_ledger)
    (out / "stale.html").write_text("left by hand")
    build(out, small_ledger)
    assert (out / MARKER).is_file() and not (out / "stale.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_folder_that_is_not_a_build_is_refused_unless_forced(small_ledger, tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    code = main(["site", str(out), "--ledger", str(small_ledger), "--no-previews"])
    assert code == 2 and "--force" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["thesis.tex"]
    assert main(["site", str(out), "--ledger", str(small_ledger), "--no-previews", "--force"]) == 0
    assert (out / MARKER).is_file() and (out / "index.html").is_file()
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("mine.replaced-")]
    assert len(kept) == 1 and (kept[0] / "thesis.tex").read_text() == "years of work"  # kept, not deleted
    assert "kept at" in capsys.readouterr().out


def test_check_target_accepts_new_empty_and_previous_builds_and_refuses_files(tmp_path):
    check_target(tmp_path / "new", force=False)
    (tmp_path / "empty").mkdir()
    check_target(tmp_path / "empty", force=False)
    (tmp_path / "file").write_text("x")
    with pytest.raises(TargetRefused):
        check_target(tmp_path / "file", force=True)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    rows = [{"id": f"hostile-{i}", "reported_on": f"2024-10-{10 + i}", "item": p, "claimant": p, "notes": p,
             "source_title": p, "source_outlet": p, "shipment": "", "quantity_low": str(100 + i),
             "quantity_high": str(100 + i)} for i, p in enumerate(PAYLOADS)]
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.csv").write_bytes(ledger_bytes(rows))
    return build(folder / "out", folder / "hostile.csv")


def test_hostile_ledger_text_is_escaped_on_every_page(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    seen = 0
    for path in pages:
        text = path.read_text(encoding="utf-8")
        page = Page(text)
        for tag, attrs in page.tags:
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
            assert not attrs.get("href", "").lower().startswith("javascript:"), (path, attrs)
            assert tag != "img" and tag != "svg", (path, tag)
            if tag == "script":  # only the site's own scripts and data blocks
                assert attrs.get("type") in ("application/json", "application/ld+json") or \
                    attrs.get("src", "").startswith(("static/", "../")), (path, attrs)
        assert "window.__pwned" not in "".join(t for a, t in page.scripts if "src" in a)
        seen += sum(p in text for p in ("&lt;script&gt;window.__pwned", "&lt;img src=&#34;x&#34;"))
    assert seen > 10  # the payloads are on the pages, as text


def test_hostile_text_survives_the_json_blocks_as_data(hostile_site):
    claim = json.loads((hostile_site / "claims" / "hostile-0.json").read_text(encoding="utf-8"))
    assert claim["notes"] == PAYLOADS[0]
    page = Page((hostile_site / claim_path("hostile-3") / "index.html").read_text(encoding="utf-8"))
    heading = [a for tag, a in page.tags if tag == "h1"]
    assert heading and PAYLOADS[3] not in "".join(t for a, t in page.scripts)  # no block can be closed early


def test_quarters_run_from_2023_to_the_quarter_of_the_newest_claim():
    claims = pd.DataFrame({"reported_date": pd.to_datetime(["2023-08-01", "2024-05-02"])})
    ends = quarter_ends(claims)
    assert ends[0] == dt.date(2023, 3, 31) and ends[-1] == dt.date(2024, 6, 30) and len(ends) == 6
    assert quarter_ends(pd.DataFrame({"reported_date": pd.to_datetime(["2024-12-31"])}))[-1] == dt.date(2024, 12, 31)


def test_interned_views_decode_to_the_same_data():
    data = {"a": ["x", "y", 1.5, None, True, {"b": "x"}], "c": ""}
    interner = Interner()
    packed = interner.encode(data)


    assert decode(packed, interner.strings) == data and interner.strings == ["x", "y", ""]
    assert Interner().encode([str(i) for i in range(40)])[-1] == "13"  # base 36


def test_pages_link_to_their_neighbours_and_ends():
    frame = pd.DataFrame({"x": range(450)})
    pages = [p for p, _ in paginate(frame, "claims/")]
    assert [p.path for p in pages] == ["claims/"] + [f"claims/page/{n}/" for n in range(2, 6)]
    middle = pages[2]
    assert (middle.previous, middle.next, middle.first, middle.last) == (
        "claims/page/2/", "claims/page/4/", "claims/", "claims/page/5/")
    assert pages[1].first is None and pages[3].last is None  # the neighbour link already goes there
    assert pages[0].previous is None and pages[0].last == "claims/page/5/"
    assert Pages("a/", 1, 1, "").next is None


def test_addresses_are_stable_slugs_and_relative_links_climb_to_the_root():
    assert flow_slug(("DPRK", "Russia", "artillery_shells")) == "dprk-russia-artillery-shells"
    assert claim_path("troops-nis-2024-10-18") == "claims/troops-nis-2024-10-18/"
    assert root_for("") == "" and root_for("claims/x/") == "../../" and root_for("flows/x/page/2/") == "../../../../"
    link = dashboard_link("https://d.example/", ("confirmed",), "2025-03-31", "Flows", ("DPRK", "Russia", "troops"))
    assert link == ("https://d.example/?confirmed=true&reported=false&speculated=false&as_of=2025-03-31&tab=Flows"
                    "&flow=DPRK%3ERussia%3Etroops")


def test_the_configuration_takes_the_file_then_the_environment_then_flags():
    assert site_config(environ={}).base_url.startswith("http")
    env = {"LEDGER_SITE_URL": "https://pages.example.org/ledger"}
    assert site_config(environ=env).base_url == "https://pages.example.org/ledger/"
    assert site_config(environ=env, base_url=BASE).base_url == BASE
    with pytest.raises(ConfigError):
        site_config(environ={}, base_url="javascript:alert(1)")
