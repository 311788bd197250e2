"""Where the shipped data package is: the ground floor, importing nothing of ours."""

from __future__ import annotations

from pathlib import Path


def _shipped(folder: str, marker: str) -> Path:
    """The installed copy of a shipped folder (ledger/<folder> in the wheel), else the repository's <folder>/."""
    installed = Path(__file__).resolve().parent / folder
    if (installed / marker).is_file():
        return installed
    return Path(__file__).resolve().parent.parent / folder


DATA_DIR = _shipped("data", "datapackage.json")
LEDGER_PATH = DATA_DIR / "ledger.csv"
DATAPACKAGE_PATH = DATA_DIR / "datapackage.json"
# The methodology ships inside the wheel too, so the dashboard's Methodology tab works from an install.
DOCS_DIR = _shipped("docs", "methodology.md")
METHODOLOGY_PATH = DOCS_DIR / "methodology.md"
