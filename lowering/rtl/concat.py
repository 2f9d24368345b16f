"""The concat engine as RTL, cycle for cycle the timing model of
`asic.dialects.dataflow.concat`: input streams `in{i}_*`, the output
stream `out_*`, and its builder for `dataflow.concat`
(`asic.lowering.rtl.registry`).

`k` counts the beats of a result row; input `i` is ready while `k` is in
its span and the engine advances; the beat that moves is registered (the
inputs' words side by side, with the span it came from), then rescaled
lane by lane by every input's requantizer (`(x - z_i) * M_i`, rounded by
`s_i`, `+ zy`, clamped: `asic.lowering.rtl.mvu.requantize_pipelined`, a
constant multiplier), and the one of its span loads the output register:
`ConcatSpec.stages` registers in all, each stepping with `advance`.

With several rows per beat (`pixels`), `pixel_concat_module`: the join of
one beat of each input (`asic.lowering.rtl.add.join_module`, a holding
register each), every lane rescaled by its input's requantizer in the
`stages - 1` registers behind them, the result row by row.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.dialects import hw
from xdsl.dialects.builtin import i1
from xdsl.ir import SSAValue

from asic.dialects import dataflow as df
from asic.dialects.attributes import ints
from asic.dialects.rtl import address_bits
from asic.dialects.dataflow.concat import concat_stages
from asic.lowering.rtl.add import join_module
from asic.lowering.rtl.adder_tree import delay
from asic.lowering.rtl.builder import ModuleBuilder
from asic.lowering.rtl.mvu import RequantizeStages, requantize_pipelined
from asic.lowering.rtl.registry import EngineModule, rtl_builder


@dataclass(frozen=True)
class ConcatInput:
    bits: int
    signed: bool
    zero: int
    multiplier: int
    shift: int
    beats: int
    """Beats of a row."""


@dataclass(frozen=True)
class ConcatSpec:
    lanes: int
    """Lanes of every stream; with several rows per beat, the rows of a beat."""
    inputs: tuple[ConcatInput, ...]
    y_bits: int
    y_zero: int
    lo: int
    hi: int
    row_sizes: tuple[int, ...] = ()
    """With several rows per beat, the elements of a row of each input
    (empty: `lanes` lanes)."""

    @property
    def stages(self) -> int:
        """The pipeline registers (`asic.dialects.dataflow.concat.concat_stages`)."""
        return concat_stages([(x.bits, x.multiplier, x.shift) for x in self.inputs], self.y_bits)


def _rescaled(b: ModuleBuilder, spec: ConcatSpec, x: ConcatInput, value: SSAValue, stages: int, advance: SSAValue, name: str) -> SSAValue:
    """`value` of input `x` rescaled to the result in `stages` registers."""
    wide = x.bits + 2
    centered = b.sub(b.sext(value, wide) if x.signed else b.zext(value, wide), b.const(x.zero, wide))
    m_bits = max(x.multiplier, 1).bit_length()
    return requantize_pipelined(b, centered, x.multiplier, x.shift, m_bits, x.shift, spec, RequantizeStages(advance, stages, name))


def pixel_concat_module(name: str, spec: ConcatSpec) -> hw.HWModuleOp:
    """Several rows per beat (module docstring)."""
    rows, stages = spec.lanes, spec.stages - 1

    def combine(b: ModuleBuilder, held: list[SSAValue], advance: SSAValue) -> SSAValue:
        lanes = [b.lanes(h, x.bits) for h, x in zip(held, spec.inputs)]
        out = []
        for row in range(rows):
            for i, (x, size) in enumerate(zip(spec.inputs, spec.row_sizes)):
                for c in range(size):
                    value = lanes[i][row * size + c]
                    out.append(_rescaled(b, spec, x, value, stages, advance, f"in{i}_lane{row * size + c}"))
        return b.concat(*reversed(out)) if len(out) > 1 else out[0]

    widths = [rows * size * x.bits for x, size in zip(spec.inputs, spec.row_sizes)]
    return join_module(name, widths, combine, stages)


def concat_module(name: str, spec: ConcatSpec) -> hw.HWModuleOp:
    b = ModuleBuilder(name)
    b.clock(), b.reset()
    data = [b.input(f"in{i}_data", spec.lanes * x.bits) for i, x in enumerate(spec.inputs)]
    valids = [b.input(f"in{i}_valid", i1) for i in range(len(spec.inputs))]
    out_ready = b.input("out_ready", i1)
    full = b.reg(1, "out_full")
    advance = b.or_(b.not_(full.q), out_ready, name="advance")
    row = sum(x.beats for x in spec.inputs)
    k = b.reg(address_bits(row), "k")
    start, moves, spans = 0, [], []
    for i, x in enumerate(spec.inputs):
        end = start + x.beats
        # k < row: the first span is k < end, the last k >= start (`row` may not fit k's bits)
        tests = ([b.icmp("uge", k.q, start)] if start else []) + ([b.icmp("ult", k.q, end)] if end < row else [])
        here = b.and_(*tests) if len(tests) > 1 else tests[0]
        ready = b.and_(advance, here, name=f"ready{i}")
        b.output(f"in{i}_ready", ready)
        moves.append(b.and_(valids[i], ready, name=f"move{i}"))
        spans.append(here)
        start = end
    move = b.or_(*moves, name="in_move") if len(moves) > 1 else moves[0]
    k.drive(b.mux(b.icmp("eq", k.q, row - 1), 0, b.add(k.q, 1)), enable=move)
    # the moving beat: every input's word and its span, registered
    words = [b.register(d, f"in{i}_q", reset=None, enable=advance) for i, d in enumerate(data)]
    later = spec.stages - 1
    results = []
    for i, x in enumerate(spec.inputs):
        here = delay(b, b.register(spans[i], f"here{i}_q", reset=None, enable=advance), later, advance, f"here{i}")
        lanes = []
        for lane, value in enumerate(b.lanes(words[i], x.bits)):
            lanes.append(_rescaled(b, spec, x, value, later, advance, f"in{i}_lane{lane}"))
        results.append((here, b.concat(*reversed(lanes)) if spec.lanes > 1 else lanes[0]))
    word = results[-1][1]
    for here, value in reversed(results[:-1]):
        word = b.mux(here, value, word)
    valid_out = delay(b, move, spec.stages, advance, "v_rq", reset=0)
    out = b.register(word, "out_q", reset=None, enable=b.and_(advance, valid_out))
    full.drive(valid_out, enable=advance)
    b.output("out_data", out)
    b.output("out_valid", full.q)
    return b.finish()


def concat_spec(op: df.ConcatOp) -> ConcatSpec:
    y = op.output_stream
    element = op.output_stream.element_type
    assert isinstance(element, df.UniformQuantizedType)
    inputs = tuple(
        ConcatInput(x.bits, x.signed, x.element_type.zero_point, m, s, beats)  # pyright: ignore[reportAttributeAccessIssue]
        for x, m, s, beats in zip(op.input_streams, ints(op.multipliers), ints(op.shifts), op.row_beats())
    )
    if op.pixels is not None:
        sizes = tuple(op.row_sizes())
        return ConcatSpec(op.pixels_value, inputs, y.bits, element.zero_point, element.qmin, element.qmax, sizes)
    return ConcatSpec(y.lane_count, inputs, y.bits, element.zero_point, element.qmin, element.qmax)


@rtl_builder(df.ConcatOp)
def concat_engine(op: df.ConcatOp) -> EngineModule:
    spec = concat_spec(op)
    if spec.row_sizes:
        bits = op.output_stream.lane_count * spec.y_bits
        return EngineModule(spec, f"concat_w{bits}_x{spec.lanes}", lambda name: pixel_concat_module(name, spec))
    return EngineModule(spec, f"concat_w{spec.lanes * spec.y_bits}", lambda name: concat_module(name, spec))


__all__ = ["concat_engine", "concat_module", "concat_spec", "pixel_concat_module"]
