"""Several pixels per beat through the elementwise engines and the joins:
random small convolutional networks (a convolution with a ReLU, a clip or
a lookup table, then a residual block -- a fork, a convolution and a
requantizing add -- or inception branches -- forks, convolutions and a
concat --, then an average, global average or no pool) tiled to a random
interval below the frame's pixel count (`tile{target-cycles=T}`: every
engine at the pixels per beat the interval needs) and scheduled: the
dataflow interpreter's integers equal the qnt interpreter's, the RTL
interpreter's equal them, and its frames start and end in the cycles the
timing model predicts, under valid/ready gaps; one such net lints
silently and agrees in Verilator."""

from __future__ import annotations

import contextlib
import io

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp

from asic.dialects import dataflow as df
from asic.interp.dataflow import predict_timing, simulate_timing
from asic.interp.rtl import simulate
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from asic.passes.tile import TilePass
from support.compiled_models import lint
from support.conv_nets import LUT_STORAGES, Branches, Conv, ConvNetSpec, Pool, Residual
from support.dataflow_models import random_float_inputs
from support.differential import run_function


def _conv(draw, channels: int, activation: str | None = None) -> Conv:
    """A shape-keeping convolution (stride 1, 'same' padding)."""
    k = draw(st.sampled_from([1, 3]))
    activation = activation or draw(st.sampled_from(["none", "relu", "clip", "lut"]))
    storage = draw(st.sampled_from(LUT_STORAGES[:4])) if activation == "lut" else "i8"
    return Conv(channels, (k, k), pads=((k - 1) // 2,) * 4, activation=activation, storage=storage)


@st.composite
def _nets(draw):
    c, h, w = draw(st.integers(1, 2)), draw(st.integers(2, 3)), draw(st.integers(2, 4))
    width = draw(st.integers(1, 3))
    layers: list = [_conv(draw, width)]
    if draw(st.booleans()):
        layers.append(Residual(_conv(draw, width, "none"), relu=draw(st.booleans())))
    else:
        layers.append(Branches(tuple(_conv(draw, draw(st.integers(1, 3))) for _ in range(draw(st.integers(2, 3))))))
    pool = draw(st.sampled_from(["none", "avg", "global"]))
    if pool == "global":
        layers.append(Pool("global"))
    elif pool == "avg":
        layers.append(Pool("avg", (2, 2), (1, 1), pads=(0, 0, 1, 1)))
    pixels = draw(st.sampled_from([p for p in df.pixel_counts(h, w) if p > 1]))
    return ConvNetSpec((c, h, w), tuple(layers), seed=draw(st.integers(0, 2**16))), h * w // pixels


@settings(max_examples=6, deadline=None)
@given(case=_nets(), valid=st.sampled_from(["1", "10", "0111"]), ready=st.sampled_from(["1", "110", "1000"]))
def test_pixels_through_joins(case, valid, ready):
    from asic.tools.asic_sim import host_of

    spec, interval = case
    module, graph, x, expected = _tiled(spec, interval)
    host = host_of(module, "the case")
    frames = host.quantize([x])
    sink = next(s for s in host.streams if not s.is_input)
    timing = simulate_timing(graph, frames.shape[0], valid_pattern=valid, ready_pattern=ready)
    result = simulate(_rtl(module), frames, valid_pattern=valid, ready_pattern=ready)
    for name, value in host.finish(result.outputs[sink.stream]).items():
        np.testing.assert_array_equal(value, expected[name])
    np.testing.assert_array_equal(result.frame_start, timing.start)
    np.testing.assert_array_equal(result.frame_end, timing.end)


def test_residual_and_branches_in_verilator(tmp_path):
    """1x1 convolutions (small to build), a residual block, inception
    branches with a lookup table and a global average pool at 4 pixels per
    beat of a 4x4 image: the SystemVerilog
    lints silently, and Verilator gives the qnt interpreter's integers
    with the predicted interval and latency."""
    from asic.tools.asic_sim import host_of, simulate_design

    spec = ConvNetSpec(
        (2, 4, 4),
        (
            Conv(2, (1, 1), activation="relu"),
            Residual(Conv(2, (1, 1)), relu=True),
            Branches((Conv(1, (1, 1), activation="lut", storage="i4"), Conv(2, (1, 1)))),
            Pool("global"),
        ),
        seed=3,
    )  # fmt: skip
    module, graph, x, expected = _tiled(spec, 4)
    kinds = {op.name: op for op in graph.engines()}
    assert {"dataflow.add", "dataflow.concat", "dataflow.fork", "dataflow.lut", "dataflow.pool"} <= set(kinds)
    assert kinds["dataflow.concat"].pixels_value == 4 and kinds["dataflow.pool"].pixels_value == 4
    rtl = _rtl(module)
    lint(rtl, tmp_path)
    host = host_of(module, "the case")
    result = simulate_design(rtl.clone(), host.quantize([x]))
    (out,) = result.outputs.values()
    for name, value in host.finish(out).items():
        np.testing.assert_array_equal(value, expected[name])
    assert (result.interval, result.latency) == predict_timing(graph, len(x))
    assert result.interval == 4


def _tiled(spec: ConvNetSpec, interval: int):
    """The spec lowered, tiled to `interval` cycles and scheduled, its graph
    (the integers of its dataflow interpreter checked against the qnt
    function's), inputs and the qnt function's outputs."""
    module = spec.module()
    x = random_float_inputs(module, 3, seed=spec.seed)
    expected = run_function(module, [x])
    ctx = Context()
    LowerQntToDataflowPass().apply(ctx, module)
    with contextlib.redirect_stderr(io.StringIO()):
        TilePass(target_cycles=interval).apply(ctx, module)
    SchedulePass().apply(ctx, module)
    module.verify()
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    assert graph.attributes["dataflow.ii"].value.data <= interval  # pyright: ignore
    joins = [op for op in graph.engines() if isinstance(op, (df.AddOp, df.ConcatOp))]
    assert joins and all(op.output_stream.beat_count <= interval for op in joins)
    for name, value in run_function(module, [x]).items():
        np.testing.assert_array_equal(value, expected[name])
    return module, graph, x, expected


def _rtl(module: ModuleOp) -> ModuleOp:
    rtl = module.clone()
    LowerDataflowToRtlPass().apply(Context(), rtl)
    rtl.verify()
    return rtl
