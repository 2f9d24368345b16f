"""FPGA resources of a design from Yosys' `synth_xilinx` (7-series, no vendor
tool): LUTs, flip-flops, DSP slices and block RAMs, per engine and in
total, so a design can be set beside the resource figures FINN and hls4ml
publish (which come from Vivado: expect differences of tens of percent,
Yosys packs LUTs and infers memories differently).

How primitives are counted: `LUT1`..`LUT6` are LUTs, and so are the
LUT-based memories and shift registers (`RAM32M`, `RAM64M`, `RAM*X1*`,
`SRL16E`, `SRLC32E`: one LUT each, as Vivado's "LUT as memory");
`FD*` cells are flip-flops; `DSP48E1` DSP slices; block RAM in units of
36 Kb (`RAMB36E1` counts 1, `RAMB18E1` 0.5). Carry chains (`CARRY4`) and
wide multiplexers (`MUXF7`, `MUXF8`) are listed but not counted as LUTs.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from asic.flow.netlist import read_netlist
from asic.flow.yosys import Synthesis, Yosys, _run, find_yosys

SCRIPT = """\
read_verilog -sv design.sv
hierarchy -check -top {top}
synth_xilinx -top {top} -family xc7
write_json netlist.json
"""


@dataclass
class Resources:
    luts: int = 0
    flip_flops: int = 0
    dsps: int = 0
    brams: float = 0.0
    """36 Kb block RAMs."""
    primitives: Counter = field(default_factory=Counter)

    def add_cell(self, kind: str) -> None:
        self.primitives[kind] += 1
        if re.fullmatch(r"LUT[1-6]|RAM\d+M|RAM\d+X\d+\w*|SRL16E|SRLC32E", kind):
            self.luts += 1
        elif kind.startswith("FD"):
            self.flip_flops += 1
        elif kind.startswith("DSP48"):
            self.dsps += 1
        elif kind.startswith("RAMB36"):
            self.brams += 1
        elif kind.startswith("RAMB18"):
            self.brams += 0.5

    def add(self, other: Resources) -> None:
        self.luts += other.luts
        self.flip_flops += other.flip_flops
        self.dsps += other.dsps
        self.brams += other.brams
        self.primitives.update(other.primitives)

    def as_json(self) -> dict:
        return {"luts": self.luts, "flip_flops": self.flip_flops, "dsps": self.dsps, "brams_36k": self.brams,
                "primitives": dict(sorted(self.primitives.items()))}  # fmt: skip


def synthesize(
    sv: str, top: str, directory: Path, *, yosys: Yosys | None = None, source: str = "the design"
) -> tuple[Synthesis, dict[str, Resources], Resources]:
    """`synth_xilinx` of `sv`: (synthesis, resources per engine, total)."""
    yosys = yosys or find_yosys()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "design.sv").write_text(sv)
    seconds = _run(
        yosys,
        SCRIPT.format(top=top),
        directory,
        "synthesize the design for Xilinx 7-series",
        source,
    )
    synthesis = Synthesis(directory, directory / "netlist.json", None, seconds, yosys)
    netlist = read_netlist(synthesis.json, None, top)

    def count(module: str) -> Resources:
        resources = Resources()
        for cell in netlist.leaf_cells(module):
            resources.add_cell(cell.type)
        return resources

    engines = {inst: count(module) for inst, module in netlist.engines()}
    return synthesis, engines, count(top)
