"""The package's shape, read from the source with ``ast`` (nothing is imported).

Layers, lowest first; a module may import its own layer or a lower one:

0. ``dashboard.config``, ``dashboard.messages`` (and the ``dashboard`` package itself)
1. ``dashboard.zones.*``
2. ``dashboard.intake.*``
3. ``dashboard.browser.*``
4. ``dashboard.cli``, ``dashboard.version_commands``, ``dashboard.ui.*``
5. ``dashboard.app``, ``dashboard.__main__`` (entry points)

Also: no import cycles among dashboard modules, Streamlit only in the page layer, and a
docstring in every package's ``__init__.py``. Each failure names the offending import.
"""

from __future__ import annotations

import ast
import sys
from functools import cache
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "dashboard"
LAYERS: dict[str, int] = {
    "dashboard": 0,
    "dashboard.config": 0,
    "dashboard.messages": 0,
    "dashboard.zones": 1,
    "dashboard.intake": 2,
    "dashboard.browser": 3,
    "dashboard.cli": 4,
    "dashboard.version_commands": 4,
    "dashboard.zone_commands": 4,
    "dashboard.ui": 4,
    "dashboard.app": 5,
    "dashboard.__main__": 5,
}
STREAMLIT = ("streamlit", "streamlit_folium")
PAGE_LAYER = ("dashboard.app", "dashboard.ui")
SKIPPED_DIRS = {"static", "__pycache__"}


def _source_files() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if not SKIPPED_DIRS & set(p.relative_to(PACKAGE).parts)
    )


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    """Every dashboard module by dotted name (packages by their own name)."""
    return {_module_name(p): p for p in _source_files()}


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def layer_of(module: str) -> int:
    """The layer of a dashboard module: its longest matching prefix in LAYERS."""
    matches = [prefix for prefix in LAYERS if _within(module, prefix)]
    if not matches:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS in {__file__}")
    return LAYERS[max(matches, key=len)]


def imports_of(module: str) -> list[tuple[str, int]]:
    """(imported module, line) for every import in ``module``, function-level ones too.

    ``from a.b import c`` counts as importing ``a.b.c`` when that is a module, else ``a.b``.
    """
    path = modules()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((sub if sub in modules() else target, node.lineno))
    return found


def dashboard_imports(module: str) -> list[tuple[str, int]]:
    return [(m, line) for m, line in imports_of(module) if _within(m, "dashboard")]


def where(module: str, line: int) -> str:
    path = modules()[module]
    return f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}:{line}"


def test_every_module_has_a_layer():
    for module in modules():
        layer_of(module)


def upward_imports() -> list[str]:
    return [
        f"{where(module, line)}: {module} (layer {layer_of(module)}) imports "
        f"{target} (layer {layer_of(target)})"
        for module in modules()
        for target, line in dashboard_imports(module)
        if layer_of(target) > layer_of(module)
    ]


def import_cycles() -> list[list[str]]:
    graph = {
        module: sorted({t for t, _ in dashboard_imports(module) if t in modules() and t != module})
        for module in modules()
    }
    cycles: list[list[str]] = []
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = "open"
        stack.append(module)
        for target in graph[module]:
            if state.get(target) == "open":
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module)
    return cycles


def streamlit_imports() -> list[str]:
    return [
        f"{where(module, line)}: {module} imports {target}"
        for module in modules()
        if not any(_within(module, page) for page in PAGE_LAYER)
        for target, line in imports_of(module)
        if any(_within(target, name) for name in STREAMLIT)
    ]


def test_no_upward_imports():
    broken = upward_imports()
    assert not broken, "imports against the layer order:\n" + "\n".join(broken)


def test_no_import_cycles():
    cycles = import_cycles()
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_streamlit_only_in_the_page_layer():
    broken = streamlit_imports()
    assert not broken, "Streamlit outside dashboard/app.py and dashboard/ui/:\n" + "\n".join(broken)


def test_every_package_has_an_init_with_a_docstring():
    folders = {p.parent for p in _source_files()}
    problems = []
    for folder in sorted(folders):
        init = folder / "__init__.py"
        if not init.exists():
            problems.append(f"{folder.relative_to(REPO)}: no __init__.py")
        elif not ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))):
            problems.append(f"{init.relative_to(REPO)}: no docstring")
    assert not problems, "\n".join(problems)


# --- the checker itself ------------------------------------------------------------------


# A module longer than this holds more than one responsibility: split it by what it does.
MAX_MODULE_LINES = 450
# Modules still over the limit while issue 22's splits are under way, and who splits them:
# remove each line when its split is merged (the test then holds it to the limit).
STILL_OVER: dict[str, str] = {}  # modules being split, named with who splits them


def long_modules(limit: int = MAX_MODULE_LINES) -> list[str]:
    """``"<module>: <n> lines"`` for every dashboard module longer than ``limit`` lines."""
    found = []
    for name, path in modules().items():
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > limit and name not in STILL_OVER:
            found.append(f"{name}: {count} lines (at most {limit})")
    return found


def test_no_module_is_over_450_lines():
    assert long_modules() == []


def test_the_checker_finds_what_breaks_the_rules(tmp_path, monkeypatch):
    """A zones module with relative, lazy, upward, Streamlit and circular imports."""
    assert layer_of("dashboard.browser.serialise") == 3
    assert layer_of("dashboard.ui.main_map") == 4
    assert "dashboard.intake.bundled" in {
        t for t, _ in dashboard_imports("dashboard.intake.dropin")
    }
    odd = tmp_path / "dashboard" / "zones" / "odd.py"
    odd.parent.mkdir(parents=True)
    odd.write_text(
        "from . import areas\n"
        "from ..browser import serialise\n"
        "def f():\n"
        "    import streamlit\n"
        "    from dashboard.zones.twin import x\n"
    )
    twin = odd.with_name("twin.py")
    twin.write_text("import dashboard.zones.odd\n")
    fake = {**modules(), "dashboard.zones.odd": odd, "dashboard.zones.twin": twin}
    monkeypatch.setattr(sys.modules[__name__], "modules", lambda: fake)
    assert {t for t, _ in imports_of("dashboard.zones.odd")} == {
        "dashboard.zones.areas",
        "dashboard.browser.serialise",
        "streamlit",
        "dashboard.zones.twin",
    }
    assert upward_imports() == [
        f"{odd}:2: dashboard.zones.odd (layer 1) imports dashboard.browser.serialise (layer 3)"
    ]
    assert streamlit_imports() == [f"{odd}:4: dashboard.zones.odd imports streamlit"]
    assert import_cycles() == [
        ["dashboard.zones.odd", "dashboard.zones.twin", "dashboard.zones.odd"]
    ]
