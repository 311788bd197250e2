"""Debian's headless Chromium, as the browser tests and the benchmarks launch it: where it is, and its flags."""

from __future__ import annotations

import shutil

# The flags are written once, in the package: the static edition's build launches Chromium for its preview
# images with the same list, and an installed package can't import tests/.
from ledger.site.previews import CHROMIUM_ARGS

__all__ = ["CHROMIUM_ARGS", "PHONE", "chromium_path"]

# A phone as the tests hold one: the 390 x 844 screen the legibility bar names, touch, mobile layout.
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def chromium_path() -> str | None:
    """Debian's chromium (or a distribution's chromium-browser) on PATH, or None."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None
