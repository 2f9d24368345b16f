"""The dataflow interpreter: the integers of every engine, beat by beat in
the hardware's order, and the cycles of the timing model of
`asic.dialects.dataflow`.

Integers. `DataflowFunctions` gives xDSL's `Interpreter` the
`dataflow.graph` op: it turns its operand tensors into streams, asks every
engine of its body in order for its output beats (`EngineOp.run_beats`, the
engine's functional model: the op answers, no engine is registered here)
and turns the yielded streams back into tensors. At run time a stream is
an int64 array `[B, beats, lanes]`: `B` frames (samples), each as its beats
in stream order (`frames_to_beats`), so what an engine sees is what travels
on the wires. The engines compute with the integer kernels of
`asic.dialects.qnt_kernels`, so the integers are those of the qnt
interpreter by construction.

Cycles. `simulate_timing(graph, frames)` runs the timing model cycle by
cycle on the control state of the engines only (`EngineOp.timing_model`:
step counters, pipeline valid bits, FIFO occupancy; no data), with the
driver of `asic-sim` and of the RTL interpreter: the source offers the next
input beat in cycle t when `valid_pattern[t % len]` is 1, the sink accepts
when `ready_pattern[t % len]` is 1, cycle 0 is the first after reset. In
each cycle: every stream's `valid` (from the engines' registers, and a
skid buffer's input: `TimingModel.FALL_THROUGH`), then
every stream's `ready`, the engines asked in reverse topological order
(backward from the graph's output), then every engine steps. Engines that
are wires (`dataflow.reshape`) join the streams on both sides into one. It
returns each frame's start and end cycles as the drivers measure them.
Once the engines' state at the start of an input frame repeats one seen at
an earlier frame start, the rest is periodic and is extrapolated (exactly:
the model is deterministic), so thousands of frames cost a few periods.
Quiet cycles: once a cycle moves no beat and leaves every engine's state
as it was, every cycle after it in which the source offers and the sink
accepts as in that one is the same quiet cycle, so the simulation goes on
at the first cycle where one of the two patterns changes (or where the
deadlock timeout falls due): a paced source's gaps and the cycles a graph
waits for its input cost nothing.
Paced source. `frame_interval=I` offers frame `f` from cycle `f * I` on
(on top of `valid_pattern`): its beats as fast as the graph takes them,
and a frame the graph has not taken by the time the next one is due waits
with it. This is a host with a frame every `I` cycles, so at the graph's
interval it is the steady state of the pipeline at that interval,
whatever rate the first engine takes its beats at (a `valid_pattern` that
offers a frame's beats in the first cycles of every `I` would lose a
period at every beat the first engine refuses).
`predict_timing(graph)` is the interval and latency of a run of frames.
The graph may fork and join inside; its boundary has one input and one
output stream, as the drivers have.

Activity. `simulate_timing(..., record=C)` also records, for the first C
cycles, what each engine (with a timing model) did in every cycle
(`Activity`): *stalled* when one of its outputs offered a beat its
consumer did not take; else *busy* when a beat moved on one of its ports
or its control state changed; else *idle*. Runs of equal cycles are kept
as intervals, and the periodic extrapolation waits until the recorded
cycles are simulated, so recording costs nothing when off (the default)
and a state per engine and cycle when on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from xdsl.interpreter import Interpreter, InterpreterFunctions, PythonValues, impl, register_impls
from xdsl.ir import SSAValue
from xdsl.utils.exceptions import InterpretationError

from asic.dialects import dataflow as df
from asic.dialects.dataflow import beats_to_frames, frames_to_beats, stream_type_of
from asic.dialects.dataflow.fifo import FifoTiming
from asic.dialects.qnt_kernels import INT

# --------------------------------------------------------------------------
# Integers
# --------------------------------------------------------------------------


def _checked(op: df.EngineOp, outputs: list[np.ndarray], count: int) -> list[np.ndarray]:
    """The output beats of `op`, checked against its output streams."""
    streams = op.output_streams
    if len(outputs) != len(streams):
        raise InterpretationError(f"{op.name}: {len(outputs)} output streams computed, it has {len(streams)}")
    for beats, stream in zip(outputs, streams):
        expected = (count, stream.beat_count, stream.lane_count)
        if beats.shape != expected or beats.dtype != INT:
            raise InterpretationError(
                f"{op.name}: computed beats of shape {list(beats.shape)} ({beats.dtype}), "
                f"its stream {stream} needs {list(expected)} (int64)"
            )
    return outputs


def run_graph(graph: df.GraphOp, frames: list[np.ndarray]) -> list[np.ndarray]:
    """The beats of the graph's outputs for the beats of its inputs."""
    block = graph.body.block
    beats: dict[SSAValue, np.ndarray] = dict(zip(block.args, frames))
    count = frames[0].shape[0] if frames else 0
    for op in graph.engines():
        outputs = op.run_beats([beats[v] for v in op.input_values])
        beats.update(zip(op.output_values, _checked(op, outputs, count)))
    return [beats[v] for v in graph.yield_op.operands]


