"""Links both ways: the dashboard links each claim to its static page; static pages link to the dashboard."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from ledger.site.config import site_config
from ledger.tables import sources_markdown
from tests.conftest import load_rows
from tests.test_app import APP


def test_sources_markdown_links_each_claims_static_page_when_asked():
    claims = load_rows([{"id": "a-claim"}, {"id": "b-claim", "reported_on": "2024-11-01"}]).frame
    text = sources_markdown(claims, claim_url=lambda cid: f"https://s.example/claims/{cid}/")
    assert [re.search(r"\[Claim page\]\(([^)]+)\)", line).group(1) for line in text.splitlines()] == [
        "https://s.example/claims/a-claim/", "https://s.example/claims/b-claim/"]
    assert "Claim page" not in sources_markdown(claims)
    assert "Claim page" not in sources_markdown(claims, claim_url=lambda cid: "javascript:alert(1)")


def test_the_dashboards_claim_list_links_the_static_page_under_the_configured_base_url(shipped):
    flow = shipped.query("category == 'troops'").iloc[0]
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params["flow"] = f"{flow['from_party']}>{flow['to_party']}>troops"
    at.run()
    assert not at.exception
    listed = "\n".join(m.value for m in at.markdown if "Source:" in m.value)
    links = re.findall(r"\[Claim page\]\(([^)]+)\)", listed)
    base = site_config().base_url
    assert links and all(link.startswith(f"{base}claims/") and link.endswith("/") for link in links)
    ids = {link.removeprefix(f"{base}claims/").rstrip("/") for link in links}
    assert ids <= set(shipped["id"])


def test_claims_display_gives_each_claim_its_static_page_only_when_asked():
    from ledger.tables import CLAIM_COLUMNS, CLAIM_PAGE_COLUMN, claims_display

    claims = load_rows([{"id": "a-claim"}, {"id": "b-claim", "reported_on": "2024-11-01"}]).frame
    linked = claims_display(claims, {}, claim_url=lambda cid: f"https://s.example/claims/{cid}/")
    assert list(linked.columns) == [*CLAIM_COLUMNS, CLAIM_PAGE_COLUMN]
    assert list(linked[CLAIM_PAGE_COLUMN]) == [f"https://s.example/claims/{i}/" for i in linked["id"]]
    assert CLAIM_PAGE_COLUMN not in claims_display(claims, {}).columns


def test_the_dashboards_claims_table_links_every_row_to_its_static_page(shipped):
    from ledger.tables import CLAIM_PAGE_COLUMN
    from tests.test_app import table_with

    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params["tab"] = "Ledger and downloads"
    at.run()
    assert not at.exception
    table = table_with(at, CLAIM_PAGE_COLUMN)
    base = site_config().base_url
    assert len(table) > 0
    assert list(table[CLAIM_PAGE_COLUMN]) == [f"{base}claims/{i}/" for i in table["id"]]
