"""Switching activity measured in simulation, and where the flow applies it.

`Activity` holds, for every signal bit a simulation dumped (`asic-sim
--activity`: Verilator's VCD of the RTL on a batch of real inputs), its
toggle rate (transitions per clock cycle, counted from the first cycle
after reset to the end) and its duty (the fraction of that time it was
1). Signals are named by their path below the top module, instances
joined by '/': `u_next_activations/acc0`, `in_data`. It is saved as an
`.npz` (`save`/`load`) with the measured cycle counts beside it.

What the flow does with it (`annotations`): OpenSTA estimates power from
the activity of every net. The measured activity is applied at the
sources of the logic, and OpenSTA propagates it through the rest:

- every flip-flop's output gets the toggle rate and duty of the RTL
  register bit it holds (found by the name of the net it drives,
  `asic.flow.area.register_name`), through the `QA` pin of the power
  copy of the library (`asic.flow.liberty.power_library`);
- every input port bit of the top module gets its own;
- OpenSTA carries these through each combinational cell with the cell's
  Boolean function, assuming independent inputs: an AND's output duty is
  the product of its input duties, its toggle rate the sum of each
  input's rate weighted by the probability that the other inputs let it
  through (`Power::evalActivity`). Glitches are not modelled, and
  correlated inputs (reconvergent fanout) make it approximate.

Which cycles count (`steady_window`): the energy per frame is the power
of the steady state times the interval, so the activity is counted over
the cycles in which the pipeline is full: from the cycle the first frame's
last output beat moved to the last frame end no later than the cycle the
last frame's first input beat moved (a whole number of intervals, every
engine working on some frame). Counted over the whole run instead, the
cycles in which the pipeline fills and drains dilute the toggles (by
about latency / (frames * interval): 10% for a design of interval 1 and
latency 10 on 100 frames) while the clock and the interval stay the
same, and the energy per frame comes out too low. A batch too short to
fill the pipeline (no such window) is counted from reset to the end.

A flip-flop whose register the simulation did not dump gets the mean
toggle rate and duty of the annotated flip-flops of its engine (of the
design if none); `Annotations.coverage` says how many were measured.
Without a simulation every register and input toggles 0.1 times per
cycle with duty 0.5 (OpenSTA's default input activity), propagated alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from asic.diagnostics import UserError
from asic.dialects.rtl import RESET_CYCLES
from asic.flow.area import register_name
from asic.flow.liberty import ACTIVITY_PIN, Cell, Library
from asic.flow.netlist import Netlist
from asic.flow.roles import ModuleRoles

DEFAULT_ACTIVITY = 0.1
DEFAULT_DUTY = 0.5


@dataclass
class SignalActivity:
    width: int
    lsb: int
    toggles: np.ndarray
    """[width] transitions per clock cycle, bit 0 first."""
    duty: np.ndarray
    """[width] fraction of the time at 1."""


@dataclass
class Activity:
    cycles: int
    signals: dict[str, SignalActivity] = field(default_factory=dict)
    extra: dict[str, np.ndarray] = field(default_factory=dict)
    """Arrays saved beside it (the measured cycle counts)."""

    def bit(self, name: str) -> tuple[float, float] | None:
        """(toggle rate, duty) of a signal bit named like `u_x/acc0[3]`
        (or a one-bit signal `u_x/out_full`); None if not measured."""
        signal = self.signals.get(name)
        if signal is not None and signal.width == 1:
            return float(signal.toggles[0]), float(signal.duty[0])
        match = re.match(r"^(.*)\[(\d+)\]$", name)
        if match is None:
            return None
        signal = self.signals.get(match.group(1))
        if signal is None:
            return None
        index = int(match.group(2)) - signal.lsb
        if not 0 <= index < signal.width:
            return None
        return float(signal.toggles[index]), float(signal.duty[index])

    def save(self, path: str | Path) -> dict[str, np.ndarray]:
        """The arrays of the `.npz` (written when `path` is not empty)."""
        names = sorted(self.signals)
        arrays = {
            "activity_cycles": np.int64(self.cycles),
            "activity_names": np.array(names, dtype=str),
            "activity_widths": np.array([self.signals[n].width for n in names], dtype=np.int64),
            "activity_lsbs": np.array([self.signals[n].lsb for n in names], dtype=np.int64),
            "activity_toggles": np.concatenate([self.signals[n].toggles for n in names]) if names else np.zeros(0),
            "activity_duty": np.concatenate([self.signals[n].duty for n in names]) if names else np.zeros(0),
            **self.extra,
        }  # fmt: skip
        if path:
            np.savez(path, **arrays)
        return arrays


def load(path: str | Path) -> Activity:
    """An activity `.npz` written by `asic-sim --activity` (or `save`)."""
    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as error:
        if isinstance(error, OSError) and getattr(error, "filename", None):
            raise UserError(f"cannot read the activity file '{path}': {error.strerror}") from None
        raise UserError(f"cannot read the activity file '{path}': not an .npz") from None
    with data:
        needed = (
            "activity_cycles",
            "activity_names",
            "activity_widths",
            "activity_lsbs",
            "activity_toggles",
            "activity_duty",
        )
        missing = [k for k in needed if k not in data.files]
        if missing:
            raise UserError(
                f"'{path}' holds no switching activity (no '{missing[0]}'): write one with "
                "asic-sim DESIGN --inputs ... --output ... --activity FILE.npz"
            )
        widths, lsbs = data["activity_widths"], data["activity_lsbs"]
        toggles, duty = data["activity_toggles"], data["activity_duty"]
        if int(widths.sum()) != len(toggles) or len(toggles) != len(duty):
            raise UserError(f"'{path}': the activity arrays do not match their widths")
        activity = Activity(int(data["activity_cycles"]))
        offset = 0
        for name, width, lsb in zip(data["activity_names"], widths, lsbs):
            w = int(width)
            activity.signals[str(name)] = SignalActivity(
                w, int(lsb), toggles[offset : offset + w], duty[offset : offset + w]
            )
            offset += w
        activity.extra = {k: data[k] for k in data.files if k.startswith("cycles_")}
    return activity


# --------------------------------------------------------------------------
# Reading a VCD
# --------------------------------------------------------------------------


class _Counter:
    """Per-bit counters of a `width`-bit signal as bit planes (plane k holds
    bit k of every counter), so adding a mask of ones costs a few big-int
    operations whatever the width."""

    __slots__ = ("planes",)

    def __init__(self) -> None:
        self.planes: list[int] = []

    def add(self, mask: int, shift: int = 0) -> None:
        """Add 2**shift to the counter of every bit set in `mask`."""
        carry, k = mask, shift
        while carry:
            while k >= len(self.planes):
                self.planes.append(0)
            plane = self.planes[k]
            self.planes[k] = plane ^ carry
            carry &= plane
            k += 1

    def add_times(self, mask: int, count: int) -> None:
        """Add `count` to the counter of every bit set in `mask`."""
        shift = 0
        while count:
            if count & 1:
                self.add(mask, shift)
            count >>= 1
            shift += 1

    def values(self, width: int) -> np.ndarray:
        out = np.zeros(width, dtype=np.float64)
        for k, plane in enumerate(self.planes):
            if plane:
                bits = np.array([(plane >> i) & 1 for i in range(width)], dtype=np.float64)
                out += bits * float(1 << k)
        return out


def _parse_value(text: str) -> int:
    """A VCD value's bits as an int; x and z count as 0."""
    if "x" in text or "z" in text or "X" in text or "Z" in text:
        text = text.translate(str.maketrans("xzXZ", "0000"))
    return int(text, 2) if text else 0


