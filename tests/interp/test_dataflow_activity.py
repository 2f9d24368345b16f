"""The per-engine activity the dataflow timing model records for timelines:
off by default, it changes no cycle, covers every recorded cycle, and
agrees with the frames' start and end cycles and with the sink's ready."""

from __future__ import annotations

import numpy as np
import pytest

from asic.interp.dataflow import BUSY, IDLE, STALLED, simulate_timing
from support.drawn_designs import graph_of, scheduled_mlp


@pytest.fixture(scope="module")
def graph():
    return graph_of(scheduled_mlp())


def test_off_by_default(graph):
    assert simulate_timing(graph, 8).activity == []


@pytest.mark.parametrize("ready", ["1", "01", "0011"])
def test_recording_changes_no_cycle(graph, ready):
    plain = simulate_timing(graph, 12, ready_pattern=ready, extrapolate=False)
    recorded = simulate_timing(graph, 12, ready_pattern=ready, record=50)
    np.testing.assert_array_equal(recorded.start, plain.start)
    np.testing.assert_array_equal(recorded.end, plain.end)
    assert recorded.cycles == plain.cycles


@pytest.mark.parametrize("record", [1, 40, 10_000])
def test_runs_cover_the_recorded_cycles(graph, record):
    timing = simulate_timing(graph, 6, record=record)
    engines = [op for op in graph.engines() if not op.WIRES]
    assert [a.engine for a in timing.activity] == [op.engine_label for op in engines]
    last = min(record, timing.cycles)
    for activity in timing.activity:
        assert activity.runs[0][0] == 0 and activity.runs[-1][1] == last
        for (_, end, what), (first, _, after) in zip(activity.runs, activity.runs[1:]):
            assert end == first and what != after  # contiguous, merged
        assert sum(activity.cycles(w) for w in (BUSY, STALLED, IDLE)) == last


def _what_at(activity, cycle: int) -> str:
    return next(what for first, end, what in activity.runs if first <= cycle < end)


def test_frames_start_and_end_where_the_end_engines_are_busy(graph):
    timing = simulate_timing(graph, 5, record=10_000)
    first, last = timing.activity[0], timing.activity[-1]
    assert all(_what_at(first, int(c)) == BUSY for c in timing.start)
    assert all(_what_at(last, int(c)) == BUSY for c in timing.end)
    # nothing moves before the first input beat, and the last engine does nothing
    # before its first beat can arrive
    assert _what_at(last, 0) == IDLE


def test_the_last_engine_stalls_exactly_when_the_sink_is_not_ready(graph):
    timing = simulate_timing(graph, 5, ready_pattern="00000001", record=10_000)
    last = timing.activity[-1]
    stalled = [c for first, end, what in last.runs if what == STALLED for c in range(first, end)]
    assert stalled, "an output offered while the sink is not ready"
    assert all(c % 8 != 7 for c in stalled)
    always = simulate_timing(graph, 5, record=10_000).activity[-1]
    assert always.cycles(STALLED) == 0