@register_impls
class DataflowFunctions(InterpreterFunctions):
    """The `dataflow.graph` op on numpy int64 arrays (module docstring)."""

    @impl(df.GraphOp)
    def run_graph(
        self, interpreter: Interpreter, op: df.GraphOp, args: tuple[Any, ...]
    ) -> PythonValues:
        streams = []
        for arg, value in zip(op.body.block.args, args):
            stream = stream_type_of(arg)
            frames = np.asarray(value).astype(INT, copy=False).reshape(-1, *stream.frame_shape)
            streams.append(frames_to_beats(stream, frames))
        results = []
        for value, beats in zip(op.yield_op.operands, run_graph(op, streams)):
            stream = stream_type_of(value)
            frames = beats_to_frames(stream, beats)
            results.append(frames.reshape(frames.shape[0] * stream.frame_shape[0], *stream.frame_shape[1:]))
        return tuple(results)


# --------------------------------------------------------------------------
# The timing model: control state of each engine, cycle by cycle
# --------------------------------------------------------------------------


@dataclass
class Timing:
    """Cycles of a run of frames, as `asic-sim` reports them."""

    start: np.ndarray
    """Per frame, the cycle its first input beat moved."""
    end: np.ndarray
    """Per frame, the cycle its last output beat moved."""
    cycles: int
    """Cycles until the last output beat moved, plus one."""
    latency: int = field(init=False)
    interval: int = field(init=False)
    """`end[F-1] - end[F-2]`, -1 for a single frame."""

    activity: list[Activity] = field(default_factory=list)
    """With `record`, what each engine did (module docstring)."""

    def __post_init__(self) -> None:
        self.latency = int(self.end[0] - self.start[0])
        self.interval = int(self.end[-1] - self.end[-2]) if len(self.end) >= 2 else -1


BUSY, STALLED, IDLE = "busy", "stalled", "idle"
"""What an engine did in a cycle (module docstring)."""


@dataclass
class Activity:
    """What one engine did over the recorded cycles, as runs of cycles."""

    engine: str
    """Its `engine_label`."""
    kind: str
    """Its op name."""
    runs: list[tuple[int, int, str]] = field(default_factory=list)
    """`(first, last + 1, what)`, in order, covering the recorded cycles."""

    def add(self, cycle: int, what: str) -> None:
        if self.runs and self.runs[-1][2] == what and self.runs[-1][1] == cycle:
            first, _, _ = self.runs[-1]
            self.runs[-1] = (first, cycle + 1, what)
        else:
            self.runs.append((cycle, cycle + 1, what))

    def cycles(self, what: str) -> int:
        """How many recorded cycles the engine was `what`."""
        return sum(end - first for first, end, kind in self.runs if kind == what)


DEFAULT_TIMEOUT = 100_000
"""Cycles without a beat moving on any stream of the graph (its ports and
the streams between its engines) after which the simulation is a
deadlock: a frame may take far longer than this to come out, as long as
its engines keep passing beats."""