def steady_window(frame_start: np.ndarray, frame_end: np.ndarray) -> tuple[int, int] | None:
    """The cycles (after reset) of the steady state of a simulation whose
    frames' first input beats moved in cycles `frame_start` and last output
    beats in `frame_end` (module docstring): [first, last) spanning whole
    intervals; None when the batch never filled the pipeline."""
    ends = frame_end[frame_end <= frame_start[-1]] if len(frame_start) else frame_end[:0]
    if len(ends) < 2:
        return None
    return int(ends[0]), int(ends[-1])


def read_simulation_vcd(path: str | Path, frame_start: np.ndarray, frame_end: np.ndarray) -> Activity:
    """The activity of a VCD written by asic-sim's testbench (reset for
    `RESET_CYCLES` cycles, two time units per cycle) over the steady state
    of its frames (`steady_window`), else over everything after reset."""
    window = steady_window(frame_start, frame_end)
    if window is None:
        return read_vcd(path, start=2 * RESET_CYCLES)
    first, last = window
    return read_vcd(path, start=2 * (RESET_CYCLES + first), end=2 * (RESET_CYCLES + last))


def read_vcd(
    path: str | Path, *, start: int, end: int | None = None, half_periods_per_cycle: int = 2
) -> Activity:
    """The activity of every signal in a VCD, counted from time `start` to
    time `end` (default: the last time stamp); a clock cycle is
    `half_periods_per_cycle` time units (asic-sim's testbench dumps twice
    per cycle)."""
    ids: dict[str, tuple[int, int]] = {}  # id -> (width, lsb)
    names: dict[str, list[str]] = {}
    scope: list[str] = []
    value: dict[str, int] = {}
    since: dict[str, int] = {}
    toggles: dict[str, _Counter] = {}
    ones: dict[str, _Counter] = {}
    now = 0
    last = start
    with open(path, errors="replace") as vcd:
        lines: Iterator[str] = iter(vcd)
        for line in lines:
            line = line.strip()
            if not line:
                continue
            if line.startswith("$scope"):
                scope.append(line.split()[2])
            elif line.startswith("$upscope"):
                scope.pop()
            elif line.startswith("$var"):
                parts = line.split()
                width, code, name = int(parts[2]), parts[3], parts[4]
                lsb = 0
                if len(parts) > 5 and parts[5].startswith("["):
                    bounds = re.match(r"\[(\d+)(?::(\d+))?\]", parts[5])
                    if bounds is not None and bounds.group(2) is not None:
                        lsb = min(int(bounds.group(1)), int(bounds.group(2)))
                name = re.sub(r"\((\d+)\)$", r"[\1]", name)
                ids.setdefault(code, (width, lsb))
                names.setdefault(code, []).append(
                    "/".join([*scope[2:], name]) if len(scope) >= 2 else name
                )
            elif line.startswith("$enddefinitions"):
                break
        for code in ids:
            value[code] = 0
            since[code] = start
            toggles[code] = _Counter()
            ones[code] = _Counter()
        counting = False  # changes after `start` count; until then they set the values
        for line in lines:
            head = line[0] if line else ""
            if head == "#":
                now = int(line[1:])
                if end is not None and now > end:
                    break
                counting = now > start
                last = max(last, now)
                continue
            if head == "b" or head == "B":
                text, _, code = line[1:].strip().partition(" ")
                new = _parse_value(text)
            elif head in "01xzXZ" and head:
                code = line[1:].strip()
                new = 1 if head == "1" else 0
            else:
                continue
            old = value.get(code)
            if old is None:
                continue
            if counting:
                if old:
                    ones[code].add_times(old, now - since[code])
                changed = old ^ new
                if changed:
                    toggles[code].add(changed)
            value[code] = new
            since[code] = max(now, start)
    if end is not None:
        last = end
    span = max(last - start, 1)
    cycles = max(span // half_periods_per_cycle, 1)
    activity = Activity(int(cycles))
    for code, (width, lsb) in ids.items():
        if value[code]:
            ones[code].add_times(value[code], last - since[code])
        signal = SignalActivity(
            width, lsb, toggles[code].values(width) / cycles, ones[code].values(width) / span
        )
        for name in names[code]:
            activity.signals.setdefault(name, signal)
    return activity


# --------------------------------------------------------------------------
# Annotating a netlist
# --------------------------------------------------------------------------


@dataclass
class Annotations:
    pins: list[tuple[str, float, float]]
    """(QA pin path, toggle rate, duty) of every flip-flop."""
    ports: list[tuple[str, float, float]]
    """(input port bit, toggle rate, duty) of the top module."""
    measured: int
    flip_flops: int

    @property
    def coverage(self) -> str:
        return f"{self.measured} of {self.flip_flops} flip-flops measured"


def annotations(
    netlist: Netlist, library: Library, roles: Mapping[str, ModuleRoles], activity: Activity
) -> Annotations:
    """What to tell OpenSTA (module docstring)."""
    found: list[tuple[str, str, tuple[float, float] | None]] = []
    for path, module in [
        ("", netlist.modules[netlist.top]),
        *((p + "/", m) for p, m in netlist.instances()),
    ]:
        for cell in module.cells.values():
            if not cell.sequential:
                continue
            lib_cell = library.cells.get(cell.type)
            if lib_cell is None or ACTIVITY_PIN in lib_cell.pins:
                continue
            name = register_name(module, cell, roles.get(module.name))
            engine = path.split("/")[0] if path else ""
            measured = activity.bit(f"{path}{name}")
            if measured is not None and _inverted(lib_cell):
                measured = (measured[0], 1.0 - measured[1])
            found.append((engine, f"{path}{cell.name}/{ACTIVITY_PIN}", measured))
    by_engine: dict[str, list[tuple[float, float]]] = {}
    for engine, _, measured in found:
        if measured is not None:
            by_engine.setdefault(engine, []).append(measured)
    everything = [m for values in by_engine.values() for m in values]

    def mean(values: list[tuple[float, float]]) -> tuple[float, float]:
        if not values:
            return DEFAULT_ACTIVITY, DEFAULT_DUTY
        return float(np.mean([v[0] for v in values])), float(np.mean([v[1] for v in values]))

    fallback = {engine: mean(values) for engine, values in by_engine.items()}
    overall = mean(everything)
    pins = [(pin, *(measured or fallback.get(engine, overall))) for engine, pin, measured in found]
    ports = []
    top = netlist.modules[netlist.top]
    for port in top.ports.values():
        if port.direction != "input" or port.name == "clk":
            continue
        for i in range(len(port.bits)):
            bit_name = port.name if len(port.bits) == 1 else f"{port.name}[{i}]"
            measured = activity.bit(bit_name)
            if measured is not None:
                ports.append((bit_name, *measured))
    return Annotations(pins, ports, sum(m is not None for *_, m in found), len(found))


def _inverted(cell: Cell) -> bool:
    """A sequential cell whose output is the complement of its state."""
    for pin in cell.pins.values():
        if pin.direction == "output" and pin.function:
            function = pin.function.replace(" ", "")
            return (
                len(cell.state) > 1
                and function == cell.state[1]
                or function in (f"!{cell.state[0]}", f"{cell.state[0]}'")
            )
    return False
