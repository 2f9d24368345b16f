"""The builder of `dataflow.fifo` (`asic.lowering.rtl.registry`): the RAM
FIFO `asic.lowering.rtl.builder.fifo_module` of the depth `schedule` chose,
one word per beat, which `asic.dialects.dataflow.fifo`'s timing model
describes register by register."""

from __future__ import annotations

from asic.dialects import dataflow as df
from asic.lowering.rtl.builder import fifo_module
from asic.lowering.rtl.registry import EngineModule, rtl_builder


@rtl_builder(df.FifoOp)
def fifo_engine(op: df.FifoOp) -> EngineModule:
    x = op.input_stream
    bits, depth = x.lane_count * x.bits, op.depth_value
    return EngineModule((bits, depth), f"fifo_w{bits}_d{depth}", lambda n: fifo_module(n, bits, depth))


__all__ = ["fifo_engine"]
