"""The standard-cell library the physical flow maps onto: where the default
one is, what the flow needs to know of its cells, and the copy of it that
OpenSTA's power analysis reads.

The default library is OSU 0.18 um (`osu018_stdcells.lib`, 1.8 V, typical
corner) from Debian's `qflow-tech-osu018`, with its Verilog cell models
(`osu018_stdcells.v`, for gate-level simulation) next to it; `--liberty FILE`
takes another (its cell models are then the `.v` of the same name, if any).

What is read of a library (`Library`): per cell its area (um2), whether it
is sequential (an `ff` or `latch` group), the direction and function of its
pins, and its leakage; the library's units. A small parser of Liberty's
group syntax (`name (args) { attribute : value; ... }`) is enough: nothing
is evaluated.

`power_library` writes the copy for power analysis. OpenSTA (Debian's
2019 build) computes a register output's switching activity from the
activity of its D input as propagated through the logic before it, and
ignores an activity set on the output pin: so a register's activity
measured in simulation cannot be annotated where it belongs. In the copy,
every output pin of a sequential cell whose function is the cell's state
(`IQ`, or `!IQ` for an inverted output) gets the function of a new input
pin `QA` (`!QA`), joined to the output by a zero-delay arc. The `QA` pins
are left unconnected, so OpenSTA treats each as a primary input of its
own: the activity and duty set on it (`set_power_pin_activity`) become
the register's output activity, and propagate from there through the
combinational logic. Timing is never analysed with this copy.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from asic.diagnostics import UserError

DEFAULT_LIBERTY = Path("/usr/share/qflow/tech/osu018/osu018_stdcells.lib")
"""OSU 0.18 um, from Debian's qflow-tech-osu018."""

DEBIAN_PACKAGES = ("opensta", "qflow-tech-osu018", "iverilog")
"""The Debian packages of the flow: OpenSTA, the default library with its
cell models, and Icarus Verilog (gate-level and timing simulation)."""

INSTALL_HINT = "apt-get install opensta qflow-tech-osu018 iverilog"


class FlowToolMissing(UserError):
    """A program or file of the physical flow is not installed."""


@dataclass
class Pin:
    direction: str
    function: str | None = None
    capacitance: float = 0.0


@dataclass
class Cell:
    name: str
    area: float
    sequential: bool
    pins: dict[str, Pin] = field(default_factory=dict)
    leakage: float = 0.0
    state: tuple[str, ...] = ()
    """The names of an `ff`/`latch` group's state variables (IQ, IQN)."""
    flip_flop: bool = False
    """A rising-edge register (an `ff` group clocked on a pin, not its
    complement), not a latch."""

    @property
    def inputs(self) -> list[str]:
        return [n for n, p in self.pins.items() if p.direction == "input"]

    @property
    def outputs(self) -> list[str]:
        return [n for n, p in self.pins.items() if p.direction == "output"]


@dataclass
class Library:
    path: Path
    name: str
    cells: dict[str, Cell]
    time_unit: str
    capacitance_unit: str
    voltage: float

    def cell(self, name: str) -> Cell:
        try:
            return self.cells[name]
        except KeyError:
            raise UserError(
                f"cell '{name}' of the netlist is not in the library '{self.path}'"
            ) from None

    @property
    def cell_models(self) -> Path | None:
        """The Verilog models of the cells (`NAME.v` next to `NAME.lib`)."""
        models = self.path.with_suffix(".v")
        return models if models.is_file() else None

    @property
    def flip_flop(self) -> Cell:
        """The plainest rising-edge flip-flop (for loads and drives): the
        sequential cell with the fewest pins, then the smallest area."""
        flops = [c for c in self.cells.values() if c.flip_flop]
        if not flops:
            raise UserError(f"the library '{self.path}' has no flip-flop")
        return min(flops, key=lambda c: (len(c.pins), c.area))

    @property
    def buffer(self) -> Cell:
        """The smallest non-clock buffer (one input, function = the input)."""
        buffers = [
            c for c in self.cells.values()
            if not c.sequential and len(c.inputs) == 1 and len(c.outputs) == 1
            and (c.pins[c.outputs[0]].function or "").strip('"') == c.inputs[0]
            and not c.name.upper().startswith("CLK")
        ]  # fmt: skip
        if not buffers:
            raise UserError(f"the library '{self.path}' has no buffer cell")
        return min(buffers, key=lambda c: c.area)

    def clock_buffers(self) -> list[str]:
        """Cells meant for clock trees (named CLK*), kept out of data paths."""
        return [n for n in self.cells if n.upper().startswith("CLK")]


