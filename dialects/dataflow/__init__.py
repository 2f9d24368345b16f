"""The `dataflow` dialect: the accelerator as streaming engines joined by
streams, with folding factors and a cycle-level timing model.

This docstring is the contract between the dataflow level and the hardware
`lower-dataflow-to-rtl` builds: which element travels in which beat of every
stream, what each engine computes (the integers of `asic.dialects.qnt`, bit
for bit) and how many cycles it takes, cycle by cycle. The dataflow
interpreter (`asic.interp.dataflow`) computes the same integers tile by tile
and simulates the same cycles, so its predicted cycles per frame and latency
are what Verilator measures on the generated RTL.

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
follow each other back to back. This is the stream contract of the RTL top module
(`asic.dialects.rtl`) unchanged: `rtl_stream` turns the stream type of a
graph input or output into its `#rtl.stream` (lane `l` in bits
`[l*bits, (l+1)*bits)` of the data port, two's complement or unsigned).

Handshake. Every stream is a valid/ready channel: a beat moves in a cycle in
which the producer's `valid` and the consumer's `ready` are both 1 (it is
taken at the rising edge ending that cycle). A producer's `valid` and data
come from its registers, never combinationally from `ready`; a consumer's
`ready` is a function of its registers and of the `ready` of its own output
stream (a stall travels backward within the cycle, through the engines'
`advance` signals below, never forward).

Ops
---

`dataflow.graph`: a function of streams, holding the engines of one
accelerator and the streams between them; its operands and results are the
quantized integer tensors of the enclosing (host) function:

    %y = dataflow.graph "main" inputs ["x"] outputs ["y"] (%q) : (tensor<1x64x!qa>) -> tensor<1x1xi64> {
    ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 64]>):
      %w = qnt.constant "fc.weight" dense<...> : tensor<10x64x!qw>
      %l = dataflow.mvu %x, %w accumulator i20 multipliers [1518500250] shifts [38] : (...) -> !dataflow.stream<!qy, lanes 1, shape [1, 10]>
      %i = dataflow.argmax %l : (!dataflow.stream<!qy, lanes 1, shape [1, 10]>) -> !dataflow.stream<ui4, lanes 1, shape [1, 1]>
      dataflow.yield %i : !dataflow.stream<ui4, lanes 1, shape [1, 1]>
    }

Block argument `i` is the stream of operand `i` (same shape; same element
type), `dataflow.yield` gives the result streams. A stream element of an
integer type (`ui4`) may meet a wider signless integer tensor (`i64`, what
`qnt.argmax` returns): the host widens. `inputs`/`outputs` name the streams
(the top module's port prefixes, `rtl.port_prefix`; distinct). The region is
isolated from above and holds only engines, `qnt.constant` weights (the
ROM contents) and the yield. Every stream has exactly one producer and one
consumer (fan-out would need a fork engine, not available yet). The float
boundary stays on the host: `qnt.quantize` of the input and
`qnt.dequantize` of the output are ops of the enclosing function, executed
by whatever feeds and reads the accelerator.

`dataflow.mvu`: matrix-vector unit, a dense layer with its requantization
(`qnt.dense` + `qnt.requantize`, ReLU/clamp folded into `min`/`max`):

    %y = dataflow.mvu %x, %w, %b pe 4 simd 8 accumulator i20 multipliers [...] shifts [...] min -128 : (!sx, tensor<NxKx!qw>, tensor<Nxi32>) -> !sy

The input frame has shape `[..., K]` (`R = prod(shape[:-1])` rows, one for a
dense layer), the output `[..., N]`; weights `w: [N, K]` and the optional
bias `b: [N]` are `qnt.constant`s of the graph. Per row and output channel:

    acc[o] = b[o] + sum_k (x[k] - zx) * (w[o, k] - zw[o])               (accumulator type, never overflows)
    y[o]   = clamp(rshift_round(acc[o] * M[o], s[o]) + zy, min, max)      (qnt.requantize, per channel or one M, s)

`accumulator` is the signless type of `acc`; it must hold every value the
sum can take (`qnt.accumulator_width`), and then also every partial sum
(each partial sum is the bias plus a subset of the products, and the
product range contains 0). Folding: `pe` output lanes (`1 <= pe <= N`),
`simd` input lanes (`1 <= simd <= K`): `NF = ceil(N / pe)` neuron folds,
`SF = ceil(K / simd)` synapse folds. The input stream has `simd` lanes (`R
* SF` beats per frame), the output stream `pe` lanes (`R * NF` beats: fold
`nf` of row `r` carries channels `nf*pe .. nf*pe + pe - 1`). An absent `pe`
or `simd` is 1 and not chosen yet (`tile` chooses it; a given one is kept).

A factor need not divide its size: the last fold is then partial, its
lanes past `N` (or `K`) padding. This is what lets a layer of 10 outputs
use 4 output lanes in 3 folds, and a pipeline use a multiplier budget that
its layers' divisors cannot add up to. Padding is per frame (streams
above), so with more than one row per frame (`R > 1`) `pe` must divide `N`
and `simd` must divide `K`. Padded input lanes meet weights equal to the
zero point (`w - zw = 0`: no contribution, whatever their value); padded
output channels have weight, bias and multiplier 0 and produce padding.

The ROM holds `NF * SF` words of `pe * simd` weights, word `nf * SF + sf`,
lane `p * simd + s` holding `w[nf*pe + p, sf*simd + s]` (`MvuOp.rom_words`;
padding: `zw[o]` past `K`, 0 past `N`); `pe * simd` multipliers.

`dataflow.argmax`: the index of the maximum of each frame (row-major flat
index in stream order, the first maximum, or the last with
`select_last_index true`), one beat of one lane `ui<max(1, ceil(log2 F))>`
per frame of `F` elements, any lane count in (padding lanes take no part).

`dataflow.fifo %s depth D`: a first-in first-out buffer of `D` beats, same
stream type in and out.

`dataflow.dwc`: data width converter, the same frames with another lane
count; one of the two lane counts divides the other (a gather, `a -> r*a`,
or a scatter, `r*b -> b`), or the wider one holds a whole frame (`>= F`
lanes, one beat per frame; `r = ceil(wide / narrow)`: a gather's last
input beat and a scatter's last piece reach past it, into padding).
`legalize_lanes` converts through `min(lcm(a, b), F)` lanes when neither
holds (`converter_route`). Frame by frame: a gather packs
input beats `j*r .. j*r + r - 1` into output beat `j`, the first in the low
lanes, and ends a frame's last output beat early with the frame's last input
beat (`ceil(B_in / r)` output beats); a scatter sends pieces `i*r ..` of
input beat `i` but stops at the frame's `ceil(F / b)`-th output beat. Either
way element `e` stays at beat `e // lanes`, lane `e % lanes`.

`dataflow.reshape`: the same beats reinterpreted as frames of another shape
(same element type, lanes and element count, identity orders): no hardware.

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
output beat moving.

`mvu` (`R` rows, `T = R * NF * SF`). A step counter runs over
`(r, nf, sf)`, `sf` innermost. In every cycle with `advance`, the step at
the counter *issues* unless it needs an input beat that is not there:

    in_ready = advance & nf == 0
    issue    = advance & (nf != 0 | in_valid)
    edge, if advance:  out_full <= v2;  v2 <= v1 & last1;  v1 <= issue;  last1 <= sf == SF-1;
                       if issue: counter <= next (r, nf, sf)

Stage 0 (the issue cycle): the ROM address `nf * SF + sf`; for `nf == 0`
the input beat moves and is registered (and written to a `K`-element
row buffer at `sf` when `NF > 1`); for `nf > 0` the row buffer is read at
`sf`. Stage 1 (the next cycle, `v1`): `acc <= (sf == 0 ? b[...] : acc) +
the pe x simd products`, per output lane. Stage 2 (`v2`, after the last
step of a fold): the requantization of `acc` is loaded into the output
register (`out_full`). So an output beat is valid `MVU_OUTPUT_DELAY = 3`
cycles after its fold's last step issued. Alone: `II = T` (one step per
cycle, the next frame's first step right after the last), latency `T + 2`.
A fully parallel MVU (`NF = SF = 1`: its weights are constants, no ROM
to wait for) has no stage 0 register: the issue cycle accumulates the
input beat as it moves (`acc <= b + products`, `v1 <= issue`) and stage 2
follows (`out_full <= v1`): output delay 2, latency `T + 1`
(`mvu_output_delay`).
The row buffer is written in fold 0 and read by folds 1..NF-1; the next
row's fold 0 overwrites entry `sf` only after the last read of it.

`argmax` (`B` input beats per frame): `in_ready = advance`; edge:
`out_full <= (in_move & k == B-1) | (out_full & !out_ready)`, `k <= in_move
? (k+1) mod B : k`. The running maximum is compared with the lanes of each
beat in lane order (strictly greater replaces, or greater or equal with
`select_last_index`), the index of the last beat's winner loaded into the
output register. II `B`, latency `B`.

`dwc` gather `a -> r*a` (`B = ceil(F/a)` input beats): like argmax with
`r`: `in_ready = advance`, `out_full <= (in_move & (k == r-1 | j == B-1)) |
(out_full & !out_ready)` (`j` counts the input beats of the frame), the
output beat is the input beats since the last output, the first in the low
lanes. II `B`, latency `B`. Scatter `r*b -> b` (`B = ceil(F/b)` output
beats): `out_valid = full`, `in_ready = !full | (out_ready & end)` with
`end = k == r-1 | j == B-1` (`j` counts the output beats of the frame);
edge: `full <= in_move | (full & !(out_move & end))`, `k <= out_move ?
(end ? 0 : k+1) : k`; output piece `k` is lanes `[k*b, (k+1)*b)` of the held
beat. II `B`, latency `B`.

`fifo` (`D` beats): `asic.lowering.rtl.builder.fifo_module` exactly:
`count` words held (the one shown at the output counts), `shown`;
`in_ready = count < D`, `out_valid = shown`, `fetch = (count - shown > 0) &
(!shown | pop)`; edge: `shown <= fetch | (shown & !pop)`, `count <= count +
push - pop`. A beat pushed in cycle t can leave in t+2; full rate needs `D
>= 3`. II `B` (with `D >= 3`), latency `B + 1`.

`reshape`: wires. II `B`, latency `B - 1` (the last beat leaves in the
cycle it arrives).

The pipeline. Frame `f` starts in the cycle its first input beat moves and
ends in the cycle its last output beat moves (as `asic-sim` measures, cycle
0 the first after reset); latency is `end[0] - start[0]`, the interval
`end[F-1] - end[F-2]`. Alone, the interval of a graph whose FIFOs `schedule`
sized is the largest engine II (the initiation interval): an MVU takes its
input only during fold 0 of each row and is busy `W = (NF - 1) * SF` cycles
after, and the FIFO in front of it holds what its producer delivers
meanwhile (`asic.passes.schedule`). The interpreter simulates this model
cycle by cycle (`asic.interp.dataflow.simulate_timing`).

Python API (what `lower-dataflow-to-rtl` reads): `GraphOp.engines()`,
`.rtl_streams()`, `.stream_input_names` / `.stream_output_names`,
`.graph_name`; `StreamType.lane_count`, `.beat_count`, `.frame_shape`,
`.storage` (`si8`, `ui4`), `.value_range()`; `MvuOp.pe_value`,
`.simd_value`, `.rows`, `.neuron_folds`, `.synapse_folds`, `.rom_words()`,
`.weight_array()`, `.weight_zero_points()`, `.bias_array()`,
`.channel_multipliers()`, `.bounds()`, `.input_type` / `.output_type`,
`.accumulator`; `ArgmaxOp.last`; `DwcOp.is_gather`, `.ratio`;
`FifoOp.depth_value`; `legalize_lanes(graph)` after changing `pe`/`simd`.
The timing formulas are `asic.passes.cost_model`'s.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import (
    ArrayAttr,
    DenseArrayBase,
    IntAttr,
    IntegerAttr,
    IntegerType,
    Signedness,
    StringAttr,
    TensorType,
)
from xdsl.ir import (
    Attribute,
    Block,
    BlockArgument,
    Dialect,
    Operation,
    ParametrizedAttribute,
    Region,
    SSAValue,
    TypeAttribute,
)
from xdsl.irdl import (
    IRDLOperation,
    irdl_attr_definition,
    irdl_op_definition,
    lazy_traits_def,
    operand_def,
    opt_operand_def,
    opt_prop_def,
    prop_def,
    region_def,
    result_def,
    traits_def,
    var_operand_def,
    var_result_def,
)
from xdsl.parser import AttrParser, Parser
from xdsl.printer import Printer
from xdsl.rewriter import InsertPoint, Rewriter
from xdsl.traits import HasParent, IsolatedFromAbove, IsTerminator, Pure
from xdsl.utils.exceptions import VerifyException

from asic.dialects import qnt
from asic.dialects.attributes import (
    array_from_dense,
    bool_attr,
    i64_array,
    i64_attr,
    ints,
    shape_of,
)
from asic.dialects.checks import fail
from asic.dialects.qnt import (
    MAX_ACCUMULATOR_BITS,
    MAX_PRODUCT_BITS,
    MAX_SHIFT,
    MULTIPLIER_BITS,
    UniformQuantizedType,
    accumulator_range,
    integer_width,
    is_signless_integer,
    signed_range,
)
from asic.dialects.streams import StreamViews
from asic.dialects.syntax import BOOL, INT, INTS, PropertyKind, PropertySyntaxOp

MVU_OUTPUT_DELAY = 3
"""Cycles from the issue of a fold's last step to its output beat being
valid in an MVU (stage 1 accumulates, stage 2 requantizes into the output
register)."""

FULLY_PARALLEL_MVU_OUTPUT_DELAY = 2
"""The same for a fully parallel MVU (`NF = SF = 1`), which accumulates in
the issue cycle."""


def mvu_output_delay(neuron_folds: int, synapse_folds: int) -> int:
    """`MVU_OUTPUT_DELAY`, or 2 for a fully parallel MVU."""
    if neuron_folds == synapse_folds == 1:
        return FULLY_PARALLEL_MVU_OUTPUT_DELAY
    return MVU_OUTPUT_DELAY

FIFO_LATENCY = 2
"""A beat pushed into a FIFO in cycle t can leave it in cycle t + 2."""

FIFO_FULL_RATE_DEPTH = 3
"""The smallest FIFO depth that passes one beat per cycle."""


# --------------------------------------------------------------------------
# The stream type
# --------------------------------------------------------------------------


def _element_problem(element: Attribute) -> str | None:
    if isinstance(element, UniformQuantizedType):
        if element.is_per_axis:
            return f"a stream carries per-tensor quantized elements, got {element}"
        return None
    if isinstance(element, IntegerType):
        if element.signedness.data == Signedness.SIGNLESS:
            w = element.width.data
            return (
                f"a stream's integer elements must say their signedness (si{w} or ui{w}), "
                f"got {element}"
            )
        if not 1 <= element.width.data <= 64:
            return f"stream elements have 1 to 64 bits, got {element}"
        return None
    return f"stream elements must be a !qnt.uniform or an si/ui integer type, got {element}"


def stream_problem(
    element: Attribute, lanes: int, shape: Sequence[int], order: Sequence[int]
) -> str | None:
    """Why these stream parameters make no valid stream type, or None."""
    problem = _element_problem(element)
    if problem is not None:
        return problem
    if not shape or any(d < 1 for d in shape):
        return f"a frame shape has at least one dimension, all >= 1, got {list(shape)}"
    if sorted(order) != list(range(len(shape))):
        return f"order {list(order)} is not a permutation of the {len(shape)} axes"
    size = math.prod(shape)
    if lanes < 1:
        return f"lanes must be >= 1, got {lanes}"
    return None


@irdl_attr_definition
class StreamType(StreamViews, ParametrizedAttribute, TypeAttribute):
    """`!dataflow.stream<elem, lanes N, shape [...]>` (module docstring)."""

    name = "dataflow.stream"

    element_type: Attribute
    lanes: IntAttr
    shape: ArrayAttr[IntAttr]
    order: ArrayAttr[IntAttr]

    def __init__(
        self,
        element: Attribute,
        lanes: int,
        shape: Sequence[int],
        order: Sequence[int] | None = None,
    ):
        order = range(len(shape)) if order is None else order
        super().__init__(
            element,
            IntAttr(lanes),
            ArrayAttr(IntAttr(d) for d in shape),
            ArrayAttr(IntAttr(d) for d in order),
        )

    # Python views (and those of `StreamViews`) -------------------------------
    @property
    def has_identity_order(self) -> bool:
        return self.axis_order == tuple(range(len(self.frame_shape)))

    @property
    def frame_size(self) -> int:
        return math.prod(self.frame_shape)

    @property
    def beat_count(self) -> int:
        """Beats per frame, the last one padded when `lanes` does not divide
        the frame size."""
        return -(-self.frame_size // self.lane_count)

    @property
    def padding(self) -> int:
        """Padding lanes in the last beat of a frame."""
        return self.beat_count * self.lane_count - self.frame_size

    @property
    def storage(self) -> IntegerType:
        """The element as the hardware sees it: `si8`, `ui4`, ..."""
        element = self.element_type
        if isinstance(element, UniformQuantizedType):
            return element.storage_type
        assert isinstance(element, IntegerType)
        return element

    def value_range(self) -> tuple[int, int]:
        """The values an element can take."""
        element = self.element_type
        if isinstance(element, UniformQuantizedType):
            return element.qmin, element.qmax
        if self.signed:
            return signed_range(self.bits)
        return 0, 2**self.bits - 1

    def with_lanes(self, lanes: int) -> StreamType:
        return StreamType(self.element_type, lanes, self.frame_shape, self.axis_order)

    def verify(self) -> None:
        problem = stream_problem(
            self.element_type, self.lane_count, self.frame_shape, self.axis_order
        )
        if problem is not None:
            raise VerifyException(problem)

    # Syntax --------------------------------------------------------------------
    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        def int_list(what: str) -> list[int]:
            return parser.parse_comma_separated_list(
                parser.Delimiter.SQUARE,
                lambda: parser.parse_integer(allow_boolean=False, context_msg=f" in the {what}"),
                f" (the {what}, like [1, 64])",
            )

        start = parser.pos
        parser.parse_punctuation("<", " to open the parameters of !dataflow.stream")
        element = parser.parse_type()
        parser.parse_punctuation(",", " after the element type")
        parser.parse_keyword("lanes", " (the elements per beat)")
        lanes = parser.parse_integer(allow_boolean=False, context_msg=" (lanes per beat)")
        parser.parse_punctuation(",", " after the lanes")
        parser.parse_keyword("shape", " (the frame shape)")
        shape = int_list("frame shape")
        order = list(range(len(shape)))
        if parser.parse_optional_punctuation(",") is not None:
            parser.parse_keyword("order", " (the axis order of the stream)")
            order = int_list("axis order")
        parser.parse_punctuation(">", " to close the parameters of !dataflow.stream")
        problem = stream_problem(element, lanes, shape, order)
        if problem is not None:
            parser.raise_error(problem, start, parser.pos)
        return StreamType(element, lanes, shape, order).parameters

    def print_parameters(self, printer: Printer) -> None:
        printer.print_string("<")
        printer.print_attribute(self.element_type)
        printer.print_string(
            f", lanes {self.lane_count}, shape [{', '.join(map(str, self.frame_shape))}]"
        )
        if not self.has_identity_order:
            printer.print_string(f", order [{', '.join(map(str, self.axis_order))}]")
        printer.print_string(">")


def stream_type_of(value: SSAValue) -> StreamType:
    ty = value.type
    assert isinstance(ty, StreamType), ty
    return ty


def index_type(count: int) -> IntegerType:
    """The unsigned type of an index into `count` elements, `ui<max(1,
    ceil(log2 count))>` (argmax results)."""
    return IntegerType(max(1, (count - 1).bit_length()), Signedness.UNSIGNED)


def rtl_stream(stream: StreamType, name: str, direction: str):
    """The `#rtl.stream` of a graph input (`direction` "in") or output
    ("out") of this type: the top module's stream contract."""
    from asic.dialects.rtl import StreamAttr

    return StreamAttr(
        name, direction, stream.storage, stream.lane_count, stream.beat_count,
        stream.frame_shape, stream.axis_order,
    )


