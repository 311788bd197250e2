"""A page per claim at claims/ID/, with its JSON beside it; withdrawn ids keep a page that says so."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

from ledger.charts.style import STANCE_WORDS
from ledger.contract import ANSWER_STANCES, STATUSES, load_contract
from ledger.export import public_columns, to_json_bytes
from ledger.share import citation
from ledger.site.context import Site
from ledger.site.lists import claim_rows, figure_text, paginate
from ledger.site.render import Meta, Renderer
from ledger.site.urls import claim_json_path, claim_path, claimant_path, dashboard_link, flow_path, flow_slug
from ledger.site.writer import SiteWriter
from ledger.tables import MEASURE_WORDS, safe_url

NEIGHBOURS = 10  # of the same claimant's other claims on the same flow, this many each side are listed
SHIPMENT_SHOWN = 20  # accounts of the same shipment listed on a claim's page
CHUNK = 5_000  # claims turned into records at a time, so memory stays flat at any size


def claim_sentence(r: dict[str, Any], site: Site) -> str:
    """The claim in words: who says what went from whom to whom, and how much."""
    flow = f"{site.labels.get(r['category'], r['category'])}, from {site.party(r['from_party'])} to " \
           f"{site.party(r['to_party'])}"
    if r["stance"] in ANSWER_STANCES:
        return f"{r['claimant']} {STANCE_WORDS.get(r['stance'], r['stance'])} this: {r['item']} ({flow})."
    if r["quantity_low"] is None:
        return f"{r['claimant']} says: {r['item']} ({flow}; no figure given)."
    since = f" since {r['period_start']}" if r["period_start"] else ""
    measure = MEASURE_WORDS.get(r["measure"], r["measure"] or "")
    figure = figure_text(r["quantity_low"], np.nan if r["quantity_high"] is None else r["quantity_high"], r["unit"])
    return f"{r['claimant']} says {figure} ({measure}{since}): {r['item']} ({flow})."


def stance_text(r: dict[str, Any]) -> str:
    """'says the flow happened', or what the claimant says instead, listed and never counted."""
    if r["stance"] in ANSWER_STANCES:
        return f"{STANCE_WORDS.get(r['stance'], r['stance'])} the flow (listed, never counted)"
    return "says the flow happened"


def history(site: Site) -> dict[str, list[dict[str, str]]]:
    """Per claim id, its rows in the data changelog, oldest release first, each with the release's date."""
    dates = {v: d.isoformat() for v, d in zip(site.releases["version"], site.releases["date"], strict=True)}
    out: dict[str, list[dict[str, str]]] = {}
    for r in site.changes.to_dict("records"):
        out.setdefault(r["id"], []).append({"version": r["version"], "date": dates.get(r["version"], ""),
                                            "change": r["change"], "fields": r["fields"].replace(";", ", "),
                                            "reason": r["reason"]})
    return out


