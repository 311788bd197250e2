"""What a server process has used so far, read from /proc (Linux): peak memory and CPU time."""

from __future__ import annotations

import os
from pathlib import Path


def peak_rss_mib(pid: int) -> float:
    """The process's peak resident set size (VmHWM) in MiB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds the process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks
