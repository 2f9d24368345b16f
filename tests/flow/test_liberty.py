"""The library reader on OSU 0.18 um, its power-analysis copy, and its
diagnostics."""

from __future__ import annotations

import pytest

from asic.diagnostics import UserError
from asic.flow.liberty import (
    ACTIVITY_PIN,
    DEFAULT_LIBERTY,
    find_library,
    power_library,
    read_library,
)


def test_reads_the_default_library() -> None:
    library = find_library(None)
    assert library.path == DEFAULT_LIBERTY
    assert library.voltage == pytest.approx(1.8)
    assert library.cells["DFFPOSX1"].area == 96
    assert library.cells["DFFPOSX1"].sequential and library.cells["DFFPOSX1"].flip_flop
    assert not library.cells["LATCH"].flip_flop and not library.cells["DFFNEGX1"].flip_flop
    assert not library.cells["NAND2X1"].sequential
    assert library.cells["NAND2X1"].inputs == ["A", "B"] and library.cells["NAND2X1"].outputs == [
        "Y"
    ]
    assert library.flip_flop.name == "DFFPOSX1"
    assert library.buffer.name == "BUFX2"
    assert library.clock_buffers() == ["CLKBUF1", "CLKBUF2", "CLKBUF3"]
    assert library.cell_models is not None and library.cell_models.name == "osu018_stdcells.v"


def test_power_copy_drives_register_outputs_from_an_activity_pin(tmp_path) -> None:
    library = find_library(None)
    copy = read_library(power_library(library, tmp_path))
    for name, cell in library.cells.items():
        if cell.sequential:
            assert copy.cells[name].pins[ACTIVITY_PIN].direction == "input"
            assert {copy.cells[name].pins[p].function for p in cell.outputs} <= {
                ACTIVITY_PIN,
                f"!{ACTIVITY_PIN}",
            }
        else:
            assert copy.cells[name].pins.keys() == cell.pins.keys()
            assert all(
                copy.cells[name].pins[p].function == cell.pins[p].function for p in cell.pins
            )
        assert copy.cells[name].area == cell.area


def test_bad_libraries_are_diagnosed(tmp_path) -> None:
    with pytest.raises(UserError, match="no liberty file"):
        find_library(str(tmp_path / "missing.lib"))
    bad = tmp_path / "bad.lib"
    bad.write_text("library (x) {\n  cell (A) {\n    area : 1;\n")
    with pytest.raises(
        UserError, match=r"bad.lib:\d+: not a Liberty file: group 'cell' is not closed"
    ):
        read_library(bad)
    bad.write_text("module x; endmodule\n")
    with pytest.raises(UserError, match="does not start with 'library"):
        read_library(bad)
    empty = tmp_path / "empty.lib"
    empty.write_text('library (x) { time_unit : "1ns"; }\n')
    with pytest.raises(UserError, match="defines no cells"):
        read_library(empty)
