"""The fork as RTL, cycle for cycle the timing model of
`asic.dialects.dataflow.fork`: one input stream (`in_*`), two output
streams (`out0_*`, `out1_*`), an output register each, and its builder for
`dataflow.fork` (`asic.lowering.rtl.registry`)."""

from __future__ import annotations

from xdsl.dialects import hw
from xdsl.dialects.builtin import i1

from asic.dialects import dataflow as df
from asic.lowering.rtl.builder import ModuleBuilder
from asic.lowering.rtl.registry import EngineModule, rtl_builder


def fork_module(name: str, bits: int) -> hw.HWModuleOp:
    """Beats of `bits` bits to both outputs: `in_ready = (!full0 |
    out0_ready) & (!full1 | out1_ready)`, both output registers loaded when
    a beat moves in."""
    b = ModuleBuilder(name)
    b.clock(), b.reset()
    in_data = b.input("in_data", bits)
    in_valid = b.input("in_valid", i1)
    readies = [b.input(f"out{p}_ready", i1) for p in range(2)]
    fulls = [b.reg(1, f"full{p}") for p in range(2)]
    ready = b.and_(*(b.or_(b.not_(f.q), r) for f, r in zip(fulls, readies)), name="ready")
    take = b.and_(in_valid, ready, name="take")
    b.output("in_ready", ready)
    for p, (full, out_ready) in enumerate(zip(fulls, readies)):
        full.drive(b.or_(take, b.and_(full.q, b.not_(out_ready))))
        b.output(f"out{p}_data", b.register(in_data, f"data{p}", reset=None, enable=take))
        b.output(f"out{p}_valid", full.q)
    return b.finish()


@rtl_builder(df.ForkOp)
def fork_engine(op: df.ForkOp) -> EngineModule:
    bits = op.input_stream.lane_count * op.input_stream.bits
    return EngineModule(bits, f"fork_w{bits}", lambda name: fork_module(name, bits))


__all__ = ["fork_engine", "fork_module"]
