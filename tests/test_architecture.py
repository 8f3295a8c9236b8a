"""The package's shape: layers per pipeline stage (import-linter contract in pyproject.toml),
no import cycles counting imports made inside functions, and no module over 400 lines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

from conftest import REPO

PACKAGE = REPO / "src" / "ledelse_cli"
MAX_LINES = 400


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_counting_imports_inside_functions() -> None:
    # grimp reads every import statement, those inside functions included; imports under
    # `if TYPE_CHECKING:` are annotations only and never run.
    g = grimp.build_graph("ledelse_cli", exclude_type_checking_imports=True)
    modules = {m for m in g.modules if m.startswith("ledelse_cli")}
    graph = {m: {d for d in g.find_modules_directly_imported_by(m) if d in modules}
             for m in modules}
    # A package's __init__ importing its own modules is how packages work, not a cycle.
    for m in modules:
        graph[m] = {d for d in graph[m] if not m.startswith(d + ".") and d != "ledelse_cli"}
    assert _cycles(graph) == []


def test_layer_contract_holds() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "Pipeline layers KEPT" in done.stdout


def test_no_module_over_400_lines() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES}
    assert long == {}
