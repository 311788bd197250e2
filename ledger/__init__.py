"""Exchange Ledger: a sourced ledger of the North Korea–Russia exchange.

For analysts: `ledger.load()` gives the validated claims, `ledger.select(...)` filters them and
`ledger.figures(...)` gives each flow's headline figures. See README.md, "Use it from Python".
"""

from ledger.api import LedgerError, figures, load, select
from ledger.paths import DATA_DIR, DATAPACKAGE_PATH, LEDGER_PATH

__version__ = "0.8.1"

__all__ = ["DATAPACKAGE_PATH", "DATA_DIR", "LEDGER_PATH", "LedgerError", "figures", "load", "select"]
