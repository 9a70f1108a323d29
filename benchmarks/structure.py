"""Measure the shape of ``src/mlmasters``: import circles, large modules and long functions.

Run it with ``.venv/bin/python benchmarks/structure.py`` (``--quiet`` prints the counts only).
It is a measuring stick for issue 26, not a test: the layer rules themselves are checked by
import-linter (``make lint``, contracts in ``pyproject.toml``, layers in docs/architecture.md).

- circles: groups of modules that reach each other through imports (strongly connected
  components of grimp's module graph, counting imports inside functions and under
  ``TYPE_CHECKING`` too, since a reader meets those as well);
- modules over 400 lines and functions over 80 lines (by ``ast`` line spans).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import grimp

PACKAGE = "mlmasters"
SRC = Path(__file__).resolve().parent.parent / "src"
MODULE_LIMIT = 400
FUNCTION_LIMIT = 80


def import_circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in modules:
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(edges[root]))]
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
                    work.append((child, iter(edges.get(child, []))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return sorted(found)


def large_modules(src: Path) -> list[tuple[str, int]]:
    """Modules longer than MODULE_LIMIT lines, longest first."""
    sizes = []
    for path in sorted((src / PACKAGE).rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MODULE_LIMIT:
            sizes.append((str(path.relative_to(src)), lines))
    return sorted(sizes, key=lambda item: -item[1])


def long_functions(src: Path) -> list[tuple[str, int]]:
    """Functions and methods longer than FUNCTION_LIMIT lines, longest first."""
    spans = []
    for path in sorted((src / PACKAGE).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > FUNCTION_LIMIT:
                    where = f"{path.relative_to(src)}:{node.name}"
                    spans.append((where, length))
    return sorted(spans, key=lambda item: -item[1])


def main(argv: list[str]) -> None:
    quiet = "--quiet" in argv
    sys.path.insert(0, str(SRC))
    graph = grimp.build_graph(PACKAGE, cache_dir=None)
    circles = import_circles(graph)
    modules = large_modules(SRC)
    functions = long_functions(SRC)
    if not quiet:
        print("import circles:")
        for group in circles:
            print("  " + " <-> ".join(name.removeprefix(PACKAGE + ".") for name in group))
        print(f"modules over {MODULE_LIMIT} lines:")
        for name, lines in modules:
            print(f"  {lines:5d}  {name}")
        print(f"functions over {FUNCTION_LIMIT} lines:")
        for name, lines in functions:
            print(f"  {lines:5d}  {name}")
    print(
        f"circles={len(circles)} modules>{MODULE_LIMIT}={len(modules)} "
        f"functions>{FUNCTION_LIMIT}={len(functions)}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
