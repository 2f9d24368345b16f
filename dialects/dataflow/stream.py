"""`!dataflow.stream`, the type of a stream, and the layout of its beats.

    !dataflow.stream<!qnt.uniform<u8:f32, 0.02:128>, lanes 4, shape [1, 64]>
    !dataflow.stream<ui4, lanes 1, shape [1, 1]>
    !dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 8, shape [1, 16, 8, 8], order [0, 2, 3, 1]>

The contract of the type (which element travels in which beat and lane)
is the "Streams" section of `asic.dialects.dataflow`. At run time (the
functional models of the engines, the dataflow interpreter) the frames of a
stream are an int64 array `[B, beats, lanes]`: `B` frames, each as its
beats in stream order, the padding lanes 0 (`frames_to_beats`,
`beats_to_frames`, `beat_elements`, `pad_beats`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from xdsl.dialects.builtin import ArrayAttr, IntAttr, IntegerType, Signedness, TensorType
from xdsl.ir import Attribute, ParametrizedAttribute, SSAValue, TypeAttribute
from xdsl.irdl import irdl_attr_definition
from xdsl.parser import AttrParser
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException

from asic.dialects.qnt import UniformQuantizedType, is_signless_integer, signed_range
from asic.dialects.qnt_kernels import INT
from asic.dialects.streams import StreamViews
from asic.dialects.syntax import parse_i64


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
                lambda: parse_i64(parser, f" in the {what}"),
                f" (the {what}, like [1, 64])",
            )

        start = parser.pos
        parser.parse_punctuation("<", " to open the parameters of !dataflow.stream")
        element = parser.parse_type()
        parser.parse_punctuation(",", " after the element type")
        parser.parse_keyword("lanes", " (the elements per beat)")
        lanes = parse_i64(parser, " (lanes per beat)")
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
# Frames and beats at run time
# --------------------------------------------------------------------------


def pad_beats(stream: StreamType, elements: np.ndarray) -> np.ndarray:
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
    return pad_beats(stream, np.ascontiguousarray(ordered).reshape(count, -1))


def beats_to_frames(stream: StreamType, beats: np.ndarray) -> np.ndarray:
    """Inverse of `frames_to_beats` (padding dropped)."""
    count = beats.shape[0]
    transposed = [stream.frame_shape[a] for a in stream.axis_order]
    frames = beat_elements(stream, beats).reshape(count, *transposed)
    if not stream.has_identity_order:
        frames = frames.transpose([0] + [a + 1 for a in np.argsort(stream.axis_order)])
    return np.ascontiguousarray(frames)
