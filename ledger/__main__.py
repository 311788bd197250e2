"""Command line: `ledger validate PATH` (or `python -m ledger ...`), `dictionary`, `report`, `synth`, `diff OLD NEW`,
`site OUT`.

Exit codes of `diff`: 0 the ledgers hold the same claims, 1 they differ (the report is printed),
2 a file cannot be read as a ledger (the message names the file, and the line where it can), 3 anything else.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ledger.paths import DATA_DIR, LEDGER_PATH
from ledger.site.cli import add_arguments as add_site_arguments


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cmd_validate(args: argparse.Namespace) -> int:
    from ledger.reader import load_path

    result = load_path(args.path, today=args.today)
    if result.ok:
        frame = result.frame
        counts = frame["status"].value_counts()
        parts = ", ".join(f"{counts.get(s, 0)} {s}" for s in ("confirmed", "reported", "speculated"))
        print(f"{args.path}: valid, {len(frame)} claims ({parts})")
        return 0
    for problem in result.problems:
        print(f"{args.path}: {problem}", file=sys.stderr)
    n = len(result.problems)
    print(f"{args.path}: {n} problem{'s' if n != 1 else ''}, not a valid ledger", file=sys.stderr)
    return result.exit_code


def cmd_dictionary(args: argparse.Namespace) -> int:
    from ledger.dictionary import render_dictionary

    text = render_dictionary()
    target = Path(args.out)
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is out of date: run `python -m ledger dictionary`", file=sys.stderr)
            return 1
        print(f"{target} is up to date")
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from ledger.reader import load_path
    from ledger.report import coverage_report

    result = load_path(args.path)
    if not result.ok:
        return cmd_validate(argparse.Namespace(path=args.path, today=None))
    print(coverage_report(result.frame))
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from ledger.synth import write_synth

    write_synth(Path(args.out), args.rows, args.seed)
    print(f"wrote {args.rows} synthetic claims to {args.out}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from ledger.releases import diff_ledgers, diff_report

    frames = []
    for path in (args.old, args.new):
        frame, problem = _read_for_diff(Path(path))
        if problem:
            print(f"{path}: {problem}", file=sys.stderr)
            return 2
        frames.append(frame)
    diff = diff_ledgers(*frames)
    print(diff_report(diff, Path(args.old).name, Path(args.new).name, markdown=args.format == "markdown"), end="")
    return 1 if len(diff) else 0


def _read_for_diff(path: Path):
    """(ledger as text, None), or (None, what is wrong): the diff needs a CSV with unique, non-empty ids."""
    import pandas as pd

    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        return None, "no such file"
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        return None, f"cannot be read as CSV: {str(err).splitlines()[0] if str(err) else type(err).__name__}"
    if "id" not in frame.columns:
        return None, "line 1: no `id` column"
    empty = frame.index[frame["id"].str.strip() == ""]
    if len(empty):
        return None, f"line {empty[0] + 2}, column id: empty id"
    dup = frame.index[frame["id"].duplicated()]
    if len(dup):
        return None, f"line {dup[0] + 2}, column id: duplicate id {frame['id'][dup[0]]!r}"
    return frame, None


def build_parser() -> argparse.ArgumentParser:
    # Installed, the console script is `ledger`; from a checkout, `python -m ledger`.
    prog = "ledger" if Path(sys.argv[0]).name == "ledger" else "python -m ledger"
    parser = argparse.ArgumentParser(prog=prog, description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a ledger CSV against the contract")
    v.add_argument("path", nargs="?", default=str(LEDGER_PATH))
    v.add_argument("--today", type=_date, default=None, help="treat this date as today (for future-date checks)")
    v.set_defaults(func=cmd_validate)
    d = sub.add_parser("dictionary", help="write the data dictionary from datapackage.json")
    d.add_argument("--out", default=str(DATA_DIR / "README.md"))
    d.add_argument("--check", action="store_true", help="fail if the dictionary is out of date")
    d.set_defaults(func=cmd_dictionary)
    r = sub.add_parser("report", help="coverage by category, direction, status and year")
    r.add_argument("path", nargs="?", default=str(LEDGER_PATH))
    r.set_defaults(func=cmd_report)
    s = sub.add_parser("synth", help="write a seeded synthetic ledger (for benchmarks)")
    s.add_argument("--rows", type=int, required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--seed", type=int, default=0)
    s.set_defaults(func=cmd_synth)
    f = sub.add_parser("diff", help="claims added, withdrawn and corrected between two ledger files",
                       description="Claims added, withdrawn and corrected (with the columns that changed) from "
                                   "OLD to NEW. Exit 0: no change; 1: changes (printed); 2: a file cannot be read.")
    f.add_argument("old")
    f.add_argument("new")
    f.add_argument("--format", choices=["markdown", "text"], default="markdown")
    f.set_defaults(func=cmd_diff)
    w = sub.add_parser("site", help="build the static website (every claim, flow and claimant) into a folder")
    add_site_arguments(w)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # the promise is: never a traceback
        print(f"error: {type(err).__name__}: {err}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
