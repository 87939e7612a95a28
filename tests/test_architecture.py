"""The architecture as a test: dependencies between the packages of recoupe point one way.

Every import of every module counts, those inside functions too (a lazy import is still a dependency); a
cycle between two top-level parts (`nlp` ↔ `entities`, `pipeline` ↔ `stories`, …) fails with the path.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "recoupe"


def _part(module: str) -> str | None:
    """The top-level part of recoupe a module belongs to ('recoupe.nlp.quotes.cues' → 'nlp')."""
    parts = module.split(".")
    if parts[0] != "recoupe" or len(parts) < 2:
        return None
    if not ((SRC / parts[1]).is_dir() or (SRC / f"{parts[1]}.py").is_file()):
        return None  # a name, not a module ("from .. import __version__")
    return parts[1]


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def package_imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path in SRC.rglob("*.py"):
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        here = _part(name) or "recoupe"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    mod = ".".join(base + ([node.module] if node.module else []))
                else:
                    mod = node.module or ""
                targets = [mod] if node.module else [f"{mod}.{a.name}" for a in node.names]
            for target in targets:
                there = _part(target)
                if there and there != here:
                    graph[here].add(there)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}}) is None


def test_packages_import_one_way():
    graph = package_imports()
    assert graph, "no imports read: the source folder moved?"
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle between parts of recoupe: " + " → ".join(cycle)


def test_lower_layers_import_no_stage():
    """The data model, the configuration and text normalisation sit below every stage."""
    graph = package_imports()
    for base in ("model", "config", "text"):
        assert not (graph.get(base, set()) - {"model", "config", "text"}), (base, graph.get(base))