def _groups(claims: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row order, start of each row's group, end of it), the rows sorted by the columns then date and id."""
    ordered = claims.reset_index(drop=True).sort_values([*columns, "reported_date", "id"], kind="mergesort")
    order = ordered.index.to_numpy()
    codes = ordered.groupby(columns, sort=False, observed=True).ngroup().to_numpy()
    edges = np.flatnonzero(np.diff(codes)) + 1
    starts = np.concatenate([[0], edges])
    ends = np.concatenate([edges, [len(order)]])
    group = np.repeat(np.arange(len(starts)), ends - starts)
    return order, starts[group], ends[group]


def _links(rows: list[dict[str, Any]], picks: list[int]) -> list[dict[str, Any]]:
    return [rows[i] for i in picks]


class ClaimWriter:
    """Writes every claim's page; neighbours and shipments are found by sorting once, not per claim."""

    def __init__(self, site: Site, renderer: Renderer, writer: SiteWriter) -> None:
        """Sort the claims once by claimant and flow, and index the shipments and the changelog."""
        self.site, self.renderer, self.writer = site, renderer, writer
        self.claims = site.claims.reset_index(drop=True)
        self.rows = claim_rows(self.claims)
        self.history = history(site)
        self.same = _groups(self.claims, ["claimant_id", "from_party", "to_party", "category"])
        self.position = np.empty(len(self.claims), dtype=np.int64)
        self.position[self.same[0]] = np.arange(len(self.claims))
        self.shipment_of = self.claims["shipment"].to_numpy()
        self.members: dict[str, list[int]] = {}
        for j in np.flatnonzero(self.shipment_of != ""):
            self.members.setdefault(self.shipment_of[j], []).append(int(j))
        self.names = load_contract().names

    def neighbours(self, i: int) -> tuple[list[dict[str, Any]], int]:
        """The same claimant's claims on the same flow nearest in time to claim i, and how many there are."""
        order, starts, ends = self.same
        p = self.position[i]
        lo, hi = max(starts[p], p - NEIGHBOURS), min(ends[p], p + NEIGHBOURS + 1)
        picks = [int(order[j]) for j in range(hi - 1, lo - 1, -1) if j != p]
        return _links(self.rows, picks), int(ends[p] - starts[p] - 1)

    def shipment(self, i: int) -> list[dict[str, Any]]:
        """The other accounts of claim i's shipment."""
        name = self.shipment_of[i]
        if not name:
            return []
        picks = [j for j in self.members[name] if j != i][:SHIPMENT_SHOWN]
        return _links(self.rows, picks)

    def write_all(self) -> int:
        """Write every claim's page and JSON; the number written."""
        for start in range(0, len(self.claims), CHUNK):
            chunk = self.claims.iloc[start:start + CHUNK]
            records = json.loads(to_json_bytes(public_columns(chunk, self.names)))
            for offset, record in enumerate(records):
                self.write_one(start + offset, record)
        return len(self.claims)

    def write_one(self, i: int, r: dict[str, Any]) -> None:
        """One claim's page and its JSON."""
        site, key = self.site, (r["from_party"], r["to_party"], r["category"])
        path = claim_path(r["id"])
        version, date = site.release
        others, n_others = self.neighbours(i)
        words = f"claim {r['id']} ({r['claimant']}, {r['reported_on']})"
        meta = Meta(f"{r['item']} ({r['claimant']}, {r['reported_on']})", claim_sentence(r, site), path,
                    site.preview(f"flow-{flow_slug(key)}"), "article",
                    dashboard_link(site.config.dashboard_url, STATUSES, tab="Flows", flow=key,
                                   claimants=[r["claimant_id"]]))
        html = self.renderer.page(
            "claim.html", meta, r=r, sentence=meta.description, figure=self.rows[i]["figure"], stance=stance_text(r),
            measure_words=MEASURE_WORDS,
            source_url=safe_url(r["source_url"] or ""),
            flow_label=site.labels.get(key[2], key[2]), from_label=site.party(key[0]), to_label=site.party(key[1]),
            flow_href=flow_path(key), claimant_href=claimant_path(r["claimant_id"]),
            claimant_name=site.claimant_name(r["claimant_id"]), others=others, n_others=n_others,
            shipment=self.shipment(i), history=self.history.get(r["id"], []), json_href=claim_json_path(r["id"]),
            cite=citation(words, version, date, site.config.absolute(path), site.built))
        self.writer.page(path, html)
        self.writer.write_text(claim_json_path(r["id"]), json.dumps(r, ensure_ascii=False) + "\n")


def withdrawn_ids(site: Site) -> list[str]:
    """Ids the changelog withdraws that the ledger no longer holds: each keeps a page."""
    changes = site.changes
    ids = set(changes.loc[changes["change"] == "withdrawn", "id"]) - set(site.claims["id"])
    return sorted(ids)


def write_withdrawn(site: Site, renderer: Renderer, writer: SiteWriter) -> list[str]:
    """A page (and JSON) for every withdrawn id, marked withdrawn, with the reason: old citations still resolve."""
    log = history(site)
    version, date = site.release
    for cid in withdrawn_ids(site):
        path = claim_path(cid)
        last = [h for h in log[cid] if h["change"] == "withdrawn"][-1]
        meta = Meta(f"Withdrawn claim {cid}", f"Withdrawn in release {last['version']}: {last['reason']}", path,
                    site.preview(), "article", site.dashboard("What's new"))
        cite = citation(f"withdrawn claim {cid}", version, date, site.config.absolute(path), site.built)
        writer.page(path, renderer.page("withdrawn.html", meta, cid=cid, last=last, history=log[cid], cite=cite,
                                        json_href=claim_json_path(cid)))
        record = {"id": cid, "withdrawn": True, "withdrawn_in": last["version"], "reason": last["reason"]}
        writer.write_text(claim_json_path(cid), json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    return withdrawn_ids(site)


def write_claims_index(site: Site, renderer: Renderer, writer: SiteWriter, withdrawn: list[str]) -> None:
    """claims/: every claim, newest first, a page at a time; the withdrawn ids on the first page."""
    newest = site.claims.sort_values(["reported_date", "id"], ascending=[False, True], kind="mergesort")
    gone = [{"id": cid, "href": claim_path(cid)} for cid in withdrawn]
    for pages, rows in paginate(newest, "claims/"):
        meta = Meta("Every claim" + (f", page {pages.number}" if pages.number > 1 else ""),
                    f"All {len(newest):,} claims of the ledger, newest first, each with its own page and source.",
                    pages.path, site.preview(), dashboard=site.dashboard("Ledger and downloads"))
        writer.page(pages.path, renderer.page("claims.html", meta, pages=pages, rows=claim_rows(rows),
                                              withdrawn=gone if pages.number == 1 else []))
