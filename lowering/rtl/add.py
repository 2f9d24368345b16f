"""The adder as RTL, cycle for cycle the timing model of
`asic.dialects.dataflow.add`: two input streams (`in0_*`, `in1_*`) with a
holding register each, the output register (`out_*`), and its builder for
`dataflow.add` (`asic.lowering.rtl.registry`).

When both holding registers are full and the engine advances (`fire`),
each lane's `(a - za) * Ma + (b - zb) * Mb` enters the pipeline
(`AddOp.pipeline_stages` registers, each stepping with `advance`): the
constant multipliers' signed digits as shifted unsigned copies of the held
inputs and one constant (`asic.lowering.rtl.constant_products`),
carry-saved to two numbers and added a chunk per stage into the exact sum,
which the MVU's pipelined requantizer (`asic.lowering.rtl.mvu.
requantize_pipelined`, multiplier 1) rounds, shifts and clamps into the
output register.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xdsl.dialects import hw
from xdsl.dialects.builtin import i1
from xdsl.ir import SSAValue

from asic.dialects import dataflow as df
from asic.dialects.attributes import ints
from asic.dialects.dataflow.add import rescaled_sum_bits
from asic.dialects.dataflow.pipeline import constant_sum_stages
from asic.lowering.rtl.adder_tree import carry_save, chunked_add, delay
from asic.lowering.rtl.builder import ModuleBuilder
from asic.lowering.rtl.constant_products import constant_dot, unsigned_input
from asic.lowering.rtl.mvu import RequantizeStages, requantize_pipelined
from asic.lowering.rtl.registry import EngineModule, rtl_builder


@dataclass(frozen=True)
class AddSpec:
    """Everything the adder's module depends on."""

    lanes: int
    a_bits: int
    a_signed: bool
    a_zero: int
    b_bits: int
    b_signed: bool
    b_zero: int
    multipliers: tuple[int, int]
    shift: int
    y_bits: int
    y_zero: int
    lo: int
    hi: int
    stages: int
    """The pipeline registers (`AddOp.pipeline_stages`)."""


Combine = Callable[[ModuleBuilder, list[SSAValue], SSAValue], SSAValue]
"""`combine(b, held beats, advance)`: the value the output register loads,
`stages` registers (stepping with `advance`) after `fire`."""


def join_module(name: str, widths: Sequence[int], combine: Combine, stages: int = 0) -> hw.HWModuleOp:
    """An engine joining one beat of each input (`in{p}_*`, `widths[p]`
    bits) into one output beat (`out_*`), the timing of
    `asic.dialects.dataflow.JoinTiming`: a holding register per input,
    `stages` pipeline registers carrying `fire` along, the output register
    loaded with `combine(b, held beats, advance)`."""
    b = ModuleBuilder(name)
    b.clock(), b.reset()
    data = [b.input(f"in{p}_data", w) for p, w in enumerate(widths)]
    valids = [b.input(f"in{p}_valid", i1) for p in range(len(widths))]
    out_ready = b.input("out_ready", i1)
    fulls = [b.reg(1, f"held{p}") for p in range(len(widths))]
    out_full = b.reg(1, "out_full")
    advance = b.or_(b.not_(out_full.q), out_ready, name="advance")
    fire = b.and_(*(f.q for f in fulls), advance, name="fire")
    held = []
    for p, full in enumerate(fulls):
        ready = b.or_(b.not_(full.q), fire, name=f"ready{p}")
        move = b.and_(valids[p], ready)
        full.drive(b.or_(move, b.and_(full.q, b.not_(fire))))
        held.append(b.register(data[p], f"data{p}", reset=None, enable=move))
        b.output(f"in{p}_ready", ready)
    valid_out = delay(b, fire, stages, advance, "v_sum", reset=0)
    out = b.register(combine(b, held, advance), "out_q", reset=None, enable=b.and_(advance, valid_out))
    out_full.drive(valid_out, enable=advance)
    b.output("out_data", out)
    b.output("out_valid", out_full.q)
    return b.finish()


def add_module(name: str, spec: AddSpec) -> hw.HWModuleOp:
    widths = (spec.lanes * spec.a_bits, spec.lanes * spec.b_bits)
    return join_module(name, widths, lambda b, held, advance: _sums(b, spec, held, advance), spec.stages)


def _sums(b: ModuleBuilder, spec: AddSpec, held: list[SSAValue], advance: SSAValue) -> SSAValue:
    """The requantized sums of the lanes of the held beats (module docstring)."""
    ma, mb = spec.multipliers
    bits = rescaled_sum_bits((spec.a_bits, spec.b_bits), spec.multipliers)
    summed = constant_sum_stages(bits)
    sums = []
    for lane, (a, c) in enumerate(zip(b.lanes(held[0], spec.a_bits), b.lanes(held[1], spec.b_bits))):
        inputs = [unsigned_input(b, a, spec.a_signed, spec.a_zero), unsigned_input(b, c, spec.b_signed, spec.b_zero)]
        terms, constant = constant_dot(b, inputs, [ma, mb], bits)
        if constant or not terms:
            terms.append(b.const(constant, bits))
        saved = [b.register(t, f"sum{lane}_saved", reset=None, enable=advance) for t in carry_save(b, terms)]
        total = chunked_add(b, *saved, summed - 1, advance, f"sum{lane}_total")
        stage = RequantizeStages(advance, spec.stages - summed, f"sum{lane}")
        sums.append(requantize_pipelined(b, total, 1, spec.shift, 1, spec.shift, spec, stage))
    return b.concat(*reversed(sums)) if spec.lanes > 1 else sums[0]


def add_spec(op: df.AddOp) -> AddSpec:
    (a, c), (ta, tb), y = op.input_streams, op.input_types(), op.output_stream
    ma, mb = ints(op.multipliers)
    return AddSpec(
        y.lane_count, a.bits, a.signed, ta.zero_point, c.bits, c.signed, tb.zero_point, (ma, mb),
        op.shift.value.data, y.bits, op.output_type.zero_point, *op.bounds(), op.pipeline_stages(),
    )  # fmt: skip


@rtl_builder(df.AddOp)
def add_engine(op: df.AddOp) -> EngineModule:
    spec = add_spec(op)
    return EngineModule(spec, f"add_w{spec.lanes * spec.y_bits}", lambda name: add_module(name, spec))


__all__ = ["AddSpec", "add_engine", "add_module", "add_spec", "join_module"]
