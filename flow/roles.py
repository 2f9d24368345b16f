"""What each register of the emitted SystemVerilog is, read from the forms
the `sv` target prints for the state elements of `asic.dialects.rtl`
(`asic.lowering.rtl_to_sv`):

- `always_ff @(posedge clk) begin if (rst) q <= ...; else q <= ...; end`:
  a `seq.compreg` with a reset, the state of control (valid bits,
  fold counters, FIFO pointers): `CONTROL`;
- `always_ff @(posedge clk) q <= ...;`: a register without reset, which
  the RTL uses for data (input and row registers, accumulators, output
  registers): `DATA`;
- `always_ff @(posedge clk) q <= ... mem[addr];` reading an array that an
  `initial` block fills: the read register of an `rtl.rom` (weights,
  biases, shifts): `ROM` (the constant array itself is logic, no
  register);
- `always_ff ... if (we) mem[waddr] <= ...; q <= ...`: an `rtl.ram`, its
  words `mem[k]` (`RAM_WORD`) and its read register `q` (`RAM_READ`).

`asic.flow.area` splits a netlist's area by these roles. A register the
forms do not match (a hand-written design) has no role; the area split
then counts it as control.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CONTROL, DATA, ROM, RAM_READ, RAM_WORD = "control", "data", "rom", "ram-read", "ram-word"

_MODULE = re.compile(r"^module\s+([A-Za-z_][A-Za-z0-9_$]*)\s*[(#;](.*?)^endmodule", re.S | re.M)
_ALWAYS = re.compile(r"always_ff\s*@\([^)]*\)\s*(begin\b.*?\bend\b|[^;]*;)", re.S)
_ASSIGNED = re.compile(r"([A-Za-z_][A-Za-z0-9_$]*)\s*(\[[^\]]*\])?\s*<=")
_INITIALIZED = re.compile(r"\binitial\s+begin\s+([A-Za-z_][A-Za-z0-9_$]*)\[")


@dataclass
class ModuleRoles:
    registers: dict[str, str] = field(default_factory=dict)
    """Register name -> role."""
    memories: set[str] = field(default_factory=set)
    """Names of `rtl.ram` word arrays."""

    def role(self, name: str) -> str | None:
        """The role of a register bit or word named as in a netlist
        (`acc0[3]`, `mem_q_mem[4][7]`, `out_full`)."""
        base = re.sub(r"(\[\d+\])+$", "", name)
        if base in self.memories:
            return RAM_WORD
        return self.registers.get(base)


def module_roles(sv: str) -> dict[str, ModuleRoles]:
    """The roles of the registers of every module in `sv`, by module name."""
    out: dict[str, ModuleRoles] = {}
    for match in _MODULE.finditer(sv):
        roles = ModuleRoles()
        constants = set(_INITIALIZED.findall(match.group(2)))
        for block in _ALWAYS.finditer(match.group(2)):
            body = block.group(1)
            assigned = _ASSIGNED.findall(body)
            if not assigned:
                continue
            if any(re.search(rf"\b{re.escape(rom)}\[", body) for rom in constants):
                for name, _ in assigned:
                    roles.registers.setdefault(name, ROM)
            elif any(index for _, index in assigned):
                for name, index in assigned:
                    if index:
                        roles.memories.add(name)
                    else:
                        roles.registers[name] = RAM_READ
            elif re.search(r"^\s*begin\s+if\s*\(", body) and re.search(r"\belse\b", body):
                for name, _ in assigned:
                    roles.registers[name] = CONTROL
            else:
                for name, _ in assigned:
                    roles.registers.setdefault(name, DATA)
        out[match.group(1)] = roles
    return out
