"""The skid buffer as RTL, register for register the timing model of
`asic.dialects.dataflow.skid`, and its builder for `dataflow.skid`
(`asic.lowering.rtl.registry`): `in_ready` is the register `!full`, so
the combinational ready chains of the engines on either side end here."""

from __future__ import annotations

from xdsl.dialects import hw

from asic.dialects import dataflow as df
from asic.lowering.rtl.builder import ModuleBuilder
from asic.lowering.rtl.registry import EngineModule, rtl_builder


def skid_module(name: str, bits: int) -> hw.HWModuleOp:
    """Beats of `bits` bits: `in_ready = !full`, `out_valid = full |
    in_valid`, `out_data = full ? skid_q : in_data`; edge: `full <= (full |
    in_move) & !out_ready`, `skid_q <= in_data` while empty."""
    b, in_data, in_valid, out_ready = ModuleBuilder.stream_stage(name, bits)
    full = b.reg(1, "full")
    empty = b.not_(full.q, name="empty")
    in_move = b.and_(in_valid, empty, name="in_move")
    skid = b.register(in_data, "skid_q", reset=None, enable=empty)
    full.drive(b.and_(b.or_(full.q, in_move), b.not_(out_ready)))
    b.output("in_ready", empty)
    b.output("out_data", b.mux(full.q, skid, in_data))
    b.output("out_valid", b.or_(full.q, in_valid))
    return b.finish()


@rtl_builder(df.SkidOp)
def skid_engine(op: df.SkidOp) -> EngineModule:
    x = op.input_stream
    bits = x.lane_count * x.bits
    return EngineModule(bits, f"skid_w{bits}", lambda name: skid_module(name, bits))


__all__ = ["skid_engine", "skid_module"]
