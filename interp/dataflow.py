"""The dataflow interpreter: the integers of every engine, tile by tile in
the hardware's order, and the cycles of the timing model of
`asic.dialects.dataflow`.

Integers. `DataflowFunctions` gives xDSL's `Interpreter` the dataflow ops.
A `dataflow.graph` turns its operand tensors into streams, runs its body and
turns the yielded streams back into tensors. At run time a stream is an
int64 array `[B, beats, lanes]`: `B` frames (samples), each as its beats in
stream order (`frames_to_beats`), so what an engine sees is what travels on
the wires. The MVU runs its folding loop as the hardware does, per row: for
each neuron fold `nf` the accumulators start at the bias and add, for each
synapse fold `sf`, the products of one input beat with one ROM word, then
are requantized into one output beat; the products and the requantization
are `asic.interp.qnt`'s `dense_accumulate` and `requantize`, so the
integers are those of the qnt interpreter by construction (rows and samples
are vectorized, the `(nf, sf)` loop is not). The argmax keeps a running
best beat by beat; converters, FIFOs and reshapes move beats.

Cycles. `simulate_timing(graph, frames)` runs the timing model cycle by
cycle on the control state of the engines only (step counters, pipeline
valid bits, FIFO occupancy; no data), with the driver of `asic-sim` and of
the RTL interpreter: the source offers the next input beat in cycle t when
`valid_pattern[t % len]` is 1, the sink accepts when `ready_pattern[t %
len]` is 1, cycle 0 is the first after reset. It returns each frame's
start and end cycles as they measure them. Once the engines' state at the
start of an input frame repeats one seen at an earlier frame start, the
rest is periodic and is extrapolated (exactly: the model is deterministic),
so thousands of frames cost a few periods. `predict_timing(graph)` is the
interval and latency of a run of frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from xdsl.interpreter import (
    Interpreter,
    InterpreterFunctions,
    PythonValues,
    ReturnedValues,
    TerminatorValue,
    impl,
    impl_terminator,
    register_impls,
)
from xdsl.ir import Operation
from xdsl.utils.exceptions import InterpretationError

from asic.dialects import dataflow as df
from asic.dialects.dataflow import StreamType, stream_type_of
from asic.dialects.qnt_kernels import INT, dense_accumulate, requantize

# --------------------------------------------------------------------------
# Frames and beats
# --------------------------------------------------------------------------


def _padded(stream: StreamType, elements: np.ndarray) -> np.ndarray:
    """Elements `[B, F]` in stream order as beats `[B, beats, lanes]`, the
    padding lanes 0."""
    count = elements.shape[0]
    if stream.padding:
        elements = np.concatenate([elements, np.zeros((count, stream.padding), INT)], axis=1)
    return np.ascontiguousarray(elements).reshape(count, stream.beat_count, stream.lane_count)


def beat_elements(stream: StreamType, beats: np.ndarray) -> np.ndarray:
    """Beats `[B, beats, lanes]` as the elements they carry in stream order,
    `[B, F]` (padding dropped)."""
    return beats.reshape(beats.shape[0], -1)[:, : stream.frame_size]


def frames_to_beats(stream: StreamType, frames: np.ndarray) -> np.ndarray:
    """Frames `[B, *shape]` as the beats that carry them, `[B, beats, lanes]`
    (padding lanes 0)."""
    frames = np.asarray(frames).astype(INT, copy=False)
    count = frames.shape[0]
    order = [0] + [a + 1 for a in stream.axis_order]
    ordered = frames.transpose(order) if not stream.has_identity_order else frames
    return _padded(stream, np.ascontiguousarray(ordered).reshape(count, -1))


def beats_to_frames(stream: StreamType, beats: np.ndarray) -> np.ndarray:
    """Inverse of `frames_to_beats` (padding dropped)."""
    count = beats.shape[0]
    transposed = [stream.frame_shape[a] for a in stream.axis_order]
    frames = beat_elements(stream, beats).reshape(count, *transposed)
    if not stream.has_identity_order:
        frames = frames.transpose([0] + [a + 1 for a in np.argsort(stream.axis_order)])
    return np.ascontiguousarray(frames)


# --------------------------------------------------------------------------
# The engines' integers
# --------------------------------------------------------------------------


def _pad(values: np.ndarray, size: int) -> np.ndarray:
    """`values` `[N]` padded with 0 to `size`."""
    return np.concatenate([values, np.zeros(size - len(values), INT)])


def run_mvu(op: df.MvuOp, beats: np.ndarray) -> np.ndarray:
    """The output beats `[B, R*NF, pe]` of an MVU given its input beats
    `[B, R*SF, simd]`, folding loop in hardware order; a partial last fold
    runs on the ROM's padding (weights `zw` past `K`, channels of weight,
    bias and multiplier 0 past `N`), and its padding lanes are set to 0."""
    count = beats.shape[0]
    rows, pe, simd = op.rows, op.pe_value, op.simd_value
    nf_count, sf_count = op.neuron_folds, op.synapse_folds
    n, padded_n = op.out_features, nf_count * pe
    x = beats.reshape(count * rows, sf_count, simd)
    rom = op.rom_words().reshape(nf_count, sf_count, pe, simd)
    zw = _pad(op.weight_zero_points(), padded_n)
    bias = op.bias_array()
    bias = _pad(bias, padded_n) if bias is not None else None
    multipliers, shifts = (_pad(v, padded_n) for v in op.channel_multipliers())
    zx = op.input_type.zero_point
    zy = op.output_type.zero_point
    lo, hi = op.bounds()
    out = np.empty((count * rows, nf_count, pe), dtype=INT)
    for nf in range(nf_count):
        channels = slice(nf * pe, (nf + 1) * pe)
        acc = np.zeros((count * rows, pe), dtype=INT)
        if bias is not None:
            acc = acc + bias[channels]
        for sf in range(sf_count):
            acc = acc + dense_accumulate(x[:, sf, :], zx, rom[nf, sf], zw[channels], None)
        out[:, nf, :] = requantize(acc, multipliers[channels], shifts[channels], zy, lo, hi)
    out = out.reshape(count * rows, padded_n)
    out[:, n:] = 0
    return out.reshape(count, rows * nf_count, pe)


def run_argmax(op: df.ArgmaxOp, beats: np.ndarray) -> np.ndarray:
    """`[B, 1, 1]`: the flat index of the first (or last) maximum, kept beat
    by beat as the engine does."""
    count, nbeats, lanes = beats.shape
    real = lanes - op.input_stream.padding  # lanes of the last beat that are not padding
    last = op.last
    best = np.zeros(count, dtype=INT)
    index = np.zeros(count, dtype=INT)
    for b in range(nbeats):
        beat = beats[:, b, :] if b < nbeats - 1 else beats[:, b, :real]
        if last:
            lane = beat.shape[1] - 1 - np.argmax(beat[:, ::-1], axis=1)
        else:
            lane = np.argmax(beat, axis=1)
        value = beat[np.arange(count), lane]
        take = np.ones(count, dtype=bool) if b == 0 else (value >= best if last else value > best)
        best = np.where(take, value, best)
        index = np.where(take, b * lanes + lane, index)
    return index.reshape(count, 1, 1)


# --------------------------------------------------------------------------
# Interpreter functions
# --------------------------------------------------------------------------


@register_impls
class DataflowFunctions(InterpreterFunctions):
    """The dataflow ops on numpy int64 arrays (see the module docstring)."""

    @impl(df.GraphOp)
    def run_graph(
        self, interpreter: Interpreter, op: df.GraphOp, args: tuple[Any, ...]
    ) -> PythonValues:
        streams = []
        for arg, value in zip(op.body.block.args, args):
            stream = stream_type_of(arg)
            frames = np.asarray(value).astype(INT, copy=False).reshape(-1, *stream.frame_shape)
            streams.append(frames_to_beats(stream, frames))
        outputs = interpreter.run_ssacfg_region(op.body, tuple(streams), op.graph_name)
        results = []
        for value, result, beats in zip(op.yield_op.operands, op.outputs, outputs):
            frames = beats_to_frames(stream_type_of(value), beats)
            shape = stream_type_of(value).frame_shape
            results.append(frames.reshape(frames.shape[0] * shape[0], *shape[1:]))
        return tuple(results)

    @impl_terminator(df.YieldOp)
    def run_yield(
        self, interpreter: Interpreter, op: df.YieldOp, args: tuple[Any, ...]
    ) -> tuple[TerminatorValue, PythonValues]:
        return ReturnedValues(args), ()

    @impl(df.MvuOp)
    def run_mvu(
        self, interpreter: Interpreter, op: df.MvuOp, args: tuple[Any, ...]
    ) -> PythonValues:
        return (run_mvu(op, args[0]),)

    @impl(df.ArgmaxOp)
    def run_argmax(
        self, interpreter: Interpreter, op: df.ArgmaxOp, args: tuple[Any, ...]
    ) -> PythonValues:
        return (run_argmax(op, args[0]),)

    @impl(df.DwcOp)
    def run_dwc(
        self, interpreter: Interpreter, op: df.DwcOp, args: tuple[Any, ...]
    ) -> PythonValues:
        return (_padded(op.output_stream, beat_elements(op.input_stream, args[0])),)

    @impl(df.FifoOp)
    def run_fifo(
        self, interpreter: Interpreter, op: df.FifoOp, args: tuple[Any, ...]
    ) -> PythonValues:
        return (args[0],)

    @impl(df.ReshapeOp)
    def run_reshape(
        self, interpreter: Interpreter, op: df.ReshapeOp, args: tuple[Any, ...]
    ) -> PythonValues:
        return (args[0],)


# --------------------------------------------------------------------------
# The timing model: control state of each engine, cycle by cycle
# --------------------------------------------------------------------------


class _Mvu:
    """Step counter over (row, nf, sf) and the stage valid bits."""

    __slots__ = ("steps", "sf_count", "nf_count", "direct", "i", "v1", "last1", "v2", "full")

    def __init__(self, op: df.MvuOp):
        self.sf_count, self.nf_count = op.synapse_folds, op.neuron_folds
        self.steps = op.rows * self.nf_count * self.sf_count
        # fully parallel: the issue cycle accumulates, no stage 0 register
        self.direct = df.mvu_output_delay(self.nf_count, self.sf_count) == 2
        self.i = self.v1 = self.last1 = self.v2 = self.full = 0

    def state(self) -> tuple:
        return (self.i, self.v1, self.last1, self.v2, self.full)

    def out_valid(self) -> int:
        return self.full

    def in_ready(self, out_ready: int) -> int:
        advance = not self.full or out_ready
        return int(advance and (self.i // self.sf_count) % self.nf_count == 0)

    def step(self, in_valid: int, in_move: int, out_ready: int) -> None:
        if self.full and not out_ready:
            return  # no advance: every register holds
        sf = self.i % self.sf_count
        issue = (self.i // self.sf_count) % self.nf_count != 0 or in_valid
        self.full = self.v1 if self.direct else self.v2
        self.v2 = self.v1 & self.last1
        self.v1 = int(issue)
        self.last1 = int(sf == self.sf_count - 1)
        if issue:
            self.i = self.i + 1 if self.i + 1 < self.steps else 0


class _Collect:
    """Argmax (`r` = beats per frame) and gather converters: an output beat
    after every `r` input beats and after the last input beat of a frame
    (`beats` per frame)."""

    __slots__ = ("r", "beats", "k", "j", "full")

    def __init__(self, r: int, beats: int):
        self.r, self.beats, self.k, self.j, self.full = r, beats, 0, 0, 0

    def state(self) -> tuple:
        return (self.k, self.j, self.full)

    def out_valid(self) -> int:
        return self.full

    def in_ready(self, out_ready: int) -> int:
        return int(not self.full or out_ready)

    def step(self, in_valid: int, in_move: int, out_ready: int) -> None:
        end = self.k == self.r - 1 or self.j == self.beats - 1
        self.full = int((in_move and end) or (self.full and not out_ready))
        if in_move:
            self.k = 0 if end else self.k + 1
            self.j = self.j + 1 if self.j + 1 < self.beats else 0


class _Scatter:
    """Scatter converter: `r` output beats per input beat, fewer for the
    last input beat of a frame (`beats` output beats per frame)."""

    __slots__ = ("r", "beats", "k", "j", "full")

    def __init__(self, r: int, beats: int):
        self.r, self.beats, self.k, self.j, self.full = r, beats, 0, 0, 0

    def state(self) -> tuple:
        return (self.k, self.j, self.full)

    def _end(self) -> bool:
        return self.k == self.r - 1 or self.j == self.beats - 1

    def out_valid(self) -> int:
        return self.full

    def in_ready(self, out_ready: int) -> int:
        return int(not self.full or (out_ready and self._end()))

    def step(self, in_valid: int, in_move: int, out_ready: int) -> None:
        out_move = self.full and out_ready
        end = self._end()
        self.full = int(in_move or (self.full and not (out_move and end)))
        if out_move:
            self.k = 0 if end else self.k + 1
            self.j = self.j + 1 if self.j + 1 < self.beats else 0


class _Fifo:
    """`asic.lowering.rtl.builder.fifo_module`'s count and shown registers."""

    __slots__ = ("depth", "count", "shown")

    def __init__(self, depth: int):
        self.depth, self.count, self.shown = depth, 0, 0

    def state(self) -> tuple:
        return (self.count, self.shown)

    def out_valid(self) -> int:
        return self.shown

    def in_ready(self, out_ready: int) -> int:
        return int(self.count < self.depth)

    def step(self, in_valid: int, in_move: int, out_ready: int) -> None:
        pop = self.shown and out_ready
        fetch = self.count - self.shown > 0 and (not self.shown or pop)
        self.shown = int(fetch or (self.shown and not pop))
        self.count += int(in_move) - int(pop)


