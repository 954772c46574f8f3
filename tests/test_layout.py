"""The layout keeps its promises: retrieval never imports bot, no import cycles, small files."""

from __future__ import annotations

import ast

from .conftest import ROOT


def _module_imports(package: str) -> dict[str, set[str]]:
    """Module → the package's modules it imports at module level (imports inside functions are lazy)."""
    graph: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        pkg = ".".join(parts[:-1])
        deps: set[str] = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                deps |= {f"{base}.{a.name}" for a in node.names} if node.module is None else {base}
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names}
        graph[name] = {d for d in deps if d.split(".")[0] in ("retrieval", "bot")}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for dep in graph.get(node, ()):
            dep = dep if dep in graph else next((m for m in graph if dep.startswith(m + ".")), dep)
            if state.get(dep) == 1:
                found.append([*stack, dep])
            elif dep in graph and not state.get(dep):
                visit(dep, [*stack, dep])
        state[node] = 2

    for n in graph:
        if not state.get(n):
            visit(n, [n])
    return found


def test_retrieval_never_imports_bot():
    for module, deps in _module_imports("retrieval").items():
        assert not any(d.startswith("bot") for d in deps), module
    for path in (ROOT / "retrieval").rglob("*.py"):
        assert "from bot" not in path.read_text() and "import bot" not in path.read_text(), path


def test_no_import_cycles():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}})  # the check itself finds a cycle
    for package in ("retrieval", "bot"):
        graph = _module_imports(package)
        graph = {m: {d for d in deps if d != m and not m.startswith(d + ".") and d != package}
                 for m, deps in graph.items()}
        assert _cycles(graph) == []


def test_no_file_over_about_400_lines():
    for package in ("retrieval", "bot"):
        for path in (ROOT / package).rglob("*.py"):
            assert len(path.read_text().splitlines()) <= 420, path


def test_front_ends_use_only_the_public_api():
    """bot/ imports `retrieval` itself (its __init__ is the one public API), never a submodule — at module
    level or inside functions."""
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("retrieval"):
                assert node.module == "retrieval", f"{path.name}: from {node.module} import …"
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("retrieval.") for a in node.names), path.name