def _pattern(text: str, what: str) -> list[int]:
    if not text or set(text) - {"0", "1"} or "1" not in text:
        raise InterpretationError(
            f"{what} must be a string of 0s and 1s with at least one 1, got '{text}'"
        )
    return [int(c) for c in text]


@dataclass
class _Netlist:
    """The engines of a graph with a timing model, in topological order, and
    the streams between them as numbered nets (wires join the streams on
    their two sides into one net)."""

    models: list[df.TimingModel]
    ops: list[df.EngineOp]
    inputs: list[list[int]]
    """Per engine, the net of each input port."""
    outputs: list[list[int]]
    """Per engine, the net of each output port."""
    source: int
    """The net of the graph's input."""
    sink: int
    """The net of the graph's output."""
    count: int

    @classmethod
    def of(cls, graph: df.GraphOp) -> _Netlist:
        block = graph.body.block
        if len(block.args) != 1 or len(graph.yield_op.operands) != 1:
            raise InterpretationError(
                f"the timing model handles graphs of one input and one output stream, "
                f"'{graph.graph_name}' has {len(block.args)} and {len(graph.yield_op.operands)}"
            )
        nets: dict[SSAValue, int] = {}

        def net(value: SSAValue) -> int:
            return nets.setdefault(df.wired_source(value), len(nets))

        source = net(block.args[0])
        models, ops, inputs, outputs = [], [], [], []
        for op in graph.engines():
            if op.WIRES:
                continue
            try:
                models.append(op.timing_model())
            except NotImplementedError as error:
                raise InterpretationError(str(error)) from None
            ops.append(op)
            inputs.append([net(v) for v in op.input_values])
            outputs.append([net(v) for v in op.output_values])
        sink = net(graph.yield_op.operands[0])
        return cls(models, ops, inputs, outputs, source, sink, len(nets))


