"""requirements.txt (what Streamlit Community Cloud installs) pins exactly the lock's runtime packages."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.MULTILINE)


def pins(path: Path) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in PIN.findall(path.read_text(encoding="utf-8"))}


def runtime_closure() -> set[str]:
    """The project's runtime dependencies and theirs, as installed from the lock (markers evaluated)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    todo = [Requirement(r) for r in project["dependencies"]]
    seen: set[str] = set()
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        if name in seen or (req.marker and not req.marker.evaluate({"extra": ""})):
            continue
        seen.add(name)
        todo += [Requirement(r) for r in metadata.requires(name) or []]
    return seen


def test_requirements_txt_pins_the_locked_runtime_packages():
    lock, cloud = pins(ROOT / "requirements.lock"), pins(ROOT / "requirements.txt")
    assert set(cloud) == runtime_closure()
    assert {name: lock.get(name) for name in cloud} == cloud


def test_the_lock_covers_every_declared_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["dev"]
    lock = pins(ROOT / "requirements.lock")
    for text in declared:
        req = Requirement(text)
        assert canonicalize_name(req.name) in lock, req.name
        assert req.specifier.contains(lock[canonicalize_name(req.name)], prereleases=True), text
