"""Write the site into a temporary folder beside OUT, then swap it in whole, so no half-built site is ever seen."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

MARKER = "ledger-site.json"  # names a folder as a previous build, which a new build may replace
_RENAME_EXCHANGE = 2  # renameat2(2): swap two paths in one step
_AT_FDCWD = -100


class TargetRefused(Exception):
    """OUT holds something that is not a previous build, and --force was not given."""


class SiteWriter:
    """Writes files under a root and remembers every page, for the sitemap."""

    def __init__(self, root: Path) -> None:
        """A writer under `root`, with no page written yet."""
        self.root = root
        self.pages: list[str] = []
        self.n_files = 0
        self.kept: Path | None = None  # where a forced build put what OUT held

    def write_bytes(self, path: str, data: bytes) -> None:
        """Write a file at a path inside the site."""
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.n_files += 1

    def write_text(self, path: str, text: str) -> None:
        """Write UTF-8 text at a path inside the site."""
        self.write_bytes(path, text.encode("utf-8"))

    def page(self, path: str, html: str, listed: bool = True) -> None:
        """Write a page at folder `path` ('' for the first page) as its index.html."""
        self.write_text(f"{path}index.html", html)
        if listed:
            self.pages.append(path)


def check_target(out: Path, force: bool) -> None:
    """Refuse a file, or a non-empty folder that is not a previous build, unless forced."""
    if out.is_file() or out.is_symlink():
        raise TargetRefused(f"{out} is a file, not a folder: refusing to replace it")
    if not out.is_dir() or (out / MARKER).is_file() or not any(out.iterdir()):
        return
    if not force:
        raise TargetRefused(f"{out} holds files that are not a previous site build (no {MARKER}): refusing to "
                            "replace them. Choose an empty or new folder, or pass --force (the folder is then "
                            "kept beside it, renamed, not deleted).")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the system can't."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        call = libc.renameat2
    except (OSError, AttributeError):
        return False
    return call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def swap_in(built: Path, out: Path) -> Path | None:
    """Put `built` at `out`. An old build is removed; anything else is kept beside, and its new name returned."""
    if not out.exists():
        built.rename(out)
        return None
    keep = not (out / MARKER).is_file() and any(out.iterdir())
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    if not _exchange(built, out):  # two renames: the moment between them is the only gap
        aside = out.with_name(f".{out.name}.old-{stamp}")
        out.rename(aside)
        built.rename(out)
        built = aside
    if keep:
        kept = out.with_name(f"{out.name}.replaced-{stamp}")
        built.rename(kept)
        return kept
    shutil.rmtree(built)
    return None


@contextlib.contextmanager
def building(out: Path, force: bool, marker: dict[str, str]) -> Iterator[SiteWriter]:
    """A writer on a temporary folder beside `out`; swapped in at the end, removed if anything fails."""
    out = out.resolve()
    check_target(out, force)
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        writer = SiteWriter(temp)
        yield writer
        writer.write_text(MARKER, json.dumps(marker, indent=1) + "\n")  # last: only a whole build has it
        temp.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        writer.kept = swap_in(temp, out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
