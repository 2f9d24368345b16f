"""The skid buffer (`dataflow.skid`): on any streams of a scheduled graph,
under gaps and stalls, the RTL interpreter gives the timing model's frame
cycles (its `out_valid` falls through from `in_valid`) and the dataflow
interpreter's integers; alone it adds no latency; its `in_ready` is a
register, so an RTL path from the consumer's ready to the producer ends
at it."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.rewriter import InsertPoint, Rewriter

from asic.dialects import dataflow as df
from asic.interp.dataflow import simulate_timing
from asic.interp.rtl import simulate
from asic.interp.runner import evaluate_op
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.lowering.rtl.skid import skid_module
from asic.passes.schedule import SchedulePass
from asic.passes.tile import TilePass
from support.dataflow_models import MlpSpec, qnt_mlp

PATTERNS = (("1", "1"), ("110", "1"), ("1", "0110"), ("10", "0111"), ("1", "001"))
FRAMES = 4


def _with_skids(budget: int, seed: int, where: list[bool]) -> tuple[df.GraphOp, object]:
    """An MLP 10 -> 6 -> 4 -> argmax tiled and scheduled, then a skid buffer
    in front of every engine input `where` selects (cycled)."""
    module = qnt_mlp(MlpSpec([10, 6, 4], seed=seed))
    ctx = Context()
    LowerQntToDataflowPass().apply(ctx, module)
    TilePass(multipliers=budget).apply(ctx, module)
    SchedulePass().apply(ctx, module)
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    engines = [op for op in graph.engines() if not op.WIRES]
    for k, op in enumerate(engines):
        if where[k % len(where)]:
            skid = df.SkidOp(op.input_values[0])
            Rewriter.insert_op(skid, InsertPoint.before(op))
            op.set_input(0, skid.result)
    module.verify()
    return graph, module


@settings(max_examples=10, deadline=None)
@given(
    budget=st.sampled_from([4, 12, 60]),
    seed=st.integers(0, 100),
    where=st.lists(st.booleans(), min_size=1, max_size=5),
)
def test_skids_anywhere_keep_rtl_equal_to_the_timing_model(budget, seed, where):
    graph, module = _with_skids(budget, seed, where)
    stream = df.stream_type_of(graph.body.block.args[0])
    lo, hi = stream.value_range()
    q = np.random.default_rng(seed).integers(lo, hi + 1, (FRAMES, *stream.frame_shape))
    (beats,) = evaluate_op(graph, [q.reshape(-1, *stream.frame_shape[1:])])
    timings = [simulate_timing(graph, FRAMES, valid_pattern=v, ready_pattern=r) for v, r in PATTERNS]
    LowerDataflowToRtlPass().apply(Context(), module)  # pyright: ignore[reportArgumentType]
    for (valid, ready), timing in zip(PATTERNS, timings):
        result = simulate(module, q, valid_pattern=valid, ready_pattern=ready)  # pyright: ignore[reportArgumentType]
        (out,) = result.outputs.values()
        np.testing.assert_array_equal(out.reshape(beats.shape), beats)
        np.testing.assert_array_equal(result.frame_start, timing.start)
        np.testing.assert_array_equal(result.frame_end, timing.end)


def test_a_skid_buffer_adds_no_latency():
    """Skid buffers everywhere: the frames of a run at full rate end in the
    same cycles as without them."""
    bare, _ = _with_skids(12, 3, [False])
    fenced, _ = _with_skids(12, 3, [True])
    assert sum(isinstance(op, df.SkidOp) for op in fenced.engines()) >= 3
    for valid, ready in (("1", "1"), ("110", "1")):
        a = simulate_timing(bare, FRAMES, valid_pattern=valid, ready_pattern=ready)
        b = simulate_timing(fenced, FRAMES, valid_pattern=valid, ready_pattern=ready)
        np.testing.assert_array_equal(a.end, b.end)


def test_in_ready_is_a_register():
    """`in_ready` is the inverted `full` register: no combinational path
    from `out_ready` (the hw.output's first operand does not depend on it)."""
    module = skid_module("s", 8)
    body = module.body.block
    (out_ready,) = [a for a in body.args if a.name_hint == "out_ready"]
    ready = body.last_op.operands[0]  # pyright: ignore[reportOptionalMemberAccess]
    seen, stack = set(), [ready]
    while stack:
        value = stack.pop()
        assert value != out_ready, "in_ready depends on out_ready combinationally"
        op = value.owner
        if id(op) in seen or not hasattr(op, "operands") or op.name == "seq.compreg":
            continue
        seen.add(id(op))
        stack.extend(op.operands)