# --------------------------------------------------------------------------
# Liberty syntax
# --------------------------------------------------------------------------

_TOKEN = re.compile(r'\s+|/\*.*?\*/|//[^\n]*|\\\n|"(?:[^"\\]|\\.)*"|[(){}:;,]|[^\s(){}:;,"]+', re.S)


@dataclass
class Group:
    kind: str
    args: list[str]
    attributes: dict[str, str]
    groups: list[Group]
    start: int
    """Offset of the group's name in the text."""
    end: int
    """Offset just after its closing brace."""

    def children(self, kind: str) -> list[Group]:
        return [g for g in self.groups if g.kind == kind]


def _tokens(text: str) -> list[tuple[str, int]]:
    out = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token[0].isspace() or token.startswith(("/*", "//", "\\")):
            continue
        out.append((token, match.start()))
    return out


def parse_groups(text: str, source: str) -> Group:
    """The top group (`library (...) { ... }`) of a Liberty text."""
    tokens = _tokens(text)
    pos = 0

    def error(message: str) -> UserError:
        offset = tokens[pos][1] if pos < len(tokens) else len(text)
        line = text.count("\n", 0, offset) + 1
        return UserError(f"{source}:{line}: not a Liberty file: {message}")

    def value_until_semicolon() -> str:
        nonlocal pos
        parts = []
        while pos < len(tokens) and tokens[pos][0] not in (";", "}"):
            parts.append(tokens[pos][0])
            pos += 1
        if pos < len(tokens) and tokens[pos][0] == ";":
            pos += 1
        return " ".join(parts)

    def group(kind: str, start: int) -> Group:
        nonlocal pos
        args: list[str] = []
        pos += 1  # (
        while pos < len(tokens) and tokens[pos][0] != ")":
            if tokens[pos][0] != ",":
                args.append(tokens[pos][0].strip('"'))
            pos += 1
        pos += 1  # )
        if pos >= len(tokens) or tokens[pos][0] != "{":
            # a complex attribute `name (args);`
            if pos < len(tokens) and tokens[pos][0] == ";":
                pos += 1
            return Group(kind, args, {}, [], start, tokens[pos - 1][1] + 1)
        pos += 1  # {
        attributes: dict[str, str] = {}
        groups: list[Group] = []
        while True:
            if pos >= len(tokens):
                raise error(f"group '{kind}' is not closed")
            token, offset = tokens[pos]
            if token == "}":
                pos += 1
                return Group(kind, args, attributes, groups, start, offset + 1)
            if token == ";":
                pos += 1
                continue
            name = token
            pos += 1
            if pos >= len(tokens):
                raise error(f"unexpected end after '{name}'")
            if tokens[pos][0] == ":":
                pos += 1
                attributes[name] = value_until_semicolon().strip('"')
            elif tokens[pos][0] == "(":
                child = group(name, offset)
                if child.groups or child.attributes or tokens[pos - 1][0] == "}":
                    groups.append(child)
                else:
                    attributes[name] = ",".join(child.args)
            else:
                raise error(f"expected ':' or '(' after '{name}'")

    if not tokens or tokens[0][0] != "library":
        raise error("it does not start with 'library (...)'")
    pos = 1
    if pos >= len(tokens) or tokens[pos][0] != "(":
        raise error("expected '(' after 'library'")
    return group("library", tokens[0][1])


def _number(text: str | None, default: float = 0.0) -> float:
    try:
        return float(text) if text is not None else default
    except ValueError:
        return default


