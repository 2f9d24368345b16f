"""The small stream engines as RTL, cycle for cycle the timing model of
`asic.dialects.dataflow`: `argmax_module` and the data width converters
`gather_module` / `scatter_module`. Ports follow the stream-block
convention of `asic.lowering.rtl.builder` (`clk, rst, in_data, in_valid,
in_ready, out_data, out_valid, out_ready`); FIFOs are
`rtl.builder.fifo_module` and the MVU is `asic.lowering.rtl.mvu`.

argmax (`B` beats of `L` lanes per frame): `in_ready = !full | out_ready`;
each beat's lanes are compared in lane order with the running maximum
(strictly greater replaces; greater or equal with `select_last_index`;
the first lane of a frame always replaces), the flat index `k*L + l` of the
winner kept with it; the last beat's winner is loaded into the output
register. The padding lanes of a frame's last beat never replace.

gather `a -> r*a`: the beats land in `r` slot registers (slot `k`), the
output word is the slots, the first beat in the low lanes; `out_full` is
set by the `r`-th beat, or by the last beat of a frame (`B` input beats per
frame, counted by `j` when `r` does not divide `B`; the slots after it are
padding). scatter `r*b -> b`: the input beat is held and piece `k` (lanes
`[k*b, (k+1)*b)`) is shown until the last piece moves: piece `r-1`, or the
frame's last output beat (`B` output beats per frame, counted by `j` when
`r` does not divide `B`).
"""

from __future__ import annotations

from xdsl.dialects import hw
from xdsl.dialects.builtin import i1
from xdsl.ir import SSAValue

from asic.dialects.rtl import address_bits
from asic.lowering.rtl.builder import ModuleBuilder


def _frame_end(b: ModuleBuilder, ratio: int, beats: int, step: SSAValue, k_last: SSAValue) -> SSAValue:
    """`k_last`, or also the frame's last beat (`beats` per frame, counted
    on `step`) when `ratio` does not divide `beats`."""
    if beats % ratio == 0:
        return k_last
    j = b.reg(address_bits(beats), "j")
    frame_last = b.icmp("eq", j.q, beats - 1, name="frame_last")
    j.drive(b.mux(frame_last, 0, b.add(j.q, 1)), enable=step)
    return b.or_(k_last, frame_last, name="end")


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


def gather_module(name: str, bits_in: int, ratio: int, beats: int, bits_out: int | None = None) -> hw.HWModuleOp:
    """`ratio` input beats of `bits_in` bits -> one output beat, and the
    rest of a frame of `beats` input beats -> one (padded) output beat; a
    frame converter's output (`bits_out < ratio * bits_in`) is the low bits
    (the rest is padding)."""
    b = ModuleBuilder(name)
    b.clock(), b.reset()
    in_data = b.input("in_data", bits_in)
    in_valid = b.input("in_valid", i1)
    out_ready = b.input("out_ready", i1)
    full = b.reg(1, "out_full")
    ready = b.or_(b.not_(full.q), out_ready, name="advance")
    move = b.and_(in_valid, ready, name="in_move")
    k = b.reg(address_bits(ratio), "k")
    done = _frame_end(b, ratio, beats, move, b.icmp("eq", k.q, ratio - 1, name="last_beat"))
    k.drive(b.mux(done, 0, b.add(k.q, 1)), enable=move)
    slots = []
    for j in range(ratio):
        here = b.and_(move, b.icmp("eq", k.q, j))
        slots.append(b.register(in_data, f"slot{j}", reset=None, enable=here))
    finish = b.and_(move, done, name="finish")
    full.drive(b.or_(finish, b.and_(full.q, b.not_(out_ready))))
    b.output("in_ready", ready)
    packed = b.concat(*reversed(slots))
    if bits_out is not None and bits_out < ratio * bits_in:
        packed = b.extract(packed, 0, bits_out)
    b.output("out_data", packed)
    b.output("out_valid", full.q)
    return b.finish()


def scatter_module(name: str, bits_out: int, ratio: int, beats: int, bits_in: int | None = None) -> hw.HWModuleOp:
    """One input beat of `ratio * bits_out` bits -> `ratio` output beats,
    fewer at the end of a frame of `beats` output beats; a frame
    converter's input (`bits_in < ratio * bits_out`) is padded with zeros
    into its last piece."""
    bits_in = ratio * bits_out if bits_in is None else bits_in
    b = ModuleBuilder(name)
    b.clock(), b.reset()
    in_data = b.input("in_data", bits_in)
    in_valid = b.input("in_valid", i1)
    out_ready = b.input("out_ready", i1)
    full = b.reg(1, "full")
    k = b.reg(address_bits(ratio), "k")
    out_move = b.and_(full.q, out_ready, name="out_move")
    last_piece = _frame_end(b, ratio, beats, out_move, b.icmp("eq", k.q, ratio - 1, name="last_piece"))
    ready = b.or_(b.not_(full.q), b.and_(out_ready, last_piece), name="ready")
    move = b.and_(in_valid, ready, name="in_move")
    held = b.register(in_data, "held", reset=None, enable=move)
    if bits_in < ratio * bits_out:
        held = b.zext(held, ratio * bits_out)
    full.drive(b.or_(move, b.and_(full.q, b.not_(b.and_(out_move, last_piece)))))
    k.drive(b.mux(last_piece, 0, b.add(k.q, 1)), enable=out_move)
    piece = b.extract(held, 0, bits_out)
    for j in range(1, ratio):
        piece = b.mux(b.icmp("eq", k.q, j), b.extract(held, j * bits_out, bits_out), piece)
    b.output("in_ready", ready)
    b.output("out_data", piece)
    b.output("out_valid", full.q)
    return b.finish()


__all__ = ["argmax_module", "gather_module", "scatter_module"]
