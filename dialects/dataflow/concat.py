"""`dataflow.concat`: streams joined along the last axis of their stream
order (channels: inception branches; the features of a dense layer), each
rescaled to the result's type, the engine of `qnt.concat`.

    %y = dataflow.concat %a, %b lanes 2 multipliers [1, 1518500250] shifts [0, 31] : (!dataflow.stream<!qa, lanes 2, shape [1, 4]>, !dataflow.stream<!qb, lanes 2, shape [1, 6]>) -> !dataflow.stream<!qy, lanes 2, shape [1, 10]>

The stream order puts the joined axis last, so a frame is a sequence of
*rows* (every index of the other axes), and a row of the result is the
row of input 0, then the row of input 1, ...: `C_i` elements of input `i`,
each `y = clamp(rshift_round((x - z_i) * M_i, s_i) + zy, qmin_y, qmax_y)`
(`qnt.concat`; `M_i = 1, s_i = 0` when the scales agree). All streams have
`lanes` lanes, which divide every `C_i` (a folding factor `tile` chooses
among the divisors of their greatest common divisor), so a row of input
`i` is `C_i / lanes` whole beats. The `M_i` are compile-time constants:
each lane has a requantizer per input that multiplies by the canonical
signed digits of its `M_i` (no multiplier; an adder a digit,
`asic.dialects.dataflow.add.constant_digits`).

Timing: `k` counts the beats of a result row (`R = sum C_i / lanes`); the
beat comes from input `i` while `k` is in its span. `advance = !out_full |
out_ready`, `in_ready_i = advance & (k in span i)`; edge: `k <= in_move ?
(k + 1) mod R : k`; the moving beat is rescaled in `stages` pipeline
registers (`pipeline_stages`: the beat registered, then the pipelined
requantizer of `asic.dialects.dataflow.pipeline`), every one stepping with
`advance` and carrying `in_move` along, the last loading the output
register: if `advance`, `out_full <=` the last pipeline register. Alone
(all inputs valid): II `B = ceil(F/lanes)` of the result, latency `B +
stages`. Each input asks for a join FIFO (`MEASURED_FIFO`), like
`dataflow.add`: the
branches are forks of one stream, and a branch waits while the concat
takes the others' rows.

Several rows per beat (`pixels p`, instead of `lanes`; channels-last
pixels of a convolutional network): a beat of input `i` holds `p` whole
rows (`p*C_i` lanes), a beat of the result their `p` result rows (`p*sum
C_i` lanes: row by row, each the rows of the inputs in order), and `p`
divides the frame's rows. Every input gives one beat per result beat, so
the engine joins one beat of each input as `dataflow.add` does (`JoinTiming`:
a holding register per input, `fire = all full & advance`), rescales each
lane by its input's requantizer in `stages - 1` pipeline registers (the
holding registers replace the moving beat's register), and loads the
output register: alone, II `B = rows/p` and latency `B + stages`, as above.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from functools import cache
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import DenseArrayBase, IntegerAttr
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import irdl_op_definition, opt_prop_def, prop_def, result_def, var_operand_def

from asic.dialects.attributes import i64_array, i64_attr, ints
from asic.dialects.checks import fail
from asic.dialects.dataflow.add import JoinEngine, JoinTiming, constant_digits
from asic.dialects.dataflow.cost import CostModel, beats_per_frame, stream_values, symbols
from asic.dialects.dataflow.engine import PIXELS, Factor, TimingModel, divisors, pixel_counts, quantized_element
from asic.dialects.dataflow.pipeline import multiplier_bits, requantizer_stages, shift_through
from asic.dialects.dataflow.stream import StreamType, beat_elements, pad_beats, stream_type_of
from asic.dialects.qnt_kernels import rescale
from asic.dialects.syntax import INT, INTS, PropertyKind


def concat_stages(inputs: Sequence[tuple[int, int, int]], y_bits: int) -> int:
    """The pipeline registers of a concat whose inputs have `(bits,
    multiplier, shift)` `inputs`: the moving beat's register, then the
    requantizer (`asic.dialects.dataflow.pipeline.requantizer_stages`) of
    `x - z` (`bits + 2` bits, a constant multiplier) that takes longest."""
    return 1 + max(requantizer_stages(bits + 2, multiplier_bits([m]), y_bits, s, False) for bits, m, s in inputs)


@irdl_op_definition
class ConcatOp(JoinEngine):
    """Streams joined along the last axis of their order, rescaled (module
    docstring)."""

    name = "dataflow.concat"

    inputs = var_operand_def(StreamType)
    lanes = opt_prop_def(IntegerAttr)
    pixels = opt_prop_def(IntegerAttr)
    multipliers = prop_def(DenseArrayBase)
    shifts = prop_def(DenseArrayBase)
    result = result_def(StreamType)

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"lanes": INT, "pixels": INT, "multipliers": INTS, "shifts": INTS}
    NOUN: ClassVar[str] = "concat"

    def __init__(
        self,
        inputs: Sequence[SSAValue],
        element: Attribute,
        shape: Sequence[int],
        multipliers: Sequence[int],
        shifts: Sequence[int],
        lanes: int | None = None,
    ):
        """`element` and `shape` are the result's (`!qnt.uniform`, frame)."""
        first = stream_type_of(inputs[0])
        properties: dict[str, Attribute] = {"multipliers": i64_array(multipliers), "shifts": i64_array(shifts)}
        if lanes is not None:
            properties["lanes"] = i64_attr(lanes)
        super().__init__(
            operands=[list(inputs)],
            result_types=[StreamType(element, lanes or first.lane_count, shape, first.axis_order)],
            properties=properties,
        )

    @property
    def axis(self) -> int:
        """The joined axis: the last of the stream order."""
        return self.output_stream.axis_order[-1]

    def row_sizes(self) -> list[int]:
        """`C_i`: the elements of a row of each input."""
        return [s.frame_shape[self.axis] for s in self.input_streams]

    def row_beats(self) -> list[int]:
        """The beats of a row of each input."""
        return [c // self.lane_value for c in self.row_sizes()]

    @property
    def rows(self) -> int:
        """The rows of a frame (every index of the other axes)."""
        return self.output_stream.frame_size // sum(self.row_sizes())

    @property
    def pixels_value(self) -> int:
        """`p`, the rows of a beat (0 without `pixels`: `lanes` lanes)."""
        return self.pixels.value.data if self.pixels is not None else 0

    def required_input_lanes(self, port: int) -> int | None:
        p = self.pixels_value
        return p * self.row_sizes()[port] if p else self.lane_value

    def output_lanes(self, port: int) -> int | None:
        p = self.pixels_value
        return p * sum(self.row_sizes()) if p else self.lane_value

    # The engine interface ------------------------------------------------------
    @classmethod
    @cache
    def cost_model(cls) -> CostModel:
        lanes, digits, pipeline = symbols("lanes digits pipeline")
        beats = beats_per_frame()
        return CostModel(
            cycles=beats, latency=beats + pipeline, adders=digits * lanes,
            parameters=("F", "lanes", "digits"), table=("cycles", "adders"),
        )  # fmt: skip

    def cost_values(self) -> dict[str, int]:
        digits = constant_digits(ints(self.multipliers))
        return stream_values(self.output_stream) | {"digits": digits, "pipeline": self.pipeline_stages()}

    def pipeline_stages(self) -> int:
        """The moving beat's register (with several rows per beat, the
        holding registers) and the slowest input's requantizer
        (`concat_stages`)."""
        inputs = [(x.bits, m, s) for x, m, s in zip(self.input_streams, ints(self.multipliers), ints(self.shifts))]
        return concat_stages(inputs, self.output_stream.bits)

    def folding_factors(self) -> tuple[Factor, ...]:
        fixed = self.lanes.value.data if self.lanes is not None else None
        if self.pixels is not None:
            fixed = math.gcd(*self.row_sizes())
        return (Factor("lanes", math.gcd(*self.row_sizes()), fixed, divisors_only=True),)

    def pixels_factor(self) -> Factor | None:
        """Several rows per beat: 0 (`lanes` lanes), or the rows a beat of
        channels-last pixels holds (`pixel_counts`, what a convolution's
        MVU emits), the divisors of the rows of other frames."""
        fixed = self.pixels.value.data if self.pixels is not None else None
        y = self.output_stream
        counts = pixel_counts(*y.frame_shape[2:]) if len(y.frame_shape) == 4 and self.axis == 1 else divisors(self.rows)
        return Factor(PIXELS, self.rows, fixed, values=(0, *counts))

    def folded_cost(self, values: Sequence[int]) -> tuple[int, int]:
        """`lanes` and `pixels`: `rows/p` cycles with `p` rows per beat (at
        the largest `lanes`: the others are the same choice), else the
        rows' beats over `lanes`."""
        lanes, pixels = values
        if pixels:
            return (self.rows // pixels if lanes == math.gcd(*self.row_sizes()) else sys.maxsize), 0
        return self.output_stream.frame_size // lanes, 0

    def folded_adders(self, values: Sequence[int]) -> int:
        """A requantizer per lane and input, or, with several rows per
        beat, one per lane of its input: an adder per signed digit of its
        multiplier."""
        lanes, pixels = values
        digits = [constant_digits([m]) for m in ints(self.multipliers)]
        if pixels:
            return pixels * sum(c * d for c, d in zip(self.row_sizes(), digits))
        return lanes * sum(digits)

    def apply_folding(self, values: Sequence[int]) -> None:
        """`lanes`, or `pixels` (without `lanes`) when above 0."""
        lanes, pixels = values
        if pixels:
            self.properties.pop("lanes", None)
            self.properties[PIXELS] = i64_attr(pixels)
        else:
            self.properties["lanes"] = i64_attr(lanes)

    def timing_alone(self) -> tuple[int, int]:
        """The cost model in integers."""
        beats = self.output_stream.beat_count
        return beats, beats + self.pipeline_stages()

    def timing_model(self) -> TimingModel:
        if self.pixels is not None:
            return JoinTiming(len(self.inputs), self.pipeline_stages() - 1)
        return ConcatTiming(self.row_beats(), self.pipeline_stages())

    def run_beats(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        y = quantized_element("output stream", self.output_stream)
        rows = []
        for beats, stream, m, s, c in zip(inputs, self.input_streams, ints(self.multipliers), ints(self.shifts), self.row_sizes()):
            x = quantized_element("input stream", stream)
            values = rescale(beat_elements(stream, beats), x.zero_point, m, s, y.zero_point, y.qmin, y.qmax)
            rows.append(values.reshape(len(values), -1, c))
        joined = np.concatenate(rows, axis=2)
        return [pad_beats(self.output_stream, joined.reshape(len(joined), -1))]

    def verify_semantics(self) -> None:
        y = self.output_stream
        quantized_element("output stream", y)
        if len(self.inputs) < 2:
            fail(f"a concat joins at least 2 streams, got {len(self.inputs)}")
        axis = self.axis
        for i, x in enumerate(self.input_streams):
            quantized_element(f"input stream {i}", x)
            if x.axis_order != y.axis_order:
                fail(f"input {i} must have the result's order {list(y.axis_order)}, got {list(x.axis_order)}")
            others = [d for a, d in enumerate(x.frame_shape) if a != axis]
            if len(x.frame_shape) != len(y.frame_shape) or others != [d for a, d in enumerate(y.frame_shape) if a != axis]:
                fail(f"input {i} frame {list(x.frame_shape)} must match the result's {list(y.frame_shape)} but along axis {axis}")
            if x.lane_count != self.required_input_lanes(i):
                fail(f"input {i} has {x.lane_count} lanes, the concat {self.required_input_lanes(i)}")
        if sum(self.row_sizes()) != y.frame_shape[axis]:
            fail(f"the result's axis {axis} must hold the {sum(self.row_sizes())} elements of the inputs, got {y.frame_shape[axis]}")
        if y.lane_count != self.output_lanes(0):
            fail(f"output stream has {y.lane_count} lanes, the concat {self.output_lanes(0)}")
        if self.pixels is not None:
            if self.lanes is not None:
                fail("a concat takes lanes or pixels (whole rows per beat), not both")
            if not 1 <= self.pixels_value <= self.rows or self.rows % self.pixels_value:
                fail(f"pixels {self.pixels_value} must divide the {self.rows} rows of a frame")
        elif any(c % self.lane_value for c in self.row_sizes()):
            fail(f"lanes {self.lane_value} must divide the row of every input, {self.row_sizes()}")
        multipliers, shifts = ints(self.multipliers), ints(self.shifts)
        if len(multipliers) != len(self.inputs) or len(shifts) != len(self.inputs):
            fail(f"multipliers and shifts must have one value per input ({len(self.inputs)}), got {len(multipliers)} and {len(shifts)}")
        self.check_rescales(multipliers, "shifts", list(shifts))


class ConcatTiming(TimingModel):
    """The row counter, the pipeline registers and the output register
    (module docstring)."""

    __slots__ = ("full", "k", "pipe", "spans")

    def __init__(self, row_beats: Sequence[int], stages: int = 0):
        ends = list(np.cumsum(row_beats))
        self.spans = list(zip([0, *ends[:-1]], ends))
        self.pipe = (0,) * stages
        self.k = self.full = 0

    def state(self) -> tuple:
        return (self.k, self.pipe, self.full)

    def out_valid(self, port: int) -> int:
        return self.full

    def in_ready(self, port: int, out_ready: Sequence[int]) -> int:
        start, end = self.spans[port]
        return int((not self.full or bool(out_ready[0])) and start <= self.k < end)

    def step(self, in_valid: Sequence[int], in_move: Sequence[int], out_ready: Sequence[int]) -> None:
        if self.full and not out_ready[0]:
            return  # no advance: every register holds (and no beat moves)
        moved = any(in_move)
        self.full, self.pipe = shift_through(self.pipe, int(moved))
        if moved:
            self.k = (self.k + 1) % self.spans[-1][1]
