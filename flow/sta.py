"""Static timing and power of a mapped netlist with OpenSTA (`sta`).

Constraints (`CONSTRAINTS`), what a streaming accelerator inside a chip
sees: one clock `clk`, ideal (no clock tree: its buffers, skew and power
are not counted); inputs arrive at the clock edge from a register-like
driver (`set_input_delay 0`, driven by the library's smallest buffer)
and outputs must be there by the next edge (`set_output_delay 0`), each
loaded by one flip-flop input. So every path, register to register,
input to register, register to output or input to output, must fit in
one period, and the shortest period is `period - worst slack` whatever
period the analysis was run at: Fmax is its inverse.

`timing` reports, in one OpenSTA run: the worst path of the design and,
per engine (instance of the top module), the worst path ending in it,
each with its start and end points in the design's terms (the register
bit a flip-flop holds, `u_next_activations/acc2[13]`, or the port); and
optionally writes the SDF of the netlist's delays for timing simulation.

`power` runs OpenSTA at a given period with the power copy of the library
(whose internal power tables `asic.flow.internal_power` corrects for how
the installed OpenSTA counts them) and the activity annotations of
`asic.flow.activity`, and reports
internal, switching and leakage power of the design and of each engine
(the sum over its leaf cells, `sta::instance_power`).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from asic.diagnostics import UserError
from asic.flow.activity import DEFAULT_ACTIVITY, DEFAULT_DUTY, Annotations
from asic.flow.area import register_name
from asic.flow.liberty import Library, require_program
from asic.flow.netlist import Netlist
from asic.flow.roles import ModuleRoles
from asic.progress import spinner

CONSTRAINTS = """\
create_clock -name clk -period {period} [get_ports clk]
set asic_inputs [delete_from_list [all_inputs] [get_ports clk]]
set_input_delay 0 -clock clk $asic_inputs
set_output_delay 0 -clock clk [all_outputs]
set_driving_cell -lib_cell {buffer} -pin {buffer_out} $asic_inputs
set_load {load} [all_outputs]
"""


@dataclass
class TimingPath:
    startpoint: str
    """As OpenSTA names it: a flip-flop instance or a port."""
    endpoint: str
    start: str
    """The start point in the design's terms (register bit or port)."""
    end: str
    arrival_ns: float
    slack_ns: float
    period_ns: float
    """The shortest clock period this path allows."""
    report: str

    def as_json(self) -> dict:
        return {
            "start": self.start, "end": self.end, "startpoint": self.startpoint, "endpoint": self.endpoint,
            "arrival_ns": round(self.arrival_ns, 4), "period_ns": round(self.period_ns, 4),
        }  # fmt: skip


@dataclass
class Timing:
    critical: TimingPath
    engines: dict[str, TimingPath]
    seconds: float = 0.0

    @property
    def period_ns(self) -> float:
        return self.critical.period_ns

    @property
    def fmax_mhz(self) -> float:
        return 1e3 / self.period_ns


@dataclass
class PowerFigures:
    internal_w: float
    switching_w: float
    leakage_w: float

    @property
    def dynamic_w(self) -> float:
        return self.internal_w + self.switching_w

    @property
    def total_w(self) -> float:
        return self.dynamic_w + self.leakage_w

    def add(self, other: PowerFigures) -> None:
        self.internal_w += other.internal_w
        self.switching_w += other.switching_w
        self.leakage_w += other.leakage_w

    def as_json(self) -> dict:
        return {
            "dynamic_mw": self.dynamic_w * 1e3, "leakage_mw": self.leakage_w * 1e3, "total_mw": self.total_w * 1e3,
            "internal_mw": self.internal_w * 1e3, "switching_mw": self.switching_w * 1e3,
        }  # fmt: skip


@dataclass
class Power:
    period_ns: float
    total: PowerFigures
    engines: dict[str, PowerFigures] = field(default_factory=dict)
    seconds: float = 0.0


def _tcl_quote(text: str) -> str:
    return "{" + text + "}"


def _header(library_path: Path, netlist: Path, top: str, library: Library, period: float) -> str:
    buffer = library.buffer
    flop = library.flip_flop
    load = next((p.capacitance for n, p in flop.pins.items() if n.upper() == "D"), 0.01)
    return (
        f"read_liberty {_tcl_quote(str(library_path))}\n"
        f"read_verilog {_tcl_quote(str(netlist))}\n"
        f"link_design {top}\n"
        + CONSTRAINTS.format(
            period=f"{period:.4f}", buffer=buffer.name, buffer_out=buffer.outputs[0], load=load
        )
    )


def _run(script: str, directory: Path, name: str) -> str:
    sta = require_program("sta", "OpenSTA")
    path = directory / f"{name}.tcl"
    path.write_text(script)
    with spinner(f"OpenSTA: {name}"):
        result = subprocess.run(
            [sta, "-no_init", "-no_splash", "-exit", str(path)],
            capture_output=True,
            text=True,
            cwd=directory,
        )
    output = result.stdout + result.stderr
    errors = [line for line in output.splitlines() if line.startswith("Error")]
    if result.returncode != 0 or errors:
        shown = errors[0] if errors else output.strip().splitlines()[-1:]
        raise UserError(f"OpenSTA failed on the netlist: {shown}")
    return result.stdout


_START = re.compile(r"^Startpoint: (\S+)", re.M)
_END = re.compile(r"^Endpoint: (\S+)", re.M)
_ARRIVAL = re.compile(r"^\s+(-?[\d.]+)\s+data arrival time", re.M)
_SLACK = re.compile(r"^\s+(-?[\d.]+)\s+slack", re.M)
_NET = re.compile(r"^\s+(?:\d+\s+)?(\S+) \(net\)", re.M)


