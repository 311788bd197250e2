"""Where the shipped data package is: the ground floor, importing nothing of ours."""

from __future__ import annotations

from pathlib import Path


def _shipped(folder: str, marker: str, installed_as: str | None = None) -> Path:
    """The installed copy of a shipped folder (ledger/<installed_as or folder> in the wheel), else the repository's."""
    installed = Path(__file__).resolve().parent / (installed_as or folder)
    if (installed / marker).is_file():
        return installed
    return Path(__file__).resolve().parent.parent / folder


DATA_DIR = _shipped("data", "datapackage.json")
LEDGER_PATH = DATA_DIR / "ledger.csv"
DATAPACKAGE_PATH = DATA_DIR / "datapackage.json"
# The methodology ships inside the wheel too, so the dashboard's Methodology tab works from an install.
DOCS_DIR = _shipped("docs", "methodology.md")
METHODOLOGY_PATH = DOCS_DIR / "methodology.md"
# The map's outlines: static/topojson in the repository (the dashboard serves it), ledger/topojson in the wheel,
# so the static edition can copy them into the site it builds.
TOPOJSON_DIR = _shipped("static/topojson", "world_50m.json", "topojson")
