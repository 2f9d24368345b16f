"""The timing simulation's deadlock watchdog counts a beat on any stream of
the graph, not only at its ports: a legal pipeline whose frame takes far
longer than the timeout to come out (a large layer folded onto few
multipliers) is simulated to the end, and a real deadlock is still one."""

from __future__ import annotations

import pytest
from xdsl.context import Context
from xdsl.utils.exceptions import InterpretationError

from asic.dialects import dataflow as df
from asic.interp.dataflow import simulate_timing
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from asic.passes.tile import TilePass
from support.dataflow_models import MlpSpec, qnt_mlp


def _graph(sizes: list[int], multipliers: int) -> df.GraphOp:
    module = qnt_mlp(MlpSpec(sizes, seed=1, tail="dequantize"))
    LowerQntToDataflowPass().apply(Context(), module)
    TilePass(multipliers=multipliers).apply(Context(), module)
    SchedulePass().apply(Context(), module)
    return next(op for op in module.walk() if isinstance(op, df.GraphOp))


def test_a_latency_beyond_the_timeout_is_not_a_deadlock() -> None:
    """64 x 64 then 64 x 4 on one multiplier each: a frame takes more than
    4096 cycles and no port moves for most of them, but a beat passes
    between the layers every 64 cycles."""
    graph = _graph([64, 64, 4], multipliers=2)
    timing = simulate_timing(graph, 3, timeout=500)
    assert timing.latency > 4096
    assert (timing.end > timing.start).all()
    assert simulate_timing(graph, 3).end.tolist() == timing.end.tolist()


def test_a_stalled_sink_is_still_a_deadlock() -> None:
    graph = _graph([4, 3], multipliers=12)
    with pytest.raises(InterpretationError, match="no beat moved on any stream for 200 cycles"):
        simulate_timing(graph, 2, ready_pattern="1" + "0" * 10_000, timeout=200)
