"""`schedule`: the static schedule of every `dataflow.graph`: each engine's
initiation interval and latency, the pipeline's, and the FIFOs that keep
the slowest engine busy.

Stored as attributes, so later passes and FileCheck read them:

- every engine: `dataflow.ii` (cycles per frame alone) and `dataflow.latency`
  (first input beat to last output beat of a frame, alone), from its cost
  model (`EngineOp.timing_alone`), which is its timing model alone;
- the graph: `dataflow.ii`, the largest engine II, which is the interval
  between frames streamed back to back, and `dataflow.latency`, the cycles
  from the first input beat of a frame to its last output beat through the
  empty pipeline (the timing model simulated for one frame,
  `asic.interp.dataflow.simulate_timing`, since engines overlap);
- FIFOs: the pass removes every `dataflow.fifo` and, in topological order,
  puts one in front of each engine input that asks for one: the depth is
  the engine's answer (`EngineOp.input_fifo_depth`) given the engine whose
  beats reach that input through data movers (`dataflow.producer_of`), of
  which it may ask how far apart its output beats come
  (`EngineOp.output_beat_spacing`).

Join FIFOs. An engine joining the branches of a fork (`dataflow.add`)
asks for a join FIFO (a measured one, `dataflow.MEASURED_FIFO`) on each input: a fork moves a
beat on only when both branches take it, so the beats of the faster
branch (a residual block's skip path) must wait for the slower one
somewhere other than in the fork. The rule: each join FIFO is as deep as
the most beats it holds (counting a beat as it is pushed) when frames
arrive at the pipeline's interval (the source offers a frame every `II`
cycles, its beats as fast as the graph takes them: `frame_interval` of
`asic.interp.dataflow`, so this is the steady state at `II`, however
slowly the first engine takes its beats) and every measured FIFO is unbounded
(the timing model over `JOIN_FRAMES` frames, which ends early once the
state repeats: the run is periodic from there), and at least the 3 of
full rate. With these depths no join FIFO is ever full when a beat
arrives at that rate, so the graph runs cycle for cycle as with unbounded
FIFOs: neither branch stalls the other, and nothing deadlocks (with
unbounded join FIFOs a fork always moves on: its branches drain into
them), for any folding of the engines on either branch. A faster source
waits at the bottleneck as in a chain (the tests check that the interval
of a run at full rate is still `II`). Pacing the source keeps the
measure to the beats that wait for the other branch: unpaced, a join
that is itself the bottleneck would count every beat the faster
upstream delivers.

Window-generator FIFOs. A sliding-window generator whose writer stalls
at its buffer depth (frames alone take longer than its input or output
beats: the writer waits for reads to free words, `asic.dialects.dataflow.swg`)
and whose input comes from an engine (not the graph's input, where the host
waits) asks for a measured FIFO (`dataflow.MEASURED_FIFO`) too: without
one, its stalls reach back into its producer, and two bottleneck engines
on either side of it (a convolution, then the pool's window generator,
then the next convolution) slow each other down. It is sized by the same
rule as the join FIFOs, in the same simulation: the most beats it holds
when every measured FIFO is unbounded and frames arrive at the pipeline's
interval, and at least the 3 of full rate; so the producer never waits
for the window generator's writer, only for its own consumer's pace.

Skid buffers. Most engines stall combinationally (their `in_ready`
depends on their `out_ready`), so a chain of engines is one
combinational ready path from the last one's state back into the first
one's registers. Along most of them it is a gate or two per engine, but a
window generator's handshake is deep at both ends: its `in_ready` is the
watermark comparison (wide signed counters), its stall enters its read
issue (`need < gw`) and from there its counters
(`EngineOp.DEEP_HANDSHAKE`). In LeNet the critical path (1.48 times the
lone MAC's) ran from the max pool's window generator (its watermark,
behind its `in_ready`) through the convolution's MVU into the first
window generator's issue logic. After the FIFOs, the pass puts a skid
buffer (`dataflow.skid`: `in_ready` a register, the beat passed on in the
same cycle) on every stream from an engine into an engine with a deep
handshake (a FIFO in front too: its read side's `out_ready` reaches its
RAM's read address), and on every stream out of one into an engine
without a registered `in_ready` (`EngineOp.REGISTERED_READY`: a FIFO or
a skid buffer there ends the chain already), so that no ready path
crosses a window generator's handshake and another engine's control; the
MLPs have no window generator, so nothing changes for them. Chosen over a registered
`in_ready` inside the window generator (its watermark computed a cycle
ahead, which would change when its writer may write and so the cycles of
every convolutional design, and would still leave its read side's stall
in the chain): a skid buffer adds no latency, keeps every engine's
timing model as it is, and costs a register of the stream's width and a
multiplexer. They are placed before the measured FIFOs are sized (a skid
buffer holds a beat, which the simulation counts).

An MVU asks for the beats its producer delivers while it is busy with a
row's later folds (`asic.dialects.dataflow.mvu`), a scatter converter whose
frames end in a partial beat for a whole frame's input beats
(`asic.dialects.dataflow.dwc`). With these depths the interval of a long
run of frames is the pipeline II (the bottleneck never waits, and whatever
is faster waits for it), which the tests check against the simulated
timing model on random pipelines.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import IntegerAttr, ModuleOp, i64
from xdsl.rewriter import InsertPoint, Rewriter
from xdsl.utils.exceptions import InterpretationError

from asic.diagnostics import UserError
from asic.dialects import dataflow as df
from asic.dialects.attributes import i64_attr
from asic.pass_options import OptionsPass

II_ATTR = "dataflow.ii"
LATENCY_ATTR = "dataflow.latency"


UNBOUNDED = 2**40
"""The depth of a measured FIFO while `schedule` measures it: never full."""

JOIN_FRAMES = 64
"""Frames streamed through the graph to measure its measured FIFOs (the
simulation stops early once the pipeline's state repeats)."""


def place_fifos(graph: df.GraphOp) -> None:
    """Remove the graph's FIFOs and skid buffers, put a FIFO in front of
    every engine input that asks for one, then the skid buffers; size the
    measured FIFOs (module docstring)."""
    for op in list(graph.body.block.ops):
        if isinstance(op, df.FifoOp | df.SkidOp):
            op.result.replace_all_uses_with(op.input)
            op.detach()
            op.erase()
    measured: list[df.FifoOp] = []
    for op in list(graph.engines()):
        for port, value in enumerate(op.input_values):
            depth = op.input_fifo_depth(port, df.producer_of(value))
            if depth:
                fifo = df.FifoOp(value, UNBOUNDED if depth == df.MEASURED_FIFO else depth)
                Rewriter.insert_op(fifo, InsertPoint.before(op))
                op.set_input(port, fifo.result)
                if depth == df.MEASURED_FIFO:
                    measured.append(fifo)
    place_skids(graph)
    if measured:
        from asic.interp.dataflow import fifo_peaks

        ii = max(op.timing_alone()[0] for op in graph.engines())
        peaks = fifo_peaks(graph, JOIN_FRAMES, frame_interval=ii)
        for fifo in measured:
            fifo.properties["depth"] = i64_attr(max(peaks[fifo], df.FIFO_FULL_RATE_DEPTH))


def place_skids(graph: df.GraphOp) -> None:
    """A skid buffer on every stream from an engine into an engine with a
    deep handshake, and out of one into an engine without a registered
    `in_ready` (module docstring)."""
    for op in list(graph.engines()):
        if op.WIRES:
            continue
        for port, value in enumerate(op.input_values):
            producer = df.wired_source(value).owner
            if isinstance(producer, df.EngineOp) and (
                op.DEEP_HANDSHAKE or (producer.DEEP_HANDSHAKE and not op.REGISTERED_READY)
            ):
                skid = df.SkidOp(value)
                Rewriter.insert_op(skid, InsertPoint.before(op))
                op.set_input(port, skid.result)


def schedule_graph(graph: df.GraphOp) -> None:
    """FIFOs, then the II and latency of every engine and of the graph."""
    from asic.interp.dataflow import simulate_timing

    place_fifos(graph)
    ii = 0
    for op in graph.engines():
        cycles, latency = op.timing_alone()
        op.attributes[II_ATTR] = IntegerAttr(cycles, i64)
        op.attributes[LATENCY_ATTR] = IntegerAttr(latency, i64)
        ii = max(ii, cycles)
    try:
        latency = simulate_timing(graph, 1).latency
    except InterpretationError as error:
        raise UserError(f"schedule: graph '{graph.graph_name}': {error}") from None
    graph.attributes[II_ATTR] = IntegerAttr(max(ii, 1), i64)
    graph.attributes[LATENCY_ATTR] = IntegerAttr(latency, i64)


@dataclass(frozen=True)
class SchedulePass(OptionsPass):
    """Store the initiation interval and latency of every engine and graph,
    and place the FIFOs that keep the slowest engine busy."""

    name = "schedule"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        graphs = [g for g in op.walk() if isinstance(g, df.GraphOp)]
        if not graphs:
            raise UserError("schedule: the module has no dataflow.graph: run lower-qnt-to-dataflow first")
        for graph in graphs:
            schedule_graph(graph)
