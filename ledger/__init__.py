"""Exchange Ledger: a sourced ledger of the North Korea–Russia exchange."""

from pathlib import Path

__version__ = "0.1.0"

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LEDGER_PATH = DATA_DIR / "ledger.csv"
DATAPACKAGE_PATH = DATA_DIR / "datapackage.json"
