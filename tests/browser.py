"""Debian's headless Chromium, as the browser tests and the benchmarks launch it: where it is, and its flags."""

from __future__ import annotations

import shutil

# Without the networking flags Chromium keeps dialling out, and these machines have no network. A
# container's /dev/shm is often 64 MB, too small for a renderer: --disable-dev-shm-usage uses /tmp.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    """Debian's chromium (or a distribution's chromium-browser) on PATH, or None."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None