def boundary_problem(tensor: Attribute, stream: StreamType) -> str | None:
    """Why a host tensor of type `tensor` cannot be the frames of `stream`
    (same shape; same element type, or a signless integer tensor holding
    every value of an integer stream element), or None."""
    if not isinstance(tensor, TensorType):
        return f"expected a tensor, got {tensor}"
    if tuple(tensor.get_shape()) != stream.frame_shape:
        return (
            f"tensor shape {list(tensor.get_shape())} differs from the frame shape "
            f"{list(stream.frame_shape)}"
        )
    element = tensor.get_element_type()
    if element == stream.element_type:
        return None
    if isinstance(stream.element_type, IntegerType) and is_signless_integer(element):
        assert isinstance(element, IntegerType)
        lo, hi = signed_range(element.width.data)
        s_lo, s_hi = stream.value_range()
        if lo <= s_lo and s_hi <= hi:
            return None
        return f"{element} cannot hold every {stream.element_type} value"
    return f"element type {element} differs from the stream's {stream.element_type}"


# --------------------------------------------------------------------------
# Property kinds of the custom syntax
# --------------------------------------------------------------------------


class _IntegerTypeKind(PropertyKind):
    description = "a signless integer type"

    def matches(self, attr: Attribute) -> bool:
        return is_signless_integer(attr)

    def print(self, printer: Printer, attr: Attribute) -> None:
        printer.print_attribute(attr)

    def parse(self, parser: Parser, name: str) -> Attribute:
        pos = parser.pos
        ty = parser.parse_optional_type()
        if ty is None:
            parser.raise_error(f"expected an integer type like i20 after '{name}'", pos)
        return ty


