"""Seeded synthetic ledgers for benchmarks: valid under the contract, deterministic for a seed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path

from ledger.schema import load_contract

UNITS = {"artillery_shells": "rounds", "munitions_containers": "containers", "ballistic_missiles": "missiles",
         "artillery_systems": "systems", "troops": "soldiers", "labor": "workers", "food_aid": "tonnes",
         "oil": "barrels", "air_defense": "systems", "technology": "modules", "cash": "USD"}
CLAIMANT_TYPES = ["party_official", "party_media", "third_government", "intergovernmental", "forensic", "osint",
                  "media_anonymous", "analyst"]


def synth_rows(n: int, seed: int = 0):
    """Yield n valid claim rows as dicts, reproducibly for a given seed."""
    rng = random.Random(seed)
    categories = list(load_contract().vocabularies["category"])
    start = dt.date(2023, 8, 1)
    for i in range(n):
        cat = rng.choice(categories)
        frm, to = ("DPRK", "Russia") if cat in {"artillery_shells", "munitions_containers", "ballistic_missiles",
                                                  "artillery_systems", "troops", "labor"} else ("Russia", "DPRK")
        day = start + dt.timedelta(days=rng.randrange(800))
        low = rng.randrange(1, 10_000_000)
        has_q = rng.random() < 0.8
        yield {
            "id": f"synth-{i:07d}", "reported_on": day.isoformat(), "from_party": frm, "to_party": to,
            "category": cat, "item": f"synthetic item {i}",
            "quantity_low": str(low) if has_q else "", "quantity_high": str(low + rng.randrange(1000)) if has_q else "",
            "unit": UNITS.get(cat, "units") if has_q else "",
            "measure": rng.choice(["cumulative", "increment"]) if has_q else "",
            "period_start": "", "period_end": "", "status": rng.choice(["confirmed", "reported", "speculated"]),
            "claimant": f"Claimant {i % 251}", "claimant_type": rng.choice(CLAIMANT_TYPES),
            "source_outlet": f"Outlet {i % 61}", "source_title": f"Synthetic report number {i}",
            "source_url": f"https://example.org/report/{i}", "source_date": day.isoformat(),
            "notes": "Synthetic row for benchmarks; not a real claim.",
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
