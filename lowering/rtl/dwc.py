"""The data width converters as RTL, cycle for cycle the timing model of
`asic.dialects.dataflow.dwc`: `gather_module` and `scatter_module`, with
the stream-block ports of `asic.lowering.rtl.builder` (`clk, rst, in_data,
in_valid, in_ready, out_data, out_valid, out_ready`), and their builder for
`dataflow.dwc` (`asic.lowering.rtl.registry`).

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
from xdsl.ir import SSAValue

from asic.dialects import dataflow as df
from asic.dialects.rtl import address_bits
from asic.lowering.rtl.builder import ModuleBuilder
from asic.lowering.rtl.registry import EngineModule, rtl_builder


def _frame_end(b: ModuleBuilder, ratio: int, beats: int, step: SSAValue, k_last: SSAValue) -> SSAValue:
    """`k_last`, or also the frame's last beat (`beats` per frame, counted
    on `step`) when `ratio` does not divide `beats`."""
    if beats % ratio == 0:
        return k_last
    j = b.reg(address_bits(beats), "j")
    frame_last = b.icmp("eq", j.q, beats - 1, name="frame_last")
    j.drive(b.mux(frame_last, 0, b.add(j.q, 1)), enable=step)
    return b.or_(k_last, frame_last, name="end")


def gather_module(name: str, bits_in: int, ratio: int, beats: int, bits_out: int | None = None) -> hw.HWModuleOp:
    """`ratio` input beats of `bits_in` bits -> one output beat, and the
    rest of a frame of `beats` input beats -> one (padded) output beat; a
    frame converter's output (`bits_out < ratio * bits_in`) is the low bits
    (the rest is padding)."""
    b, in_data, in_valid, out_ready = ModuleBuilder.stream_stage(name, bits_in)
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
    b, in_data, in_valid, out_ready = ModuleBuilder.stream_stage(name, bits_in)
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


@rtl_builder(df.DwcOp)
def dwc_engine(op: df.DwcOp) -> EngineModule:
    """A gather or a scatter of the converter's lanes and ratio; a frame
    counter only when the ratio does not divide the beats of a frame."""
    x, y, r = op.input_stream, op.output_stream, op.ratio
    a, b = x.lane_count * x.bits, y.lane_count * x.bits
    if op.is_gather:
        beats = x.beat_count if x.beat_count % r else r  # r | B: no frame counter
        return EngineModule(("gather", a, r, beats, b), f"dwc_gather_w{a}_r{r}", lambda n: gather_module(n, a, r, beats, b))
    beats = y.beat_count if y.beat_count % r else r
    return EngineModule(("scatter", b, r, beats, a), f"dwc_scatter_w{b}_r{r}", lambda n: scatter_module(n, b, r, beats, a))


__all__ = ["dwc_engine", "gather_module", "scatter_module"]
