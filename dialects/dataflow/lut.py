"""`dataflow.lut`: an elementwise function of one low-bit input as a table
lookup per lane, the engine of `qnt.lut`.

    %y = dataflow.lut %x table [0, 0, 1, 3, 5, 6, 7, 7] : (!dataflow.stream<!qnt.uniform<i3:f32, 0.5>, lanes 2, shape [1, 6]>) -> !dataflow.stream<!qnt.uniform<u3:f32, 0.125>, lanes 2, shape [1, 6]>

Each element `x` of the input becomes `table[x - qmin_x]` (the qnt
semantics of `qnt.lut`: one entry per value of the input's storage range,
each in the result's range), in the same lane of the same beat: the frame
shape, lanes and order are kept, the element type is the table's result.
The lanes are those of the input (the producer's folding decides them,
and converters to the lanes a consumer needs go behind the engine); the
engine has no folding factor of its own and no multiplier.

Hardware: one ROM per lane, of `2^in_bits` words of `out_bits` bits
addressed by the lane's raw storage bits (the word of a value outside the
input's range, which never arrives, is 0), read synchronously: the ROM's
word is the output register. `in_ready = !full | out_ready`; edge: `full
<= in_move | (full & !out_ready)`; the address is the input lane on
`in_move`, else the held lane (a register loaded on `in_move`), so a
stalled output keeps its word. This is one register stage
(`engine.RegisterStageTiming`): alone, a beat per cycle, II `B =
ceil(F/lanes)`, latency `B`. Memory: `lanes * 2^in_bits * out_bits` ROM
bits.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import DenseArrayBase
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import irdl_op_definition, operand_def, prop_def, result_def

from asic.dialects.attributes import i64_array, ints
from asic.dialects.checks import fail
from asic.dialects.dataflow.cost import CostModel, beats_per_frame, stream_values, symbols
from asic.dialects.dataflow.engine import EngineOp, RegisterStageTiming, quantized_element
from asic.dialects.dataflow.stream import StreamType, beat_elements, pad_beats, stream_type_of
from asic.dialects.qnt_kernels import INT, lut
from asic.dialects.syntax import INTS, PropertyKind


@irdl_op_definition
class LutOp(EngineOp):
    """A table lookup per element (module docstring)."""

    name = "dataflow.lut"

    input = operand_def(StreamType)
    table = prop_def(DenseArrayBase)
    result = result_def(StreamType)

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"table": INTS}
    NOUN: ClassVar[str] = "lookup table"

    def __init__(self, input: SSAValue, element: Attribute, table: Sequence[int]):
        """`element` is the result's `!qnt.uniform` type."""
        x = stream_type_of(input)
        super().__init__(
            operands=[input],
            result_types=[StreamType(element, x.lane_count, x.frame_shape, x.axis_order)],
            properties={"table": i64_array(table)},
        )

    @property
    def entries(self) -> tuple[int, ...]:
        return ints(self.table)

    def rom_words(self) -> np.ndarray:
        """The words of each lane's ROM: `[2^in_bits]`, the word at the
        address of a value's raw storage bits its table entry (0 outside
        the input's range)."""
        x, bits = self.input_stream, self.input_stream.bits
        address = np.arange(2**bits, dtype=INT)
        value = address - ((address >> (bits - 1)) << bits) if x.signed else address
        lo, hi = x.value_range()
        inside = (value >= lo) & (value <= hi)
        words = np.zeros(2**bits, dtype=INT)
        words[inside] = np.asarray(self.entries, INT)[value[inside] - lo]
        return words

    # The engine interface ------------------------------------------------------
    def output_lanes(self, port: int) -> int | None:
        """The lanes of its input, decided by the producer: converters to
        other lanes go behind the engine, not in front (fewer ROMs when
        the consumer takes more lanes)."""
        return self.input_stream.lane_count

    @classmethod
    @cache
    def cost_model(cls) -> CostModel:
        lanes, in_bits, out_bits = symbols("lanes in_bits out_bits")
        beats = beats_per_frame()
        return CostModel(
            cycles=beats,
            latency=beats,
            rom_bits=lanes * 2**in_bits * out_bits,
            rom_word_bits=out_bits,
            rom_words=2**in_bits,
            parameters=("F", "lanes", "in_bits", "out_bits"),
        )

    def cost_values(self) -> dict[str, int]:
        x, y = self.input_stream, self.output_stream
        return stream_values(x) | {"in_bits": x.bits, "out_bits": y.bits}

    def timing_alone(self) -> tuple[int, int]:
        """A beat per cycle (the cost model), in integers."""
        beats = self.input_stream.beat_count
        return beats, beats

    def timing_model(self) -> RegisterStageTiming:
        return RegisterStageTiming()

    def run_beats(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        (beats,) = inputs
        x = self.input_stream
        values = lut(beat_elements(x, beats), x.value_range()[0], self.entries)
        return [pad_beats(self.output_stream, values)]

    def verify_semantics(self) -> None:
        x, y = self.input_stream, self.output_stream
        quantized_element("input stream", x)
        quantized_element("output stream", y)
        if (x.lane_count, x.frame_shape, x.axis_order) != (y.lane_count, y.frame_shape, y.axis_order):
            fail(f"a lookup table keeps the lanes, shape and order of its stream: {x} and {y} differ")
        lo, hi = x.value_range()
        if len(self.entries) != hi - lo + 1:
            fail(
                f"table must have {hi - lo + 1} entries (one per input value in "
                f"[{lo}, {hi}]), got {len(self.entries)}"
            )
        out_lo, out_hi = y.value_range()
        for i, v in enumerate(self.entries):
            if not out_lo <= v <= out_hi:
                fail(
                    f"table entry {i} (input {lo + i}) is {v}, outside the "
                    f"result's storage range [{out_lo}, {out_hi}]"
                )
