"""The README's Layout names every part of the package, and nothing that is not there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "samverkan"


def layout_block() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    return section.split("```", 2)[1]


def package_parts() -> list[str]:
    """Every module and subpackage of samverkan/, as `name` or `package/name`."""
    parts = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if path.name == "__init__.py":
            if relative.parent != Path("."):
                parts.append(f"{relative.parent.as_posix()}/")
        else:
            parts.append(relative.with_suffix("").as_posix())
    return parts


@pytest.mark.parametrize("part", package_parts())
def test_the_layout_names_every_module(part: str) -> None:
    """A module is named in its package's lines (`excel/ … guard …`) or on its own line."""
    block = layout_block()
    package, _, name = part.rpartition("/")
    if not name:  # a subpackage
        assert re.search(rf"^\s+{re.escape(package)}/", block, re.M), part
        return
    if not package:
        assert re.search(rf"\b{re.escape(name)}\.py\b", block), part
        return
    lines = block.split(f"  {package}/", 1)
    assert len(lines) == 2, f"{package}/ has no lines in the layout"
    entry = re.split(r"\n  \S", lines[1], maxsplit=1)[0]
    assert re.search(rf"\b{re.escape(name)}\b", entry), f"{part} is not named under {package}/"


def test_the_layout_names_nothing_that_is_gone() -> None:
    block = layout_block()
    for name in re.findall(r"\b([a-z_]+\.py)\b", block):
        found = [p for p in ROOT.rglob(name) if ".venv" not in p.parts]
        assert found, f"the layout names {name}, which is not in the tree"
