"""The `dataflow` dialect: the accelerator as streaming engines joined by
streams, with folding factors and a cycle-level timing model.

This docstring (with those of the package's modules) is the contract
between the dataflow level and the hardware `lower-dataflow-to-rtl` builds:
which element travels in which beat of every stream, what each engine
computes (the integers of `asic.dialects.qnt`, bit for bit) and how many
cycles it takes, cycle by cycle. The dataflow interpreter
(`asic.interp.dataflow`) computes the same integers beat by beat and
simulates the same cycles, so its predicted cycles per frame and latency
are what Verilator measures on the generated RTL.

The package: `stream` (the stream type), `graph` (`dataflow.graph`,
`dataflow.yield`, the graph queries and `legalize_lanes`), `engine` (the
`EngineOp` interface every engine answers), `cost` (cost models), and one
module per engine kind holding its op, verifier, cost model, timing model,
functional model and the part of this contract about it: `mvu`
(matrix-vector unit), `argmax`, `dwc` (data width converter), `fifo`,
`reshape`, `swg` (sliding-window generator, its model in `sliding_window`),
`pool` (max and average pooling, its model in `window_reduce`), `lut`
(lookup table), `fork`, `add`, `concat`, `vvu` (vector-vector unit: a depthwise
convolution over the SWG's windows; with one tap, on the pixels themselves,
the channel-wise multiply-add of an unfolded batchnorm) and `skid` (skid
buffer).

Streams
-------

    !dataflow.stream<!qnt.uniform<u8:f32, 0.02:128>, lanes 4, shape [1, 64]>
    !dataflow.stream<ui4, lanes 1, shape [1, 1]>
    !dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 8, shape [1, 16, 8, 8], order [0, 2, 3, 1]>

A stream carries *frames*, one per sample: a tensor of `shape` (the shape
the qnt function has for one sample, batch dimension included) whose
elements are a per-tensor `!qnt.uniform` (the stored integers, `bits` wide,
signed or unsigned as its storage type) or an integer type that states its
signedness (`ui4`: argmax indices). A frame of `F = prod(shape)` elements
travels as `beats = ceil(F / lanes)` beats of `lanes` elements each: the
elements in the row-major order of `transpose(frame, order)` (`order` is
the identity unless given), beat `b` lane `l` carrying element `b * lanes +
l` of that order. When `lanes` does not divide `F`, the lanes of the last
beat past the frame's end are *padding*: their values are unspecified
(whatever the producer's logic drives; the dataflow interpreter and the
host write 0) and every consumer ignores them, so levels are compared on
frames, never on padding. No beat holds elements of two frames; frames
follow each other back to back. This is the stream contract of the RTL top
module (`asic.dialects.rtl`) unchanged: `rtl.StreamAttr.from_stream` turns
the stream type of a graph input or output into its `#rtl.stream` (lane `l`
in bits `[l*bits, (l+1)*bits)` of the data port, two's complement or
unsigned).

Handshake. Every stream is a valid/ready channel: a beat moves in a cycle in
which the producer's `valid` and the consumer's `ready` are both 1 (it is
taken at the rising edge ending that cycle). A producer's `valid` and data
come from its registers, never combinationally from `ready`; a consumer's
`ready` is a function of its registers and of the `ready` of its own output
streams (a stall travels backward within the cycle, through the engines'
`advance` signals below, never forward).

Ops
---

`dataflow.graph` (`graph`): a function of streams holding the engines of
one accelerator, `qnt.constant` weights and `dataflow.yield`; every stream
joins one producer to one consumer (fan-out is a `dataflow.fork`), and
the block order is a topological order of the engines. The engines (`engine.EngineOp`), each in its module:
`dataflow.mvu` (a dense layer and its requantization, folded by `pe` and
`simd`), `dataflow.argmax` (the index of each frame's maximum),
`dataflow.dwc` (the same frames in other lanes), `dataflow.fifo` (a FIFO of
`depth` beats), `dataflow.skid` (a skid buffer: a registered `in_ready`,
the beat passed on in the same cycle), `dataflow.reshape` (other frame shape, wires),
`dataflow.swg` (the windows of a channels-last pixel stream: a convolution
is a `dataflow.swg` and a `dataflow.mvu` over its `OH*OW` windows),
`dataflow.pool` (max or average over the taps of each window, or over a
whole frame),
`dataflow.lut` (an elementwise function as a table per lane),
`dataflow.fork` (one stream to two), `dataflow.add` (the rescaled sum
of two streams), `dataflow.concat` (streams joined along channels) and
`dataflow.vvu` (a depthwise convolution over a `dataflow.swg`'s windows,
one multiplier per channel lane and tap of a beat; with one tap the channel-wise
multiply-add, on the pixel stream itself).

Timing model
------------

Cycle `t` of an engine: its outputs (`valid`, data, `ready`) are functions
of its registers and of the inputs of the cycle, the registers take their
next values at the edge ending it. `advance = !out_full | out_ready` (the
output register is empty or its beat moves now) lets the whole engine step;
when it is 0 every register of the engine holds, including the ROM
address, so the ROM keeps its word. "Alone" below means inputs always
valid and outputs always ready; `II` is the cycles per frame then, the
latency the cycles from the first input beat of a frame moving to its last
output beat moving. Each engine's module states its registers and
equations; its `timing_model()` steps them.

The pipeline. Frame `f` starts in the cycle its first input beat moves and
ends in the cycle its last output beat moves (as `asic-sim` measures, cycle
0 the first after reset); latency is `end[0] - start[0]`, the interval
`end[F-1] - end[F-2]`. Alone, the interval of a graph whose FIFOs `schedule`
sized is the largest engine II (the initiation interval): an engine that
takes its input in bursts (an MVU takes a row during its first fold and is
then busy `W = (NF - 1) * SF` cycles) asks for the FIFO that holds what its
producer delivers meanwhile (`EngineOp.input_fifo_depth`), a window
generator whose writer stalls for one that `schedule` measures
(`MEASURED_FIFO`). The interpreter
simulates this model cycle by cycle (`asic.interp.dataflow.simulate_timing`):
in each cycle the `valid`s of every stream from the registers, then the
`ready`s from the graph's outputs backward in reverse topological order,
then every engine steps, so graphs that fork and join work as chains do.

Cost model
----------

Each engine kind's sympy expressions (`cost.CostModel`; `R` rows per frame,
`N` outputs, `K` inputs, `F` elements per frame; the ceilings are partial
last folds and padded last beats, where the factors divide the sizes the
familiar `R*N*K/(pe*simd)` and `F/lanes`; `pipeline` an MVU's arithmetic
pipeline registers, `asic.dialects.dataflow.pipeline`; `digits` the
canonical signed digits of an engine's constant multipliers). A product by
a compile-time constant is shifted copies of the value added, never a
multiplier (`cost`): the requantizers, and the rescaling of `dataflow.add`
and `dataflow.concat`, which have adders instead:

    dataflow.mvu
      cycles = R*weight_digits*ceiling(K/simd)*ceiling(N/pe)/pixels
      latency = R*weight_digits*ceiling(K/simd)*ceiling(N/pe)/pixels + pipeline + Piecewise((1, Eq(weight_digits*ceiling(K/simd)*ceiling(N/pe), 1)), (2, True))
      multipliers = pe*pixels*simd*Piecewise((1, Eq(weight_digits, 1)), (3*Max(1/2, (w_bits/weight_digits + 1)/w_bits)/4 + 1/4, True))
      rom_bits = pe*simd*w_bits*ceiling(K/simd)*ceiling(N/pe)
      rom_word_bits = pe*simd*w_bits/weight_digits
      rom_words = weight_digits*ceiling(K/simd)*ceiling(N/pe)
      macs = K*N*R
    dataflow.argmax
      cycles = ceiling(F/lanes)
      latency = ceiling(F/lanes)
    dataflow.fifo
      cycles = ceiling(F/lanes)
      latency = ceiling(F/lanes) + 1
      memory_bits = bits*depth*lanes
    dataflow.dwc
      cycles = ceiling(F/Min(lanes_in, lanes_out))
      latency = ceiling(F/Min(lanes_in, lanes_out))
    dataflow.reshape
      cycles = ceiling(F/lanes)
      latency = ceiling(F/lanes) - 1
    dataflow.swg
      cycles = II
      latency = L
      memory_bits = D*bits*copies*word
    dataflow.pool
      cycles = R*T*ceiling(C/simd)/(pixels*taps)
      latency = R*T*ceiling(C/simd)/(pixels*taps) + pipeline
      memory_bits = acc_bits*simd*ceiling(C/simd)
    dataflow.lut
      cycles = ceiling(F/lanes)
      latency = ceiling(F/lanes)
      rom_bits = 2**in_bits*lanes*out_bits
      rom_word_bits = out_bits
      rom_words = 2**in_bits
    dataflow.fork
      cycles = ceiling(F/lanes)
      latency = ceiling(F/lanes)
    dataflow.add
      cycles = ceiling(F/lanes)
      latency = pipeline + ceiling(F/lanes) + 1
      adders = digits*lanes
    dataflow.concat
      cycles = ceiling(F/lanes)
      latency = pipeline + ceiling(F/lanes)
      adders = digits*lanes
    dataflow.vvu
      cycles = R*ceiling(C/simd)*ceiling(T/parallel_taps)/pixels
      latency = R*ceiling(C/simd)*ceiling(T/parallel_taps)/pixels + pipeline
      multipliers = parallel_taps*pixels*simd
      memory_bits = Piecewise((0, Eq(ceiling(T/parallel_taps), 1)), (acc_bits*simd*ceiling(C/simd), True))
      macs = C*R*T
    dataflow.skid
      cycles = ceiling(F/lanes)
      latency = ceiling(F/lanes) - 1

Adding an engine
----------------

1. Its op: a module of this package (`dialects/dataflow/<kind>.py`) with an
   `EngineOp` subclass: operands and properties, custom syntax (`SYNTAX`),
   `verify_semantics`, and the interface of `engine`: lanes, `cost_model` /
   `cost_values`, folding factors if `tile` should choose any,
   `timing_model` (a `TimingModel` of its registers), `input_fifo_depth` if
   it takes its input in bursts, `run_beats` (its integers); its part of the
   contract in the module docstring; the op in `DATAFLOW` below.
2. Its RTL builder: a module of `asic.lowering.rtl` registering a function
   with `@rtl_builder(OpClass)` (`asic.lowering.rtl.registry`), listed in
   `asic.lowering.dataflow_to_rtl.BUILDER_MODULES`, building its
   `hw.module` cycle for cycle the timing model.
3. Its qnt -> dataflow rewrite pattern, when qnt ops map to it: an
   `EnginePattern` in a module of `asic.lowering.qnt_to_dataflow`, listed in
   its `registry.ENGINE_PATTERNS`.
4. Its tests: lit (syntax, generic form, verifier errors), the engine alone
   through the timing model and the RTL (`single_engine_graphs` in the test
   support), and its functional model against the qnt interpreter.

`tile`, `schedule`, the dataflow interpreter and `lower-dataflow-to-rtl`
need no change: they ask the op.
"""

