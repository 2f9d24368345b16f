"""OpenSTA's internal power against the library's: the probe measures how
the installed OpenSTA counts it, and the corrected copy of a library makes
the probe cells' power exactly the library's."""

from __future__ import annotations

import shutil

import pytest

from asic.flow.internal_power import Counting, correct, counting, measure, with_probes
from asic.flow.liberty import find_library


def test_corrected_library_gives_the_library_power(tmp_path) -> None:
    library = find_library(None)
    sta = shutil.which("sta")
    assert sta is not None
    found = counting(library)
    # Debian's OpenSTA takes rise + fall per transition on output and clock pins
    assert found.output == pytest.approx(2.0, rel=1e-3) or found.exact
    path = tmp_path / "probes.lib"
    path.write_text(with_probes(library.path.read_text(errors="replace")))
    correct(path, found)
    assert measure(path.read_text(), library, sta, str(path)).exact


def test_exact_counting_leaves_the_copy_alone(tmp_path) -> None:
    library = find_library(None)
    path = tmp_path / "copy.lib"
    shutil.copyfile(library.path, path)
    correct(path, Counting(output=1.0, clock=1.0))
    assert path.read_text() == library.path.read_text()
