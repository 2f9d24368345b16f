"""A dataflow graph lowered to RTL against the dataflow interpreter: the
RTL interpreter's integers and the frames' start and end cycles equal the
dataflow interpreter's and its timing model's."""

from __future__ import annotations

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp

from asic.dialects import dataflow as df
from asic.interp.dataflow import simulate_timing
from asic.interp.rtl import simulate
from asic.interp.runner import evaluate_op
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass


def check_lowered(module: ModuleOp, graph: df.GraphOp, seed: int, count: int, patterns) -> None:
    """Lower `module` (holding `graph`) to RTL; for each `(valid, ready)`
    pattern, the RTL interpreter gives the dataflow interpreter's integers
    on `count` random frames, and their start and end cycles are the timing
    model's."""
    stream = df.stream_type_of(graph.body.block.args[0])
    lo, hi = stream.value_range()
    x = np.random.default_rng(seed).integers(lo, hi + 1, (count, *stream.frame_shape))
    expected = evaluate_op(graph, [x.reshape(-1, *stream.frame_shape[1:])])[0]
    timings = [simulate_timing(graph, count, valid_pattern=v, ready_pattern=r) for v, r in patterns]
    LowerDataflowToRtlPass().apply(Context(), module)
    module.verify()
    assert_rtl_meets(module, x, expected, patterns, timings)


def assert_rtl_meets(module: ModuleOp, x: np.ndarray, expected: np.ndarray, patterns, timings) -> None:
    """The RTL interpreter, on `module` (already lowered to RTL) with input
    frames `x`, gives `expected` under each `(valid, ready)` pattern, its
    frames starting and ending at the cycles of the matching timing model
    result (`simulate_timing`)."""
    for (valid, ready), timing in zip(patterns, timings):
        result = simulate(module, x, valid_pattern=valid, ready_pattern=ready)
        (out,) = result.outputs.values()
        np.testing.assert_array_equal(out.reshape(expected.shape), expected)
        np.testing.assert_array_equal(result.frame_start, timing.start)
        np.testing.assert_array_equal(result.frame_end, timing.end)
