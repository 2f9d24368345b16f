"""`schedule`: the static schedule of every `dataflow.graph`: each engine's
initiation interval and latency, the pipeline's, and the FIFOs that keep
the slowest engine busy.

Stored as attributes, so later passes and FileCheck read them:

- every engine: `dataflow.ii` (cycles per frame alone) and `dataflow.latency`
  (first input beat to last output beat of a frame, alone), from the cost
  model (`asic.passes.cost_model`) of the timing model of
  `asic.dialects.dataflow`;
- the graph: `dataflow.ii`, the largest engine II, which is the interval
  between frames streamed back to back, and `dataflow.latency`, the cycles
  from the first input beat of a frame to its last output beat through the
  empty pipeline (the timing model simulated for one frame,
  `asic.interp.dataflow.simulate_timing`, since engines overlap);
- FIFOs: the pass removes every `dataflow.fifo` and puts one with the depth
  below right in front of each MVU that needs one.

FIFO depths. An MVU with `NF` neuron folds and `SF` synapse folds takes the
`SF` input beats of a row only during its first fold, one per cycle, and
then takes nothing for `W = (NF - 1) * SF` cycles while it reuses the row
from its buffer. Its producer, an MVU with `SF_P` synapse folds and `pe_P`
lanes, delivers an output beat at most every `SF_P` cycles, so at most
`floor(W / SF_P) + 1` of them, `(floor(W / SF_P) + 1) * pe_P` elements,
arrive in any `W` cycles: what the consumer's `simd` lanes take as

    need = min(SF, ceil((floor(W / SF_P) + 1) * pe_P / simd))

beats (never more than a row: with a row buffered the consumer has what its
next first fold reads). The FIFO holds them while the consumer is busy, and
one more entry keeps its `ready` (count < depth) high for the beat that
arrives when it fills: `depth = need + 1`. With `W = 0` (one neuron fold)
the consumer takes a beat every cycle and needs no FIFO; the graph's input
needs none either (the host waits).

A scatter converter whose frame ends in a partial input beat (padding)
sends `r` pieces for every input beat but the last: a burst that a
producer spacing its beats evenly meets with a stall, lost for good since a
stalled MVU stops its whole pipeline. A FIFO of `B_in + 1` beats (at least
the 3 of full rate) in front of it takes a whole frame's input beats, so the
producer never waits while the converter, whose II `B_out` is at most the
pipeline's, drains them. With these depths the interval of a
long run of frames is the pipeline II (the bottleneck never waits, and
whatever is faster waits for it), which the tests check against the
simulated timing model on random pipelines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import IntegerAttr, ModuleOp, i64
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter
from xdsl.utils.exceptions import InterpretationError

from asic.diagnostics import UserError
from asic.dialects import dataflow as df
from asic.passes import cost_model as cm

II_ATTR = "dataflow.ii"
LATENCY_ATTR = "dataflow.latency"


def _producer(value: SSAValue) -> tuple[Operation | None, int]:
    """The engine producing the beats of `value` through converters and
    reshapes (None for the graph's input), and its output lanes."""
    owner = value.owner
    while isinstance(owner, (df.DwcOp, df.ReshapeOp, df.FifoOp)):
        value = owner.operands[0]
        owner = value.owner
    lanes = df.stream_type_of(value).lane_count
    return (owner if isinstance(owner, Operation) else None), lanes


def fifo_depth(consumer: df.MvuOp) -> int:
    """The FIFO depth in front of `consumer`, 0 for none (module docstring)."""
    busy = (consumer.neuron_folds - 1) * consumer.synapse_folds
    if busy == 0:
        return 0
    producer, lanes = _producer(consumer.input)
    if producer is None:
        return 0
    if isinstance(producer, df.MvuOp):
        spacing = producer.synapse_folds
    else:
        spacing = cm.engine_timing(producer)[0]
    arriving = (busy // spacing + 1) * lanes
    need = min(consumer.synapse_folds, math.ceil(arriving / consumer.simd_value))
    return need + 1


def scatter_fifo_depth(dwc: df.DwcOp) -> int:
    """The FIFO depth in front of a padded scatter converter, 0 for none
    (module docstring)."""
    x, y = dwc.input_stream, dwc.output_stream
    if dwc.is_gather or y.beat_count % dwc.ratio == 0 or x.beat_count == 1:
        return 0
    return max(x.beat_count + 1, df.FIFO_FULL_RATE_DEPTH)


def place_fifos(graph: df.GraphOp) -> None:
    """Remove the graph's FIFOs and put one of `fifo_depth` in front of each
    MVU that needs one, and of `scatter_fifo_depth` in front of each padded
    scatter."""
    for op in list(graph.body.block.ops):
        if isinstance(op, df.FifoOp):
            op.result.replace_all_uses_with(op.input)
            op.detach()
            op.erase()
    for op in list(graph.engines()):
        if isinstance(op, (df.MvuOp, df.DwcOp)):
            depth = fifo_depth(op) if isinstance(op, df.MvuOp) else scatter_fifo_depth(op)
            if depth:
                fifo = df.FifoOp(op.input, depth)
                Rewriter.insert_op(fifo, InsertPoint.before(op))
                op.operands[0] = fifo.result


def schedule_graph(graph: df.GraphOp) -> None:
    """FIFOs, then the II and latency of every engine and of the graph."""
    from asic.interp.dataflow import simulate_timing

    place_fifos(graph)
    ii = 0
    for op in graph.engines():
        cycles, latency = cm.engine_timing(op)
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
class SchedulePass(ModulePass):
    """II, latency and FIFO depths of every graph (module docstring)."""

    name = "schedule"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        graphs = [g for g in op.walk() if isinstance(g, df.GraphOp)]
        if not graphs:
            raise UserError("schedule: the module has no dataflow.graph: run lower-qnt-to-dataflow first")
        for graph in graphs:
            schedule_graph(graph)
