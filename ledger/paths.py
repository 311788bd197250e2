"""Where the shipped data package is: the ground floor, importing nothing of ours."""

from __future__ import annotations

from pathlib import Path


def _data_dir() -> Path:
    """The shipped data package: the copy installed with the wheel, else the repository's data/."""
    installed = Path(__file__).resolve().parent / "data"
    if (installed / "datapackage.json").is_file():
        return installed
    return Path(__file__).resolve().parent.parent / "data"


DATA_DIR = _data_dir()
LEDGER_PATH = DATA_DIR / "ledger.csv"
DATAPACKAGE_PATH = DATA_DIR / "datapackage.json"
