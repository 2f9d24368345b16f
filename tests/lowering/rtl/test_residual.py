"""Residual connections in hardware (`dataflow.fork`, `dataflow.add`, the
join FIFOs `schedule` sizes): random residual MLPs with random foldings
run without deadlock, the dataflow interpreter gives the qnt interpreter's
integers, and the RTL interpreter the timing model's cycles, frame for
frame, under gaps and stalls; the digits residual MLP of
`asic.examples.digits` through Verilator, W8A8 and W4A4."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.utils.exceptions import VerifyException

from asic.dialects import dataflow as df
from asic.examples.digits import export_digits_residual_mlp, train_digits_residual_mlp
from asic.interp.dataflow import fifo_peaks, predict_timing, simulate_timing
from asic.interp.rtl import simulate
from asic.interp.runner import evaluate_op, run_function
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from asic.passes.tile import TilePass
from support.compiled_models import (
    Compiled,
    check_few_images,
    check_whole_split,
    digits_model_fixtures,
)
from support.dataflow_models import STORAGES, MlpSpec, qnt_mlp
from support.lowered import assert_rtl_meets

PATTERNS = (("1", "1"), ("110", "1"), ("1", "0110"), ("10", "0111"))


@st.composite
def residual_mlps(draw):
    width = draw(st.sampled_from([3, 4, 6, 8]))
    blocks = draw(st.integers(1, 3))
    sizes = [draw(st.sampled_from([4, 6, 10])), *[width] * (blocks + 1), draw(st.sampled_from([3, 5]))]
    layers = len(sizes) - 1
    residual = [False] + [True] * blocks + [False]
    if draw(st.booleans()):  # a residual on the graph's input: the input stream forks
        sizes[0] = width
        residual[0] = True
    spec = MlpSpec(
        sizes, seed=draw(st.integers(0, 1000)), tail=draw(st.sampled_from(["argmax", "dequantize"])),
        storages=[draw(st.sampled_from(STORAGES[:6])) for _ in range(layers + 1)],
        weight_storages=[draw(st.sampled_from(STORAGES[:6])) for _ in range(layers)],
        residual=residual,
    )  # fmt: skip
    return spec, draw(st.sampled_from([16, 24, 40, 1000]))


@settings(max_examples=12)
@given(residual_mlps())
def test_random_residual_graphs(case):
    spec, budget = case
    try:
        module = qnt_mlp(spec)
    except VerifyException:
        return  # a random model beyond the qnt limits
    ctx = Context()
    stream_count = 5
    x = np.random.default_rng(spec.seed).uniform(-2, 2, (stream_count, *module.body.block.ops.first.args[0].type.get_shape())).astype(np.float32)  # pyright: ignore
    (expected,) = run_function(module.clone(), [x.reshape(-1, x.shape[-1])]).values()
    LowerQntToDataflowPass().apply(ctx, module)
    TilePass(multipliers=budget).apply(ctx, module)
    SchedulePass().apply(ctx, module)
    module.verify()
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    forks = [op for op in graph.engines() if isinstance(op, df.ForkOp)]
    assert len(forks) == sum(spec.residual)
    # no join FIFO is ever full (the schedule's rule), so the pipeline runs at its II
    peaks = fifo_peaks(graph, 32)
    for fifo, peak in peaks.items():
        if isinstance(df.consumer_of(fifo.result)[0], df.AddOp):  # pyright: ignore
            assert peak <= fifo.depth.value.data
    assert predict_timing(graph)[0] == graph.attributes["dataflow.ii"].value.data  # pyright: ignore
    # the integers: the dataflow interpreter and the RTL interpreter give the qnt interpreter's
    (got,) = run_function(module, [x.reshape(-1, x.shape[-1])]).values()
    np.testing.assert_array_equal(np.asarray(got), np.asarray(expected))
    stream = df.stream_type_of(graph.body.block.args[0])
    lo, hi = stream.value_range()
    q = np.random.default_rng(spec.seed).integers(lo, hi + 1, (stream_count, *stream.frame_shape))
    (beats,) = evaluate_op(graph, [q.reshape(-1, *stream.frame_shape[1:])])
    timings = [simulate_timing(graph, stream_count, valid_pattern=v, ready_pattern=r) for v, r in PATTERNS]
    LowerDataflowToRtlPass().apply(ctx, module)
    assert_rtl_meets(module, q, beats, PATTERNS, timings)


# --------------------------------------------------------------------------
# The digits residual MLP
# --------------------------------------------------------------------------

residual_digits, compiled = digits_model_fixtures(
    "residual_digits", train_digits_residual_mlp, export_digits_residual_mlp
)


def skip_fifo_bits(compiled: Compiled) -> int:
    """The bits of the join FIFOs in front of the residual add."""
    (adder,) = [op for op in compiled.graph.engines() if isinstance(op, df.AddOp)]
    return sum(v.owner.cost("memory_bits") for v in adder.input_values if isinstance(v.owner, df.FifoOp))


def test_residual_mlp_forks_and_adds(compiled, residual_digits):
    kinds = [op.name for op in compiled.graph.engines()]
    assert kinds.count("dataflow.fork") == 1 and kinds.count("dataflow.add") == 1
    assert 0 < skip_fifo_bits(compiled)
    x = np.load(residual_digits / "test.npz")["x"][:3]
    result = simulate(compiled.rtl, compiled.quantized(x))
    (out,) = result.outputs.values()
    np.testing.assert_array_equal(out.reshape(3, -1), compiled.qnt_outputs(x))
    assert (result.interval, result.latency) == predict_timing(compiled.graph, 3)


def test_residual_mlp_in_verilator_few_images(compiled, residual_digits, tmp_path):
    """Verilator lints the design silently and agrees on 24 images."""
    check_few_images(compiled, residual_digits, tmp_path)


@pytest.mark.slow
def test_residual_mlp_in_verilator_whole_test_split(compiled, residual_digits):
    check_whole_split(compiled, residual_digits)