from xdsl.ir import Dialect

from asic.dialects.dataflow.add import AddOp, JoinTiming
from asic.dialects.dataflow.argmax import ArgmaxOp
from asic.dialects.dataflow.concat import ConcatOp
from asic.dialects.dataflow.cost import CostModel, cost_table, evaluate, evaluate_exact
from asic.dialects.dataflow.dwc import DwcOp, converter_route
from asic.dialects.dataflow.engine import (
    PIXELS,
    EngineOp,
    Factor,
    OutputRegisterTiming,
    Producer,
    RegisterStageTiming,
    TimingModel,
    divisors,
    fold_factors,
    pixel_counts,
)
from asic.dialects.dataflow.fifo import FIFO_FULL_RATE_DEPTH, FIFO_LATENCY, MEASURED_FIFO, FifoOp
from asic.dialects.dataflow.fork import ForkOp, ForkTiming, insert_forks
from asic.dialects.dataflow.graph import (
    GraphOp,
    YieldOp,
    consumer_of,
    legalize_lanes,
    needed_lanes,
    producer_of,
    remove_converters,
    wired_source,
)
from asic.dialects.dataflow.lut import LutOp
from asic.dialects.dataflow.mvu import (
    DIGITS,
    FULLY_PARALLEL_MVU_OUTPUT_DELAY,
    MVU_OUTPUT_DELAY,
    MvuOp,
    mvu_cycles,
    mvu_factors,
    mvu_output_delay,
    mvu_stages,
    digit_multiplier_cost,
    weight_digit_values,
)
from asic.dialects.dataflow.pool import PoolOp
from asic.dialects.dataflow.requantized import dot_ranges, range_bits
from asic.dialects.dataflow.reshape import ReshapeOp
from asic.dialects.dataflow.skid import SkidOp, SkidTiming
from asic.dialects.dataflow.stream import (
    StreamType,
    beat_elements,
    beats_to_frames,
    boundary_problem,
    frames_to_beats,
    index_type,
    pad_beats,
    stream_problem,
    stream_type_of,
)
from asic.dialects.dataflow.swg import SwgOp
from asic.dialects.dataflow.vvu import VvuOp
from asic.dialects.qnt import UniformQuantizedType

