"""The vector-vector unit as RTL: a `dataflow.vvu` is the reduction engine
(`asic.lowering.rtl.window_reduce`, kind "dot") with its weights, bias and
per-channel requantization as constants, cycle for cycle the timing model
of `asic.dialects.dataflow.window_reduce` it shares with the pools (the
pipeline registers of `VvuOp.pipeline_stages`); with several windows per
beat, that many copies of its one-window datapath."""

from __future__ import annotations

from asic.dialects import dataflow as df
from asic.dialects.rtl import port_prefix
from asic.lowering.rtl.registry import EngineModule, rtl_builder
from asic.lowering.rtl.window_reduce import ReduceSpec, reduce_module


def vvu_spec(op: df.VvuOp) -> ReduceSpec:
    """The hardware of a `dataflow.vvu`."""
    x, y = op.input_stream, op.output_stream
    x_type, y_type = op.input_type, op.output_type
    lo, hi = op.bounds()
    m, s = op.channel_multipliers()
    spec = ReduceSpec(
        op.shape(), "dot", x.bits, x.signed, x_type.zero_point, y.bits, y.signed, y_type.zero_point, lo, hi,
        weights=tuple(tuple(int(v) for v in row) for row in op.effective_weights()),
        parallel_taps=op.parallel_taps_value,
        pixels=op.pixels_value,
        bias=tuple(int(v) for v in op.bias_array()),
        channel_multipliers=tuple(int(v) for v in m),
        channel_shifts=tuple(int(v) for v in s),
        accumulator=op.accumulator.width.data,
    )  # fmt: skip
    assert spec.shape == op.shape(), (spec.shape, op.shape())  # the timing model's registers
    return spec


@rtl_builder(df.VvuOp)
def vvu_engine(op: df.VvuOp) -> EngineModule:
    """The module of a `dataflow.vvu`."""
    spec = vvu_spec(op)
    base = port_prefix(op.weight_name.removesuffix(".weight").removesuffix("_weight"))
    return EngineModule(spec, f"vvu_{base}", lambda name: reduce_module(name, spec))


__all__ = ["vvu_engine", "vvu_spec"]
