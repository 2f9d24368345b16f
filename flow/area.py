"""Area of a mapped netlist: per engine (instance of the top module) and in
total, in um2 (the library's cell areas) and cells, split into four parts:

- `registers`: flip-flops of the datapath and of control (every flip-flop
  but those of memories);
- `memories`: the weight ROMs, FIFOs and line buffers: the flip-flops of
  `rtl.ram` words and of ROM and RAM read registers, with the logic that
  feeds only them (ROM decoders, write enables, read multiplexers);
- `arithmetic`: logic all of whose outputs reach only datapath registers
  (registers without reset: accumulators, input and output registers) or
  data outputs (`*_data`): products, adder trees, requantization, and the
  data multiplexers in front of those registers;
- `control`: the rest: logic feeding control state (registers with a
  reset: valid bits, counters, pointers) or handshakes, and logic shared
  between parts (an enable fanning out to data and control alike).

How a cell is assigned, since mapping erases where logic came from: each
flip-flop has the role of its register in the RTL (`asic.flow.roles`,
from the SystemVerilog; the register is known in the netlist by the name
of the net its flip-flop drives); each combinational cell takes the set of
roles of the flip-flops and output ports its outputs reach without
crossing a flip-flop, and its part follows from that set as above. The
split is exact for what it defines (a cell is counted once, and the parts
add up to the total); where logic serves several parts, it is control.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from asic.flow.netlist import LeafCell, Module, Netlist
from asic.flow.roles import CONTROL, DATA, RAM_READ, RAM_WORD, ROM, ModuleRoles

PARTS = ("registers", "arithmetic", "memories", "control")

_MEM, _DATA, _CTRL = 1, 2, 4


@dataclass
class Area:
    um2: float = 0.0
    cells: int = 0
    parts: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PARTS, 0.0))
    """um2 per part."""
    part_cells: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PARTS, 0))
    flip_flops: int = 0

    def add(self, other: Area) -> None:
        self.um2 += other.um2
        self.cells += other.cells
        self.flip_flops += other.flip_flops
        for part in PARTS:
            self.parts[part] += other.parts[part]
            self.part_cells[part] += other.part_cells[part]

    def as_json(self) -> dict:
        return {
            "um2": round(self.um2, 3), "cells": self.cells, "flip_flops": self.flip_flops,
            "parts_um2": {k: round(v, 3) for k, v in self.parts.items()}, "parts_cells": dict(self.part_cells),
        }  # fmt: skip


def register_name(module: Module, cell: LeafCell, roles: ModuleRoles | None) -> str:
    """The RTL name of the register bit a flip-flop holds: the name of the
    net it drives that is a register of the RTL, else the first name that
    is not a temporary (`_...`), else any name, else the cell's."""
    names = [n for bit in cell.outputs.values() for n in module.bit_names(bit)]
    if roles is not None:
        for name in names:
            if roles.role(name) is not None:
                return name
    for name in names:
        if not name.startswith("_"):
            return name
    return names[0] if names else cell.name


def flop_role(module: Module, cell: LeafCell, roles: ModuleRoles | None) -> str:
    if roles is None:
        return CONTROL
    return roles.role(register_name(module, cell, roles)) or CONTROL


def _mask(role: str) -> int:
    return _MEM if role in (ROM, RAM_READ, RAM_WORD) else _DATA if role == DATA else _CTRL


def module_area(module: Module, roles: ModuleRoles | None) -> Area:
    """The area of `module`'s own leaf cells, split into parts."""
    loads: dict[int, list[LeafCell]] = defaultdict(list)
    for cell in module.cells.values():
        for bit in cell.inputs.values():
            if isinstance(bit, int):
                loads[bit].append(cell)
    port_mask: dict[int, int] = {}
    for port in module.ports.values():
        if port.direction == "output":
            for bit in port.bits:
                if isinstance(bit, int):
                    port_mask[bit] = port_mask.get(bit, 0) | (
                        _DATA if port.name.endswith("_data") else _CTRL
                    )
    for inst in module.instances.values():  # logic feeding a submodule: control
        for bits in inst.connections.values():
            for bit in bits:
                if isinstance(bit, int):
                    port_mask[bit] = port_mask.get(bit, 0) | _CTRL
    flop_masks = {
        c.name: _mask(flop_role(module, c, roles)) for c in module.cells.values() if c.sequential
    }
    masks: dict[str, int] = {}

    def mask_of(cell: LeafCell) -> int:
        # iterative depth-first search over the combinational fanout
        stack = [(cell, False)]
        while stack:
            current, expanded = stack.pop()
            if current.name in masks:
                continue
            sinks = [
                load
                for bit in current.outputs.values()
                if isinstance(bit, int)
                for load in loads[bit]
            ]
            if not expanded:
                stack.append((current, True))
                stack.extend((s, False) for s in sinks if not s.sequential and s.name not in masks)
                continue
            value = 0
            for bit in current.outputs.values():
                if isinstance(bit, int):
                    value |= port_mask.get(bit, 0)
            for sink in sinks:
                value |= flop_masks[sink.name] if sink.sequential else masks.get(sink.name, _CTRL)
            masks[current.name] = value
        return masks[cell.name]

    area = Area()
    for cell in module.cells.values():
        if cell.sequential:
            part = "memories" if flop_masks[cell.name] == _MEM else "registers"
            area.flip_flops += 1
        else:
            value = mask_of(cell)
            part = "memories" if value == _MEM else "arithmetic" if value == _DATA else "control"
        area.um2 += cell.area
        area.cells += 1
        area.parts[part] += cell.area
        area.part_cells[part] += 1
    return area


def design_area(
    netlist: Netlist, roles: dict[str, ModuleRoles]
) -> tuple[dict[str, Area], Area, Area]:
    """(area per engine instance, area of the top module's own cells, total)."""
    own = {name: module_area(m, roles.get(name)) for name, m in netlist.modules.items()}

    def subtree(module: str) -> Area:
        total = Area()
        total.add(own[module])
        for inst in netlist.modules[module].instances.values():
            total.add(subtree(inst.module))
        return total

    engines = {inst: subtree(module) for inst, module in netlist.engines()}
    total = subtree(netlist.top)
    return engines, own[netlist.top], total