INTEGER_TYPE = _IntegerTypeKind()


# --------------------------------------------------------------------------
# The graph
# --------------------------------------------------------------------------


def _string_list(parser: Parser, what: str) -> list[str]:
    return parser.parse_comma_separated_list(
        parser.Delimiter.SQUARE, lambda: parser.parse_str_literal(f" (a {what} stream name)"),
        f" (the {what} stream names)",
    )


def _names(attr: ArrayAttr) -> tuple[str, ...]:
    return tuple(s.data for s in attr.data)  # pyright: ignore[reportAttributeAccessIssue]


@irdl_op_definition
class GraphOp(IRDLOperation):
    """Engines and the streams between them, a function of streams from the
    operand tensors to the result tensors (module docstring)."""

    name = "dataflow.graph"

    inputs = var_operand_def(TensorType)
    sym_name = prop_def(StringAttr, prop_name="name")
    input_names = prop_def(ArrayAttr[StringAttr], prop_name="inputs")
    output_names = prop_def(ArrayAttr[StringAttr], prop_name="outputs")
    body = region_def("single_block")
    outputs = var_result_def(TensorType)
    traits = traits_def(IsolatedFromAbove())

    def __init__(
        self,
        name: str,
        inputs: Sequence[SSAValue],
        input_names: Sequence[str],
        output_types: Sequence[Attribute],
        output_names: Sequence[str],
        body: Region,
    ):
        super().__init__(
            operands=[list(inputs)],
            result_types=[list(output_types)],
            properties={
                "name": StringAttr(name),
                "inputs": ArrayAttr(StringAttr(n) for n in input_names),
                "outputs": ArrayAttr(StringAttr(n) for n in output_names),
            },
            regions=[body],
        )

    # Python views ------------------------------------------------------------
    @property
    def graph_name(self) -> str:
        return self.sym_name.data

    @property
    def stream_input_names(self) -> tuple[str, ...]:
        return _names(self.input_names)

    @property
    def stream_output_names(self) -> tuple[str, ...]:
        return _names(self.output_names)

    @property
    def block(self) -> Block:
        return self.body.block

    @property
    def yield_op(self) -> YieldOp:
        last = self.body.block.last_op
        assert isinstance(last, YieldOp)
        return last

    def engines(self) -> Iterator[Operation]:
        """The ops of the graph that are hardware (not constants or the yield),
        in order."""
        for op in self.body.block.ops:
            if isinstance(op, ENGINES):
                yield op

    def rtl_streams(self) -> list:
        """The `#rtl.stream`s of the top module: inputs, then outputs."""
        streams = [
            rtl_stream(stream_type_of(arg), name, "in")
            for arg, name in zip(self.body.block.args, self.stream_input_names)
        ]
        streams += [
            rtl_stream(stream_type_of(v), name, "out")
            for v, name in zip(self.yield_op.operands, self.stream_output_names)
        ]
        return streams

    # Verification ----------------------------------------------------------------
    def verify_(self) -> None:
        from asic.dialects.rtl import port_prefix

        block = self.body.block
        if not self.graph_name:
            fail("graph name must not be empty")
        in_names, out_names = self.stream_input_names, self.stream_output_names
        if len(in_names) != len(self.inputs) or len(out_names) != len(self.outputs):
            fail(
                f"expected {len(self.inputs)} input and {len(self.outputs)} output stream "
                f"names, got {len(in_names)} and {len(out_names)}"
            )
        names = in_names + out_names
        for name in names:
            if not name:
                fail("stream names must not be empty")
        prefixes = [port_prefix(n) for n in names]
        if len(set(prefixes)) != len(prefixes):
            quoted = ", ".join(f'"{n}"' for n in names)
            fail(f"stream names [{quoted}] give the clashing port prefixes [{', '.join(prefixes)}]")
        if len(block.args) != len(self.inputs):
            fail(
                f"the body has {len(block.args)} stream arguments for "
                f"{len(self.inputs)} inputs"
            )
        for i, (operand, arg) in enumerate(zip(self.inputs, block.args)):
            if not isinstance(arg.type, StreamType):
                fail(f"body argument {i} must be a !dataflow.stream, got {arg.type}")
            problem = boundary_problem(operand.type, arg.type)
            if problem is not None:
                fail(f"input {i} ({operand.type}) cannot feed the stream {arg.type}: {problem}")
        terminator = block.last_op
        if not isinstance(terminator, YieldOp):
            fail("the body must end with dataflow.yield")
        assert isinstance(terminator, YieldOp)
        if len(terminator.operands) != len(self.outputs):
            fail(
                f"dataflow.yield gives {len(terminator.operands)} streams for "
                f"{len(self.outputs)} results"
            )
        for i, (value, result) in enumerate(zip(terminator.operands, self.outputs)):
            problem = boundary_problem(result.type, stream_type_of(value))
            if problem is not None:
                fail(f"result {i} ({result.type}) cannot take the stream {value.type}: {problem}")
        for op in block.ops:
            if not isinstance(op, (*ENGINES, qnt.ConstantOp, YieldOp)):
                fail(
                    f"a dataflow.graph holds engines, qnt.constant weights and "
                    f"dataflow.yield, got {op.name}"
                )
        streams: list[SSAValue] = list(block.args)
        for op in block.ops:
            streams += [r for r in op.results if isinstance(r.type, StreamType)]
        for value in streams:
            uses = value.uses.get_length()
            if uses != 1:
                what = _describe(value)
                if uses == 0:
                    fail(f"{what} has no consumer: every stream must be consumed")
                fail(
                    f"{what} has {uses} consumers: a stream joins one producer to one "
                    "consumer (fan-out needs a fork engine, not available yet)"
                )

    # Syntax --------------------------------------------------------------------
    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_string_literal(self.graph_name)
        printer.print_string(" inputs [")
        printer.print_list(self.stream_input_names, printer.print_string_literal)
        printer.print_string("] outputs [")
        printer.print_list(self.stream_output_names, printer.print_string_literal)
        printer.print_string("] (")
        printer.print_list(self.inputs, printer.print_operand)
        printer.print_string(")")
        printer.print_op_attributes(self.attributes, print_keyword=True)
        printer.print_string(" : ")
        printer.print_function_type(
            [v.type for v in self.inputs], [r.type for r in self.outputs]
        )
        printer.print_string(" ")
        printer.print_region(self.body)

    @classmethod
    def parse(cls, parser: Parser) -> GraphOp:
        name = parser.parse_str_literal(" (the graph's name)")
        parser.parse_keyword("inputs", " before the input stream names")
        input_names = _string_list(parser, "input")
        parser.parse_keyword("outputs", " before the output stream names")
        output_names = _string_list(parser, "output")
        operands = parser.parse_comma_separated_list(
            parser.Delimiter.PAREN, parser.parse_unresolved_operand, " (the graph's inputs)"
        )
        attributes = parser.parse_optional_attr_dict_with_keyword()
        parser.parse_punctuation(":")
        pos = parser.pos
        function_type = parser.parse_function_type()
        inputs = parser.resolve_operands(operands, function_type.inputs.data, pos)
        body = parser.parse_region()
        op = cls(name, inputs, input_names, function_type.outputs.data, output_names, body)
        if attributes is not None:
            op.attributes |= attributes.data
        return op


