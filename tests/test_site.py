"""The static edition, built from the shipped ledger: every page there, every link resolving, feed, JSON-LD, sitemap."""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from lxml import etree

from ledger.flows import asserting, select_claims
from ledger.geo import claim_sites
from ledger.paths import TOPOJSON_DIR
from ledger.reference import category_kinds
from ledger.releases import latest_release, load_changes, load_releases
from ledger.site.builder import build_site
from ledger.site.config import site_config
from ledger.site.figures import decode
from ledger.site.views import quarter_ends, status_combinations, view_key

BASE = "https://ledger.example.org/site/"
CONFIG = site_config(base_url=BASE, dashboard_url="https://dash.example.org/")
VERSION, RELEASE_DATE = latest_release(load_releases())
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM_RNG = Path(__file__).parent / "atom" / "atom.rng"


def build(out: Path, ledger: Path | None = None, **options) -> Path:
    """Build a site without preview images (the browser tests draw them) at `out`."""
    kwargs = {"config": CONFIG, "previews": False, **options}
    build_site(out, ledger, **kwargs) if ledger else build_site(out, **kwargs)
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("site") / "out")


class Page(HTMLParser):
    """Every tag of a page with its attributes, and the text of its script elements."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag == "script":
            self._script = attributes
            self.scripts.append((attributes, ""))

    def handle_data(self, data):
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def links(self) -> list[str]:
        """Every address the page links to or loads."""
        return [a[k] for tag, a in self.tags for k in ("href", "src") if k in a]

    def meta(self, key: str) -> str | None:
        return next((a.get("content") for tag, a in self.tags if tag == "meta" and
                     key in (a.get("property"), a.get("name"))), None)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def page_url(site: Path, path: Path) -> str:
    return BASE + str(path.relative_to(site)).removesuffix("index.html")


def target(site: Path, url: str) -> Path | None:
    """The file an internal address is served from, or None for an address outside the site."""
    if not url.startswith(BASE):
        return None
    rel = unquote(urlsplit(url).path[len(urlsplit(BASE).path):])
    return site / rel / "index.html" if rel == "" or rel.endswith("/") else site / rel


def test_every_claim_id_has_its_page_and_json_withdrawn_ids_included(site, shipped):
    changes = load_changes()
    withdrawn = set(changes.loc[changes["change"] == "withdrawn", "id"])
    assert withdrawn and not withdrawn & set(shipped["id"])
    for cid in [*shipped["id"], *withdrawn]:
        assert (site / "claims" / cid / "index.html").is_file(), cid
        record = json.loads((site / "claims" / f"{cid}.json").read_text(encoding="utf-8"))
        assert record["id"] == cid
    for cid in withdrawn:
        text = (site / "claims" / cid / "index.html").read_text(encoding="utf-8")
        assert "withdrawn" in text and "Cite this claim" in text
        reason = changes.loc[(changes["id"] == cid) & (changes["change"] == "withdrawn"), "reason"].iloc[0]
        assert Page(text).meta("description").endswith(reason)


def test_a_claim_page_says_the_claim_its_source_history_and_citation(site, shipped):
    corrected = load_changes().query("change == 'corrected'").iloc[0]
    row = shipped.set_index("id").loc[corrected["id"]]
    text = (site / "claims" / corrected["id"] / "index.html").read_text(encoding="utf-8")
    page = Page(text)
    assert row["source_url"] in page.links()
    assert f"Release {corrected['version']}" in text and "corrected" in text
    cite = re.search(r'<p class="cite" id="cite">(.*?)</p>', text).group(1)
    assert f"release {VERSION} of {RELEASE_DATE:%Y-%m-%d}" in cite and BASE + f"claims/{corrected['id']}/" in cite
    assert any(link.startswith("https://dash.example.org/?") and "flow=" in link for link in page.links())


def test_every_internal_link_resolves_and_nothing_loads_from_another_origin(site):
    checked = 0
    for path in html_pages(site):
        page = Page(path.read_text(encoding="utf-8"))
        here = page_url(site, path) if path.name != "404.html" else BASE
        for link in page.links():
            if link.startswith("data:") or link.startswith("#"):
                continue
            url = urljoin(here, link).split("#")[0]
            if urlsplit(url).scheme in ("http", "https") and not url.startswith(BASE):
                continue  # a source's page or the dashboard: a link, never something the page loads
            file = target(site, url)
            assert file is not None and file.is_file(), f"{path.relative_to(site)}: {link}"
            checked += 1
        for tag, attrs in page.tags:  # what the page itself loads comes from the site
            loaded = attrs.get("src") if tag in ("script", "img", "iframe") else (
                attrs.get("href") if tag == "link" and attrs.get("rel") in ("stylesheet", "preload", "icon") else None)
            if loaded and not loaded.startswith("data:"):
                assert not urlsplit(loaded).scheme and not loaded.startswith("//"), (path, loaded)
    assert checked > 5_000


def atom_problems(root: ET.Element) -> list[str]:
    """What RFC 4287 requires of a feed and its entries, checked element by element."""
    problems = []
    stamp = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")

    def one(parent: ET.Element, name: str, where: str) -> ET.Element | None:
        found = parent.findall(ATOM + name)
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} atom:{name} elements, must be exactly one")
        return found[0] if found else None

    if root.tag != ATOM + "feed":
        return [f"the root is {root.tag}, not atom:feed"]
    for name in ("id", "title", "updated"):
        one(root, name, "feed")
    if not any(link.get("rel") == "self" for link in root.findall(ATOM + "link")):
        problems.append("feed: no link rel=self (RFC 4287 says SHOULD; feed validators warn)")
    ids = []
    for n, entry in enumerate(root.findall(ATOM + "entry"), start=1):
        where = f"entry {n}"
        for name in ("id", "title", "updated"):
            one(entry, name, where)
        ids.append(entry.findtext(ATOM + "id"))
        if root.find(ATOM + "author") is None and entry.find(ATOM + "author") is None:
            problems.append(f"{where}: no atom:author in the entry or the feed")
        alternates = [link for link in entry.findall(ATOM + "link") if link.get("rel", "alternate") == "alternate"]
        if entry.find(ATOM + "content") is None and not alternates:
            problems.append(f"{where}: neither atom:content nor an alternate link")
        if len({(a.get("type"), a.get("hreflang")) for a in alternates}) != len(alternates):
            problems.append(f"{where}: two alternate links with the same type and hreflang")
        content = entry.find(ATOM + "content")
        if content is not None and content.get("type", "text") not in ("text", "html", "xhtml"):
            problems.append(f"{where}: content type {content.get('type')!r}")
    for element in root.iter():
        if element.tag in (ATOM + "updated", ATOM + "published") and not stamp.match(element.text or ""):
            problems.append(f"{element.tag}: {element.text!r} is not an RFC 3339 date-time")
        if element.tag == ATOM + "id" and not urlsplit(element.text or "").scheme:
            problems.append(f"atom:id {element.text!r} is not an absolute IRI")
    if len(set(ids)) != len(ids):
        problems.append("two entries share an atom:id")
    return problems


def test_the_feed_parses_and_is_valid_atom_with_one_entry_per_release(site):
    root = ET.parse(site / "feed.xml").getroot()
    assert atom_problems(root) == []
    entries = {e.findtext(ATOM + "title"): e for e in root.findall(ATOM + "entry")}
    assert list(entries) == [f"Release {v}" for v in load_releases()["version"].iloc[::-1]]  # newest first
    changes = load_changes()
    gone = changes[changes["change"] == "withdrawn"].iloc[0]
    html = entries[f"Release {gone['version']}"].findtext(ATOM + "content")
    assert html.index("withdrawn: ") < html.index("corrected: ")  # withdrawals first: a follower needs those most
    assert BASE + f"claims/{gone['id']}/" in html


def atom_schema() -> etree.RelaxNG:
    """RFC 4287's Appendix B schema, in RELAX NG's XML syntax (tests/atom/README.md)."""
    return etree.RelaxNG(etree.parse(str(ATOM_RNG)))


def test_the_feed_is_valid_against_rfc_4287s_own_schema(site):
    schema = atom_schema()
    feed = etree.parse(str(site / "feed.xml"))
    assert schema.validate(feed), str(schema.error_log)
    # The schema is no rubber stamp: the same feed with an entry's date in words, or without its id, fails it.
    dated = etree.fromstring(etree.tostring(feed))
    dated.find(f"{ATOM}entry/{ATOM}updated").text = "yesterday"
    unnamed = etree.fromstring(etree.tostring(feed))
    unnamed.remove(unnamed.find(f"{ATOM}id"))
    assert not schema.validate(dated) and not schema.validate(unnamed)


def test_the_feed_checker_rejects_a_feed_that_breaks_the_rules():
    broken = ET.fromstring(f'<feed xmlns="{ATOM[1:-1]}"><title>t</title><entry><id>x</id><updated>2024-01-01'
                           '</updated></entry></feed>')
    found = atom_problems(broken)
    assert any("atom:id elements" in p for p in found) and any("RFC 3339" in p for p in found)
    assert any("no atom:author" in p for p in found) and any("absolute IRI" in p for p in found)


def test_the_json_ld_names_the_licence_and_every_distribution_with_its_checksum(site):
    page = Page((site / "index.html").read_text(encoding="utf-8"))
    blocks = [text for attrs, text in page.scripts if attrs.get("type") == "application/ld+json"]
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "Dataset" and data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["creator"]["name"] == "Exchange Ledger" and data["temporalCoverage"].startswith("2023-")
    names = {d["name"] for d in data["distribution"]}
    assert names == {"ledger.csv", "ledger.json", "ledger.xlsx", "datapackage.zip", "data-dictionary.md"}
    sums = dict(line.split("  ")[::-1] for line in (site / "downloads" / "SHA256SUMS").read_text().splitlines())
    for dist in data["distribution"]:
        file = target(site, dist["contentUrl"])
        assert hashlib.sha256(file.read_bytes()).hexdigest() == dist["sha256"] == sums[dist["name"]]


def test_the_sitemap_lists_every_page_and_robots_points_to_it(site):
    index = ET.parse(site / "sitemap.xml").getroot()
    listed = set()
    for loc in index.iter(SITEMAP + "loc"):
        listed |= {u.text for u in ET.parse(target(site, loc.text)).getroot().iter(SITEMAP + "loc")}
    pages = {page_url(site, p) for p in site.rglob("index.html")}
    assert listed == pages
    assert f"Sitemap: {BASE}sitemap.xml" in (site / "robots.txt").read_text()


def first_page_views(site: Path) -> dict:
    """The first page's precomputed views, as the page's script fetches them."""
    page = Page((site / "index.html").read_text(encoding="utf-8"))
    views_path = next(a["data-views"] for tag, a in page.tags if a.get("id") == "controls")
    return json.loads((site / views_path).read_text(encoding="utf-8"))


def view_at(views: dict, statuses: tuple[str, ...], as_of) -> dict:
    """One view, its shared strings put back as the page's script does."""

    return decode(views["views"][views["keys"][view_key(statuses, as_of)]], views["strings"])


