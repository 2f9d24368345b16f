"""Toy engine kinds defined outside the project, the way a new engine is
added: its op (in a dialect of its own, `toy`), with its verifier, cost
model, folding factor, timing model and functional model on the op, and
its RTL builder registered with `asic.lowering.rtl.registry`. Importing
this module is all it takes for `tile`, `schedule`, the dataflow
interpreter and `lower-dataflow-to-rtl` to handle them.

`toy.scale %x by c lanes L`: every element times the constant `c`, saturated
to the range of the stream's element type (the stored integers; same type
in and out):

    %s = toy.scale %h by -1 lanes 2 : !dataflow.stream<!qnt.uniform<i8:f32, 0.05>, lanes 2, shape [1, 6]>

Hardware: `L` lanes in and out, one multiplier per lane and one register
stage (`in_ready = !full | out_ready`; edge: `full <= in_move | (full &
!out_ready)`, the scaled beat loaded with `in_move`). Alone: a beat per
cycle, II `B = ceil(F/L)`, latency `B`. `tile` chooses `lanes` (the
multipliers) with the MVUs' factors.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import ClassVar

import numpy as np
from xdsl.dialects import hw
from xdsl.dialects.builtin import IntegerAttr, i1
from xdsl.ir import Dialect, SSAValue
from xdsl.irdl import irdl_op_definition, operand_def, opt_prop_def, prop_def, result_def

from asic.dialects import dataflow as df
from asic.dialects.attributes import i64_attr
from asic.dialects.checks import fail
from asic.dialects.dataflow.cost import CostModel, beats_per_frame, stream_values, symbols
from asic.dialects.dataflow.engine import factor_value
from asic.dialects.syntax import INT, PropertyKind
from asic.lowering.rtl.add import join_module
from asic.lowering.rtl.builder import ModuleBuilder
from asic.lowering.rtl.fork import fork_module
from asic.lowering.rtl.registry import EngineModule, rtl_builder


@irdl_op_definition
class ScaleOp(df.EngineOp):
    """Every element times a constant, saturated (module docstring)."""

    name = "toy.scale"

    input = operand_def(df.StreamType)
    by = prop_def(IntegerAttr)
    lanes = opt_prop_def(IntegerAttr)
    result = result_def(df.StreamType)

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"by": INT, "lanes": INT}

    def __init__(self, input: SSAValue, by: int, lanes: int | None = None):
        x = df.stream_type_of(input)
        properties = {"by": i64_attr(by)}
        if lanes is not None:
            properties["lanes"] = i64_attr(lanes)
        super().__init__(operands=[input], result_types=[x.with_lanes(lanes or 1)], properties=properties)

    @property
    def factor(self) -> int:
        return self.by.value.data

    @property
    def lane_value(self) -> int:
        return factor_value(self, "lanes")

    # The engine interface ------------------------------------------------------
    def required_input_lanes(self, port: int) -> int | None:
        return self.lane_value

    def output_lanes(self, port: int) -> int | None:
        return self.lane_value

    @classmethod
    @cache
    def cost_model(cls) -> CostModel:
        frame, lanes = symbols("F lanes")
        beats = beats_per_frame()
        return CostModel(cycles=beats, latency=beats, multipliers=lanes, macs=frame, parameters=("F", "lanes"))

    def cost_values(self) -> dict[str, int]:
        return stream_values(self.input_stream) | {"lanes": self.lane_value}

    def folding_factors(self) -> tuple[df.Factor, ...]:
        fixed = self.lanes.value.data if self.lanes is not None else None
        return (df.Factor("lanes", self.input_stream.frame_size, fixed),)

    def timing_model(self) -> df.RegisterStageTiming:
        """One register stage (module docstring)."""
        return df.RegisterStageTiming()

    def run_beats(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        (beats,) = inputs
        lo, hi = self.output_stream.value_range()
        return [np.clip(beats * self.factor, lo, hi)]

    def verify_semantics(self) -> None:
        x, y = self.input_stream, self.output_stream
        if x.with_lanes(y.lane_count) != y:
            fail(f"toy.scale keeps the element type and frame shape: {x} and {y} differ")
        if x.lane_count != self.lane_value or y.lane_count != self.lane_value:
            fail(f"input and output must have {self.lane_value} lanes, got {x.lane_count} and {y.lane_count}")
        if self.factor == 0:
            fail("scaling by 0 needs no engine")


@irdl_op_definition
class ForkOp(df.EngineOp):
    """One stream to two: both outputs carry every beat.

        %a, %b = toy.fork %x : (!s) -> (!s, !s)

    One output register per output: `in_ready = (!full0 | out_ready0) &
    (!full1 | out_ready1)`; edge: `full_p <= in_move | (full_p &
    !out_ready_p)`. Alone: II `B`, latency `B` (`EngineOp`'s default cost
    model)."""

    name = "toy.fork"

    input = operand_def(df.StreamType)
    left = result_def(df.StreamType)
    right = result_def(df.StreamType)

    def __init__(self, input: SSAValue):
        super().__init__(operands=[input], result_types=[input.type, input.type])

    def timing_model(self) -> df.ForkTiming:
        return df.ForkTiming()

    def run_beats(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        (beats,) = inputs
        return [beats, beats.copy()]

    def verify_semantics(self) -> None:
        if self.left.type != self.input.type or self.right.type != self.input.type:
            fail("both outputs of toy.fork have the input's type")


@irdl_op_definition
class AddOp(df.EngineOp):
    """Two streams to one: the elements' sum, saturated (stored integers).

        %y = toy.add %a, %b : !s

    Each input has a one-beat holding register, the sum goes to the output
    register when both hold a beat and the engine advances: `advance =
    !out_full | out_ready`, `fire = full0 & full1 & advance`, `in_ready_p =
    !full_p | fire`; edge: `full_p <= in_move_p | (full_p & !fire)`,
    `out_full <= fire | (out_full & !out_ready)`. Alone: II `B`, latency `B
    + 1`. `schedule` puts a FIFO in front of each input."""

    name = "toy.add"

    lhs = operand_def(df.StreamType)
    rhs = operand_def(df.StreamType)
    result = result_def(df.StreamType)

    def __init__(self, lhs: SSAValue, rhs: SSAValue):
        super().__init__(operands=[lhs, rhs], result_types=[lhs.type])

    @classmethod
    @cache
    def cost_model(cls) -> CostModel:
        beats = beats_per_frame()
        return CostModel(cycles=beats, latency=beats + 1)

    def cost_values(self) -> dict[str, int]:
        return stream_values(self.output_stream)

    def required_input_lanes(self, port: int) -> int | None:
        return self.output_stream.lane_count

    def input_fifo_depth(self, port: int, producer: df.Producer | None) -> int:
        """A FIFO on each input, so that the beats of one path wait there for
        those of the other, not in the engines behind: one entry more than
        full rate, for a path a register stage shorter than the other."""
        return df.FIFO_FULL_RATE_DEPTH + 1

    def timing_model(self) -> df.JoinTiming:
        return df.JoinTiming(2)

    def run_beats(self, inputs: Sequence[np.ndarray]) -> list[np.ndarray]:
        a, b = inputs
        return [np.clip(a + b, *self.output_stream.value_range())]

    def verify_semantics(self) -> None:
        if not self.lhs.type == self.rhs.type == self.result.type:
            fail("toy.add takes and gives streams of one type")


TOY = Dialect("toy", [ScaleOp, ForkOp, AddOp])


def _saturate(b: ModuleBuilder, value: SSAValue, bits: int, lo: int, hi: int, name: str | None = None) -> SSAValue:
    """`value` (wide, signed) clamped to `[lo, hi]`, in `bits` bits."""
    value = b.mux(b.icmp("slt", value, lo), lo, value)
    value = b.mux(b.icmp("sgt", value, hi), hi, value)
    return b.extract(value, 0, bits, name=name)


def scale_module(name: str, lanes: int, bits: int, signed: bool, factor: int, lo: int, hi: int) -> hw.HWModuleOp:
    """`lanes` lanes of `bits` bits times `factor`, saturated to `[lo, hi]`,
    through one register stage."""
    b = ModuleBuilder(name)
    b.clock(), b.reset()
    in_data = b.input("in_data", lanes * bits)
    in_valid = b.input("in_valid", i1)
    out_ready = b.input("out_ready", i1)
    wide = bits + abs(factor).bit_length() + 2
    scaled = []
    for lane in b.lanes(in_data, bits):
        v = b.mul(b.sext(lane, wide) if signed else b.zext(lane, wide), b.const(factor, wide))
        scaled.append(_saturate(b, v, bits, lo, hi))
    ready, data, valid = b.stage(b.concat(*reversed(scaled)), in_valid, out_ready)
    b.output("in_ready", ready)
    b.output("out_data", data)
    b.output("out_valid", valid)
    return b.finish()


@rtl_builder(ScaleOp)
def scale_engine(op: ScaleOp) -> EngineModule:
    x = op.input_stream
    lo, hi = x.value_range()
    args = (x.lane_count, x.bits, x.signed, op.factor, lo, hi)
    return EngineModule(args, f"scale_w{x.lane_count * x.bits}", lambda name: scale_module(name, *args))


def add_module(name: str, lanes: int, bits: int, signed: bool, lo: int, hi: int) -> hw.HWModuleOp:
    """`AddOp`'s holding registers and output register (the project's join
    engine, `join_module`), the saturated sum of each lane."""

    def sums(b: ModuleBuilder, held: list[SSAValue], advance: SSAValue) -> SSAValue:
        ext, wide = (b.sext if signed else b.zext), bits + 2
        lanes_sum = [
            _saturate(b, b.add(ext(x, wide), ext(y, wide)), bits, lo, hi)
            for x, y in zip(b.lanes(held[0], bits), b.lanes(held[1], bits))
        ]
        return b.concat(*reversed(lanes_sum))

    return join_module(name, (lanes * bits, lanes * bits), sums)


@rtl_builder(ForkOp)
def fork_engine(op: ForkOp) -> EngineModule:
    bits = op.input_stream.lane_count * op.input_stream.bits
    return EngineModule(bits, f"fork_w{bits}", lambda name: fork_module(name, bits))


@rtl_builder(AddOp)
def add_engine(op: AddOp) -> EngineModule:
    y = op.output_stream
    args = (y.lane_count, y.bits, y.signed, *y.value_range())
    return EngineModule(args, f"add_w{y.lane_count * y.bits}", lambda name: add_module(name, *args))


def insert_scale(graph: df.GraphOp, after: df.EngineOp, by: int, name: str = "s") -> ScaleOp:
    """A `toy.scale` on the output of `after` (lanes not chosen yet), the
    graph's lanes legalized."""
    value = after.output_values[0]
    op = ScaleOp(value, by)
    op.result.name_hint = name
    graph.body.block.insert_op_after(op, after)
    for use in [u for u in value.uses if u.operation is not op]:
        use.operation.operands[use.index] = op.result
    df.legalize_lanes(graph)
    return op