def _model(op: Operation) -> Any | None:
    if isinstance(op, df.MvuOp):
        return _Mvu(op)
    if isinstance(op, df.ArgmaxOp):
        beats = op.input_stream.beat_count
        return _Collect(beats, beats)
    if isinstance(op, df.DwcOp):
        if op.is_gather:
            return _Collect(op.ratio, op.input_stream.beat_count)
        return _Scatter(op.ratio, op.output_stream.beat_count)
    if isinstance(op, df.FifoOp):
        return _Fifo(op.depth_value)
    if isinstance(op, df.ReshapeOp):
        return None  # wires
    raise InterpretationError(f"{op.name} has no timing model")


def pipeline(graph: df.GraphOp) -> list[Operation]:
    """The engines from the graph's input stream to its output stream, in
    order (timing needs one input, one output and a chain of engines)."""
    block = graph.body.block
    if len(block.args) != 1 or len(graph.yield_op.operands) != 1:
        raise InterpretationError(
            f"the timing model handles graphs of one input and one output stream, "
            f"'{graph.graph_name}' has {len(block.args)} and {len(graph.yield_op.operands)}"
        )
    chain: list[Operation] = []
    value = block.args[0]
    while True:
        uses = list(value.uses)
        if len(uses) != 1:
            raise InterpretationError("every stream of the graph must have one consumer")
        user = uses[0].operation
        if isinstance(user, df.YieldOp):
            return chain
        if uses[0].index != 0 or len(user.results) != 1:
            raise InterpretationError(f"{user.name} is not on a chain of engines")
        chain.append(user)
        value = user.results[0]


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

    def __post_init__(self) -> None:
        self.latency = int(self.end[0] - self.start[0])
        self.interval = int(self.end[-1] - self.end[-2]) if len(self.end) >= 2 else -1


