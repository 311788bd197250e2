"""Arguments passed to the app after `--`: `streamlit run dashboard.py -- --ledger PATH`."""

from __future__ import annotations

import argparse
from pathlib import Path


def ledger_path_from_argv(argv: list[str], default: Path) -> Path:
    """The --ledger PATH given to the app, or the shipped ledger; unknown arguments are ignored."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--ledger", type=Path, default=default)
    args, _ = parser.parse_known_args(argv)
    return args.ledger
