"""pyproject.toml lists every package of the source tree (the repository
root is the `asic` package, so setuptools cannot find them itself): a
folder with an `__init__.py` that the list leaves out would be missing
from a regular, non-editable install."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_PACKAGE = ("tests", "filecheck", "bench", "docs", "build")


def test_every_package_is_listed() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(["asic", *init.parent.relative_to(ROOT).parts])
        for init in ROOT.rglob("__init__.py")
        if not init.relative_to(ROOT).parts[0].startswith((".", *NOT_PACKAGE))
    }
    assert found == listed
