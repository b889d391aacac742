"""The project's packages import each other in one direction only: every import statement of every module
(lazy ones inside functions included) is read from the source, and the package graph must have no cycle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("aligner", "qa", "corpora", "tui", "cli")


def imported_packages(path: Path) -> Iterator[str]:
    """The project packages named by the import statements of the module at ``path``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        yield from (name.split(".")[0] for name in names if name.split(".")[0] in PACKAGES)


def package_graph() -> dict[str, set[str]]:
    """For each package, the other project packages its modules import."""
    graph: dict[str, set[str]] = {name: set() for name in PACKAGES}
    for name in PACKAGES:
        for path in (ROOT / name).rglob("*.py"):
            graph[name] |= set(imported_packages(path)) - {name}
    return graph


def test_no_import_cycle_between_packages() -> None:
    graph = package_graph()
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise AssertionError(f"import cycle between packages: {exc.args[1]}") from None
    assert sorted(order) == sorted(PACKAGES)


def test_aligner_and_checks_know_nothing_of_files_or_screens() -> None:
    graph = package_graph()
    assert graph["aligner"] == set()
    assert graph["qa"] <= {"aligner"}


def test_lazy_imports_are_seen(tmp_path: Path) -> None:
    """The walk sees a lazy import inside a function (the form the old aligner→corpora import took)."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from corpora.textio import read_text\n    import tui.app\n")
    assert set(imported_packages(module)) == {"corpora", "tui"}