def read_library(path: str | Path) -> Library:
    """The library at `path`; a UserError when it cannot be read or parsed."""
    path = Path(path)
    try:
        text = path.read_text(errors="replace")
    except OSError as error:
        raise UserError(f"cannot read the liberty file '{path}': {error.strerror}") from None
    top = parse_groups(text, str(path))
    cells: dict[str, Cell] = {}
    for group in top.children("cell"):
        if not group.args:
            continue
        name = group.args[0]
        states = [g for g in group.groups if g.kind in ("ff", "latch", "ff_bank", "latch_bank")]
        state = tuple(states[0].args) if states else ()
        pins = {}
        for pin in group.children("pin"):
            for pin_name in pin.args:
                pins[pin_name] = Pin(
                    pin.attributes.get("direction", "input"),
                    pin.attributes.get("function"),
                    _number(pin.attributes.get("capacitance")),
                )
        cells[name] = Cell(
            name, _number(group.attributes.get("area")), bool(state), pins,
            _number(group.attributes.get("cell_leakage_power")), state,
            bool(states) and states[0].kind.startswith("ff")
            and not re.search(r"!|'", states[0].attributes.get("clocked_on", "!")),
        )  # fmt: skip
    if not cells:
        raise UserError(f"the liberty file '{path}' defines no cells")
    cap = top.attributes.get("capacitive_load_unit", "1,pf").replace(" ", "")
    return Library(
        path, top.args[0] if top.args else path.stem, cells,
        top.attributes.get("time_unit", "1ns"), cap, _number(top.attributes.get("nom_voltage"), 0.0),
    )  # fmt: skip


def find_library(liberty: str | None) -> Library:
    """The library given by `--liberty`, or the default one; a diagnostic
    naming the Debian package when the default is not installed."""
    if liberty is None:
        if not DEFAULT_LIBERTY.is_file():
            raise FlowToolMissing(
                f"the default standard-cell library ({DEFAULT_LIBERTY}) is not installed: it comes "
                f"with Debian's qflow-tech-osu018 package ({INSTALL_HINT}); or give one with "
                "--liberty FILE, or use --target generic for cell counts without a library"
            )
        return read_library(DEFAULT_LIBERTY)
    if not Path(liberty).is_file():
        raise UserError(f"no liberty file '{liberty}'")
    return read_library(liberty)


def require_program(name: str, what: str) -> str:
    """The path of `name` on PATH, or a diagnostic naming the Debian packages."""
    found = shutil.which(name)
    if found is None:
        raise FlowToolMissing(
            f"{what} ('{name}') is not installed: the ASIC flow needs Debian's "
            f"{', '.join(DEBIAN_PACKAGES)} packages ({INSTALL_HINT})"
        )
    return found


# --------------------------------------------------------------------------
# The copy for power analysis
# --------------------------------------------------------------------------

ACTIVITY_PIN = "QA"
"""The input pin the power copy adds to every sequential cell: its
activity is the register's output activity."""

_ZERO_ARC = """
    timing() {{
      related_pin : "{pin}";
      timing_sense : {sense};
      cell_rise(scalar) {{ values ("0"); }}
      cell_fall(scalar) {{ values ("0"); }}
      rise_transition(scalar) {{ values ("0"); }}
      fall_transition(scalar) {{ values ("0"); }}
    }}"""


def power_library(library: Library, directory: Path) -> Path:
    """Write the power-analysis copy of `library` (module docstring) into
    `directory`; its path."""
    text = library.path.read_text(errors="replace")
    top = parse_groups(text, str(library.path))
    edits: list[tuple[int, int, str]] = []
    for group in top.children("cell"):
        if not group.args or group.args[0] not in library.cells:
            continue
        cell = library.cells[group.args[0]]
        if not cell.state or ACTIVITY_PIN in cell.pins:
            continue
        state, inverted = cell.state[0], cell.state[1] if len(cell.state) > 1 else None
        changed = False
        for pin in group.children("pin"):
            function = (pin.attributes.get("function") or "").replace(" ", "")
            if function in (state, f"!{state}", f"{state}'"):
                new = f"!{ACTIVITY_PIN}" if function != state else ACTIVITY_PIN
            elif inverted and function in (inverted, f"!{inverted}", f"{inverted}'"):
                new = ACTIVITY_PIN if function != inverted else f"!{ACTIVITY_PIN}"
            else:
                continue
            sense = "negative_unate" if new.startswith("!") else "positive_unate"
            body = text[pin.start : pin.end]
            match = re.search(r'function\s*:\s*"[^"]*"\s*;', body)
            if match is None:
                continue
            replaced = f'function : "{new}";' + _ZERO_ARC.format(pin=ACTIVITY_PIN, sense=sense)
            edits.append((pin.start + match.start(), pin.start + match.end(), replaced))
            changed = True
        if changed:
            first_pin = group.children("pin")[0].start
            edits.append(
                (
                    first_pin,
                    first_pin,
                    f"pin({ACTIVITY_PIN}) {{ direction : input; capacitance : 0; }}\n  ",
                )
            )
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    out = directory / f"{library.path.stem}.power.lib"
    out.write_text(text)
    return out
