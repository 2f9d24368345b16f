"""Convolutions and pools through `lower-qnt-to-dataflow` on random
geometries (kernel sides 1 to 7, rectangular, strides, dilations,
symmetric and asymmetric pads, ceil mode, grouped convolutions, max, average
with and without the padding counted, global average) with random foldings
of their engines: the dataflow interpreter's integers equal the qnt
interpreter's, and the RTL interpreter gives them in the cycles the
dataflow interpreter predicts."""

from __future__ import annotations

import itertools
import sys

from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import Float32Type, IntegerType, ModuleOp, TensorType
from xdsl.ir import Block, Region

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.dialects.qnt import UniformQuantizedType as U
from asic.dialects.shapes import first_empty_window, pooled_size
from asic.interp.dataflow import predict_timing, run_graph
from asic.interp.rtl import simulate
from asic.interp.runner import evaluate_op, run_function
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
from asic.lowering.qnt_to_dataflow import lower_function
from asic.passes.schedule import schedule_graph

CTX = Context()


@st.composite
def layers(draw):
    """A random qnt function: quantize, one conv (+ requantize) or pool, dequantize."""
    kind = draw(st.sampled_from(["conv", "conv", "max", "avg", "global"]))
    c = draw(st.integers(1, 4))
    h, w = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    kh, kw = draw(st.integers(1, min(7, h + 2))), draw(st.integers(1, min(7, w + 2)))
    sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    dh, dw = (draw(st.integers(1, 2)), draw(st.integers(1, 2))) if kind != "global" else (1, 1)
    pads = [draw(st.integers(0, k - 1)) for k in (kh, kw, kh, kw)]
    ceil = kind in ("max", "avg") and draw(st.booleans())
    out = [pooled_size(n, k, s, pads[a], pads[a + 2], d, ceil) for a, (n, k, s, d) in enumerate(((h, kh, sh, dh), (w, kw, sw, dw)))]
    if kind != "global":
        assume(min(out) >= 1)
        for a, (n, k, s, d) in enumerate(((h, kh, sh, dh), (w, kw, sw, dw))):
            assume(first_empty_window(n, k, s, pads[a], d, out[a]) is None)
    seed = draw(st.integers(0, 2**31))
    groups = 2 if kind == "conv" and c in (2, 4) and c > 2 and draw(st.booleans()) else 1
    return kind, (c, h, w), (kh, kw), (sh, sw), (dh, dw), pads, ceil, groups, seed


def build(kind, chw, kernel, strides, dilations, pads, ceil, groups, seed) -> ModuleOp:
    rng = np.random.default_rng(seed)
    c, h, w = chw
    block = Block(arg_types=[TensorType(Float32Type(), [1, c, h, w])])
    x_type = U("u8", 0.02, int(rng.integers(0, 256))) if rng.random() < 0.5 else U("i8", 0.02, int(rng.integers(-128, 128)))
    ops = [qnt.QuantizeOp(block.args[0], x_type)]
    x = ops[-1].results[0]
    if kind == "conv":
        o = 2 * int(rng.integers(1, 3)) if groups > 1 else int(rng.integers(1, 5))
        w_type = U("i8", [0.01] * o, [0] * o, axis=0, storage_range=(-127, 127))
        weight = qnt.ConstantOp.from_array("w", rng.integers(-127, 128, (o, c // groups, *kernel)), w_type)
        bias = qnt.ConstantOp.from_array("b", rng.integers(-3000, 3000, o), IntegerType(16))
        conv = qnt.Conv2dOp(x, weight.result, bias.result, strides=strides, pads=pads, dilations=dilations, groups=groups)
        y_type = U("i8", 0.05, int(rng.integers(-20, 20)))
        taps = kernel[0] * kernel[1] * c // groups
        reals = [Fraction(float(rng.uniform(0.5, 2.0) * 64 / (np.sqrt(taps) * 128 * 127 / 3))) for _ in range(o)]
        width = conv.result.type.get_element_type().width.data  # pyright: ignore
        bits = min(qnt.MULTIPLIER_BITS, qnt.MAX_PRODUCT_BITS - width)
        lo = y_type.zero_point if rng.random() < 0.5 else None
        ops += [weight, bias, conv, qnt.RequantizeOp.from_scales(conv.result, y_type, reals, min=lo, bits=bits)]
    elif kind == "max":
        ops.append(qnt.Maxpool2dOp(x, kernel, strides=strides, pads=pads, dilations=dilations, ceil_mode=ceil))
    elif kind == "avg":
        y_type = U("i8", 0.015, int(rng.integers(-20, 20)))
        include = bool(rng.random() < 0.5)
        ops.append(qnt.Avgpool2dOp.from_types(
            x, y_type, kernel, strides=strides, pads=pads, dilations=dilations, ceil_mode=ceil, count_include_pad=include
        ))
    else:
        ops.append(qnt.GlobalAvgpool2dOp.from_types(x, U("u8", 0.01, 3)))
    ops.append(qnt.DequantizeOp(ops[-1].results[0]))
    ops.append(func.ReturnOp(ops[-1].results[0]))
    block.add_ops(ops)
    function = func.FuncOp("main", ([block.args[0].type], [ops[-2].results[0].type]), Region(block))
    module = ModuleOp([function])
    module.verify()
    return module


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(layer=layers(), data=st.data())
def test_random_geometries_and_foldings(layer, data):
    module = build(*layer)
    c, h, w = layer[1]
    rng = np.random.default_rng(layer[-1])
    x = rng.uniform(-3, 3, (3, 1, c, h, w)).astype(np.float32)
    expected = [np.asarray(run_function(module, [s]).popitem()[1]) for s in x]
    function = next(op for op in module.ops if isinstance(op, func.FuncOp))
    graph = lower_function(function)
    assert graph is not None
    for op in list(graph.engines()):
        factors = op.folding_factors()
        if factors:
            # every combination the engine can take (a window generator's
            # out_simd a multiple of its simd: parallel windows)
            options = [v for v in itertools.product(*(f.candidates() for f in factors)) if op.folded_cost(v)[0] < sys.maxsize]
            op.apply_folding(data.draw(st.sampled_from(options), label=f"{op.name} {[f.name for f in factors]}"))
    df.legalize_lanes(graph)
    schedule_graph(graph)
    module.verify()
    got = [np.asarray(run_function(module, [s]).popitem()[1]) for s in x]
    np.testing.assert_array_equal(np.stack(got), np.stack(expected))  # the graph's integers, dequantized
    quantize = next(op for op in function.body.block.ops if isinstance(op, qnt.QuantizeOp))
    xq = np.stack([np.asarray(evaluate_op(quantize, [s])[0]) for s in x])
    beats = run_graph(graph, [df.frames_to_beats(df.stream_type_of(graph.body.block.args[0]), xq)])[0]
    frames = df.beats_to_frames(df.stream_type_of(graph.yield_op.operands[0]), beats)
    rtl = module.clone()
    LowerDataflowToRtlPass().apply(CTX, rtl)
    result = simulate(rtl, {graph.stream_input_names[0]: xq})
    out = result.outputs[graph.stream_output_names[0]]
    np.testing.assert_array_equal(out.reshape(frames.shape), frames)
    assert (result.interval, result.latency) == predict_timing(graph, len(x))