def simulate_timing(
    graph: df.GraphOp,
    frames: int,
    *,
    valid_pattern: str = "1",
    ready_pattern: str = "1",
    frame_interval: int = 0,
    timeout: int = DEFAULT_TIMEOUT,
    extrapolate: bool = True,
    record: int = 0,
    netlist: _Netlist | None = None,
    skip_quiet: bool = True,
) -> Timing:
    """Run `frames` frames through the timing model of `graph` (module
    docstring) and return their start and end cycles. `extrapolate=False`
    and `skip_quiet=False` simulate every period and every quiet cycle (the
    tests compare them); `record=C` records what each engine did in the
    first C cycles (`Timing.activity`); `netlist`: the timing models to
    step (`fifo_peaks` reads them afterwards); `frame_interval=I` paces
    the source (module docstring, "Paced source")."""
    if frames < 1:
        raise InterpretationError(f"frames must be >= 1, got {frames}")
    if frame_interval < 0:
        raise InterpretationError(f"frame_interval must be >= 0, got {frame_interval}")
    netlist = _Netlist.of(graph) if netlist is None else netlist
    models, in_nets, out_nets = netlist.models, netlist.inputs, netlist.outputs
    source, sink = netlist.source, netlist.sink
    in_bpf = stream_type_of(graph.body.block.args[0]).beat_count
    out_bpf = stream_type_of(graph.yield_op.operands[0]).beat_count
    valid_bits = _pattern(valid_pattern, "valid_pattern")
    ready_bits = _pattern(ready_pattern, "ready_pattern")
    valid_hold, ready_hold = _holds(valid_bits), _holds(ready_bits)
    # What each cycle asks of the engines, bound once: every output's
    # (net, out_valid, port); per engine, backward, (its out_ready list,
    # (port, net) of its outputs, in_ready, (port, net) of its inputs); per
    # engine, (step, its input nets, its out_ready list, the net of its one
    # input or -1).
    out_ready: list[list[int]] = [[0] * len(nets) for nets in out_nets]
    valid = [0] * netlist.count
    valids = [
        (n, _fall_through(m, valid, i[0]) if m.FALL_THROUGH else m.out_valid, port)
        for m, i, nets in zip(models, in_nets, out_nets)
        for port, n in enumerate(nets)
    ]
    readies = [
        (r, tuple(enumerate(o)), m.in_ready, tuple(enumerate(i)))
        for m, i, o, r in reversed(list(zip(models, in_nets, out_nets, out_ready)))
    ]
    steps = [
        (m.step, tuple(nets), r, nets[0] if len(nets) == 1 else -1)
        for m, nets, r in zip(models, in_nets, out_ready)
    ]
    total_in, total_out = frames * in_bpf, frames * out_bpf
    start = np.full(frames, -1, dtype=np.int64)
    end = np.full(frames, -1, dtype=np.int64)
    beat_in = beat_out = 0
    cycle = last_progress = 0
    seen: dict[tuple, tuple[int, int, int]] = {}
    ready = [0] * netlist.count
    activity = [Activity(op.engine_label, op.name) for op in netlist.ops] if record > 0 else []
    still = 0  # cycles in a row in which no beat moved ("Quiet cycles")
    while beat_out < total_out:
        release = beat_in // in_bpf * frame_interval  # the cycle the next beat's frame is offered from
        valid[source] = int(beat_in < total_in and valid_bits[cycle % len(valid_bits)] and cycle >= release)
        for n, out_valid, port in valids:
            valid[n] = out_valid(port)
        ready[sink] = ready_bits[cycle % len(ready_bits)]
        for readies_j, outputs, in_ready, inputs in readies:
            for port, n in outputs:
                readies_j[port] = ready[n]
            for port, n in inputs:
                ready[n] = in_ready(port, readies_j)
        moved_in = valid[source] and ready[source]
        moved_out = valid[sink] and ready[sink]
        moved = moved_in or moved_out
        recording = cycle < record
        quiet_check = skip_quiet and not recording and still > 0
        quiet_check = quiet_check and (still & (still - 1) == 0 or still % QUIET_CHECK == 0)
        if quiet_check:
            before = [m.state() for m in models]
        if recording:
            for j, (step, nets, out_ready_j, _) in enumerate(steps):
                in_valid = [valid[n] for n in nets]
                in_move = [v and ready[n] for v, n in zip(in_valid, nets)]
                moved = moved or any(in_move)
                state = models[j].state()
                step(in_valid, in_move, out_ready_j)
                changed = state != models[j].state()
                activity[j].add(cycle, _what(out_nets[j], valid, ready, in_move, changed))
        else:
            for step, nets, out_ready_j, net in steps:
                if net >= 0:  # one input port
                    v = valid[net]
                    move = v and ready[net]
                    moved = moved or move
                    step([v], [move], out_ready_j)
                else:
                    in_valid = [valid[n] for n in nets]
                    in_move = [v and ready[n] for v, n in zip(in_valid, nets)]
                    moved = moved or any(in_move)
                    step(in_valid, in_move, out_ready_j)
        new_frame = False
        if moved_in:
            if beat_in % in_bpf == 0:
                start[beat_in // in_bpf] = cycle
                new_frame = True
            beat_in += 1
        if moved_out:
            if beat_out % out_bpf == out_bpf - 1:
                end[beat_out // out_bpf] = cycle
            beat_out += 1
        if moved:  # a beat on any stream, inside the graph too
            last_progress = cycle
            still = 0
        elif cycle - last_progress >= timeout:
            raise InterpretationError(
                f"timing simulation: no beat moved on any stream for {timeout} cycles (cycle "
                f"{cycle}); {beat_out // out_bpf} of {frames} frames came out: a deadlock"
            )
        else:
            still += 1
            if quiet_check and before == [m.state() for m in models]:
                # A quiet cycle: every later cycle with the same source
                # valid and sink ready is the same quiet cycle.
                held = ready_hold[cycle % len(ready_bits)]
                if beat_in < total_in:
                    held = min(held, valid_hold[cycle % len(valid_bits)])
                    if cycle < release:
                        held = min(held, release - cycle)
                cycle = min(cycle + held, last_progress + timeout) - 1
        if new_frame and extrapolate and cycle >= record:
            f = (beat_in - 1) // in_bpf
            ended = beat_out // out_bpf
            key = (
                tuple(m.state() for m in models),
                (cycle + 1) % len(valid_bits),
                (cycle + 1) % len(ready_bits),
                beat_out % out_bpf,
                (f + 1) * frame_interval - cycle,  # the paced source's next frame, relative
            )
            if key in seen and f < frames - 1:
                g, t_g, ended_g = seen[key]
                period, span, outs = f - g, cycle - t_g, ended - ended_g
                repeats = (frames - 1 - f) // period
                for j in range(1, repeats + 1):
                    for m in range(1, period + 1):
                        start[f + (j - 1) * period + m] = start[g + m] + j * span
                    for m in range(outs):
                        end[ended + (j - 1) * outs + m] = end[ended_g + m] + j * span
                cycle += repeats * span
                last_progress = cycle
                beat_in += repeats * period * in_bpf
                beat_out += repeats * outs * out_bpf
                seen.clear()
            else:
                seen[key] = (f, cycle, ended)
        cycle += 1
    return Timing(start, end, cycle, activity)


QUIET_CHECK = 64
"""A cycle is checked for being quiet when the cycles in a row without a
beat moving up to it are a power of two or a multiple of this (module
docstring): a busy engine moves no beat for a few cycles at a time, a
quiet graph is found within this many cycles."""


def _holds(bits: list[int]) -> list[int]:
    """Per position `t` of a periodic pattern, how many positions from `t`
    on (itself included) have the bit of `t`: `2**62` for a constant
    pattern."""
    n = len(bits)
    if len(set(bits)) == 1:
        return [2**62] * n
    holds = [0] * n
    run = 0
    for t in reversed(range(2 * n)):  # twice round: runs wrap past the end
        run = run + 1 if bits[t % n] == bits[(t + 1) % n] else 1
        holds[t % n] = run
    return holds


def _fall_through(model: df.TimingModel, valid: list[int], net: int):
    """`out_valid` of a fall-through engine (`TimingModel.FALL_THROUGH`):
    its register or the `valid` of its input `net`, already evaluated (the
    engines are in topological order)."""
    return lambda port: model.out_valid(port) or valid[net]


def _what(outputs: list[int], valid: list[int], ready: list[int], in_move: list[int], changed: bool) -> str:
    """What an engine did in a cycle (module docstring)."""
    if any(valid[n] and not ready[n] for n in outputs):
        return STALLED
    if changed or any(in_move) or any(valid[n] and ready[n] for n in outputs):
        return BUSY
    return IDLE


def fifo_peaks(
    graph: df.GraphOp,
    frames: int,
    *,
    valid_pattern: str = "1",
    frame_interval: int = 0,
    skip_quiet: bool = True,
) -> dict[df.FifoOp, int]:
    """The most beats each FIFO of `graph` holds, counting a beat as it is
    pushed, over `frames` frames offered as `valid_pattern` and
    `frame_interval` say (the timing model): the smallest depth at which it
    would never have refused a beat."""
    netlist = _Netlist.of(graph)
    simulate_timing(
        graph, frames, valid_pattern=valid_pattern, frame_interval=frame_interval,
        netlist=netlist, skip_quiet=skip_quiet,
    )  # fmt: skip
    return {
        op: model.peak
        for op, model in zip(netlist.ops, netlist.models)
        if isinstance(op, df.FifoOp) and isinstance(model, FifoTiming)
    }


def predict_timing(
    graph: df.GraphOp,
    frames: int = 256,
    *,
    valid_pattern: str = "1",
    ready_pattern: str = "1",
) -> tuple[int, int]:
    """`(interval, latency)` of `frames` frames streamed back to back: the
    cycles per frame `end[F-1] - end[F-2]` and `end[0] - start[0]`, what
    `asic-sim` measures on the hardware."""
    timing = simulate_timing(
        graph, frames, valid_pattern=valid_pattern, ready_pattern=ready_pattern
    )
    return timing.interval, timing.latency


__all__ = [
    "Activity",
    "DataflowFunctions",
    "Timing",
    "beats_to_frames",
    "fifo_peaks",
    "frames_to_beats",
    "predict_timing",
    "run_graph",
    "simulate_timing",
]