def _describe(value: SSAValue) -> str:
    if isinstance(value, BlockArgument):
        return f"the input stream {value.index}"
    owner = value.owner
    assert isinstance(owner, Operation)
    return f"the stream of {owner.name}"


@irdl_op_definition
class YieldOp(IRDLOperation):
    """The output streams of a `dataflow.graph`."""

    name = "dataflow.yield"
    values = var_operand_def(StreamType)
    traits = traits_def(IsTerminator(), HasParent(GraphOp))
    assembly_format = "attr-dict ($values^ `:` type($values))?"

    def __init__(self, values: Sequence[SSAValue]):
        super().__init__(operands=[list(values)])


# --------------------------------------------------------------------------
# Engines
# --------------------------------------------------------------------------


class EngineOp(PropertySyntaxOp):
    """Base of the engines: the shared custom syntax, inside a graph."""

    traits = lazy_traits_def(lambda: (HasParent(GraphOp), Pure()))

    @property
    def input_stream(self) -> StreamType:
        return stream_type_of(self.operands[0])

    @property
    def output_stream(self) -> StreamType:
        return stream_type_of(self.results[0])


def _identity_order(what: str, stream: StreamType) -> None:
    if not stream.has_identity_order:
        fail(
            f"{what} must stream in row-major order (reordered streams come with "
            f"convolutions), got order {list(stream.axis_order)}"
        )


