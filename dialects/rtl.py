"""The `rtl` dialect: what CIRCT's hw / comb / seq (xDSL's `xdsl.dialects.hw`,
`comb`, `seq`) lack to describe the accelerators asic-opt builds.

The RTL level is hw / comb / seq plus this dialect. Its semantics, which the
cycle-based interpreter (`asic.interp.rtl`), the SystemVerilog emitter
(`asic.lowering.rtl_to_sv`) and Verilator agree on bit for bit:

Values and cycles
-----------------
Every value is a two-state bit vector `iW` (W >= 1; `!seq.clock` for the clock).
Arithmetic is modulo 2^W; signedness lives in the operations
(`comb.icmp slt`, `comb.divs`, `comb.shrs`), never in the types. A design runs
in clock cycles. In each cycle the inputs are set, then every combinational
value (hw.constant, comb.*, hw.instance outputs, hw.output) settles to the
function of the inputs and the current state; then, at the rising edge of
`clk` that ends the cycle, every state element takes its next value at once.
A combinational cycle (a loop not broken by a register) is an error.

The state elements are `seq.compreg` (next value `reset ? reset_value :
input`; the reset is synchronous and active high; without reset operands the
register starts at its `powerOn` value, else 0, and the SV target rejects
`powerOn`, which an ASIC cannot have) and the two ops below. Comb ops follow
CIRCT: `comb.concat`'s first operand is the most significant;
`comb.extract %x from L : (iW) -> iN` is bits `[L, L+N)` (must lie inside x);
shifts by an amount >= W give 0 (`shl`, `shru`) or W copies of the sign bit
(`shrs`); division and remainder truncate toward zero and give 0 for a zero
divisor (Verilator's choice; CIRCT leaves it undefined, so designs must not
rely on it), `comb.divs` of the most negative value by -1 wraps.

`rtl.rom` -- a read-only memory holding weight words
--------------------------------------------------
    %q = rtl.rom %addr, %clk words dense<[[1, -2], [3, 4]]> : tensor<2x2xi8> : i1 -> i16

`words` is a dense integer tensor `tensor<D x iB>` (one element per word) or
`tensor<D x L x iB>` (L lanes of B bits per word, lane 0 in the low bits, as
on a stream): the word `d` is the concatenation of `words[d, L-1], ...,
words[d, 0]`, its data width `L*B`. The read port is synchronous: at every
rising edge `q <= words[addr]` (0 when `addr >= D`), so the word addressed in
cycle t is on `q` in cycle t+1, one word per cycle. Holding the address holds
the data, which is how a stalled engine keeps its weights; `q` is 0 until the
first edge. The address has exactly `max(1, ceil(log2 D))` bits.

Why an op: hw/comb/seq have no constant memory. A mux tree over hw.constants
would express the same function but bury the weights in thousands of ops; a
ROM keeps them in one attribute the emitter prints as one initialized array,
the cost model counts as ROM bits, and FileCheck tests can read.

`rtl.ram` -- a simple dual-port memory (FIFO storage, line buffers)
--------------------------------------------------------------------
    %r = rtl.ram %clk read %raddr write %waddr, %wdata when %we depth 16 : i4, i8

`depth` words of W bits, one synchronous read port and one write port on the
same clock. At every rising edge: `rdata <= mem[raddr]` (0 when
`raddr >= depth`), and when `we` is 1, `mem[waddr] <= wdata` (ignored when
`waddr >= depth`). A read of the address being written returns the old word
(read-first). The words are not reset; they hold 0 before their first write
in simulation (the interpreter and Verilator), which a design must not rely
on. Both addresses have exactly `max(1, ceil(log2 depth))` bits.

Why an op: seq has no memory in xDSL (CIRCT's `seq.firmem` is not there),
and a FIFO or line buffer built from one register per word needs a write
decoder and a read mux of `depth` inputs in the IR. A memory op keeps them one
op that the emitter prints as an array the synthesis tool maps to SRAM.

Registers with an enable need no op: `seq.compreg (comb.mux %en, %d, %q)`.

The top-level interface (the stream contract)
---------------------------------------------
`lower-dataflow-to-rtl` produces, and `asic-sim` and the interpreter's driver
drive, one top `hw.module` carrying the attribute

    rtl.streams = [#rtl.stream<in "x" : si8, lanes 4, beats 16, shape [1, 64]>,
                   #rtl.stream<out "y" : si8, lanes 2, beats 5, shape [1, 10]>]

and exactly these ports, in any order (`check_top` verifies them):

- `clk: !seq.clock`; `rst: i1`, synchronous, active high.
- per input stream with port prefix P: `in P_data: i(lanes*bits)`,
  `in P_valid: i1`, `out P_ready: i1`;
- per output stream: `out P_data`, `out P_valid: i1`, `in P_ready: i1`.

The port prefix P is `port_prefix(name)`: the stream's name with every
character outside `[A-Za-z0-9_]` replaced by `_` (and `_` in front of a
leading digit). Today there is exactly one input and one output stream.

A beat moves on a rising edge when `valid` and `ready` are both high in the
cycle before it. A beat packs `lanes` elements of `bits` bits each, lane 0 in
the low bits, as two's complement (`si`) or unsigned (`ui`) integers. A frame
is one sample (a tensor of `shape`, the shape the quantized function has for
one sample, batch dimension included); it travels as `beats =
ceil(prod(shape) / lanes)` beats, elements in the row-major order of
`transpose(frame, order)` (`order` is the identity unless given; a
convolution streams NCHW tensors pixel by pixel with `order [0, 2, 3, 1]`).
When `lanes` does not divide the frame, the lanes of its last beat past the
frame's end are padding: a driver sends them as 0 and ignores them on an
output (their value is unspecified). Frames follow each other back to back. A producer's `valid` and data must
not depend combinationally on its `ready` input; a consumer's `ready` may
depend on `valid`.

Timing, as the drivers measure it: reset is high for `RESET_CYCLES` cycles
with every `valid` and `ready` low; cycle 0 is the first cycle after reset.
Frame f starts in the cycle its first input beat moves and ends in the cycle
its last output beat moves; latency is `end[0] - start[0]`, the interval
`end[F-1] - end[F-2]` (the last two frames, i.e. steady state).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import ClassVar

import numpy as np
from xdsl.dialects import hw, seq
from xdsl.dialects.builtin import (
    ArrayAttr,
    DenseIntOrFPElementsAttr,
    IntAttr,
    IntegerAttr,
    IntegerType,
    Signedness,
    StringAttr,
    TensorType,
    i1,
    i64,
)
from xdsl.ir import Attribute, Dialect, Operation, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    ParametrizedAttribute,
    VarConstraint,
    base,
    irdl_attr_definition,
    irdl_op_definition,
    operand_def,
    prop_def,
    result_def,
)
from xdsl.parser import AttrParser
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException

from asic.dialects.streams import StreamViews, port_prefix
from asic.dialects.syntax import parse_i64

RESET_CYCLES = 2
"""Cycles the drivers (interpreter and Verilator testbench) hold `rst` high."""

STREAMS_ATTR = "rtl.streams"
"""The top module's attribute: an `ArrayAttr` of `StreamAttr`."""


