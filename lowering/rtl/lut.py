"""The lookup-table engine as RTL, cycle for cycle the timing model of
`asic.dialects.dataflow.lut`, with the stream-block ports of
`asic.lowering.rtl.builder`, and its builder for `dataflow.lut`
(`asic.lowering.rtl.registry`).

One register stage (`in_ready = !full | out_ready`, `take = in_valid &
in_ready`) whose output register is a ROM per lane: the ROM of lane `l`
reads at address `take ? in_lane_l : held_l` (`held_l` loaded on `take`),
so its word is always `table[held_l]`, kept while the output stalls.
"""

from __future__ import annotations

import numpy as np
from xdsl.dialects import hw

from asic.dialects import dataflow as df
from asic.lowering.rtl.builder import ModuleBuilder
from asic.lowering.rtl.registry import EngineModule, rtl_builder


def lut_module(name: str, lanes: int, in_bits: int, out_bits: int, words: np.ndarray) -> hw.HWModuleOp:
    """`lanes` lanes of `in_bits` bits, each looked up in `words`
    (`2^in_bits` words of `out_bits` bits, indexed by the lane's bits)."""
    b, in_data, in_valid, out_ready = ModuleBuilder.stream_stage(name, lanes * in_bits)
    full = b.reg(1, "full")
    ready = b.or_(b.not_(full.q), out_ready, name="ready")
    take = b.and_(in_valid, ready, name="take")
    looked_up = []
    for lane, value in enumerate(b.lanes(in_data, in_bits)):
        held = b.register(value, f"held{lane}", reset=None, enable=take)
        looked_up.append(b.rom(b.mux(take, value, held), words, out_bits, name=f"table{lane}"))
    full.drive(b.or_(take, b.and_(full.q, b.not_(out_ready))))
    b.output("in_ready", ready)
    b.output("out_data", b.concat(*reversed(looked_up)) if lanes > 1 else looked_up[0])
    b.output("out_valid", full.q)
    return b.finish()


@rtl_builder(df.LutOp)
def lut_engine(op: df.LutOp) -> EngineModule:
    x, y = op.input_stream, op.output_stream
    words = op.rom_words()
    key = (x.lane_count, x.bits, y.bits, tuple(words.tolist()))
    args = (x.lane_count, x.bits, y.bits, words)
    return EngineModule(key, f"lut_w{x.lane_count * x.bits}", lambda name: lut_module(name, *args))


__all__ = ["lut_engine", "lut_module"]