def _quantized_stream(what: str, stream: StreamType) -> UniformQuantizedType:
    element = stream.element_type
    if not isinstance(element, UniformQuantizedType):
        fail(f"{what} must carry !qnt.uniform elements, got {element}")
    assert isinstance(element, UniformQuantizedType)
    return element


def _factor(op: Operation, name: str) -> int:
    attr = op.properties.get(name)
    return attr.value.data if isinstance(attr, IntegerAttr) else 1  # pyright: ignore


@irdl_op_definition
class MvuOp(EngineOp):
    """Matrix-vector unit: a dense layer and its requantization (module
    docstring)."""

    name = "dataflow.mvu"

    input = operand_def(StreamType)
    weight = operand_def(qnt.QuantizedTensor)
    bias = opt_operand_def(qnt.IntegerTensor)
    pe = opt_prop_def(IntegerAttr)
    simd = opt_prop_def(IntegerAttr)
    accumulator = prop_def(IntegerType)
    multipliers = prop_def(DenseArrayBase)
    shifts = prop_def(DenseArrayBase)
    min = opt_prop_def(IntegerAttr)
    max = opt_prop_def(IntegerAttr)
    result = result_def(StreamType)

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "pe": INT,
        "simd": INT,
        "accumulator": INTEGER_TYPE,
        "multipliers": INTS,
        "shifts": INTS,
        "min": INT,
        "max": INT,
    }

    def __init__(
        self,
        input: SSAValue,
        weight: SSAValue,
        bias: SSAValue | None,
        output: UniformQuantizedType,
        accumulator: IntegerType,
        multipliers: Sequence[int],
        shifts: Sequence[int],
        *,
        pe: int | None = None,
        simd: int | None = None,
        min: int | None = None,
        max: int | None = None,
    ):
        """The output stream has `pe` lanes and the input's frame shape with
        its last dimension replaced by the weights' rows."""
        x = stream_type_of(input)
        n = shape_of(weight)[0]
        out = StreamType(output, pe or 1, (*x.frame_shape[:-1], n))
        properties: dict[str, Attribute] = {
            "accumulator": accumulator,
            "multipliers": i64_array(multipliers),
            "shifts": i64_array(shifts),
        }
        for key, value in (("pe", pe), ("simd", simd), ("min", min), ("max", max)):
            if value is not None:
                properties[key] = i64_attr(value)
        super().__init__(operands=[input, weight, bias], result_types=[out], properties=properties)

    # Python views ------------------------------------------------------------
    @property
    def pe_value(self) -> int:
        return _factor(self, "pe")

    @property
    def simd_value(self) -> int:
        return _factor(self, "simd")

    @property
    def out_features(self) -> int:
        """N, the weights' rows."""
        return shape_of(self.weight)[0]

    @property
    def in_features(self) -> int:
        """K, the reduction length."""
        return shape_of(self.weight)[1]

    @property
    def rows(self) -> int:
        """R, the rows of a frame (1 for a dense layer of one sample)."""
        return math.prod(self.input_stream.frame_shape[:-1])

    @property
    def neuron_folds(self) -> int:
        """NF = ceil(N / pe)."""
        return -(-self.out_features // self.pe_value)

    @property
    def synapse_folds(self) -> int:
        """SF = ceil(K / simd)."""
        return -(-self.in_features // self.simd_value)

    @property
    def input_type(self) -> UniformQuantizedType:
        return _quantized_stream("input", self.input_stream)

    @property
    def output_type(self) -> UniformQuantizedType:
        return _quantized_stream("output", self.output_stream)

    @property
    def weight_type(self) -> UniformQuantizedType:
        return qnt.quantized_type_of(self.weight)

    @property
    def weight_name(self) -> str:
        owner = self.weight.owner
        return owner.sym_name.data if isinstance(owner, qnt.ConstantOp) else "weights"

    def weight_array(self) -> np.ndarray:
        """The stored weights `[N, K]` (int64)."""
        owner = self.weight.owner
        assert isinstance(owner, qnt.ConstantOp)
        return array_from_dense(owner.value).astype(np.int64)

    def bias_array(self) -> np.ndarray | None:
        """The bias `[N]` (int64), or None."""
        if self.bias is None:
            return None
        owner = self.bias.owner
        assert isinstance(owner, qnt.ConstantOp)
        return array_from_dense(owner.value).astype(np.int64)

    def weight_zero_points(self) -> np.ndarray:
        """`zw[o]` for every output channel `[N]`."""
        zw = np.asarray(self.weight_type.zero_points, np.int64)
        return np.broadcast_to(zw, (self.out_features,)) if zw.size == 1 else zw

    def channel_multipliers(self) -> tuple[np.ndarray, np.ndarray]:
        """`(M[o], s[o])` for every output channel, `[N]` each."""
        n = self.out_features
        m = np.asarray(ints(self.multipliers), np.int64)
        s = np.asarray(ints(self.shifts), np.int64)
        return np.broadcast_to(m, (n,)) if m.size == 1 else m, np.broadcast_to(s, (n,)) if s.size == 1 else s

    def bounds(self) -> tuple[int, int]:
        """The clamp `[min, max]` of the output (default: its storage range)."""
        y = self.output_type
        lo, hi = self.min, self.max
        return (
            lo.value.data if lo is not None else y.qmin,
            hi.value.data if hi is not None else y.qmax,
        )

    def rom_words(self) -> np.ndarray:
        """The weight ROM, `[NF * SF, pe * simd]` stored weights: word `nf *
        SF + sf`, lane `p * simd + s` is `w[nf*pe + p, sf*simd + s]`,
        padded with `zw[o]` past `K` and 0 past `N` (module docstring)."""
        pe, simd = self.pe_value, self.simd_value
        nf, sf = self.neuron_folds, self.synapse_folds
        n, k = self.out_features, self.in_features
        w = np.zeros((nf * pe, sf * simd), np.int64)
        w[:n, :] = self.weight_zero_points()[:, None]
        w[:n, :k] = self.weight_array()
        w = w.reshape(nf, pe, sf, simd)
        return np.ascontiguousarray(w.transpose(0, 2, 1, 3)).reshape(nf * sf, pe * simd)

    # Verification ----------------------------------------------------------------
    def verify_semantics(self) -> None:
        x, y = self.input_stream, self.output_stream
        x_type = _quantized_stream("input stream", x)
        y_type = _quantized_stream("output stream", y)
        _identity_order("input stream", x)
        _identity_order("output stream", y)
        w_shape = shape_of(self.weight)
        if len(w_shape) != 2:
            fail(f"weights must have shape [N, K], got {list(w_shape)}")
        n, k = w_shape
        w_type = self.weight_type
        if w_type.is_per_axis and (w_type.axis != 0 or len(w_type.scales) != n):
            fail(f"weights may be quantized per axis only along their {n} rows (axis 0), got {w_type}")
        if not isinstance(self.weight.owner, qnt.ConstantOp):
            fail("weights must be a qnt.constant of the graph (the ROM's contents)")
        if self.bias is not None:
            if not isinstance(self.bias.owner, qnt.ConstantOp):
                fail("the bias must be a qnt.constant of the graph")
            if shape_of(self.bias) != (n,):
                fail(f"bias must have shape [{n}], got {list(shape_of(self.bias))}")
        if x.frame_shape[-1] != k:
            fail(
                f"input frame {list(x.frame_shape)} must end in the {k} inputs of the "
                f"weights {list(w_shape)}"
            )
        expected = (*x.frame_shape[:-1], n)
        if y.frame_shape != expected:
            fail(f"output frame must have shape {list(expected)}, got {list(y.frame_shape)}")
        for name, size, what in (("pe", n, "output channels"), ("simd", k, "inputs")):
            attr = self.properties.get(name)
            if attr is None:
                continue
            value = _factor(self, name)
            if not 1 <= value <= size:
                fail(f"{name} {value} must be in [1, {size}] (the {size} {what})")
            if self.rows > 1 and size % value:
                fail(
                    f"{name} {value} must divide the {size} {what}: with {self.rows} rows per "
                    "frame a partial fold would straddle rows (padding is per frame)"
                )
        if x.lane_count != self.simd_value:
            fail(
                f"input stream has {x.lane_count} lanes per beat, simd is {self.simd_value}: "
                "the producer's lanes must equal simd (insert a dataflow.dwc between them)"
            )
        if y.lane_count != self.pe_value:
            fail(f"output stream must have pe = {self.pe_value} lanes, got {y.lane_count}")
        bias_type = self.bias.type.get_element_type() if self.bias is not None else None  # pyright: ignore
        lo, hi = accumulator_range(x_type, w_type, k, bias_type)
        needed = integer_width(lo, hi)
        width = self.accumulator.width.data
        if not is_signless_integer(self.accumulator):
            fail(f"accumulator must be a signless integer type of 2 to 64 bits, got {self.accumulator}")
        if needed > MAX_ACCUMULATOR_BITS:
            fail(f"the sums lie in [{lo}, {hi}], which needs {needed} bits, more than {MAX_ACCUMULATOR_BITS}")
        if width < needed:
            fail(f"accumulator {self.accumulator} can overflow: the sums lie in [{lo}, {hi}], which needs i{needed}")
        multipliers, shifts = ints(self.multipliers), ints(self.shifts)
        for name, values in (("multipliers", multipliers), ("shifts", shifts)):
            if len(values) not in (1, n):
                fail(f"{name} must have 1 value or one per output channel ({n}), got {len(values)}")
        if any(not 0 <= m < 2**MULTIPLIER_BITS for m in multipliers):
            fail(f"multipliers must be in [0, {2**MULTIPLIER_BITS - 1}], got {list(multipliers)}")
        if any(not 0 <= s <= MAX_SHIFT for s in shifts):
            fail(f"shifts must be in [0, {MAX_SHIFT}], got {list(shifts)}")
        bits = max(multipliers).bit_length()
        if width + bits > MAX_PRODUCT_BITS:
            fail(
                f"the product of the accumulator ({width} bits) and a {bits}-bit multiplier "
                f"needs {width + bits} bits, more than {MAX_PRODUCT_BITS}"
            )
        lo_b, hi_b = self.bounds()
        if not y_type.qmin <= lo_b <= hi_b <= y_type.qmax:
            fail(
                f"min and max must satisfy {y_type.qmin} <= min <= max <= {y_type.qmax} "
                f"(the storage range of {y_type}), got min {lo_b} and max {hi_b}"
            )


@irdl_op_definition
class ArgmaxOp(EngineOp):
    """The index of the largest element of each frame (module docstring)."""

    name = "dataflow.argmax"

    input = operand_def(StreamType)
    select_last_index = prop_def(IntegerAttr, default_value=bool_attr(False))
    result = result_def(StreamType)

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"select_last_index": BOOL}

    def __init__(self, input: SSAValue, shape: Sequence[int], *, select_last_index: bool = False):
        """`shape` is the result frame's shape (one element)."""
        x = stream_type_of(input)
        super().__init__(
            operands=[input],
            result_types=[StreamType(index_type(x.frame_size), 1, shape)],
            properties={"select_last_index": bool_attr(select_last_index)},
        )

    @property
    def last(self) -> bool:
        return bool(self.select_last_index.value.data)

    def verify_semantics(self) -> None:
        x, y = self.input_stream, self.output_stream
        expected = index_type(x.frame_size)
        if y.element_type != expected:
            fail(
                f"the index of {x.frame_size} elements must be {expected}, "
                f"got {y.element_type}"
            )
        if y.frame_size != 1 or y.lane_count != 1:
            fail(
                f"the result frame is one element in one lane, got shape "
                f"{list(y.frame_shape)} with {y.lane_count} lanes"
            )


@irdl_op_definition
class FifoOp(EngineOp):
    """A FIFO of `depth` beats (module docstring)."""

    name = "dataflow.fifo"

    input = operand_def(StreamType)
    depth = prop_def(IntegerAttr)
    result = result_def(StreamType)

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"depth": INT}

    def __init__(self, input: SSAValue, depth: int):
        super().__init__(
            operands=[input], result_types=[input.type], properties={"depth": i64_attr(depth)}
        )

    @property
    def depth_value(self) -> int:
        return self.depth.value.data

    def verify_semantics(self) -> None:
        if self.input.type != self.result.type:
            fail(f"result type {self.result.type} must equal the input type {self.input.type}")
        if self.depth_value < 1:
            fail(f"depth must be >= 1, got {self.depth_value}")


