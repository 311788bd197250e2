"""Exchange Ledger: a sourced ledger of the North Korea–Russia exchange.

For analysts: `ledger.load()` gives the validated claims, `ledger.select(...)` filters them and
`ledger.figures(...)` gives each flow's headline figures. See README.md, "Use it from Python".
"""

from pathlib import Path

__version__ = "0.6.0"


def _data_dir() -> Path:
    """The shipped data package: the copy installed with the wheel, else the repository's data/."""
    installed = Path(__file__).resolve().parent / "data"
    if (installed / "datapackage.json").is_file():
        return installed
    return Path(__file__).resolve().parent.parent / "data"


DATA_DIR = _data_dir()
LEDGER_PATH = DATA_DIR / "ledger.csv"
DATAPACKAGE_PATH = DATA_DIR / "datapackage.json"

# Imported last, because the submodules read the paths above. Importing the submodule ledger.load
# first keeps the name `ledger.load` bound to the function below: Python binds a submodule to its
# package's attribute only on its first import.
from ledger import load as _load_module  # noqa: E402, F401
from ledger.api import LedgerError, figures, load, select  # noqa: E402

__all__ = ["DATAPACKAGE_PATH", "DATA_DIR", "LEDGER_PATH", "LedgerError", "figures", "load", "select"]