def address_bits(depth: int) -> int:
    """Width of the address of a memory of `depth` words: `max(1, ceil(log2 depth))`."""
    return max(1, (depth - 1).bit_length())


def width_of(ty: Attribute) -> int:
    """Bit width of an integer type (1 for `!seq.clock`)."""
    if isinstance(ty, seq.ClockType):
        return 1
    assert isinstance(ty, IntegerType), ty
    return ty.width.data


# --------------------------------------------------------------------------
# The stream attribute
# --------------------------------------------------------------------------


@irdl_attr_definition
class StreamAttr(StreamViews, ParametrizedAttribute):
    """One stream of the top module (see the module docstring):
    `#rtl.stream<in "x" : si8, lanes 4, beats 16, shape [1, 64]>`, with
    `, order [...]` after the shape when the order is not the identity."""

    name = "rtl.stream"

    stream_name: StringAttr
    direction: StringAttr
    element: IntegerType
    lanes: IntAttr
    beats: IntAttr
    shape: ArrayAttr[IntAttr]
    order: ArrayAttr[IntAttr]

    def __init__(
        self,
        stream_name: str,
        direction: str,
        element: IntegerType,
        lanes: int,
        beats: int,
        shape: Sequence[int],
        order: Sequence[int] | None = None,
    ):
        if order is None:
            order = range(len(shape))
        super().__init__(
            StringAttr(stream_name),
            StringAttr(direction),
            element,
            IntAttr(lanes),
            IntAttr(beats),
            ArrayAttr(IntAttr(d) for d in shape),
            ArrayAttr(IntAttr(d) for d in order),
        )

    @classmethod
    def from_stream(cls, stream: StreamViews, name: str, direction: str) -> StreamAttr:
        """The stream `name` of a top module (`direction` "in" or "out")
        carrying the frames of `stream` (a `!dataflow.stream`, say): the same
        storage, lanes, beats, shape and order."""
        return cls(
            name, direction, stream.storage, stream.lane_count, stream.beat_count,
            stream.frame_shape, stream.axis_order,
        )

    # Python views (and those of `StreamViews`) -----------------------------
    @property
    def stream(self) -> str:
        return self.stream_name.data

    @property
    def is_input(self) -> bool:
        return self.direction.data == "in"

    @property
    def storage(self) -> IntegerType:
        return self.element

    @property
    def beat_count(self) -> int:
        return self.beats.data

    @property
    def data_width(self) -> int:
        return self.lane_count * self.bits

    @property
    def prefix(self) -> str:
        return port_prefix(self.stream)

    def verify(self) -> None:
        problem = stream_problem(
            self.direction.data,
            self.element,
            self.lane_count,
            self.beat_count,
            self.frame_shape,
            self.axis_order,
        )
        if problem is not None:
            raise VerifyException(problem)

    # Syntax ------------------------------------------------------------------
    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        def ints() -> list[int]:
            return parser.parse_comma_separated_list(
                parser.Delimiter.SQUARE, lambda: parse_i64(parser)
            )

        with parser.in_angle_brackets():
            start = parser.pos
            direction = parser.parse_optional_keyword_in(("in", "out"))
            if direction is None:
                parser.raise_error("expected the stream direction, 'in' or 'out'")
            name = parser.parse_str_literal(" (the stream's name)")
            parser.parse_punctuation(":")
            element = parser.parse_type()
            parser.parse_punctuation(",")
            parser.parse_keyword("lanes")
            lanes = parse_i64(parser)
            parser.parse_punctuation(",")
            parser.parse_keyword("beats")
            beats = parse_i64(parser)
            parser.parse_punctuation(",")
            parser.parse_keyword("shape")
            shape = ints()
            order = list(range(len(shape)))
            if parser.parse_optional_punctuation(",") is not None:
                parser.parse_keyword("order")
                order = ints()
            end = parser.pos
        if not isinstance(element, IntegerType):
            parser.raise_error(f"expected an si or ui integer element type, got {element}", start, end)
        problem = stream_problem(direction, element, lanes, beats, shape, order)
        if problem is not None:
            parser.raise_error(problem, start, end)
        return StreamAttr(name, direction, element, lanes, beats, shape, order).parameters

    def print_parameters(self, printer: Printer) -> None:
        with printer.in_angle_brackets():
            printer.print_string(f"{self.direction.data} ")
            printer.print_string_literal(self.stream)
            printer.print_string(" : ")
            printer.print_attribute(self.element)
            printer.print_string(
                f", lanes {self.lane_count}, beats {self.beat_count}, "
                f"shape [{', '.join(map(str, self.frame_shape))}]"
            )
            if self.axis_order != tuple(range(len(self.frame_shape))):
                printer.print_string(f", order [{', '.join(map(str, self.axis_order))}]")


