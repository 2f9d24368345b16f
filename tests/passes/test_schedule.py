"""`schedule`'s join FIFOs are those of the steady state at the graph's
interval (`asic.passes.schedule`, "Join FIFOs").

A residual block behind a convolution whose window generator takes the
graph's input: the generator takes its input beats as the MVU behind it
frees its buffer, over the whole interval, so a source that offers a
frame's beats in the first cycles of every II loses a period at each beat
refused and offers frames several IIs apart (frames then pass the block
alone). The paced source of the measure offers a frame every II, its beats
as the graph takes them: frames then overlap in the block as they do when
it runs at its interval, and the skip path's FIFO holds more.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp

from asic.dialects import dataflow as df
from asic.dialects.attributes import i64_attr
from asic.interp.dataflow import fifo_peaks, simulate_timing
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import UNBOUNDED, SchedulePass, schedule_graph
from asic.passes.tile import TilePass
from support.conv_nets import Conv, ConvNetSpec, Residual

FRAMES = 200

SAME_3X3 = Conv(4, (3, 3), pads=(1, 1, 1, 1))
BLOCK = ConvNetSpec((1, 6, 6), (SAME_3X3, Residual(SAME_3X3)))
"""A convolution of a 6x6 image to 4 channels, then a residual block of
a 3x3 convolution."""


def scheduled(spec: ConvNetSpec, multipliers: int) -> ModuleOp:
    module = spec.module()
    for p in (LowerQntToDataflowPass(), TilePass(multipliers=multipliers), SchedulePass()):
        p.apply(Context(), module)
    return module


def graph_of(module: ModuleOp) -> df.GraphOp:
    return next(op for op in module.walk() if isinstance(op, df.GraphOp))


def join_fifos(graph: df.GraphOp) -> list[df.FifoOp]:
    return [
        v.owner
        for op in graph.engines()
        if isinstance(op, df.AddOp)
        for v in op.input_values
        if isinstance(v.owner, df.FifoOp)
    ]


@pytest.fixture(scope="module")
def block() -> ModuleOp:
    return scheduled(BLOCK, 8)


def test_join_fifos_hold_the_steady_state_at_the_interval(block):
    module = block.clone()
    graph = graph_of(module)
    ii = graph.attributes["dataflow.ii"].value.data  # pyright: ignore
    depths = [f.depth.value.data for f in join_fifos(graph)]
    assert len(depths) == 2
    paced = simulate_timing(graph, FRAMES, frame_interval=ii)
    # the paced source: every frame starts when it is offered
    np.testing.assert_array_equal(paced.start, np.arange(FRAMES) * ii)
    assert paced.interval == simulate_timing(graph, FRAMES).interval == ii
    # the steady state with unbounded join FIFOs: no scheduled one would
    # have refused a beat (the measure at frames several IIs apart left
    # the skip path's one beat short), and the run is the same, cycle for
    # cycle
    unbounded = graph_of(module.clone())
    for fifo in join_fifos(unbounded):
        fifo.properties["depth"] = i64_attr(UNBOUNDED)
    peaks = fifo_peaks(unbounded, FRAMES, frame_interval=ii)
    assert all(peaks[f] <= d for f, d in zip(join_fifos(unbounded), depths))
    assert max(peaks[f] for f in join_fifos(unbounded)) == max(depths)
    free = simulate_timing(unbounded, FRAMES, frame_interval=ii)
    np.testing.assert_array_equal(paced.end, free.end)


def test_a_source_with_gaps_offers_frames_further_apart(block):
    """A frame's beats offered in the first cycles of every II (module
    docstring): frames several IIs apart on this graph."""
    graph = graph_of(block)
    ii = graph.attributes["dataflow.ii"].value.data  # pyright: ignore
    beats = df.stream_type_of(graph.body.block.args[0]).beat_count
    gaps = simulate_timing(graph, 4, valid_pattern="1" * beats + "0" * (ii - beats))
    assert min(np.diff(gaps.start)) > ii


ONE_BY_ONE = Conv(6, (1, 1))
CONVERTED_JOINS = (
    ConvNetSpec((1, 4, 4), (Conv(4, (1, 1)), Residual(Conv(4, (1, 1))))),
    ConvNetSpec((3, 4, 4), (ONE_BY_ONE, Residual(ONE_BY_ONE), Residual(ONE_BY_ONE))),
)
"""Residual blocks of 1x1 convolutions (MVUs on the pixels, no window
generator), whose branches meet at the add in whatever lanes their
foldings give them: data width converters in front of the joins."""


@settings(max_examples=25, deadline=None)
@given(spec=st.sampled_from(CONVERTED_JOINS), data=st.data())
def test_converters_in_front_of_a_join_keep_the_interval(spec, data):
    """Random foldings of every engine (the MVUs' `pe` and `simd`, the
    adds' lanes), the lanes legalized with converters: frames streamed at
    full rate and frames offered every II both run at the scheduled II."""
    module = spec.module()
    LowerQntToDataflowPass().apply(Context(), module)
    graph = graph_of(module)
    for op in graph.engines():
        factors = op.folding_factors()
        if factors:
            op.apply_folding([data.draw(st.sampled_from(f.candidates(padding=False))) for f in factors])
    df.legalize_lanes(graph)
    schedule_graph(graph)
    ii = graph.attributes["dataflow.ii"].value.data  # pyright: ignore
    assert simulate_timing(graph, 40).interval == ii
    assert simulate_timing(graph, 40, frame_interval=ii).interval == ii
