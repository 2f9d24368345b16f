"""Several pixels per beat through a convolution (depthwise or not) and a
pool: each window generator taking `p_in` pixels per beat and emitting `p`
windows per beat, the MVU behind it at its fastest folding taking them
(`pixels p`, `p` copies of its one-row datapath, `asic.lowering.rtl.
pixels`) or the VVU at a whole window per beat (`p` copies of its
one-window datapath, also on the pixels themselves with one tap), the max
or average pool taking whole windows (`pixels p`), a global average
pool several pixels of its frame per beat, on random geometries:
the dataflow interpreter's integers equal the qnt interpreter's, the RTL
interpreter's equal them, and its frames start and end in the cycles the
timing model predicts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp

from asic.dialects import dataflow as df
from asic.dialects.attributes import i64_attr
from asic.interp.dataflow import simulate_timing
from asic.interp.rtl import simulate
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from support.compiled_models import lint
from support.conv_nets import Conv, ConvNetSpec, Pool
from support.dataflow_models import random_float_inputs
from support.differential import run_function


def _divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


Choose = Callable[[list[int]], int]
"""Picks one of the values a factor may take (drawn, or the largest)."""


def _pixel_choices(choose: Choose, rows: int, cols: int) -> int:
    """Windows per beat: dividing a row of windows, or whole rows."""
    return choose([q for q in _divisors(rows * cols) if cols % q == 0 or q % cols == 0])


@st.composite
def _nets(draw):
    """A convolution (depthwise or not), and a max, average (padded or
    not) or global average pool behind it or not."""
    c, h, w = draw(st.integers(1, 3)), draw(st.integers(2, 6)), draw(st.integers(2, 6))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    pads = (kh // 2, kw // 2, (kh - 1) // 2, (kw - 1) // 2)
    depthwise = c > 1 and draw(st.booleans())
    channels = c if depthwise else draw(st.integers(1, 4))
    activation = draw(st.sampled_from(["none", "relu"]))
    conv = Conv(channels, (kh, kw), pads=pads, groups=c if depthwise else 1, activation=activation)
    layers: list = [conv]
    shape = conv.output((c, h, w))
    kind = draw(st.sampled_from(["none", "max", "avg", "global"]))
    if kind == "global":
        layers.append(Pool("global"))
    elif kind != "none" and min(shape[1:]) >= 2:
        k = draw(st.integers(1, 2))
        pads = (0, 0, 1, 1) if kind == "avg" and draw(st.booleans()) else (0, 0, 0, 0)
        layers.append(Pool(kind, (2, 2), (k, k), pads=pads, ceil_mode=False, count_include_pad=draw(st.booleans())))
    spec = ConvNetSpec((c, h, w), tuple(layers), seed=draw(st.integers(0, 2**16)))
    return spec, draw(st.data())


def _with_pixels(graph: df.GraphOp, choose: Choose) -> None:
    """Every generator at a random number of pixels in (dividing the
    frame's, one when it skips some) and windows out; the MVU behind one at `pe = N`, `simd = K`
    and `pixels` its windows per beat, a VVU at whole windows and `pixels`
    its windows per beat; a windowed pool at whole windows, a
    global pool at a random number of pixels per beat (the converters
    between them removed first, and put back where the lanes differ)."""
    df.remove_converters(graph)
    for swg in [op for op in graph.engines() if isinstance(op, df.SwgOp)]:
        _, _, h, w = swg.input_stream.frame_shape
        _, oh, ow, window = swg.output_stream.frame_shape
        p = _pixel_choices(choose, oh, ow)
        every_pixel = swg.model(swg.channels, swg.channels).stored.all()  # else one pixel per beat
        p_in = choose(_divisors(h * w)) if every_pixel else 1
        swg.properties["simd"] = i64_attr(p_in * swg.channels)
        swg.properties["out_simd"] = i64_attr(p * window)
        consumer, _ = df.consumer_of(swg.result) or (None, 0)
        if isinstance(consumer, df.MvuOp):
            consumer.properties.update(pe=i64_attr(consumer.out_features), simd=i64_attr(window), pixels=i64_attr(p))
        elif isinstance(consumer, df.VvuOp):
            whole = {"simd": consumer.channels, "parallel_taps": consumer.tap_count, "pixels": p}
            consumer.properties.update({k: i64_attr(v) for k, v in whole.items()})
        elif isinstance(consumer, df.PoolOp):
            consumer.properties.update(simd=i64_attr(consumer.channels), pixels=i64_attr(p))
    for vvu in [op for op in graph.engines() if isinstance(op, df.VvuOp) and op.pixels is None]:
        p = _pixel_choices(choose, *vvu.output_stream.frame_shape[2:])  # one tap on the pixels themselves
        vvu.properties.update(simd=i64_attr(vvu.channels), parallel_taps=i64_attr(1), pixels=i64_attr(p))
    for pool in [op for op in graph.engines() if isinstance(op, df.PoolOp) and op.is_global]:
        _, _, h, w = pool.input_stream.frame_shape
        p = _pixel_choices(choose, h, w)
        pool.properties.update(simd=i64_attr(pool.channels), pixels=i64_attr(p))
    df.legalize_lanes(graph)


@settings(max_examples=30, deadline=None)
@given(case=_nets(), valid=st.sampled_from(["1", "10", "0111"]), ready=st.sampled_from(["1", "110", "1000"]))
def test_pixels_per_beat(case, valid, ready):
    spec, data = case
    module, graph = _lowered(spec)
    assume(any(isinstance(op, df.SwgOp) for op in graph.engines()))
    _check(spec, module, graph, lambda values: data.draw(st.sampled_from(values)), valid, ready)


@pytest.mark.parametrize(
    "pool",
    [
        Pool("avg", (2, 2), (1, 1), pads=(0, 0, 1, 1)),  # a divisor per window
        Pool("avg", (2, 2), (2, 2), count_include_pad=True),
        Pool("global"),
    ],
)
def test_average_pools_at_the_most_pixels(pool, tmp_path):
    """Average pools at the most pixels per beat the frame allows (their
    SystemVerilog lints silently)."""
    spec = ConvNetSpec((2, 4, 4), (Conv(3, (3, 3), pads=(1, 1, 1, 1)), pool), seed=7)
    module, graph = _lowered(spec)
    _check(spec, module, graph, max, "10", "110", tmp_path)
    (engine,) = [op for op in graph.engines() if isinstance(op, df.PoolOp)]
    assert engine.pixels_value == (16 if pool.strides == (1, 1) or pool.kind == "global" else 4)


@pytest.mark.parametrize("kernel", [(3, 3), (1, 1)])
def test_depthwise_at_the_most_pixels(kernel, tmp_path):
    """A depthwise convolution (with one tap: the channel-wise
    multiply-add, on the pixels themselves) at 16 windows per beat (its
    SystemVerilog lints silently)."""
    pads = (1, 1, 1, 1) if kernel == (3, 3) else (0, 0, 0, 0)
    spec = ConvNetSpec((2, 4, 4), (Conv(2, kernel, pads=pads, groups=2, activation="relu"),), seed=5)
    module, graph = _lowered(spec)
    _check(spec, module, graph, max, "10", "110", tmp_path)
    (vvu,) = [op for op in graph.engines() if isinstance(op, df.VvuOp)]
    assert vvu.pixels_value == 16


def _lowered(spec: ConvNetSpec) -> tuple[ModuleOp, df.GraphOp]:
    module = spec.module()
    LowerQntToDataflowPass().apply(Context(), module)
    return module, next(op for op in module.walk() if isinstance(op, df.GraphOp))


def _check(
    spec: ConvNetSpec, module: ModuleOp, graph: df.GraphOp, choose: Choose, valid: str, ready: str, lint_in: Path | None = None
) -> None:
    """`choose` the pixels of every engine, then: the integers of the qnt
    function in the dataflow and RTL interpreters, the cycles of the timing
    model in the RTL interpreter (and `verilator --lint-only -Wall` in
    `lint_in`)."""
    from asic.tools.asic_sim import host_of

    reference = spec.module()
    x = random_float_inputs(reference, 3, seed=spec.seed)
    expected = run_function(reference, [x])
    _with_pixels(graph, choose)
    ctx = Context()
    SchedulePass().apply(ctx, module)
    module.verify()
    for name, value in run_function(module, [x]).items():
        np.testing.assert_array_equal(value, expected[name])
    host = host_of(module, "the case")
    frames = host.quantize([x])
    sink = next(s for s in host.streams if not s.is_input)
    timing = simulate_timing(graph, frames.shape[0], valid_pattern=valid, ready_pattern=ready)
    rtl = module.clone()
    LowerDataflowToRtlPass().apply(ctx, rtl)
    rtl.verify()
    if lint_in is not None:
        lint(rtl, lint_in)
    result = simulate(rtl, frames, valid_pattern=valid, ready_pattern=ready)
    for name, value in host.finish(result.outputs[sink.stream]).items():
        np.testing.assert_array_equal(value, expected[name])
    np.testing.assert_array_equal(result.frame_start, timing.start)
    np.testing.assert_array_equal(result.frame_end, timing.end)