def stream_problem(
    direction: str,
    element: IntegerType,
    lanes: int,
    beats: int,
    shape: Sequence[int],
    order: Sequence[int],
) -> str | None:
    """Why these stream parameters are inconsistent, or None."""
    if direction not in ("in", "out"):
        return f"stream direction must be 'in' or 'out', got '{direction}'"
    if element.signedness.data == Signedness.SIGNLESS:
        return (
            f"stream element type must say its signedness (si{element.width.data} "
            f"or ui{element.width.data}), got {element}"
        )
    if lanes < 1 or beats < 1:
        return f"lanes and beats must be >= 1, got lanes {lanes}, beats {beats}"
    if any(d < 1 for d in shape):
        return f"frame shape must have dimensions >= 1, got {list(shape)}"
    if sorted(order) != list(range(len(shape))):
        return f"order {list(order)} is not a permutation of the {len(shape)} axes"
    size = math.prod(shape)
    if beats != -(-size // lanes):
        return (
            f"a frame of {size} elements (shape {list(shape)}) in beats of {lanes} lanes "
            f"takes ceil({size} / {lanes}) = {-(-size // lanes)} beats, got {beats}"
        )
    return None


def streams_of(module: hw.HWModuleOp) -> list[StreamAttr] | None:
    """The module's `rtl.streams`, or None when it has none."""
    attr = module.attributes.get(STREAMS_ATTR)
    if attr is None:
        return None
    if not isinstance(attr, ArrayAttr) or not all(isinstance(s, StreamAttr) for s in attr):
        raise VerifyException(
            f"{STREAMS_ATTR} must be an array of #rtl.stream attributes, got {attr}"
        )
    return list(attr.data)  # pyright: ignore[reportReturnType]


def stream_ports(stream: StreamAttr) -> list[tuple[str, str, Attribute]]:
    """The (name, direction, type) of a stream's three ports."""
    data, into, out = IntegerType(stream.data_width), "input", "output"
    fwd, back = (into, out) if stream.is_input else (out, into)
    p = stream.prefix
    return [(f"{p}_data", fwd, data), (f"{p}_valid", fwd, i1), (f"{p}_ready", back, i1)]


def top_ports(streams: Sequence[StreamAttr]) -> list[tuple[str, str, Attribute]]:
    """Every port of a top module with these streams, in the canonical order
    (clk, rst, then each stream's data, valid, ready)."""
    ports: list[tuple[str, str, Attribute]] = [
        ("clk", "input", seq.clock),
        ("rst", "input", i1),
    ]
    for stream in streams:
        ports += stream_ports(stream)
    return ports


def check_top(module: hw.HWModuleOp) -> list[StreamAttr]:
    """Verify that `module` follows the top-level interface contract (module
    docstring); return its streams. Raises `VerifyException`."""
    name = module.sym_name.data
    streams = streams_of(module)
    if streams is None:
        raise VerifyException(f"top module '{name}' has no {STREAMS_ATTR} attribute")
    inputs = [s for s in streams if s.is_input]
    outputs = [s for s in streams if not s.is_input]
    if len(inputs) != 1 or len(outputs) != 1:
        raise VerifyException(
            f"top module '{name}' must have one input and one output stream, "
            f"got {len(inputs)} and {len(outputs)}"
        )
    prefixes = [s.prefix for s in streams]
    if len(set(prefixes)) != len(prefixes):
        raise VerifyException(
            f"the streams of top module '{name}' have clashing port prefixes {prefixes}"
        )
    expected = {n: (d, t) for n, d, t in top_ports(streams)}
    actual: dict[str, tuple[str, Attribute]] = {}
    for port in module.module_type.ports.data:
        direction = "input" if port.dir.data.is_input_like() else "output"
        actual[port.port_name.data] = (direction, port.type)
    for port_name, (direction, ty) in expected.items():
        if port_name not in actual:
            raise VerifyException(
                f"top module '{name}' lacks the port {direction} {port_name}: {ty}"
            )
        if actual[port_name] != (direction, ty):
            got_dir, got_ty = actual[port_name]
            raise VerifyException(
                f"port '{port_name}' of top module '{name}' must be "
                f"{direction} {ty}, got {got_dir} {got_ty}"
            )
    extra = [p for p in actual if p not in expected]
    if extra:
        raise VerifyException(
            f"top module '{name}' has ports outside the stream contract: {', '.join(extra)}"
        )
    return streams


# --------------------------------------------------------------------------
# Ops
# --------------------------------------------------------------------------


def _width(value: SSAValue) -> int:
    assert isinstance(value.type, IntegerType)
    return value.type.width.data


@irdl_op_definition
class RomOp(IRDLOperation):
    """A read-only memory with one synchronous read port (module docstring)."""

    name = "rtl.rom"

    addr = operand_def(IntegerType)
    clk = operand_def(seq.ClockType)
    words = prop_def(DenseIntOrFPElementsAttr)
    data = result_def(IntegerType)

    assembly_format = "$addr `,` $clk `words` $words attr-dict `:` type($addr) `->` type($data)"

    def __init__(
        self,
        addr: SSAValue | Operation,
        clk: SSAValue | Operation,
        words: DenseIntOrFPElementsAttr,
    ):
        depth, lanes, bits = rom_geometry(words)
        super().__init__(
            operands=[addr, clk],
            result_types=[IntegerType(lanes * bits)],
            properties={"words": words},
        )

    @property
    def depth(self) -> int:
        return rom_geometry(self.words)[0]

    def verify_(self) -> None:
        depth, lanes, bits = rom_geometry(self.words)
        if _width(self.data) != lanes * bits:
            raise VerifyException(
                f"expected data of {lanes * bits} bits ({lanes} lanes of {bits} "
                f"bits), got {self.data.type}"
            )
        expected = address_bits(depth)
        if _width(self.addr) != expected:
            raise VerifyException(
                f"expected an address of {expected} bits for {depth} words, "
                f"got {self.addr.type}"
            )


def rom_geometry(words: DenseIntOrFPElementsAttr) -> tuple[int, int, int]:
    """(depth, lanes, bits) of a ROM's `words`; raises VerifyException."""
    ty = words.type
    element = ty.get_element_type() if isinstance(ty, TensorType) else None
    if not isinstance(element, IntegerType):
        raise VerifyException(f"ROM words must be a tensor of integers, got {ty}")
    shape = tuple(ty.get_shape())  # pyright: ignore[reportAttributeAccessIssue]
    if len(shape) not in (1, 2) or any(d < 1 for d in shape):
        raise VerifyException(
            f"ROM words must have shape [depth] or [depth, lanes] with sizes >= 1, "
            f"got {list(shape)}"
        )
    return shape[0], (shape[1] if len(shape) == 2 else 1), element.width.data


def rom_word_values(rom: RomOp) -> list[int]:
    """The ROM's words as unsigned integers of `lanes * bits` bits."""
    from asic.dialects.attributes import array_from_dense

    depth, lanes, bits = rom_geometry(rom.words)
    array = array_from_dense(rom.words).reshape(depth, lanes).astype(np.int64)
    mask = (1 << bits) - 1
    words = []
    for row in array.tolist():
        word = 0
        for lane in reversed(row):
            word = (word << bits) | (int(lane) & mask)
        words.append(word)
    return words


@irdl_op_definition
class RamOp(IRDLOperation):
    """A simple dual-port memory: one synchronous read port, one write port
    (module docstring)."""

    name = "rtl.ram"

    A: ClassVar = VarConstraint("A", base(IntegerType))
    W: ClassVar = VarConstraint("W", base(IntegerType))

    clk = operand_def(seq.ClockType)
    raddr = operand_def(A)
    waddr = operand_def(A)
    wdata = operand_def(W)
    we = operand_def(i1)
    depth = prop_def(IntegerAttr.constr(type=i64))
    rdata = result_def(W)

    assembly_format = (
        "$clk `read` $raddr `write` $waddr `,` $wdata `when` $we `depth` $depth "
        "attr-dict `:` type($raddr) `,` type($rdata)"
    )

    def __init__(
        self,
        clk: SSAValue | Operation,
        raddr: SSAValue | Operation,
        waddr: SSAValue | Operation,
        wdata: SSAValue | Operation,
        we: SSAValue | Operation,
        depth: int,
    ):
        super().__init__(
            operands=[clk, raddr, waddr, wdata, we],
            result_types=[SSAValue.get(wdata).type],
            properties={"depth": IntegerAttr(depth, i64)},
        )

    @property
    def depth_value(self) -> int:
        return self.depth.value.data

    def verify_(self) -> None:
        depth = self.depth_value
        if depth < 1:
            raise VerifyException(f"depth must be >= 1, got {depth}")
        expected = address_bits(depth)
        if _width(self.raddr) != expected:
            raise VerifyException(
                f"expected addresses of {expected} bits for {depth} words, "
                f"got {self.raddr.type}"
            )


# --------------------------------------------------------------------------
# Frames <-> beats (the stream contract's packing, shared by the drivers)
# --------------------------------------------------------------------------


def frames_to_beats(stream: StreamAttr, frames: np.ndarray) -> np.ndarray:
    """Frames `[F, *shape]` of integers (each fitting the element type) as the
    beats that carry them, `[F, beats]` (padding lanes 0): uint64 when a
    beat has at most 64 bits, Python ints (dtype object) otherwise."""
    count = frames.shape[0]
    order = [0] + [a + 1 for a in stream.axis_order]
    elements = np.ascontiguousarray(frames.transpose(order)).reshape(count, -1)
    padded = np.zeros((count, stream.beat_count * stream.lane_count), dtype=np.int64)
    padded[:, : elements.shape[1]] = elements
    lanes = padded.reshape(count, stream.beat_count, stream.lane_count)
    bits = stream.bits
    unsigned = lanes.astype(np.int64) & ((1 << bits) - 1)
    if stream.data_width <= 64:
        out = np.zeros((count, stream.beat_count), dtype=np.uint64)
        for lane in range(stream.lane_count):
            out |= unsigned[:, :, lane].astype(np.uint64) << np.uint64(lane * bits)
        return out
    out = np.zeros((count, stream.beat_count), dtype=object)
    for lane in range(stream.lane_count):
        out |= unsigned[:, :, lane].astype(object) << (lane * bits)
    return out


def beats_to_frames(stream: StreamAttr, beats: np.ndarray) -> np.ndarray:
    """Inverse of `frames_to_beats`: beats `[F, beats]` (uint64 or Python
    ints) as frames `[F, *shape]` in the element type's numpy dtype
    (padding lanes dropped)."""
    count = beats.shape[0]
    bits = stream.bits
    mask = (1 << bits) - 1
    lanes = np.zeros((count, stream.beat_count, stream.lane_count), dtype=np.int64)
    for lane in range(stream.lane_count):
        if beats.dtype == object:
            lanes[:, :, lane] = ((beats >> (lane * bits)) & mask).astype(np.int64)
        else:
            shifted = beats.astype(np.uint64) >> np.uint64(lane * bits)
            lanes[:, :, lane] = (shifted & np.uint64(mask)).astype(np.int64)
    if stream.signed:
        lanes -= (lanes >> (bits - 1)) << bits
    order = [0] + [a + 1 for a in stream.axis_order]
    transposed = [stream.frame_shape[a] for a in stream.axis_order]
    elements = lanes.reshape(count, -1)[:, : math.prod(transposed)]
    frames = elements.reshape(count, *transposed).transpose(np.argsort(order))
    return np.ascontiguousarray(frames).astype(element_dtype(stream))


def element_dtype(stream: StreamAttr) -> np.dtype:
    """The smallest numpy integer dtype holding the stream's elements."""
    for size in (8, 16, 32, 64):
        if stream.bits <= size:
            return np.dtype(f"{'i' if stream.signed else 'u'}{size // 8}")
    raise ValueError(f"stream elements of {stream.bits} bits have no numpy dtype")


def element_range(stream: StreamAttr) -> tuple[int, int]:
    if stream.signed:
        return -(1 << (stream.bits - 1)), (1 << (stream.bits - 1)) - 1
    return 0, (1 << stream.bits) - 1


def frames_from_input(stream: StreamAttr, array: np.ndarray) -> tuple[np.ndarray, str]:
    """The frames `[F, *shape]` an input array holds, and its layout: `"one"`
    (exactly `shape`), `"stacked"` (`(B, *shape)`) or `"merged"`
    (`(B, *shape[1:])` when `shape[0] == 1`). Raises ValueError with a
    message for the user when the array does not fit the stream."""
    shape = stream.frame_shape
    array = np.asarray(array)
    if array.shape == shape:
        frames, layout = array.reshape(1, *shape), "one"
    elif array.ndim == len(shape) + 1 and array.shape[1:] == shape:
        frames, layout = array, "stacked"
    elif shape[:1] == (1,) and array.ndim == len(shape) and array.shape[1:] == shape[1:]:
        frames, layout = array.reshape(array.shape[0], *shape), "merged"
    else:
        batch = f"(B, {', '.join(map(str, shape))})"
        if shape[:1] == (1,):
            rest = ", ".join(map(str, shape[1:]))
            batch += f" or (B, {rest})" if rest else " or (B,)"
        raise ValueError(
            f"input '{stream.stream}' has shape {tuple(array.shape)}, the stream "
            f"carries frames of shape {shape}: expected {shape} for one frame or "
            f"{batch} for a batch of B"
        )
    if frames.shape[0] == 0:
        raise ValueError(f"input '{stream.stream}' holds no frame")
    if array.dtype.kind not in "iub":
        raise ValueError(
            f"input '{stream.stream}' has dtype {array.dtype}, expected integers "
            f"of the stream's element type {stream.element}"
        )
    low, high = element_range(stream)
    if frames.size and (int(frames.min()) < low or int(frames.max()) > high):
        raise ValueError(
            f"input '{stream.stream}' has values outside [{low}, {high}], the "
            f"range of the stream's element type {stream.element}"
        )
    return frames.astype(np.int64), layout


def frames_to_output(stream: StreamAttr, frames: np.ndarray, layout: str) -> np.ndarray:
    """Output frames `[F, *shape]` in the batch layout of the inputs."""
    if layout == "one":
        return frames[0]
    if layout == "merged" and stream.frame_shape[:1] == (1,):
        return frames.reshape(frames.shape[0], *stream.frame_shape[1:])
    return frames


RTL = Dialect("rtl", [RomOp, RamOp], [StreamAttr])
