"""How the installed OpenSTA counts internal power, measured, and the power
copy of the library corrected so that the reported power is what the
library states.

A Liberty `internal_power` group gives the energy of one rising transition
(`rise_power`) and of one falling transition (`fall_power`) of its pin; a
pin toggling `a` times per cycle, half of them rising, dissipates
`a * (rise + fall) / 2` per cycle. OpenSTA multiplies the pin's transition
density by an energy per transition; Debian's 2019 build (2.0.17) takes
`rise + fall`, not their mean, for an output pin (every combinational
cell's and every register output's internal power) and for a pin on the
clock network (every register's clock pin): it doubles those. Later
OpenSTA averages the two. Left as it is, the flow would report about
1.6 to 1.9 times the library's dynamic power (internal power is most of
it).

`counting(library)` measures what the installed OpenSTA does, once per
library: three probe cells added to the library's text (their energies 1
on a rise, 0 on a fall) drive a clock pin, a data input pin and an
output pin, the data toggling once per cycle under the flow's own
constraints (`asic.flow.sta.CONSTRAINTS`), and OpenSTA's power of each is
compared with the library's meaning. The data input's is taken as the
reference (every OpenSTA known counts it right; the library's energy
unit then need not be known): the clock pin should take twice its power,
the output pin the same. `correct(path, counting)` divides the energies
of the power copy's `internal_power` tables by what the probe found for
their pin (output pins; clock pins, as the library marks them, `clock :
true`: the flow's designs have no clock gating, so the clock network is
the registers' clock pins), so OpenSTA's result is the library's power.
"""

from __future__ import annotations

import functools
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from asic.diagnostics import UserError
from asic.flow.liberty import Library, parse_groups, read_library, require_program
from asic.flow.sta import CONSTRAINTS

_PROBE_CELLS = """
  power_lut_template (asic_probe_pin) { variable_1 : input_transition_time; index_1 ("0, 1000"); }
  power_lut_template (asic_probe_arc) {
    variable_1 : total_output_net_capacitance; variable_2 : input_transition_time;
    index_1 ("0, 1000"); index_2 ("0, 1000");
  }
  cell (ASIC_PROBE_IN) {
    area : 1;
    pin (A) {
      direction : input; capacitance : 0;
      internal_power () {
        rise_power (asic_probe_pin) { index_1 ("0, 1000"); values ("1, 1"); }
        fall_power (asic_probe_pin) { index_1 ("0, 1000"); values ("0, 0"); }
      }
    }
  }
  cell (ASIC_PROBE_CLOCK) {
    area : 1;
    pin (A) {
      direction : input; capacitance : 0; clock : true;
      internal_power () {
        rise_power (asic_probe_pin) { index_1 ("0, 1000"); values ("1, 1"); }
        fall_power (asic_probe_pin) { index_1 ("0, 1000"); values ("0, 0"); }
      }
    }
  }
  cell (ASIC_PROBE_OUT) {
    area : 1;
    pin (A) { direction : input; capacitance : 0; }
    pin (Y) {
      direction : output; function : "A";
      timing () {
        related_pin : "A"; timing_sense : positive_unate;
        cell_rise (scalar) { values ("0"); } cell_fall (scalar) { values ("0"); }
        rise_transition (scalar) { values ("0"); } fall_transition (scalar) { values ("0"); }
      }
      internal_power () {
        related_pin : "A";
        rise_power (asic_probe_arc) { index_1 ("0, 1000"); index_2 ("0, 1000"); values ("1, 1", "1, 1"); }
        fall_power (asic_probe_arc) { index_1 ("0, 1000"); index_2 ("0, 1000"); values ("0, 0", "0, 0"); }
      }
    }
  }
"""

_PROBE_NETLIST = """\
module asic_probe (clk, d, y);
  input clk;
  input d;
  output y;
  ASIC_PROBE_CLOCK clock_pin (.A(clk));
  ASIC_PROBE_IN data_pin (.A(d));
  ASIC_PROBE_OUT output_pin (.A(d), .Y(y));
endmodule
"""