@irdl_op_definition
class DwcOp(EngineOp):
    """Data width converter: other lanes per beat (module docstring)."""

    name = "dataflow.dwc"

    input = operand_def(StreamType)
    result = result_def(StreamType)

    def __init__(self, input: SSAValue, lanes: int):
        super().__init__(operands=[input], result_types=[stream_type_of(input).with_lanes(lanes)])

    @property
    def is_gather(self) -> bool:
        """More lanes out than in."""
        return self.output_stream.lane_count > self.input_stream.lane_count

    @property
    def ratio(self) -> int:
        """`r`: input beats per output beat (gather) or output beats per
        input beat (scatter), rounded up for a frame converter."""
        a, b = self.input_stream.lane_count, self.output_stream.lane_count
        return -(-max(a, b) // min(a, b))

    def verify_semantics(self) -> None:
        x, y = self.input_stream, self.output_stream
        if x.with_lanes(y.lane_count) != y:
            fail(
                f"a dwc changes only the lanes: {x} and {y} differ in element type, "
                "shape or order"
            )
        a, b = x.lane_count, y.lane_count
        if a == b:
            fail(f"input and output have the same {a} lanes: the converter does nothing")
        if len(converter_route(a, b, x.frame_size)) > 1:
            fail(
                f"one lane count must divide the other, or the wider one hold a whole frame of "
                f"{x.frame_size} elements, got {a} and {b} (convert through "
                f"{converter_route(a, b, x.frame_size)[0]} lanes with two dwcs)"
            )


def converter_route(have: int, need: int, frame: int) -> list[int]:
    """The lanes after each `dataflow.dwc` from `have` to `need` lanes for
    frames of `frame` elements: one when a lane count divides the other or
    the wider holds a frame, else two through `min(lcm, frame)` lanes (the
    fewest registers: a whole frame when the lcm is wider)."""
    if max(have, need) % min(have, need) == 0 or max(have, need) >= frame:
        return [need]
    return [min(math.lcm(have, need), frame), need]


@irdl_op_definition
class ReshapeOp(EngineOp):
    """The same beats as frames of another shape (no hardware)."""

    name = "dataflow.reshape"

    input = operand_def(StreamType)
    result = result_def(StreamType)

    def __init__(self, input: SSAValue, shape: Sequence[int]):
        x = stream_type_of(input)
        super().__init__(
            operands=[input], result_types=[StreamType(x.element_type, x.lane_count, shape)]
        )

    def verify_semantics(self) -> None:
        x, y = self.input_stream, self.output_stream
        if x.element_type != y.element_type or x.lane_count != y.lane_count:
            fail(f"a reshape keeps the element type and lanes: {x} and {y} differ")
        if x.frame_size != y.frame_size:
            fail(
                f"a reshape keeps the {x.frame_size} elements of a frame, got shape "
                f"{list(y.frame_shape)} ({y.frame_size} elements)"
            )
        _identity_order("input stream", x)
        _identity_order("output stream", y)


ENGINES: tuple[type[Operation], ...] = (MvuOp, ArgmaxOp, FifoOp, DwcOp, ReshapeOp)
"""The ops of a graph that are hardware (or wires)."""

PASS_THROUGH: tuple[type[Operation], ...] = (FifoOp, ReshapeOp)
"""Engines whose output has the lanes of their input."""


# --------------------------------------------------------------------------
# Making lanes agree
# --------------------------------------------------------------------------


def _output_lanes(op: Operation) -> int:
    if isinstance(op, MvuOp):
        return op.pe_value
    if isinstance(op, ArgmaxOp):
        return 1
    raise AssertionError(op.name)


def _input_lanes(op: Operation) -> int | None:
    """The lanes `op` needs on its input, None when it takes any."""
    return op.simd_value if isinstance(op, MvuOp) else None


def _retype(value: SSAValue, ty: StreamType) -> SSAValue:
    if value.type == ty:
        return value
    return Rewriter.replace_value_with_new_type(value, ty)


def legalize_lanes(graph: GraphOp) -> None:
    """Make every stream's lanes agree with its engines after `pe`/`simd`
    changed: an MVU's output has `pe` lanes and its input `simd`; a graph
    input takes the lanes its consumer needs, a graph output those of its
    producer; FIFOs and reshapes carry the lanes through; `dataflow.dwc`s
    are removed and put back right after each producer whose lanes differ
    from its consumer's (`converter_route`).
    The graph must have one consumer per stream."""
    block = graph.body.block
    for op in list(block.ops):
        if isinstance(op, DwcOp):
            op.result.replace_all_uses_with(op.input)
            op.detach()
            op.erase()
    sources: list[SSAValue | Operation] = [*block.args]
    sources += [op for op in block.ops if isinstance(op, (MvuOp, ArgmaxOp))]
    for source in sources:
        value = source if isinstance(source, SSAValue) else source.results[0]
        chain: list[Operation] = []
        user: Operation | None = None
        current = value
        while current.uses.get_length() == 1:
            user = next(iter(current.uses)).operation
            if not isinstance(user, PASS_THROUGH):
                break
            chain.append(user)
            current = user.results[0]
            user = None
        if user is None:
            continue  # unconsumed or fanned out: the verifier says so
        need = _input_lanes(user)
        if isinstance(source, SSAValue):  # a graph input: what its consumer takes
            have = need if need is not None else stream_type_of(value).lane_count
        else:
            have = _output_lanes(source)
        need = have if need is None else need
        value = _retype(value, stream_type_of(value).with_lanes(have))
        if have != need:
            anchor = chain[0] if chain else user
            for lanes in converter_route(have, need, stream_type_of(value).frame_size):
                dwc = DwcOp(value, lanes)
                Rewriter.insert_op(dwc, InsertPoint.before(anchor))
                first_use = [u for u in value.uses if u.operation is not dwc]
                for use in first_use:
                    use.operation.operands[use.index] = dwc.result
                value = dwc.result
        for op in chain:
            _retype(op.results[0], stream_type_of(op.results[0]).with_lanes(need))


DATAFLOW = Dialect(
    "dataflow",
    [GraphOp, YieldOp, MvuOp, ArgmaxOp, FifoOp, DwcOp, ReshapeOp],
    [StreamType],
)