DEFAULT_TIMEOUT = 100_000
"""Cycles without any beat moving after which the simulation is a deadlock."""


def _pattern(text: str, what: str) -> list[int]:
    if not text or set(text) - {"0", "1"} or "1" not in text:
        raise InterpretationError(
            f"{what} must be a string of 0s and 1s with at least one 1, got '{text}'"
        )
    return [int(c) for c in text]


def simulate_timing(
    graph: df.GraphOp,
    frames: int,
    *,
    valid_pattern: str = "1",
    ready_pattern: str = "1",
    timeout: int = DEFAULT_TIMEOUT,
    extrapolate: bool = True,
) -> Timing:
    """Run `frames` frames through the timing model of `graph` (module
    docstring) and return their start and end cycles. `extrapolate=False`
    simulates every cycle (the tests compare both)."""
    if frames < 1:
        raise InterpretationError(f"frames must be >= 1, got {frames}")
    ops = pipeline(graph)
    comps = [m for m in map(_model, ops) if m is not None]
    in_bpf = stream_type_of(graph.body.block.args[0]).beat_count
    out_bpf = stream_type_of(graph.yield_op.operands[0]).beat_count
    valid_bits = _pattern(valid_pattern, "valid_pattern")
    ready_bits = _pattern(ready_pattern, "ready_pattern")
    n = len(comps)
    total_in, total_out = frames * in_bpf, frames * out_bpf
    start = np.full(frames, -1, dtype=np.int64)
    end = np.full(frames, -1, dtype=np.int64)
    beat_in = beat_out = 0
    cycle = last_progress = 0
    seen: dict[tuple, tuple[int, int, int]] = {}
    valid = [0] * (n + 1)
    ready = [0] * (n + 1)
    while beat_out < total_out:
        valid[0] = int(beat_in < total_in and valid_bits[cycle % len(valid_bits)])
        for j in range(n):
            valid[j + 1] = comps[j].out_valid()
        ready[n] = ready_bits[cycle % len(ready_bits)]
        for j in range(n - 1, -1, -1):
            ready[j] = comps[j].in_ready(ready[j + 1])
        moved_in = valid[0] and ready[0]
        moved_out = valid[n] and ready[n]
        for j in range(n):
            comps[j].step(valid[j], valid[j] and ready[j], ready[j + 1])
        if n == 0:
            moved_out = moved_in = valid[0] and ready[0]
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
        if moved_in or moved_out:
            last_progress = cycle
        elif cycle - last_progress >= timeout:
            raise InterpretationError(
                f"timing simulation: no beat moved for {timeout} cycles (cycle {cycle}); "
                f"{beat_out // out_bpf} of {frames} frames came out: a deadlock"
            )
        if new_frame and extrapolate:
            f = (beat_in - 1) // in_bpf
            ended = beat_out // out_bpf
            key = (
                tuple(c.state() for c in comps),
                (cycle + 1) % len(valid_bits),
                (cycle + 1) % len(ready_bits),
                beat_out % out_bpf,
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
    return Timing(start, end, cycle)


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
    "DataflowFunctions",
    "Timing",
    "beat_elements",
    "beats_to_frames",
    "frames_to_beats",
    "pipeline",
    "predict_timing",
    "run_argmax",
    "run_mvu",
    "simulate_timing",
]
