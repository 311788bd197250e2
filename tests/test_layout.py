"""The package's layout: the face imports, nothing imports the face, no cycles, short modules, all tested."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ledger"
MODULES = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
           for p in PACKAGE.rglob("*.py")}


def imports(path: Path) -> set[str]:
    """The ledger modules a file imports (absolute imports only; the package uses no relative ones)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "ledger"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "ledger":
            assert node.level == 0, path
            found.add(node.module)
    return found


@pytest.mark.parametrize("name", sorted(set(MODULES) - {"ledger"}))
def test_no_module_imports_the_package_face(name):
    assert "ledger" not in imports(MODULES[name]), f"{name} imports the package face; import the defining module"


def test_there_are_no_import_cycles():
    graph = {name: {m for m in imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in graph[node]:
            assert state.get(nxt) != "open", " -> ".join([*trail, node, nxt])
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = "done"

    for name in graph:
        if name not in state:
            visit(name, [])


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_300_lines(name):
    assert len(MODULES[name].read_text(encoding="utf-8").splitlines()) <= 300


def test_every_module_has_a_test_that_imports_it():
    tested = set().union(*(imports(p) for p in (ROOT / "tests").rglob("test_*.py")))
    faces = {m for m, p in MODULES.items() if p.name == "__init__.py"}  # package faces hold no code of their own
    missing = [m for m in MODULES if m not in tested | faces and not m.endswith("__main__")]
    assert missing == []