@dataclass(frozen=True)
class Counting:
    """OpenSTA's internal power over the library's, per kind of pin."""

    output: float
    clock: float

    @property
    def exact(self) -> bool:
        return abs(self.output - 1) < 1e-3 and abs(self.clock - 1) < 1e-3


def counting(library: Library) -> Counting:
    """What the installed OpenSTA does with `library`'s internal power
    tables (module docstring)."""
    return _counting(library.path, require_program("sta", "OpenSTA"))


def with_probes(text: str) -> str:
    """A library's text with the probe cells added."""
    end = text.rindex("}")
    return text[:end] + _PROBE_CELLS + text[end:]


@functools.cache
def _counting(liberty: Path, sta: str) -> Counting:
    return measure(with_probes(liberty.read_text(errors="replace")), read_library(liberty), sta, str(liberty))


def measure(text: str, library: Library, sta: str, source: str) -> Counting:
    """Run the probe cells of the library `text` (`with_probes`) through
    OpenSTA; `library` gives the inputs' driving buffer."""
    buffer = library.buffer
    with tempfile.TemporaryDirectory(prefix="asic-power-probe.") as tmp:
        work = Path(tmp)
        (work / "probe.lib").write_text(text)
        (work / "probe.v").write_text(_PROBE_NETLIST)
        constraints = CONSTRAINTS.format(
            period="1", buffer=buffer.name, buffer_out=buffer.outputs[0], load=0
        )
        script = (
            "read_liberty probe.lib\nread_verilog probe.v\nlink_design asic_probe\n"
            f"{constraints}set_power_activity -input_ports [get_ports d] -activity 1 -duty 0.5\n"
            "set corner [sta::cmd_corner]\n"
            "foreach cell {clock_pin data_pin output_pin} {\n"
            '  puts "@@$cell [lindex [sta::instance_power [get_cells $cell] $corner] 0]"\n'
            "}\n"
        )
        (work / "probe.tcl").write_text(script)
        result = subprocess.run(
            [sta, "-no_init", "-no_splash", "-exit", "probe.tcl"],
            cwd=work, capture_output=True, text=True,
        )  # fmt: skip
    found = dict(re.findall(r"^@@(\w+) (\S+)$", result.stdout, re.M))
    try:
        clock, data, output = (float(found[k]) for k in ("clock_pin", "data_pin", "output_pin"))
    except (KeyError, ValueError):
        raise UserError(
            "OpenSTA could not run the internal-power probe on the library "
            f"'{source}': {(result.stdout + result.stderr).strip().splitlines()[-1:]}"
        ) from None
    if data <= 0:
        raise UserError(f"OpenSTA reported no internal power for the probe cells in '{source}'")
    # the data pin toggles once per cycle, half of it rising: power 1/2;
    # the clock pin rises once per cycle: 1; the output follows the data: 1/2
    return Counting(output=output / data, clock=clock / (2 * data))


_VALUES = re.compile(r"\bvalues\s*\((.*?)\)\s*;", re.S)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _scaled(text: str, factor: float) -> str:
    """`text` (a power table group) with every number of its `values` times `factor`."""

    def values(match: re.Match[str]) -> str:
        numbers = _NUMBER.sub(lambda n: f"{float(n.group()) * factor:.6g}", match.group(1))
        return f"values ({numbers});"

    return _VALUES.sub(values, text)


def correct(path: Path, found: Counting) -> None:
    """Rewrite the power copy of the library at `path` so that OpenSTA,
    counting as `found` says, reports the library's internal power."""
    if found.exact:
        return
    text = path.read_text(errors="replace")
    top = parse_groups(text, str(path))
    edits: list[tuple[int, int, str]] = []
    for cell in top.children("cell"):
        for pin in cell.children("pin"):
            if pin.attributes.get("direction") == "output":
                factor = found.output
            elif pin.attributes.get("clock") == "true":
                factor = found.clock
            else:
                continue
            for power in pin.children("internal_power"):
                for table in power.groups:
                    if table.kind in ("rise_power", "fall_power", "power"):
                        body = text[table.start : table.end]
                        edits.append((table.start, table.end, _scaled(body, 1 / factor)))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    path.write_text(text)


__all__ = ["Counting", "correct", "counting", "measure", "with_probes"]
