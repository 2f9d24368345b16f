"""`EngineOp`: the base of every engine, the interface through which `tile`,
`schedule`, the dataflow interpreter and `lower-dataflow-to-rtl` use an
engine without knowing its kind.

An engine is an op of a `dataflow.graph` that is hardware (or wires): it
takes streams and gives streams (its *input ports* and *output ports*:
the operands and results of `!dataflow.stream` type, in order; other
operands, like an MVU's weights, are `qnt.constant`s of the graph). Each
kind of engine is one op class in its own file of this package, and the op
answers for its kind, as xDSL ops answer for their folding or
canonicalization:

streams   `input_values` / `output_values` (several per engine allowed),
          `input_streams` / `output_streams` their types.
lanes     `required_input_lanes(port)`: the lanes the engine needs on an
          input (None: any); `output_lanes(port)`: the lanes it decides on an
          output (None: those of its first input, passed through).
          `legalize_lanes` reads them after folding factors change.
cost      `cost_model()`: sympy expressions of the kind
          (`asic.dialects.dataflow.cost`), `cost_values()`: the values of
          their symbols for this engine (by default: a beat per cycle, no
          multipliers, no memory); `cost(name)` and `timing_alone()`
          evaluate them.
folding   `folding_factors()`: the factors `tile` may choose (`Factor`: name,
          size, a fixed value, the candidates), `folded_cost(values)`: cycles
          and multipliers at given factors, `folded_adders(values)`: the
          adders of its constant products there (the area `tile` weighs
          next), `apply_folding(values)`.
          An engine without factors (the default) is not tiled.
timing    `timing_model()`: a fresh `TimingModel`, the engine's control
          state cycle by cycle with a valid/ready pair per port, which the
          dataflow interpreter steps (`simulate_timing`);
          `output_beat_spacing(port)`: the fewest cycles between two output
          beats.
schedule  `input_fifo_depth(port, producer)`: the FIFO the engine needs in
          front of an input, given the engine producing its beats
          (`Producer`, found through data movers).
integers  `run_beats(inputs)`: the functional model, input beats to output
          beats (`[B, beats, lanes]` int64 arrays, padding lanes 0), bit for
          bit the hardware's.
RTL       not on the op (a dialect does not know the RTL level): a builder
          registered for the op class in `asic.lowering.rtl.registry`.

Class flags: `WIRES` (no hardware: output port `i` is input port `i`,
the same beats in the same cycle; no timing model, no RTL module),
`DATA_MOVER` (moves frames on unchanged, so the timing facts of the engine
in front of it hold behind it: FIFOs, skid buffers, converters, reshapes),
`REGISTERED_READY` (its `in_ready` is a register, so a combinational
ready chain ends at it: FIFOs, skid buffers) and `DEEP_HANDSHAKE` (deep
ready and stall logic, which `schedule` fences with skid buffers: the
window generator).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import ClassVar, NamedTuple

import numpy as np
from xdsl.dialects.builtin import IntegerAttr
from xdsl.ir import Operation, SSAValue
from xdsl.irdl import traits_def
from xdsl.traits import OpTrait, Pure
from xdsl.utils.exceptions import VerifyException

from asic.dialects.attributes import i64_attr
from asic.dialects.checks import fail
from asic.dialects.dataflow.cost import CostModel, beats_per_frame, evaluate, evaluate_exact, stream_values
from asic.dialects.dataflow.stream import StreamType, stream_type_of
from asic.dialects.qnt import UniformQuantizedType
from asic.dialects.syntax import PropertySyntaxOp

# --------------------------------------------------------------------------
# Folding factors
# --------------------------------------------------------------------------


def divisors(n: int) -> list[int]:
    small = [d for d in range(1, int(n**0.5) + 1) if n % d == 0]
    return sorted(set(small + [n // d for d in small]))


def fold_factors(n: int) -> list[int]:
    """The smallest factor for every fold count: `ceiling(n/f)`, f = 1..n."""
    return sorted({-(-n // f) for f in range(1, n + 1)})


@dataclass(frozen=True)
class Factor:
    """A folding factor of an engine: `name` lanes over `size` elements in
    `ceil(size / value)` folds."""

    name: str
    """The property that holds it (`pe`)."""
    size: int
    """What it folds (`N`)."""
    fixed: int | None = None
    """A value given already (by hand or by an attribute): kept."""
    divisors_only: bool = False
    """Whether only divisors of `size` fit (a partial fold would straddle
    the rows of a frame, but padding is per frame)."""
    values: tuple[int, ...] | None = None
    """The only values that fit, when the engine knows them (the pixels
    per beat of `EngineOp.pixels_factor`)."""
    quiet: int | None = None
    """A neutral value that descriptions of the engine leave out (weight
    digits 1: whole weights, what an MVU without the option does)."""

    def candidates(self, padding: bool = True) -> list[int]:
        """The values worth trying: the fixed one; else the smallest factor
        of each fold count, `ceiling(size/f)`, about `2*sqrt(size)` values
        (a larger factor with the same folds only costs more), or the
        divisors when a partial fold is not allowed (`padding=False` asks
        for divisors too)."""
        if self.fixed is not None:
            return [self.fixed]
        if self.values is not None:
            return list(self.values)
        return fold_factors(self.size) if padding and not self.divisors_only else divisors(self.size)


PIXELS = "pixels"
"""The name of the factor of several pixels per beat (`EngineOp.pixels_factor`)."""


def pixel_counts(rows: int, cols: int) -> list[int]:
    """The windows (pixels) per beat a frame of `rows x cols` windows can
    take: dividing a row, or whole rows dividing the frame's (what a
    window generator emits, `asic.dialects.dataflow.swg`)."""
    return [p for p in divisors(rows * cols) if cols % p == 0 or (p % cols == 0 and rows % (p // cols) == 0)]


# --------------------------------------------------------------------------
# Timing and schedule
# --------------------------------------------------------------------------


class TimingModel:
    """The control state of one engine, cycle by cycle (step counters,
    pipeline valid bits, occupancy; no data), in the timing model of
    `asic.dialects.dataflow`. In every cycle the simulator asks, in this
    order: `out_valid(port)` of every engine (a function of its registers),
    then, from the graph's outputs backward, `in_ready(port, out_ready)`
    (registers and the `ready` of the engine's own outputs), then calls
    `step` with what moved, which takes the registers to their values after
    the edge ending the cycle. `state()` is every register, hashable: equal
    states behave equally (the simulator detects periodic runs and quiet
    cycles with it: a register left out of it is a wrong cycle count).

    A fall-through engine (`FALL_THROUGH`, one input and one output: a skid
    buffer) also shows its input's beat: its `out_valid` is `out_valid(0) |
    in_valid`, which the simulator evaluates in topological order."""

    __slots__ = ()

    FALL_THROUGH: ClassVar[bool] = False
    """`out_valid` is also high while `in_valid` is (see above)."""

    def state(self) -> tuple:
        raise NotImplementedError

    def out_valid(self, port: int) -> int:
        raise NotImplementedError

    def in_ready(self, port: int, out_ready: Sequence[int]) -> int:
        raise NotImplementedError

    def step(self, in_valid: Sequence[int], in_move: Sequence[int], out_ready: Sequence[int]) -> None:
        raise NotImplementedError


class OutputRegisterTiming(TimingModel):
    """The timing model of an engine whose control is one register, `full`:
    its output holds a beat (`out_valid = full`). A subclass states when it
    takes a beat (`in_ready`) and how `full` changes (`step`)."""

    __slots__ = ("full",)

    def __init__(self) -> None:
        self.full = 0

    def state(self) -> tuple:
        return (self.full,)

    def out_valid(self, port: int) -> int:
        return self.full


class RegisterStageTiming(OutputRegisterTiming):
    """One register stage, one input and one output: `in_ready = !full |
    out_ready`; edge: `full <= in_move | (full & !out_ready)`. Alone: a
    beat per cycle, latency `B` for `B` beats a frame."""

    __slots__ = ()

    def in_ready(self, port: int, out_ready: Sequence[int]) -> int:
        return int(not self.full or out_ready[0])

    def step(self, in_valid: Sequence[int], in_move: Sequence[int], out_ready: Sequence[int]) -> None:
        self.full = int(in_move[0] or (self.full and not out_ready[0]))


class Producer(NamedTuple):
    """The engine whose beats reach a stream (through data movers)."""

    op: EngineOp
    port: int
    """Its output port."""
    lanes: int
    """The lanes of its output."""


# --------------------------------------------------------------------------
# The base op
# --------------------------------------------------------------------------


class InDataflowGraph(OpTrait):
    """An engine is an op of a `dataflow.graph` body (xDSL's `HasParent`,
    naming the graph by its op name so that this module need not import the
    graph's, which imports the engines)."""

    def verify(self, op: Operation) -> None:
        parent = op.parent_op()
        if parent is None or parent.name != "dataflow.graph":
            raise VerifyException(f"'{op.name}' expects parent op 'dataflow.graph'")


class EngineOp(PropertySyntaxOp):
    """Base of the engines: the interface of the module docstring, with the
    defaults of an engine that takes and gives a beat per cycle, decides no
    lanes, has no folding factors and needs no FIFO; the shared custom
    syntax; inside a `dataflow.graph`."""

    traits = traits_def(InDataflowGraph(), Pure())

    WIRES: ClassVar[bool] = False
    """No hardware: output port `i` is input port `i` (module docstring)."""
    DATA_MOVER: ClassVar[bool] = False
    """Moves frames on unchanged (module docstring)."""
    DEEP_HANDSHAKE: ClassVar[bool] = False
    """Its `in_ready` and its stall (`out_ready` into its control) are deep
    logic, not a gate or two: `schedule` ends the ready chains on either
    side of it with skid buffers (`asic.passes.schedule`)."""
    REGISTERED_READY: ClassVar[bool] = False
    """Its `in_ready` is a function of its registers only, never of its
    `out_ready`: a ready chain ends at it (FIFOs, skid buffers;
    `asic.passes.schedule`)."""
    NOUN: ClassVar[str] = "engine"
    """What diagnostics call one engine of the kind ("MVU")."""

    # Streams -------------------------------------------------------------------
    @property
    def input_values(self) -> tuple[SSAValue, ...]:
        """The input ports: the operands of stream type, in order."""
        return tuple(v for v in self.operands if isinstance(v.type, StreamType))

    @property
    def output_values(self) -> tuple[SSAValue, ...]:
        """The output ports: the results of stream type, in order."""
        return tuple(v for v in self.results if isinstance(v.type, StreamType))

    @property
    def input_streams(self) -> tuple[StreamType, ...]:
        return tuple(stream_type_of(v) for v in self.input_values)

    @property
    def output_streams(self) -> tuple[StreamType, ...]:
        return tuple(stream_type_of(v) for v in self.output_values)

    @property
    def input_stream(self) -> StreamType:
        """The (first) input."""
        return stream_type_of(self.input_values[0])

    @property
    def output_stream(self) -> StreamType:
        """The (first) output."""
        return stream_type_of(self.output_values[0])

    def set_input(self, port: int, value: SSAValue) -> None:
        """Feed input `port` from `value`."""
        index = [i for i, v in enumerate(self.operands) if isinstance(v.type, StreamType)][port]
        self.operands[index] = value

    @property
    def engine_label(self) -> str:
        """How reports and diagnostics name this engine: the name of its
        (first) result, else its kind."""
        hint = self.results[0].name_hint if self.results else None
        return hint or self.name

    # Lanes ---------------------------------------------------------------------
    def required_input_lanes(self, port: int) -> int | None:
        """The lanes the engine needs on input `port`; None: any."""
        return None

    def output_lanes(self, port: int) -> int | None:
        """The lanes the engine gives on output `port`; None: those of its
        first input."""
        return None

    # Cost ----------------------------------------------------------------------
    @classmethod
    def cost_model(cls) -> CostModel:
        """The cost expressions of this kind of engine; by default those of
        an engine that takes a beat per cycle and gives its last beat with
        the last it takes: cycles and latency `ceiling(F/lanes)` of its
        first input."""
        return _beat_per_cycle()

    def cost_values(self) -> dict[str, int]:
        """The values of the symbols of `cost_model()` for this engine; by
        default `F` and `lanes` of its first input."""
        return stream_values(self.input_stream)

    def cost(self, name: str) -> int | Fraction:
        """One cost expression (`cycles`, `multipliers`, ...) of this engine:
        an integer, or a fraction where the cost is one (`evaluate_exact`)."""
        return evaluate_exact(getattr(self.cost_model(), name), self.cost_values())

    def timing_alone(self) -> tuple[int, int]:
        """`(cycles per frame, latency)` of the engine alone: the cost model
        evaluated. A kind may answer in integers instead, equal to its cost
        model (a test checks every kind): `schedule` asks every engine, and
        without sympy it starts in half the time."""
        values = self.cost_values()
        model = self.cost_model()
        return evaluate(model.cycles, values), evaluate(model.latency, values)

    # Folding -------------------------------------------------------------------
    def folding_factors(self) -> tuple[Factor, ...]:
        """The folding factors `tile` chooses, none by default."""
        return ()

    def folded_values(self, values: Sequence[int]) -> dict[str, int]:
        """`cost_values()` with the factors at `values`."""
        symbols = self.cost_values()
        symbols.update((f.name, v) for f, v in zip(self.folding_factors(), values))
        return symbols

    def pixels_factor(self) -> Factor | None:
        """The pixels (rows, windows) per beat `tile` may choose beyond the
        folding factors, named `PIXELS`: `folded_cost` and `apply_folding`
        then take its value after theirs, and `tile` prefers the fewest
        pixels among choices of equal multipliers (module docstring of
        `asic.passes.tile`). None (the default): one pixel per beat at
        most."""
        return None

    def folded_cost(self, values: Sequence[int]) -> tuple[int, int | Fraction]:
        """`(cycles, multipliers)` with the factors at `values` (the cost
        model evaluated; an engine may answer faster)."""
        symbols = self.folded_values(values)
        model = self.cost_model()
        return evaluate(model.cycles, symbols), evaluate_exact(model.multipliers, symbols)

    def folded_adders(self, values: Sequence[int]) -> int:
        """The cost model's `adders` with the factors at `values` (0 for a
        kind without them)."""
        model = self.cost_model()
        return evaluate(model.adders, self.folded_values(values)) if model.adders != 0 else 0

    def apply_folding(self, values: Sequence[int]) -> None:
        """Set the factors to `values` (the properties of their names); the
        streams' lanes follow with `legalize_lanes`."""
        for factor, value in zip(self.folding_factors(), values):
            self.properties[factor.name] = i64_attr(value)

    def pads_rows(self, port: int) -> bool:
        """Whether output `port` can end each row of its frame in padding up
        to a multiple of its consumer's lanes when `tile` refolds it
        (`fit_consumer_lanes`): a window generator's padded windows, which
        let an MVU over several rows take a partial last synapse fold. By
        default no."""
        return False

    def fit_consumer_lanes(self, lanes: int | None, interval: int) -> None:
        """After `tile` chose free factors and the pipeline's `interval`:
        refold so that the output carries `lanes`, the lanes its consumer
        reads (None: any), where that keeps the engine within `interval`
        cycles per frame (no converter then). By default nothing changes."""

    # Timing and schedule -------------------------------------------------------
    def timing_model(self) -> TimingModel:
        """A fresh timing model of this engine (after reset)."""
        raise NotImplementedError(f"{self.name} has no timing model")

    def output_beat_spacing(self, port: int) -> int:
        """The fewest cycles between two beats of output `port`; by default
        1 (beats may follow each other in every cycle: the FIFO a consumer
        asks for is then the deepest)."""
        return 1

    def input_fifo_depth(self, port: int, producer: Producer | None) -> int:
        """The depth of the FIFO the engine needs in front of input `port`
        (0: none) when `producer` makes its beats (None: the graph's input,
        where the host waits)."""
        return 0

    # Integers ------------------------------------------------------------------
    def run_beats(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        """The output beats `[B, beats, lanes]` (int64) of every output port
        given the beats of every input port."""
        if self.WIRES:
            return list(inputs)
        raise NotImplementedError(f"{self.name} has no functional model")


@cache
def _beat_per_cycle() -> CostModel:
    beats = beats_per_frame()
    return CostModel(cycles=beats, latency=beats)


# --------------------------------------------------------------------------
# Verification helpers of the engines
# --------------------------------------------------------------------------


def expect_identity_order(what: str, stream: StreamType) -> None:
    if not stream.has_identity_order:
        fail(
            f"{what} must stream in row-major order (reordered streams come with "
            f"convolutions), got order {list(stream.axis_order)}"
        )


def quantized_element(what: str, stream: StreamType) -> UniformQuantizedType:
    element = stream.element_type
    if not isinstance(element, UniformQuantizedType):
        fail(f"{what} must carry !qnt.uniform elements, got {element}")
    assert isinstance(element, UniformQuantizedType)
    return element


def factor_value(op: Operation, name: str) -> int:
    """A folding factor's property, 1 when absent."""
    attr = op.properties.get(name)
    return attr.value.data if isinstance(attr, IntegerAttr) else 1  # pyright: ignore


def shown_factors(op: EngineOp) -> list[tuple[str, int]]:
    """The folding factors a description of the engine names, with their
    values: all but those at their neutral value (`Factor.quiet`)."""
    shown = [(f.name, factor_value(op, f.name), f.quiet) for f in op.folding_factors()]
    return [(name, value) for name, value, quiet in shown if value != quiet]
