"""What the Sankey's link width can measure, whether each measure is available, and the value widths of a view."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ledger.paths import DATA_DIR
from ledger.valuation import flow_values

WIDTH_OPTIONS = ["claims", "estimated value (USD)"]


def width_availability(valuations: Path = DATA_DIR / "valuations.csv") -> tuple[bool, str]:
    """(available, reason): value widths need per-unit valuations, which may not exist yet."""
    if not valuations.exists() or valuations.read_text(encoding="utf-8").count("\n") < 2:
        return False, "no per-unit valuations have been curated yet (data/valuations.csv)."
    return True, ""


def link_values(width: str, figures: pd.DataFrame, valuations: pd.DataFrame) -> pd.DataFrame | None:
    """A view's value widths (ledger.valuation.flow_values) when `width` is the value, or None for claims.

    Computed once per view and width: the diagram is drawn from it, and the note under it names the
    flows it leaves out.
    """
    return flow_values(figures, valuations) if width == WIDTH_OPTIONS[1] else None
