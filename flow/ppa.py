"""The physical flow end to end: from a design's SystemVerilog to its power,
performance and area, and the figures accelerators are compared by.

`asic` (`--target asic`): synthesis onto the library (`asic.flow.yosys`),
area per engine and part (`asic.flow.area`), static timing
(`asic.flow.sta.timing`) and power at Fmax (`asic.flow.sta.power`, with
the activity of `asic.flow.activity` when a simulation gave one, and the
library's internal power tables corrected for how the installed OpenSTA
counts them, `asic.flow.internal_power`). With the
design's cycles per frame (`Cycles`: its interval II and latency, measured
in simulation or predicted by the dataflow timing model):

    frames/s          = Fmax / II
    latency (us)      = latency cycles / Fmax
    energy/frame (nJ) = power at Fmax * II / Fmax
    area (mm2)        = total cell area (no wiring, no I/O, no clock tree)

Fmax is reported for the critical path rounded up to 10 ps.

`generic` (`--target generic`): Yosys' generic gates, cell counts per
engine and type: no library, no OpenSTA. `xilinx`: `asic.flow.xilinx`.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from asic.flow import internal_power, sta
from asic.flow.activity import Activity, Annotations, annotations
from asic.flow.area import Area, design_area
from asic.flow.liberty import Library, power_library, require_program
from asic.flow.netlist import read_netlist
from asic.flow.roles import module_roles
from asic.flow.yosys import (
    DEFAULT_DELAY_PS,
    Synthesis,
    Yosys,
    find_yosys,
    synthesize_asic,
    synthesize_generic,
)

PERIOD_STEP_NS = 0.01
"""Fmax is reported for the critical path rounded up to this step."""


@dataclass
class Cycles:
    interval: int
    latency: int
    source: str
    """How they were obtained (measured / predicted)."""


@dataclass
class Figures:
    """What accelerators are compared by, at Fmax."""

    fmax_mhz: float
    frames_per_s: float
    latency_us: float
    energy_nj: float
    power_mw: float
    area_mm2: float

    def as_json(self) -> dict:
        return {
            "fmax_mhz": self.fmax_mhz, "frames_per_s": self.frames_per_s, "latency_us": self.latency_us,
            "energy_per_frame_nj": self.energy_nj, "power_mw": self.power_mw, "area_mm2": self.area_mm2,
        }  # fmt: skip


@dataclass
class AsicResult:
    top: str
    library: Library
    yosys: Yosys
    synthesis: Synthesis
    engines: dict[str, str]
    """Instance -> module (or a description of the engine)."""
    area: dict[str, Area]
    top_area: Area
    total_area: Area
    timing: sta.Timing
    power: sta.Power
    activity: Annotations | None
    cycles: Cycles | None
    clock_ns: float | None = None
    slack_ns: float | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def period_ns(self) -> float:
        return reported_period(self.timing.period_ns)

    @property
    def fmax_mhz(self) -> float:
        return 1e3 / self.period_ns

    @property
    def figures(self) -> Figures | None:
        if self.cycles is None or self.cycles.interval <= 0:
            return None
        f_hz = self.fmax_mhz * 1e6
        watts = self.power.total.total_w
        return Figures(
            self.fmax_mhz, f_hz / self.cycles.interval, self.cycles.latency / self.fmax_mhz,
            watts * self.cycles.interval / f_hz * 1e9, watts * 1e3, self.total_area.um2 / 1e6,
        )  # fmt: skip


def _in_order(
    found: dict[str, str], descriptions: dict[str, str] | None, sv: str
) -> dict[str, str]:
    """Instance -> description (else module), in the order the SV
    instantiates them (the pipeline's)."""
    described = {k: (descriptions or {}).get(k, v) for k, v in found.items()}
    return dict(sorted(described.items(), key=lambda kv: (sv.find(f" {kv[0]} ("), kv[0])))


def reported_period(period_ns: float) -> float:
    """The critical path rounded up to `PERIOD_STEP_NS` (module docstring)."""
    return math.ceil(round(period_ns / PERIOD_STEP_NS, 6)) * PERIOD_STEP_NS


def run_asic(
    sv: str, top: str, library: Library, directory: Path, *,
    clock_ns: float | None = None, activity: Activity | None = None, cycles: Cycles | None = None,
    sdf: Path | None = None, engines: dict[str, str] | None = None, source: str = "the design",
) -> AsicResult:  # fmt: skip
    """The ASIC flow on `sv` in `directory` (module docstring); `sdf`: where
    to write the netlist's delays; `source` names the SV in diagnostics."""
    require_program("sta", "OpenSTA")
    yosys = find_yosys()
    delay = int(round(clock_ns * 1000)) if clock_ns else DEFAULT_DELAY_PS
    synthesis = synthesize_asic(
        sv, top, library, directory / "synth", delay_ps=delay, yosys=yosys, source=source
    )
    assert synthesis.verilog is not None
    netlist = read_netlist(synthesis.json, library, top)
    roles = module_roles(sv)
    area, top_area, total = design_area(netlist, roles)
    work = directory / "sta"
    work.mkdir(parents=True, exist_ok=True)
    analysis_period = clock_ns or 10.0
    timing = sta.timing(
        synthesis.verilog, netlist, roles, library, work, period_ns=analysis_period, sdf=sdf
    )
    notes = annotations(netlist, library, roles, activity) if activity is not None else None
    period = reported_period(timing.period_ns)
    power_lib = power_library(library, work)
    internal_power.correct(power_lib, internal_power.counting(library))
    power = sta.power(
        synthesis.verilog,
        netlist,
        library,
        power_lib,
        work,
        period_ns=period,
        annotations=notes,
    )
    described = _in_order(dict(netlist.engines()), engines, sv)
    return AsicResult(
        top, library, yosys, synthesis, described, area, top_area, total, timing, power, notes, cycles,
        clock_ns, (clock_ns - timing.period_ns) if clock_ns else None,
        {"synthesis": synthesis.seconds, "timing": timing.seconds, "power": power.seconds},
    )  # fmt: skip


@dataclass
class GenericResult:
    top: str
    yosys: Yosys
    engines: dict[str, str]
    cells: dict[str, Counter]
    """Cell types per engine instance."""
    total: Counter
    seconds: float


def run_generic(
    sv: str,
    top: str,
    directory: Path,
    *,
    engines: dict[str, str] | None = None,
    source: str = "the design",
) -> GenericResult:
    """Cell counts on Yosys' generic gates (no library, no OpenSTA)."""
    yosys = find_yosys()
    synthesis = synthesize_generic(sv, top, directory / "synth", yosys=yosys, source=source)
    netlist = read_netlist(synthesis.json, None, top)
    per_engine = {
        inst: Counter(c.type for c in netlist.leaf_cells(module))
        for inst, module in netlist.engines()
    }
    total = Counter(c.type for c in netlist.leaf_cells(top))
    described = _in_order(dict(netlist.engines()), engines, sv)
    return GenericResult(top, yosys, described, per_engine, total, synthesis.seconds)
