"""The timing simulation skips quiet cycles (`asic.interp.dataflow`,
"Quiet cycles"): on residual pipelines (forks, join FIFOs) fed by a paced
source as `schedule` feeds them (a frame every II, "Paced source"), by a
source with gaps, and under sink stalls, skipping gives the
start and end cycles, the total and the FIFO peaks of simulating every
cycle, and a deadlock is reported at the same cycle."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.utils.exceptions import InterpretationError, VerifyException

from asic.dialects import dataflow as df
from asic.interp.dataflow import fifo_peaks, simulate_timing
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from asic.passes.tile import TilePass
from support.dataflow_models import MlpSpec, qnt_mlp


def scheduled(spec: MlpSpec, budget: int) -> df.GraphOp:
    module = qnt_mlp(spec)
    for p in (LowerQntToDataflowPass(), TilePass(multipliers=budget), SchedulePass()):
        p.apply(Context(), module)
    return next(op for op in module.walk() if isinstance(op, df.GraphOp))


def interval(graph: df.GraphOp) -> int:
    return graph.attributes["dataflow.ii"].value.data  # pyright: ignore


def gaps(graph: df.GraphOp) -> str:
    """A source with gaps: a frame's beats offered in the first cycles of
    every II."""
    beats = df.stream_type_of(graph.body.block.args[0]).beat_count
    return "1" * beats + "0" * max(0, interval(graph) - beats)


@st.composite
def residual_graphs(draw) -> df.GraphOp:
    width = draw(st.sampled_from([4, 6, 8]))
    blocks = draw(st.integers(1, 2))
    sizes = [draw(st.sampled_from([6, 10])), *[width] * (blocks + 1), 3]
    spec = MlpSpec(
        sizes,
        seed=draw(st.integers(0, 1000)),
        tail="dequantize",
        residual=[False] + [True] * blocks + [False],
    )
    try:
        return scheduled(spec, draw(st.sampled_from([16, 24, 40])))
    except VerifyException:
        return scheduled(
            MlpSpec([6, 4, 4, 3], seed=0, tail="dequantize", residual=[False, True, False]), 16
        )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    graph=residual_graphs(),
    ready=st.sampled_from(["1", "1101", "1" * 4 + "0" * 60]),
    frames=st.integers(1, 12),
)
def test_skipping_quiet_cycles_changes_no_cycle_and_no_peak(graph, ready, frames):
    for valid, every in ((gaps(graph), 0), ("1", 0), ("1", interval(graph)), (gaps(graph), 3)):
        runs = [
            simulate_timing(
                graph,
                frames,
                valid_pattern=valid,
                ready_pattern=ready,
                frame_interval=every,
                skip_quiet=skip,
            )
            for skip in (True, False)
        ]
        np.testing.assert_array_equal(runs[0].start, runs[1].start)
        np.testing.assert_array_equal(runs[0].end, runs[1].end)
        assert runs[0].cycles == runs[1].cycles
    peaks = [
        fifo_peaks(graph, frames, frame_interval=interval(graph), skip_quiet=skip)
        for skip in (True, False)
    ]
    assert [peaks[0][f] for f in peaks[1]] == list(peaks[1].values()) and peaks[1]


def test_a_deadlock_is_reported_at_the_same_cycle():
    graph = scheduled(MlpSpec([4, 3], seed=1, tail="dequantize"), 12)
    messages = []
    for skip in (True, False):
        with pytest.raises(InterpretationError) as error:
            simulate_timing(
                graph, 2, ready_pattern="1" + "0" * 10_000, timeout=300, skip_quiet=skip
            )
        messages.append(str(error.value))
    assert messages[0] == messages[1] and "for 300 cycles (cycle " in messages[0]
