"""The vector-vector unit (`dataflow.vvu`) on random depthwise convolutions
(geometry, zero points, per-channel weights and requantization, bias,
clamp, channel folding chosen by `tile`): lowered from `qnt.conv2d` it
gives the qnt interpreter's integers in the dataflow interpreter and in
the RTL interpreter, with the frame start and end cycles the dataflow
timing model predicts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xdsl.context import Context

from asic.dialects import dataflow as df
from asic.interp.dataflow import simulate_timing
from asic.interp.runner import run_function
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
from asic.lowering.qnt_to_dataflow.conversion import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from asic.passes.tile import TilePass
from support.compiled_models import lint
from support.dataflow_models import parse_any
from support.lowered import assert_rtl_meets

CTX = Context()
PATTERNS = (("1", "1"), ("110", "1"), ("1", "0110"))


def depthwise_source(c: int, h: int, w: int, kernel: tuple[int, int], stride: int, pads: tuple[int, ...], seed: int) -> str:
    """A qnt function of one depthwise convolution, its requantization and
    a clamp, every parameter drawn from `seed`."""
    rng = np.random.default_rng(seed)
    kh, kw = kernel
    oh = (h + pads[0] + pads[2] - kh) // stride + 1
    ow = (w + pads[1] + pads[3] - kw) // stride + 1
    zx, zy = int(rng.integers(0, 256)), int(rng.integers(-20, 20))
    scales = ", ".join(f"{0.01 * (i + 1)}" for i in range(c))
    weights = rng.integers(-127, 128, (c, 1, kh, kw)).tolist()
    bias = rng.integers(-3000, 3000, c).tolist()
    multipliers = rng.integers(1 << 29, 1 << 31, c).tolist()
    shifts = rng.integers(36, 40, c).tolist()
    lo = int(rng.integers(-128, 0))
    qx, qy = f"!qnt.uniform<u8:f32, 0.0625:{zx}>", f"!qnt.uniform<i8:f32, 0.05:{zy}>"
    qw = f"!qnt.uniform<i8<-127:127>:f32:0, {{{scales}}}>"
    x, y = f"tensor<1x{c}x{h}x{w}x{qx}>", f"tensor<1x{c}x{oh}x{ow}x{qy}>"
    return f"""
func.func @main(%q: {x}) -> {y} {{
  %w = qnt.constant "dw.w" dense<{weights}> : tensor<{c}x1x{kh}x{kw}x{qw}>
  %b = qnt.constant "dw.b" dense<{bias}> : tensor<{c}xi16>
  %acc = qnt.conv2d %q, %w, %b pads {list(pads)} strides [{stride}, {stride}] groups {c} : ({x}, tensor<{c}x1x{kh}x{kw}x{qw}>, tensor<{c}xi16>) -> tensor<1x{c}x{oh}x{ow}xi32>
  %h = qnt.requantize %acc multipliers {multipliers} shifts {shifts} : (tensor<1x{c}x{oh}x{ow}xi32>) -> {y}
  %r = qnt.clamp %h min {lo} max 127 : ({y}) -> {y}
  func.return %r : {y}
}}"""


def lowered_matches_qnt(c, size, kernel, stride, pads, budget, seed) -> tuple[df.VvuOp, int]:
    """Lowered and tiled at `budget`, the depthwise convolution gives the qnt
    interpreter's integers in the dataflow and RTL interpreters, and the RTL
    the frame start and end cycles of the dataflow timing model (under
    stalls on both sides); returns the VVU and the pipeline's interval."""
    module = parse_any(depthwise_source(c, *size, kernel, stride, pads, seed))
    x = np.random.default_rng(seed).integers(0, 256, (3, 1, c, *size))
    (expected,) = run_function(module, [x]).values()
    LowerQntToDataflowPass().apply(CTX, module)
    TilePass(multipliers=budget).apply(CTX, module)
    SchedulePass().apply(CTX, module)
    module.verify()
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    (vvu,) = [op for op in graph.engines() if isinstance(op, df.VvuOp)]
    assert vvu.cost("multipliers") <= budget and c % vvu.simd_value == 0
    assert vvu.timing_alone() == (vvu.cost("cycles"), vvu.cost("latency"))
    interval = max(op.timing_alone()[0] for op in graph.engines())
    (got,) = run_function(module, [x]).values()
    np.testing.assert_array_equal(got, expected)
    timings = [simulate_timing(graph, len(x), valid_pattern=v, ready_pattern=r) for v, r in PATTERNS]
    LowerDataflowToRtlPass().apply(CTX, module)
    module.verify()
    assert_rtl_meets(module, x, expected, PATTERNS, timings)
    return vvu, interval


GEOMETRY = {
    "c": st.integers(2, 6),
    "size": st.tuples(st.integers(3, 6), st.integers(3, 6)),
    "kernel": st.tuples(st.integers(1, 3), st.integers(1, 3)),
    "stride": st.integers(1, 2),
    "pads": st.tuples(*[st.integers(0, 1)] * 4),
    "seed": st.integers(0, 1000),
}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(budget=st.integers(1, 6), **GEOMETRY)
def test_random_depthwise_convolutions(c, size, kernel, stride, pads, budget, seed):
    lowered_matches_qnt(c, size, kernel, stride, pads, budget, seed)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(taps=st.integers(2, 9), **GEOMETRY)
def test_random_depthwise_convolutions_with_parallel_taps(c, size, kernel, stride, pads, taps, seed):
    """Budgets of several taps of every channel: the VVU takes all the
    channels and more than one tap per beat (a partial last beat when they
    do not divide the window's taps, up to a whole window per beat) unless
    one tap per beat keeps the pipeline's interval (the window generator's
    input beats)."""
    budget = c * min(taps, kernel[0] * kernel[1])
    vvu, interval = lowered_matches_qnt(c, size, kernel, stride, pads, budget, seed)
    if vvu.windows * vvu.tap_count > interval:
        assert vvu.simd_value == c and vvu.parallel_taps_value > 1


@pytest.mark.parametrize(
    "c,kernel,budget",
    [(4, (3, 3), 2), (3, (1, 1), 3)],
    ids=["folded", "one-step"],
)
def test_vvu_systemverilog_lints_silently(c, kernel, budget, tmp_path):
    """Channel folds and taps selecting weights, bias and multipliers, and a
    single step per window (no step counter)."""
    module = parse_any(depthwise_source(c, 4, 4, kernel, 1, (1, 1, 1, 1) if kernel[0] > 1 else (0, 0, 0, 0), 0))
    for p in (LowerQntToDataflowPass(), TilePass(multipliers=budget), SchedulePass(), LowerDataflowToRtlPass()):
        p.apply(CTX, module)
    lint(module, tmp_path)
