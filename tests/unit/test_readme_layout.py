"""The README's layout table names every module of the package, so a newcomer finds each."""

from __future__ import annotations

from tests.conftest import REPO


def layout_section() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("## Layout")
    return text[start : text.index("\n## ", start + 1)]


def test_every_module_has_a_line_in_the_layout_table():
    section = layout_section()
    missing = []
    for path in sorted((REPO / "dashboard").rglob("*.py")):
        if path.name == "__init__.py" or "static" in path.parts:
            continue
        relative = path.relative_to(REPO / "dashboard").as_posix()
        if f"`{relative}`" not in section and f"`dashboard/{relative}`" not in section:
            missing.append(relative)
    assert not missing, f"modules without a line in README's layout table: {missing}"
