"""The adder as RTL, cycle for cycle the timing model of
`asic.dialects.dataflow.add`: two input streams (`in0_*`, `in1_*`) with a
holding register each, the output register (`out_*`), and its builder for
`dataflow.add` (`asic.lowering.rtl.registry`).

When both holding registers are full and the engine advances (`fire`),
each lane's `(a - za) * Ma + (b - zb) * Mb` (constant multipliers, exact
widths) is requantized with the MVU's rounding and clamp
(`asic.lowering.rtl.mvu.requantize` with multiplier 1) into the output
register.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xdsl.dialects import hw
from xdsl.dialects.builtin import i1
from xdsl.ir import SSAValue

from asic.dialects import dataflow as df
from asic.dialects.attributes import ints
from asic.lowering.rtl.builder import ModuleBuilder
from asic.lowering.rtl.mvu import requantize
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


def _scaled(b: ModuleBuilder, q: SSAValue, signed: bool, zero: int, multiplier: int, bits: int) -> SSAValue:
    """`(q - zero) * multiplier` in `bits` signed bits."""
    wide = b.sext(q, bits) if signed else b.zext(q, bits)
    centered = b.sub(wide, b.const(zero, bits)) if zero else wide
    return b.mul(centered, b.const(multiplier, bits))


def join_module(name: str, widths: Sequence[int], combine: Callable[[ModuleBuilder, list[SSAValue]], SSAValue]) -> hw.HWModuleOp:
    """An engine joining one beat of each input (`in{p}_*`, `widths[p]`
    bits) into one output beat (`out_*`), the timing of
    `asic.dialects.dataflow.JoinTiming`: a holding register per input, the
    output register loaded with `combine(b, held beats)` on `fire`."""
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
    out = b.register(combine(b, held), "out_q", reset=None, enable=fire)
    out_full.drive(b.or_(fire, b.and_(out_full.q, b.not_(out_ready))))
    b.output("out_data", out)
    b.output("out_valid", out_full.q)
    return b.finish()


def add_module(name: str, spec: AddSpec) -> hw.HWModuleOp:
    return join_module(name, (spec.lanes * spec.a_bits, spec.lanes * spec.b_bits), lambda b, held: _sums(b, spec, held))


def _sums(b: ModuleBuilder, spec: AddSpec, held: list[SSAValue]) -> SSAValue:
    """The requantized sums of the lanes of the held beats."""
    widths = (spec.a_bits, spec.b_bits)
    # (q - z) fits in bits + 1 signed bits, its product with M in that plus M's bits, the sum one more
    ma, mb = spec.multipliers
    bits = max(w + 1 + max(m, 1).bit_length() + 1 for w, m in zip(widths, (ma, mb))) + 1
    sums = []
    for lane, (a, c) in enumerate(zip(b.lanes(held[0], spec.a_bits), b.lanes(held[1], spec.b_bits))):
        total = b.add(
            _scaled(b, a, spec.a_signed, spec.a_zero, ma, bits),
            _scaled(b, c, spec.b_signed, spec.b_zero, mb, bits),
        )
        sums.append(requantize(b, total, 1, spec.shift, 1, spec.shift, spec, f"sum{lane}"))
    return b.concat(*reversed(sums)) if spec.lanes > 1 else sums[0]


def add_spec(op: df.AddOp) -> AddSpec:
    (a, c), (ta, tb), y = op.input_streams, op.input_types(), op.output_stream
    ma, mb = ints(op.multipliers)
    return AddSpec(
        y.lane_count, a.bits, a.signed, ta.zero_point, c.bits, c.signed, tb.zero_point, (ma, mb),
        op.shift.value.data, y.bits, op.output_type.zero_point, *op.bounds(),
    )  # fmt: skip


@rtl_builder(df.AddOp)
def add_engine(op: df.AddOp) -> EngineModule:
    spec = add_spec(op)
    return EngineModule(spec, f"add_w{spec.lanes * spec.y_bits}", lambda name: add_module(name, spec))


__all__ = ["AddSpec", "add_engine", "add_module", "add_spec", "join_module"]
