"""The mapped netlist as the flow reads it: Yosys' JSON (`write_json`) of a
design mapped onto a library, module by module.

Per module: its ports, its leaf cells (library cells, with their input and
output bits by the library's pin directions), its instances of other
modules, and every name Yosys kept for each net bit (a register's bit is
known by the register's name, `acc0[3]`, next to aliases the RTL gave it).
`Netlist.instances()` walks the hierarchy from the top: an engine is an
instance of the top module, and its leaf cells are those of its module and
of the modules below it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from asic.diagnostics import UserError
from asic.flow.liberty import Library

Bit = int | str
"""A net bit of a module (an int), or a constant ('0', '1', 'x', 'z')."""


@dataclass
class LeafCell:
    name: str
    type: str
    inputs: dict[str, Bit]
    outputs: dict[str, Bit]
    sequential: bool
    area: float


@dataclass
class Instance:
    name: str
    module: str
    connections: dict[str, list[Bit]]


@dataclass
class Port:
    name: str
    direction: str
    bits: list[Bit]


@dataclass
class Module:
    name: str
    ports: dict[str, Port]
    cells: dict[str, LeafCell]
    instances: dict[str, Instance]
    names: dict[int, list[str]] = field(default_factory=dict)
    """Net bit -> its public names (`acc0[3]`, ...), in Yosys' order."""

    def bit_names(self, bit: Bit) -> list[str]:
        return self.names.get(bit, []) if isinstance(bit, int) else []

    def port_bits(self) -> dict[Bit, str]:
        """Every output port bit -> the port's name."""
        return {b: p.name for p in self.ports.values() if p.direction == "output" for b in p.bits}


@dataclass
class Netlist:
    top: str
    modules: dict[str, Module]

    def instances(
        self, module: str | None = None, prefix: str = ""
    ) -> Iterator[tuple[str, Module]]:
        """(hierarchical path, module) of every instance below `module`
        (default: the top), depth first, paths joined by '/'."""
        for inst in self.modules[module or self.top].instances.values():
            path = f"{prefix}{inst.name}"
            yield path, self.modules[inst.module]
            yield from self.instances(inst.module, path + "/")

    def engines(self) -> list[tuple[str, str]]:
        """(instance name, module name) of the top module's instances."""
        return [(i.name, i.module) for i in self.modules[self.top].instances.values()]

    def leaf_cells(self, module: str) -> Iterator[LeafCell]:
        """The leaf cells of `module` and of every module below it."""
        yield from self.modules[module].cells.values()
        for inst in self.modules[module].instances.values():
            yield from self.leaf_cells(inst.module)


def _bit_names(name: str, bits: list[Bit], offset: int, upto: bool) -> Iterator[tuple[Bit, str]]:
    if len(bits) == 1 and (offset == 0 or name.endswith(f"[{offset}]")):
        yield bits[0], name  # one bit, or a bit `splitnets` split off (`acc0[3]`, offset 3)
        return
    for i, bit in enumerate(bits):
        index = offset + (len(bits) - 1 - i if upto else i)
        yield bit, f"{name}[{index}]"


def read_netlist(path: Path, library: Library | None, top: str) -> Netlist:
    """The netlist in Yosys' JSON at `path`; leaf cells are those of
    `library` (None: every cell type that is not a module of the design,
    with directions from Yosys' `port_directions`)."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise UserError(f"cannot read the netlist '{path}': {error}") from None
    raw = {
        name: m for name, m in data.get("modules", {}).items()
        if not int(m.get("attributes", {}).get("blackbox", 0) or 0)
    }  # fmt: skip
    modules: dict[str, Module] = {}
    for name, m in raw.items():
        ports = {
            p: Port(p, info["direction"], info["bits"]) for p, info in m.get("ports", {}).items()
        }
        cells: dict[str, LeafCell] = {}
        instances: dict[str, Instance] = {}
        for cell_name, cell in m.get("cells", {}).items():
            kind = cell["type"].lstrip("\\")
            connections = cell.get("connections", {})
            if kind in raw:
                instances[cell_name] = Instance(cell_name, kind, connections)
                continue
            if library is not None:
                lib_cell = library.cell(kind)
                directions = {
                    p: lib_cell.pins[p].direction if p in lib_cell.pins else "input"
                    for p in connections
                }
                sequential, area = lib_cell.sequential, lib_cell.area
            else:
                directions = cell.get("port_directions", {})
                sequential = bool(
                    re.search(
                        r"DFF|DLATCH|\$dff|\$sdff|\$adff|\$dlatch|\$mem|FD[CPRS]E?", kind, re.I
                    )
                )
                area = 0.0
            inputs = {
                p: bits[0]
                for p, bits in connections.items()
                if directions.get(p) != "output" and bits
            }
            outputs = {
                p: bits[0]
                for p, bits in connections.items()
                if directions.get(p) == "output" and bits
            }
            cells[cell_name] = LeafCell(cell_name, kind, inputs, outputs, sequential, area)
        names: dict[int, list[str]] = {}
        for net, info in m.get("netnames", {}).items():
            if info.get("hide_name"):
                continue
            bits = info["bits"]
            offset = int(info.get("offset", 0))
            upto = bool(info.get("upto", 0))
            for bit, bit_name in _bit_names(net, bits, offset, upto):
                if isinstance(bit, int):
                    names.setdefault(bit, []).append(bit_name)
        modules[name] = Module(name, ports, cells, instances, names)
    if top not in modules:
        raise UserError(f"the netlist '{path}' has no module '{top}'")
    return Netlist(top, modules)