def _design_name(point: str, netlist: Netlist, roles: dict[str, ModuleRoles]) -> str:
    """A flip-flop instance path `u_x/_123_` as the register bit it holds."""
    parts = point.split("/")
    module = netlist.modules[netlist.top]
    for inst in parts[:-1]:
        instance = module.instances.get(inst)
        if instance is None:
            return point
        module = netlist.modules[instance.module]
    cell = module.cells.get(parts[-1])
    if cell is None:
        return point  # a port
    prefix = "/".join(parts[:-1])
    name = register_name(module, cell, roles.get(module.name))
    return f"{prefix}/{name}" if prefix else name


def _path(
    report: str, period: float, netlist: Netlist, roles: dict[str, ModuleRoles]
) -> TimingPath | None:
    start, end = _START.search(report), _END.search(report)
    arrival, slack = _ARRIVAL.search(report), _SLACK.search(report)
    if not (start and end and arrival and slack):
        return None
    return TimingPath(
        start.group(1), end.group(1),
        _design_name(start.group(1), netlist, roles), _design_name(end.group(1), netlist, roles),
        float(arrival.group(1)), float(slack.group(1)), period - float(slack.group(1)), report.strip(),
    )  # fmt: skip


def timing(
    netlist_v: Path, netlist: Netlist, roles: dict[str, ModuleRoles], library: Library, directory: Path,
    *, period_ns: float = 10.0, sdf: Path | None = None,
) -> Timing:  # fmt: skip
    """Critical path, slowest path per engine and Fmax (module docstring);
    the SDF of the netlist's delays when `sdf` is given."""
    import time

    script = _header(library.path, netlist_v, netlist.top, library, period_ns)
    report = "report_checks -path_delay max -digits 4 -fields {net}"
    script += f'puts "@@critical"\n{report}\n'
    for name, _ in netlist.engines():
        script += (
            f'puts "@@engine {name}"\n'
            f"if {{[llength [get_cells {name}/*]] > 0}} {{ {report} -to [get_cells {name}/*] }}\n"
        )
    if sdf is not None:
        script += f"write_sdf -divider / -digits 4 {_tcl_quote(str(sdf))}\n"
    start = time.perf_counter()
    output = _run(script, directory, "timing")
    sections = re.split(r"^@@", output, flags=re.M)
    critical = None
    engines: dict[str, TimingPath] = {}
    for section in sections[1:]:
        head, _, body = section.partition("\n")
        path = _path(body, period_ns, netlist, roles)
        if head == "critical":
            critical = path
        elif head.startswith("engine ") and path is not None:
            engines[head.split(" ", 1)[1]] = path
    if critical is None:
        raise UserError(
            "OpenSTA found no timing path in the netlist (no register and no port-to-port path)"
        )
    return Timing(critical, engines, time.perf_counter() - start)


def power(
    netlist_v: Path, netlist: Netlist, library: Library, power_lib: Path, directory: Path,
    *, period_ns: float, annotations: Annotations | None,
) -> Power:  # fmt: skip
    """Power at `period_ns` with the activity `annotations` (module docstring)."""
    import time

    script = _header(power_lib, netlist_v, netlist.top, library, period_ns)
    script += f"set_power_activity -input -activity {DEFAULT_ACTIVITY} -duty {DEFAULT_DUTY}\n"
    if annotations is not None:
        script += "foreach {pin a d} {\n"
        script += "\n".join(f"  {_tcl_quote(p)} {a:.6g} {d:.6g}" for p, a, d in annotations.pins)
        script += "\n} { sta::set_power_pin_activity [get_pins $pin] $a $d }\n"
        script += "foreach {port a d} {\n"
        script += "\n".join(f"  {_tcl_quote(p)} {a:.6g} {d:.6g}" for p, a, d in annotations.ports)
        script += "\n} { sta::set_power_input_port_activity [get_ports $port] $a $d }\n"
    script += """\
set corner [sta::cmd_corner]
puts "@@design [sta::design_power $corner]"
array set asic_power {}
set it [sta::leaf_instance_iterator]
while {[$it has_next]} {
  set inst [$it next]
  set name [get_full_name $inst]
  set slash [string first / $name]
  set engine [expr {$slash < 0 ? "" : [string range $name 0 [expr {$slash - 1}]]}]
  set p [sta::instance_power $inst $corner]
  if {![info exists asic_power($engine)]} { set asic_power($engine) {0 0 0} }
  lassign $asic_power($engine) i s l
  set asic_power($engine) [list [expr {$i + [lindex $p 0]}] [expr {$s + [lindex $p 1]}] [expr {$l + [lindex $p 2]}]]
}
$it finish
foreach engine [array names asic_power] { puts "@@engine $engine $asic_power($engine)" }
"""
    start = time.perf_counter()
    output = _run(script, directory, "power")
    design = re.search(r"^@@design (.*)$", output, re.M)
    if design is None:
        raise UserError("OpenSTA reported no power")
    numbers = [float(x) for x in design.group(1).split()]
    total = PowerFigures(numbers[0], numbers[1], numbers[2])
    engines = {}
    for match in re.finditer(r"^@@engine (\S*) (\S+) (\S+) (\S+)$", output, re.M):
        engines[match.group(1)] = PowerFigures(
            float(match.group(2)), float(match.group(3)), float(match.group(4))
        )
    return Power(period_ns, total, engines, time.perf_counter() - start)
