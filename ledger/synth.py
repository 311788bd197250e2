"""Seeded synthetic ledgers for benchmarks: valid under the contract, deterministic for a seed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Iterator
from pathlib import Path

from ledger.contract import STATUSES, load_contract


def synth_rows(n: int, seed: int = 0) -> Iterator[dict[str, str]]:
    """Yield n valid claim rows as dicts, reproducibly for a given seed."""
    rng = random.Random(seed)
    contract = load_contract()
    categories = list(contract.vocabularies["category"])
    # Units, directions and claimant types come from the vocabularies, so every synthetic row is valid.
    units = {c: u.split(";")[0] for c, u in contract.lookup("categories", "id", "units").items()}
    givers = contract.lookup("categories", "id", "usual_from")
    claimants = sorted(contract.lookup("claimants", "id", "claimant_type").items())
    release = contract.vocabularies["added_in"][-1]
    start = dt.date(2023, 8, 1)
    for i in range(n):
        cat = rng.choice(categories)
        frm, to = ("DPRK", "Russia") if givers[cat] == "DPRK" else ("Russia", "DPRK")
        claimant_id, claimant_type = claimants[i % len(claimants)]
        day = start + dt.timedelta(days=rng.randrange(800))
        low = rng.randrange(1, 10_000_000)
        has_q = rng.random() < 0.8
        yield {
            "id": f"synth-{i:07d}", "reported_on": day.isoformat(), "from_party": frm, "to_party": to,
            "category": cat, "item": f"synthetic item {i}",
            "quantity_low": str(low) if has_q else "", "quantity_high": str(low + rng.randrange(1000)) if has_q else "",
            "unit": units[cat] if has_q else "",
            "measure": rng.choice(["cumulative", "increment"]) if has_q else "",
            "period_start": "", "period_end": "", "status": rng.choice(list(STATUSES)),
            "stance": "asserts", "claimant_id": claimant_id,
            "claimant": f"Claimant {i % 251}", "claimant_type": claimant_type,
            "source_outlet": f"Outlet {i % 61}", "source_title": f"Synthetic report number {i}",
            "source_url": f"https://example.org/report/{i}", "source_date": day.isoformat(),
            "notes": "Synthetic row for benchmarks; not a real claim.", "shipment": "", "added_in": release,
        }


def write_synth(path: Path, n: int, seed: int = 0) -> None:
    """Write a synthetic ledger of n rows (sorted by id, LF endings) to path."""
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=load_contract().names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(synth_rows(n, seed))


def synth_bytes(n: int, seed: int = 0) -> bytes:
    """A synthetic ledger as bytes, for in-memory tests."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=load_contract().names, lineterminator="\n")
    writer.writeheader()
    writer.writerows(synth_rows(n, seed))
    return buf.getvalue().encode("utf-8")
