"""Every page's address inside the site, relative links between pages, and links into the dashboard."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote, urlencode

from ledger.contract import STATUSES
from ledger.share import encode_flow

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """'artillery_shells' -> 'artillery-shells': lowercase letters, digits and single hyphens."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-") or "x"


def flow_slug(key: tuple[str, str, str]) -> str:
    """A flow's stable address part: 'dprk-russia-artillery-shells'."""
    return "-".join(slug(part) for part in key)


def paged(base: str, number: int) -> str:
    """Page `number` of a listing whose first page is at `base` (a folder path ending in '/')."""
    return base if number <= 1 else f"{base}page/{number}/"


def flow_path(key: tuple[str, str, str], number: int = 1) -> str:
    """'flows/dprk-russia-troops/' (and its later pages)."""
    return paged(f"flows/{flow_slug(key)}/", number)


def claim_path(claim_id: str) -> str:
    """'claims/ID/': a claim id is a lowercase slug by the contract; quoted all the same."""
    return f"claims/{quote(claim_id, safe='')}/"


def claim_json_path(claim_id: str) -> str:
    """'claims/ID.json', beside the claim's page."""
    return f"claims/{quote(claim_id, safe='')}.json"


def claimant_path(claimant_id: str, number: int = 1) -> str:
    """'claimants/ID/' (and its later pages)."""
    return paged(f"claimants/{quote(claimant_id, safe='')}/", number)


def release_path(version: str, number: int = 1) -> str:
    """'changes/2.0.0/': one release's changes (and its later pages)."""
    return paged(f"changes/{quote(version, safe='')}/", number)


def root_for(path: str) -> str:
    """The relative prefix from a page at folder `path` back to the site's root: '', '../', '../../'."""
    return "../" * path.count("/")


def dashboard_link(dashboard_url: str, statuses: Iterable[str] = STATUSES, as_of: str | None = None,
                   tab: str | None = None, flow: tuple[str, str, str] | None = None,
                   claimants: Iterable[str] = ()) -> str:
    """The dashboard's address for the same view, in the query the dashboard binds its widgets to."""
    chosen = set(statuses)
    params = [(status, "true" if status in chosen else "false") for status in STATUSES]
    params += [("as_of", as_of)] if as_of else []
    params += [("tab", tab)] if tab else []
    params += [("flow", encode_flow(flow))] if flow else []
    params += [("claimants", c) for c in claimants]
    return f"{dashboard_url}?{urlencode(params)}"