def test_the_first_page_holds_a_view_for_every_status_choice_and_quarter(site, shipped):
    page = Page((site / "index.html").read_text(encoding="utf-8"))
    views = first_page_views(site)
    quarters = quarter_ends(shipped)
    assert set(views["keys"]) == {view_key(s, q) for s in status_combinations() for q in quarters}

    def drawn(statuses):
        claims = asserting(select_claims(shipped, statuses))
        return 2 * int((claims["category"].map(category_kinds()) != "consequence").sum())

    for statuses in (("confirmed", "reported"), ("confirmed", "reported", "speculated"), ("speculated",)):
        view = view_at(views, statuses, quarters[-1])
        assert sum(view["figure"]["data"][0]["link"]["value"]) == drawn(statuses)
    embedded = json.loads(next(text for attrs, text in page.scripts if attrs.get("id") == "sankey-data"))
    assert sum(embedded["data"][0]["link"]["value"]) == drawn(("confirmed", "reported"))


def test_every_page_links_to_the_dashboards_view_of_the_same_thing(site, shipped):
    for path in html_pages(site):
        if path.name == "404.html":
            continue
        links = [a["href"] for tag, a in Page(path.read_text(encoding="utf-8")).tags
                 if tag == "a" and a.get("href", "").startswith("https://dash.example.org/?")]
        assert links, path.relative_to(site)
    claim = shipped.iloc[0]
    text = (site / "claims" / claim["id"] / "index.html").read_text(encoding="utf-8")
    link = next(a["href"] for tag, a in Page(text).tags if tag == "a" and "dash.example.org" in a.get("href", ""))
    assert f"claimants={claim['claimant_id']}" in link and "speculated=true" in link and "tab=Flows" in link


