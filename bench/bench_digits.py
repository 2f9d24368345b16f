"""What a digit-serial multiplier costs, mapped by Yosys onto the default
standard-cell library (OSU 0.18 um, `asic.flow.yosys.synthesize_asic`:
the flow's own mapping script).

The cost model of `dataflow.mvu` counts a multiplier that takes its
weight `d` digits at a time (`weight_digits d`) as `1/d` of a full one
(`asic.dialects.dataflow.mvu`). Two measurements check that claim:

(a) The datapath alone: an 8x8 signed multiply-accumulate into a 20-bit
    accumulator (`acc <= (first ? 0 : acc) + x * w`) against an 8-bit
    input times a 4-bit weight digit with its shift and accumulate (the
    low digit unsigned, the top one signed and shifted by 4: the two steps
    of `d = 2`). Cells and area of each and their ratio (the cost model
    says 0.5).
(b) Whole engines the compiler builds (`asic.lowering.rtl.mvu`, a 16x16
    W8A8 layer with a bias and one requantization multiplier): `pe*simd`
    lanes of full multipliers against twice the lanes at `d = 2`, the same
    multipliers in the cost model and the same cycles per frame; and the
    engine with half the lanes at `d = 1` against the same at `d = 2`. The
    ROM bits are the same; control, requantization and the adder trees
    differ.

    python bench/bench_digits.py

Measured (yosys 0.23 native, OSU 0.18 um; cells and area in um2):

    (a) datapath        cells     area
        8x8 MAC           743    27008
        8x4 digit MAC     362    13781   ratio 0.487 cells, 0.510 area
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))

import numpy as np  # noqa: E402
from xdsl.dialects.builtin import ModuleOp  # noqa: E402

from asic.flow.liberty import find_library  # noqa: E402
from asic.flow.yosys import synthesize_asic  # noqa: E402
from asic.lowering.rtl.mvu import MvuSpec, mvu_module  # noqa: E402
from asic.lowering.rtl_to_sv import sv_text  # noqa: E402

DATAPATHS = {
    "8x8 MAC": (
        "mac8x8",
        """module mac8x8(input logic clk, input logic first, input logic signed [7:0] x,
              input logic signed [7:0] w, output logic signed [19:0] acc);
  always_ff @(posedge clk) acc <= (first ? 20'sd0 : acc) + 20'(x * w);
endmodule
""",
    ),
    "8x4 digit MAC": (
        "mac8x4",
        """module mac8x4(input logic clk, input logic first, input logic top, input logic signed [7:0] x,
              input logic [3:0] d, output logic signed [19:0] acc);
  // a 4-bit digit of the weight per cycle: the low one unsigned, the top one signed, shifted by 4
  logic signed [4:0] digit;
  logic signed [12:0] product;
  logic signed [19:0] placed;
  assign digit = top ? {d[3], d} : {1'b0, d};
  assign product = x * digit;
  assign placed = top ? (20'(product) <<< 4) : 20'(product);
  always_ff @(posedge clk) acc <= (first ? 20'sd0 : acc) + placed;
endmodule
""",
    ),
}


def cells(directory: Path) -> int:
    """The top module's cell count of Yosys' `stat` (older Yosys: `Number of
    cells: N`; newer: `N  AREA cells`)."""
    text = (directory / "stat.txt").read_text()
    found = re.findall(r"Number of cells:\s+(\d+)|^\s*(\d+)\s+[\d.]+\s+cells\s*$", text, re.MULTILINE)
    return int("".join(found[-1]))


def synthesized(sv: str, top: str, work: Path) -> tuple[int, float]:
    """`(cells, area um2)` of `sv` mapped onto the default library."""
    synthesis = synthesize_asic(sv, top, find_library(None), work / top)
    return cells(synthesis.directory), synthesis.chip_area or 0.0


def engine_sv(pe: int, simd: int, digits: int) -> str:
    """The SystemVerilog of a 16x16 W8A8 MVU engine at a folding."""
    rng = np.random.default_rng(0)
    n = k = 16
    spec = MvuSpec(
        n=n, k=k, pe=pe, simd=simd, x_bits=8, x_signed=False, x_zero=0, w_bits=8, w_signed=True,
        weights=rng.integers(-127, 128, (n, k)), w_zero=np.zeros(n, np.int64), bias=rng.integers(-999, 999, n),
        multipliers=np.full(n, 1518500250), shifts=np.full(n, 38), y_bits=8, y_signed=True, y_zero=0,
        lo=-128, hi=127, acc_bits=24, digits=digits,
    )  # fmt: skip
    return sv_text(ModuleOp([mvu_module("mvu", spec)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-engines", action="store_true", help="only (a), the datapaths")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        print(f"{'(a) datapath':<22} {'cells':>6} {'area':>9}")
        results = {name: synthesized(sv, top, work) for name, (top, sv) in DATAPATHS.items()}
        (full_cells, full_area), (digit_cells, digit_area) = results.values()
        for name, (count, area) in results.items():
            print(f"{name:<22} {count:>6} {area:>9.0f}")
        print(f"digit / full: {digit_cells / full_cells:.3f} cells, {digit_area / full_area:.3f} area (cost model: 0.5)")
        if args.skip_engines:
            return
        print(f"\n{'(b) 16x16 engine':<22} {'multipliers':>11} {'cycles':>6} {'cells':>6} {'area':>9}")
        for pe, simd, digits in ((2, 4, 1), (2, 8, 2), (2, 2, 1), (2, 4, 2)):
            count, area = synthesized(engine_sv(pe, simd, digits), "mvu", work / f"e{pe}x{simd}d{digits}")
            cycles = 16 // pe * 16 // simd * digits
            label = f"pe {pe} simd {simd} d {digits}"
            print(f"{label:<22} {pe * simd / digits:>11g} {cycles:>6} {count:>6} {area:>9.0f}")


if __name__ == "__main__":
    main()
