"""The curators' check for a change to data/: what the pull-request workflow runs, and `make data-check`.

1. `ledger validate` on the ledger (file, line and column for every problem);
2. `frictionless validate` on the data package (the standard's own validator, foreign keys included);
3. `ledger diff` of the ledger against the base branch's copy: ids added, withdrawn and corrected.

The report is Markdown. It goes to $GITHUB_STEP_SUMMARY when set (the job summary on GitHub), and to
standard output. Exit 0 when both validators pass (a diff is the point of a pull request, not a failure),
1 when either fails, 2 when the base copy cannot be read.

    python tools/data_check.py [--base REF | --base-file PATH] [--data DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """A command's exit code and output, never raising."""
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)


def fenced(text: str) -> str:
    """Output as a code block in the summary, cut where a job summary would choke."""
    text = text.strip() or "(no output)"
    return "```\n" + (text if len(text) < 60_000 else text[:60_000] + "\n… (cut)") + "\n```"


def base_copy(ref: str | None, base_file: str | None, folder: Path) -> tuple[Path | None, str]:
    """The base ledger as a file, from a git ref or a path; (None, why) if it cannot be had."""
    if base_file:
        return Path(base_file), base_file
    shown = run("git", "show", f"{ref}:data/ledger.csv")
    if shown.returncode != 0:
        return None, f"git show {ref}:data/ledger.csv failed: {shown.stderr.strip()}"
    path = folder / "base-ledger.csv"
    path.write_text(shown.stdout, encoding="utf-8")
    return path, f"{ref}:data/ledger.csv"


def check(data: Path, ref: str | None, base_file: str | None) -> tuple[int, str]:
    """Run the three checks; (exit code, Markdown report)."""
    python = sys.executable
    validate = run(python, "-m", "ledger", "validate", str(data / "ledger.csv"))
    frictionless = run(str(Path(python).with_name("frictionless")), "validate", "datapackage.json", cwd=data)
    lines = ["# Data check", "",
             f"## ledger validate: {'passed' if validate.returncode == 0 else 'FAILED'}", "",
             fenced(validate.stdout + validate.stderr), "",
             f"## frictionless validate: {'passed' if frictionless.returncode == 0 else 'FAILED'}", "",
             fenced(frictionless.stdout[-20_000:] + frictionless.stderr), ""]
    with tempfile.TemporaryDirectory() as tmp:
        base, name = base_copy(ref, base_file, Path(tmp))
        if base is None:
            return 2, "\n".join([*lines, "## ledger diff", "", name, ""])
        diff = run(python, "-m", "ledger", "diff", str(base), str(data / "ledger.csv"))
    lines += [f"## ledger diff against {name}", "", diff.stdout.strip() or "No claim changed.", ""]
    if diff.returncode == 2:
        lines += [fenced(diff.stderr)]
        return 2, "\n".join(lines)
    ok = validate.returncode == 0 and frictionless.returncode == 0
    return (0 if ok else 1), "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the check and write the report where a reader will see it."""
    parser = argparse.ArgumentParser(prog="python tools/data_check.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--base", default="origin/main", help="the git ref to diff against (default origin/main)")
    where.add_argument("--base-file", help="a ledger file to diff against instead of a git ref")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data package folder")
    args = parser.parse_args(argv)
    code, report = check(args.data, args.base, args.base_file)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(report + "\n")
    print(report)
    return code


if __name__ == "__main__":
    sys.exit(main())
