"""The README stays short and its links lead somewhere; the architecture page names every
module of the package, so a newcomer finds each."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO

README = REPO / "README.md"
DOCS = REPO / "docs"
MAX_README_WORDS = 1500
# The guides the README promises, by reader (issue 22).
GUIDES = ("user-guide.md", "maintainers.md", "deployment.md", "security.md", "architecture.md")
# [text](target) and <img src="target">; absolute addresses (http:, mailto:) are not ours.
LINK = re.compile(r"\]\(([^)\s]+)\)|<img [^>]*src=\"([^\"]+)\"")


def links(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return [a or b for a, b in LINK.findall(text) if not re.match(r"[a-z]+:", a or b)]


def heading_anchors(page: Path) -> set[str]:
    """The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces
    to hyphens."""
    anchors = set()
    for line in page.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"#{1,6} (.+)", line):
            anchors.add(re.sub(r"[^\w\- ]", "", match.group(1).lower()).replace(" ", "-"))
    return anchors


def module_section() -> str:
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    start = text.index("## Every module")
    return text[start : text.index("\n## ", start + 1)]


def test_the_readme_is_read_in_two_minutes():
    words = len(README.read_text(encoding="utf-8").split())
    assert words <= MAX_README_WORDS, f"README.md has {words} words (at most {MAX_README_WORDS})"


def test_the_readme_links_every_guide_and_every_docs_link_exists():
    targets = links(README)
    for guide in GUIDES:
        assert f"docs/{guide}" in targets, f"README.md does not link docs/{guide}"
    missing = [
        t for t in targets if t.startswith("docs/") and not (REPO / t.partition("#")[0]).is_file()
    ]
    assert not missing, f"README.md links docs/ pages that do not exist: {missing}"


@pytest.mark.parametrize(
    "page", [README, *sorted(DOCS.glob("*.md"))], ids=lambda p: p.relative_to(REPO).as_posix()
)
def test_every_relative_link_of_the_readme_and_the_guides_leads_somewhere(page):
    broken = []
    for target in links(page):
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(target)
        elif anchor and file.suffix == ".md" and anchor not in heading_anchors(file):
            broken.append(target)
    assert not broken, f"links of {page.name} that lead nowhere: {broken}"


def test_every_module_has_a_line_in_the_architecture_page():
    section = module_section()
    missing = []
    for path in sorted((REPO / "dashboard").rglob("*.py")):
        if path.name == "__init__.py" or "static" in path.parts:
            continue
        relative = path.relative_to(REPO / "dashboard").as_posix()
        if f"`{relative}`" not in section and f"`dashboard/{relative}`" not in section:
            missing.append(relative)
    assert not missing, f"modules without a line in docs/architecture.md: {missing}"