def test_citation_cff_names_the_latest_release_the_licence_and_the_title():
    from ledger.share import LICENCE, TITLE

    text = (Path(__file__).resolve().parent.parent / "CITATION.cff").read_text(encoding="utf-8")
    fields = dict(re.findall(r"^([a-z-]+): *(.+)$", text, re.MULTILINE))
    version, date = VERSION, RELEASE_DATE
    assert fields["cff-version"] == "1.2.0" and fields["type"] == "dataset"
    assert (fields["version"], fields["date-released"], fields["license"]) == (version, date.isoformat(), LICENCE)
    assert TITLE.lower() in fields["title"].lower()


def sites_drawn(figure: dict) -> dict[str, int]:
    """site id -> claims, from a map's marker traces (their customdata is [id, name, claims])."""
    return {point[0]: point[2] for trace in figure["data"] if trace.get("mode") == "markers+text"
            for point in trace["customdata"]}


def sites_named(claims) -> dict[str, int]:
    """site id -> the claims asserting a flow that name it, as the dashboard's Map tab counts them."""
    return claim_sites(asserting(claims))["site_id"].value_counts().to_dict()


def test_the_first_page_shows_the_map_with_outlines_from_the_site_itself(site, shipped):
    page = Page((site / "index.html").read_text(encoding="utf-8"))
    assert any(tag == "div" and a.get("id") == "map" and a.get("data-figure") == "map-data" for tag, a in page.tags)
    figure = json.loads(next(text for attrs, text in page.scripts if attrs.get("id") == "map-data"))
    assert "geo" in figure["layout"] and {t["type"] for t in figure["data"]} == {"scattergeo"}
    expected = sites_named(select_claims(shipped, ["confirmed", "reported"]))  # as the dashboard opens
    assert sites_drawn(figure) == expected and sum(expected.values()) > 60
    # plotly.js fetches TOPOJSON_URL + 'world_50m.json': an address inside the site, never another origin
    outlines = figure["config"]["topojsonURL"]
    assert not urlsplit(outlines).scheme and not outlines.startswith("/") and outlines.endswith("/")
    assert (site / outlines / "world_50m.json").read_bytes() == (TOPOJSON_DIR / "world_50m.json").read_bytes()
    assert (site / outlines / "LICENSE").is_file()  # the outlines' MIT notice travels with them
    table = re.search(r'<table id="places-table">.*?</table>', (site / "index.html").read_text(), re.DOTALL).group(0)
    assert table.count("<tr>") == len(expected) + 1  # a row per place, under the head


def test_the_map_follows_the_switches_like_the_sankey(site, shipped):
    views, last = first_page_views(site), quarter_ends(shipped)[-1]
    drawn = {}
    for statuses in (("confirmed", "reported"), ("confirmed", "reported", "speculated"), ("speculated",)):
        view = view_at(views, statuses, last)
        drawn[statuses] = sites_drawn(view["map"]["figure"])
        assert drawn[statuses] == sites_named(select_claims(shipped, statuses)), statuses
        assert len(view["map"]["rows"]) == len(drawn[statuses])
    assert sum(drawn[("confirmed", "reported", "speculated")].values()) > sum(drawn[("confirmed", "reported")].values())
