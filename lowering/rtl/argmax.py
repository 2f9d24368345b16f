"""The argmax engine as RTL, cycle for cycle the timing model of
`asic.dialects.dataflow.argmax`, with the stream-block ports of
`asic.lowering.rtl.builder`, and its builder for `dataflow.argmax`
(`asic.lowering.rtl.registry`).

`B` beats of `L` lanes per frame: `in_ready = !full | out_ready`; each
beat's lanes are compared in lane order with the running maximum (strictly
greater replaces; greater or equal with `select_last_index`; the first lane
of a frame always replaces), the flat index `k*L + l` of the winner kept
with it; the last beat's winner is loaded into the output register. The
padding lanes of a frame's last beat never replace.
"""

from __future__ import annotations

from xdsl.dialects import hw
from xdsl.dialects.builtin import i1

from asic.dialects import dataflow as df
from asic.dialects.rtl import address_bits
from asic.lowering.rtl.builder import ModuleBuilder
from asic.lowering.rtl.registry import EngineModule, rtl_builder


def argmax_module(
    name: str, beats: int, lanes: int, bits: int, signed: bool, index_bits: int, last: bool, frame: int
) -> hw.HWModuleOp:
    """The argmax of frames of `frame` elements in `beats` beats of `lanes`."""
    b = ModuleBuilder(name)
    real_last = frame - (beats - 1) * lanes  # lanes of the last beat that are not padding
    b.clock(), b.reset()
    in_data = b.input("in_data", lanes * bits)
    in_valid = b.input("in_valid", i1)
    out_ready = b.input("out_ready", i1)
    full = b.reg(1, "out_full")
    ready = b.or_(b.not_(full.q), out_ready, name="advance")
    move = b.and_(in_valid, ready, name="in_move")
    if beats > 1:
        k = b.reg(address_bits(beats), "k")
        first = b.icmp("eq", k.q, 0, name="first")
        done = b.icmp("eq", k.q, beats - 1, name="last_beat")
        k.drive(b.mux(done, 0, b.add(k.q, 1)), enable=move)
        base = b.reg(index_bits, "base")
        base.drive(b.mux(done, 0, b.add(base.q, lanes)), enable=move)
        best = b.reg(bits, "best", reset=None)
        best_i = b.reg(index_bits, "best_index", reset=None)
        cur_v, cur_i = best.q, best_i.q
    else:
        first = done = b.const(1, 1)
        base = None
        cur_v = cur_i = None
    predicate = ("sge" if last else "sgt") if signed else ("uge" if last else "ugt")
    for lane, value in enumerate(b.lanes(in_data, bits)):
        if beats == 1 and lane >= real_last:
            break  # padding of the only beat
        index = b.add(base.q, lane) if base is not None and lane else (base.q if base is not None else b.const(lane, index_bits))
        if cur_v is None:
            cur_v, cur_i = value, index
            continue
        take = b.icmp(predicate, value, cur_v)
        if lane == 0:
            take = b.or_(take, first)
        if lane >= real_last:  # padding in the last beat
            take = b.and_(take, b.not_(done))
        cur_v = b.mux(take, value, cur_v, name=f"best{lane}")
        cur_i = b.mux(take, index, cur_i, name=f"best_index{lane}")
    assert cur_v is not None and cur_i is not None
    if beats > 1:
        best.drive(cur_v, enable=move)  # pyright: ignore[reportPossiblyUnboundVariable]
        best_i.drive(cur_i, enable=move)  # pyright: ignore[reportPossiblyUnboundVariable]
    finish = b.and_(move, done, name="finish")
    out = b.register(cur_i, "out_q", reset=None, enable=finish)
    full.drive(b.or_(finish, b.and_(full.q, b.not_(out_ready))))
    b.output("in_ready", ready)
    b.output("out_data", out)
    b.output("out_valid", full.q)
    return b.finish()


@rtl_builder(df.ArgmaxOp)
def argmax_engine(op: df.ArgmaxOp) -> EngineModule:
    x, y = op.input_stream, op.output_stream
    args = (x.beat_count, x.lane_count, x.bits, x.signed, y.bits, op.last, x.frame_size)
    return EngineModule(args, f"argmax_{x.frame_size}", lambda n: argmax_module(n, *args))


__all__ = ["argmax_engine", "argmax_module"]