DATAFLOW = Dialect(
    "dataflow",
    [GraphOp, YieldOp, MvuOp, ArgmaxOp, FifoOp, DwcOp, ReshapeOp, SwgOp, PoolOp, LutOp, ForkOp, AddOp, ConcatOp, VvuOp, SkidOp],
    [StreamType],
)


def engine_kinds(dialect: Dialect = DATAFLOW) -> list[type[EngineOp]]:
    """The engine ops of a dialect, in its order."""
    return [op for op in dialect.operations if issubclass(op, EngineOp)]


__all__ = [
    "DATAFLOW",
    "MEASURED_FIFO",
    "FIFO_FULL_RATE_DEPTH",
    "FIFO_LATENCY",
    "FULLY_PARALLEL_MVU_OUTPUT_DELAY",
    "MVU_OUTPUT_DELAY",
    "PIXELS",
    "DIGITS",
    "AddOp",
    "ArgmaxOp",
    "ConcatOp",
    "CostModel",
    "DwcOp",
    "EngineOp",
    "Factor",
    "FifoOp",
    "ForkOp",
    "ForkTiming",
    "GraphOp",
    "JoinTiming",
    "LutOp",
    "MvuOp",
    "OutputRegisterTiming",
    "PoolOp",
    "Producer",
    "RegisterStageTiming",
    "ReshapeOp",
    "SkidOp",
    "SkidTiming",
    "StreamType",
    "SwgOp",
    "TimingModel",
    "UniformQuantizedType",
    "VvuOp",
    "YieldOp",
    "beat_elements",
    "beats_to_frames",
    "boundary_problem",
    "consumer_of",
    "converter_route",
    "cost_table",
    "divisors",
    "dot_ranges",
    "engine_kinds",
    "evaluate",
    "evaluate_exact",
    "fold_factors",
    "frames_to_beats",
    "index_type",
    "insert_forks",
    "legalize_lanes",
    "needed_lanes",
    "remove_converters",
    "mvu_cycles",
    "mvu_factors",
    "mvu_output_delay",
    "mvu_stages",
    "weight_digit_values",
    "digit_multiplier_cost",
    "pad_beats",
    "pixel_counts",
    "producer_of",
    "range_bits",
    "stream_problem",
    "stream_type_of",
    "wired_source",
]
