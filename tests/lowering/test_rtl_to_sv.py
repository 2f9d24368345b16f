"""The sv target on a mid-sized model: a random W8A8 784-512-256-10 MLP at
256 multipliers (535k weights in ROMs of up to 2128 words of 1512 bits)
builds with Verilator, whose simulation gives the dataflow interpreter's
integers and, frame for frame, its timing model's start and end cycles.
Before ROMs were printed as initialized arrays, the build alone took
minutes."""

from __future__ import annotations

import numpy as np
import pytest
from xdsl.context import Context

from asic.dialects import dataflow as df
from asic.interp.dataflow import simulate_timing
from asic.interp.runner import evaluate_op
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from asic.passes.tile import TilePass
from support.dataflow_models import MlpSpec, qnt_mlp


@pytest.mark.slow
def test_mid_sized_mlp_builds_and_matches_in_verilator():
    from asic.tools.asic_sim import simulate_design

    module = qnt_mlp(MlpSpec([784, 512, 256, 10], seed=0))
    ctx = Context()
    for step in (LowerQntToDataflowPass(), TilePass(multipliers=256), SchedulePass()):
        step.apply(ctx, module)
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    stream = df.stream_type_of(graph.body.block.args[0])
    lo, hi = stream.value_range()
    count = 3
    x = np.random.default_rng(0).integers(lo, hi + 1, (count, *stream.frame_shape))
    expected = evaluate_op(graph, [x.reshape(-1, *stream.frame_shape[1:])])[0]
    timing = simulate_timing(graph, count)
    LowerDataflowToRtlPass().apply(ctx, module)
    result = simulate_design(module, x)
    (out,) = result.outputs.values()
    np.testing.assert_array_equal(out.reshape(expected.shape), expected)
    np.testing.assert_array_equal(result.frame_start, timing.start)
    np.testing.assert_array_equal(result.frame_end, timing.end)
