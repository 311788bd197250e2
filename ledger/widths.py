"""What the Sankey's link width can measure, and whether each measure is available."""

from __future__ import annotations

from pathlib import Path

from ledger.paths import DATA_DIR

WIDTH_OPTIONS = ["claims", "estimated value (USD)"]


def width_availability(valuations: Path = DATA_DIR / "valuations.csv") -> tuple[bool, str]:
    """(available, reason): value widths need per-unit valuations, which may not exist yet."""
    if not valuations.exists() or valuations.read_text(encoding="utf-8").count("\n") < 2:
        return False, "no per-unit valuations have been curated yet (data/valuations.csv)."
    return True, ""
