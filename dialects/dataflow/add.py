"""`dataflow.add`: the elementwise sum of two streams, each rescaled to the
result's scale, the engine of `qnt.add` (residual connections).

    %y = dataflow.add %a, %b lanes 2 multipliers [1073741824, 1518500250] shift 31 min -3 : (!dataflow.stream<!qa, lanes 2, shape [1, 6]>, !dataflow.stream<!qb, lanes 2, shape [1, 6]>) -> !dataflow.stream<!qy, lanes 2, shape [1, 6]>

Element by element (same frame shape, no broadcasting), exactly
`qnt.add`: `y = clamp(rshift_round((a - za) * Ma + (b - zb) * Mb, s) + zy,
min, max)` (the bounds default to the result's storage range; a ReLU
after the add is `min = zy`). Both inputs and the output have one order
(row-major, or channels-last pixels of a convolutional network) and `lanes`
lanes (a folding factor `tile` chooses; 1 when absent). `Ma` and `Mb` are
compile-time constants: a lane multiplies by their canonical signed digits,
shifted copies of its inputs summed (no multiplier; an adder a digit,
`constant_digits`).

Timing: a one-beat holding register per input and the output register:
`advance = !out_full | out_ready`, `fire = full0 & full1 & advance`,
`in_ready_p = !full_p | fire`; edge: `full_p <= in_move_p | (full_p &
!fire)`; the held beats' sum is computed and requantized in `stages`
pipeline registers (`pipeline_stages`: the products by the constant
multipliers as signed digits, summed exactly by
`asic.dialects.dataflow.pipeline.constant_sum_stages`, then the
requantizer's), every one stepping with `advance` and carrying `fire`
along, the last loading the output register: if `advance`, `out_full <=`
the last pipeline register (`fire` with none). Alone: II `B =
ceil(F/lanes)`, latency `B + 1 + stages`.

The two inputs come from the two branches of a fork, which moves a beat
only when both branches take it: each input asks for a join FIFO
(`MEASURED_FIFO`), which `schedule` sizes to the beats that wait in it while
the other branch is slower, so neither branch stalls the other and the
fork never deadlocks (`asic.passes.schedule`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import DenseArrayBase, IntegerAttr
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import irdl_op_definition, operand_def, opt_prop_def, prop_def, result_def

from asic.dialects.attributes import i64_array, i64_attr, ints
from asic.dialects.checks import fail
from asic.dialects.dataflow.cost import CostModel, beats_per_frame, stream_values, symbols
from asic.dialects.dataflow.engine import (
    EngineOp,
    Factor,
    Producer,
    TimingModel,
    factor_value,
    quantized_element,
)
from asic.dialects.dataflow.fifo import MEASURED_FIFO
from asic.dialects.dataflow.pipeline import (
    constant_sum_stages,
    requantizer_stages,
    shift_through,
    signed_digits,
)
from asic.dialects.dataflow.stream import StreamType, beat_elements, pad_beats, stream_type_of
from asic.dialects.qnt import MAX_SHIFT, MULTIPLIER_BITS, UniformQuantizedType
from asic.dialects.qnt_kernels import add
from asic.dialects.syntax import INT, INTS, PropertyKind


def constant_digits(multipliers: Sequence[int]) -> int:
    """The non-zero canonical signed digits of constant `multipliers`: the
    shifted terms a lane sums to multiply by them (no multiplier)."""
    return sum(len(signed_digits(m)) for m in multipliers)


def rescaled_sum_bits(widths: Sequence[int], multipliers: Sequence[int]) -> int:
    """Bits holding `sum_i (x_i - z_i) * M_i` for inputs of `widths` bits:
    `x - z` fits in one bit more, its product with `M` in `M`'s bits more,
    the sum in one more (and a bit to spare)."""
    return max(w + 1 + max(m, 1).bit_length() + 1 for w, m in zip(widths, multipliers)) + 1


class JoinEngine(EngineOp):
    """Base of the engines joining the branches of forks (`AddOp`,
    `ConcatOp`): `lanes` lanes (a property, 1 when absent) on every input
    and the output, and a join FIFO on each input (module docstring)."""

    @property
    def lane_value(self) -> int:
        return factor_value(self, "lanes")

    def required_input_lanes(self, port: int) -> int | None:
        return self.lane_value

    def output_lanes(self, port: int) -> int | None:
        return self.lane_value

    def input_fifo_depth(self, port: int, producer: Producer | None) -> int:
        return MEASURED_FIFO

    def check_rescales(self, multipliers: Sequence[int], shift_name: str, shifts: int | list[int]) -> None:
        """Multipliers of `MULTIPLIER_BITS` bits, shifts in `[0, MAX_SHIFT]`."""
        if any(not 0 <= m < 2**MULTIPLIER_BITS for m in multipliers):
            fail(f"multipliers must be in [0, {2**MULTIPLIER_BITS - 1}], got {list(multipliers)}")
        if any(not 0 <= v <= MAX_SHIFT for v in (shifts if isinstance(shifts, list) else [shifts])):
            fail(f"{shift_name} must be in [0, {MAX_SHIFT}], got {shifts}")


@irdl_op_definition
class AddOp(JoinEngine):
    """Two streams rescaled and summed element by element (module docstring)."""

    name = "dataflow.add"

    lhs = operand_def(StreamType)
    rhs = operand_def(StreamType)
    lanes = opt_prop_def(IntegerAttr)
    multipliers = prop_def(DenseArrayBase)
    shift = prop_def(IntegerAttr)
    min = opt_prop_def(IntegerAttr)
    max = opt_prop_def(IntegerAttr)
    result = result_def(StreamType)

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "lanes": INT,
        "multipliers": INTS,
        "shift": INT,
        "min": INT,
        "max": INT,
    }
    NOUN: ClassVar[str] = "adder"

    def __init__(
        self,
        lhs: SSAValue,
        rhs: SSAValue,
        element: Attribute,
        multipliers: Sequence[int],
        shift: int,
        *,
        bounds: tuple[int | None, int | None] = (None, None),
        lanes: int | None = None,
    ):
        """`element` is the result's `!qnt.uniform` type."""
        a = stream_type_of(lhs)
        properties: dict[str, Attribute] = {"multipliers": i64_array(multipliers), "shift": i64_attr(shift)}
        if lanes is not None:
            properties["lanes"] = i64_attr(lanes)
        for name, value in zip(("min", "max"), bounds):
            if value is not None:
                properties[name] = i64_attr(value)
        super().__init__(
            operands=[lhs, rhs],
            result_types=[StreamType(element, lanes or a.lane_count, a.frame_shape, a.axis_order)],
            properties=properties,
        )

    @property
    def output_type(self) -> UniformQuantizedType:
        return quantized_element("output stream", self.output_stream)

    def input_types(self) -> tuple[UniformQuantizedType, UniformQuantizedType]:
        return quantized_element("lhs stream", self.input_streams[0]), quantized_element("rhs stream", self.input_streams[1])

    def bounds(self) -> tuple[int, int]:
        """The clamp `[min, max]` (default: the result's storage range)."""
        y = self.output_type
        lo, hi = self.min, self.max
        return (lo.value.data if lo is not None else y.qmin, hi.value.data if hi is not None else y.qmax)

    # The engine interface ------------------------------------------------------
    @classmethod
    @cache
    def cost_model(cls) -> CostModel:
        lanes, digits, pipeline = symbols("lanes digits pipeline")
        beats = beats_per_frame()
        return CostModel(
            cycles=beats, latency=beats + 1 + pipeline, adders=digits * lanes, parameters=("F", "lanes", "digits"),
            table=("cycles", "adders"),
        )  # fmt: skip

    def cost_values(self) -> dict[str, int]:
        digits = constant_digits(ints(self.multipliers))
        return stream_values(self.output_stream) | {"digits": digits, "pipeline": self.pipeline_stages()}

    def timing_alone(self) -> tuple[int, int]:
        """The cost model in integers."""
        beats = self.output_stream.beat_count
        return beats, beats + 1 + self.pipeline_stages()

    def sum_bits(self) -> int:
        """The two's complement bits of `(a - za) * Ma + (b - zb) * Mb` for
        any inputs (`rescaled_sum_bits`)."""
        return rescaled_sum_bits([s.bits for s in self.input_streams], ints(self.multipliers))

    def pipeline_stages(self) -> int:
        """The exact sum's registers and the requantizer's (multiplier 1)."""
        bits = self.sum_bits()
        return constant_sum_stages(bits) + requantizer_stages(
            bits, 1, self.output_stream.bits, self.shift.value.data, False
        )

    def folding_factors(self) -> tuple[Factor, ...]:
        fixed = self.lanes.value.data if self.lanes is not None else None
        return (Factor("lanes", self.output_stream.frame_size, fixed),)

    def timing_model(self) -> JoinTiming:
        return JoinTiming(2, self.pipeline_stages())

    def run_beats(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        (a, b), (ta, tb) = inputs, self.input_types()
        ma, mb = ints(self.multipliers)
        x, y = self.input_streams, self.output_type
        total = add(
            beat_elements(x[0], a), ta.zero_point, ma, beat_elements(x[1], b), tb.zero_point, mb,
            self.shift.value.data, y.zero_point, *self.bounds(),
        )  # fmt: skip
        return [pad_beats(self.output_stream, total)]

    def verify_semantics(self) -> None:
        self.input_types()
        y = self.output_type
        for name, stream in zip(("lhs", "rhs"), self.input_streams):
            if stream.frame_shape != self.output_stream.frame_shape:
                fail(
                    f"{name} frame {list(stream.frame_shape)} must have the result's shape "
                    f"{list(self.output_stream.frame_shape)} (no broadcasting in hardware)"
                )
            if stream.axis_order != self.output_stream.axis_order:
                fail(f"{name} stream must have the result's order {list(self.output_stream.axis_order)}")
            if stream.lane_count != self.lane_value:
                fail(f"{name} stream has {stream.lane_count} lanes, the adder {self.lane_value}")
        if self.output_stream.lane_count != self.lane_value:
            fail(f"output stream has {self.output_stream.lane_count} lanes, the adder {self.lane_value}")
        multipliers = ints(self.multipliers)
        if len(multipliers) != 2:
            fail(f"multipliers must have 2 values (lhs, rhs), got {len(multipliers)}")
        self.check_rescales(multipliers, "shift", self.shift.value.data)
        lo, hi = self.bounds()
        if not y.qmin <= lo <= hi <= y.qmax:
            fail(f"min and max must satisfy {y.qmin} <= min <= max <= {y.qmax}, got min {lo} and max {hi}")


class JoinTiming(TimingModel):
    """A holding register per input, `stages` pipeline registers and the
    output register of an engine that combines one beat of each of its `n`
    inputs into one output beat (`AddOp`; `ConcatOp` has its own)."""

    __slots__ = ("full", "out_full", "pipe")

    def __init__(self, n: int, stages: int = 0) -> None:
        self.full = [0] * n
        self.pipe = (0,) * stages
        """Per pipeline register between the join and the output register,
        whether it holds a result."""
        self.out_full = 0

    def state(self) -> tuple:
        return (*self.full, self.pipe, self.out_full)

    def _fire(self, out_ready: Sequence[int]) -> bool:
        return all(self.full) and bool(not self.out_full or out_ready[0])

    def out_valid(self, port: int) -> int:
        return self.out_full

    def in_ready(self, port: int, out_ready: Sequence[int]) -> int:
        return int(not self.full[port] or self._fire(out_ready))

    def step(self, in_valid: Sequence[int], in_move: Sequence[int], out_ready: Sequence[int]) -> None:
        fire = self._fire(out_ready)
        if not self.out_full or out_ready[0]:  # advance
            self.out_full, self.pipe = shift_through(self.pipe, int(fire))
        self.full = [int(m or (f and not fire)) for f, m in zip(self.full, in_move)]
