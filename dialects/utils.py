"""Pieces shared by the dialects (nn, qnt): tensor constraints, property
helpers and the one custom syntax of their ops, verification helpers with
exact messages, the geometry of convolution and pooling, and conversions
between numpy arrays and the dense tensor attributes that hold weights.

- `PropertySyntaxOp`: base of an op written `operands, non-default properties
  as 'name value' pairs, attribute dictionary, types` (the syntax is
  described in `asic.dialects.nn`); `SYNTAX` lists its properties and their
  `PropertyKind` (`INTS`, `INT`, `FLOAT`, `BOOL`, `STRING`).
- `fail` and the `expect_*` checks raise a `VerifyException` with an exact
  message; `conv2d_result_shape`, `pool2d_result_shape`, ... check the
  operand shapes and properties of an op and return its result shape, so
  that an nn op and its qnt counterpart say the same things.
- `Conv2dGeometryOp`, `Pool2dGeometryOp`, `Maxpool2dGeometryOp`: bases of
  the nn and qnt convolution and pooling ops holding their geometry
  properties (`strides`, `pads`, ...) with their defaults; `ArgmaxIndexOp`
  likewise for argmax.
- `pooled_size`: the output length of sliding windows along one axis.
- `dense_from_array`, `array_from_dense`: the attribute stores the raw
  little-endian bytes of the elements, so both directions are a copy of a
  buffer, never a Python loop over elements.
- `StreamViews`: the Python views of the stream types of the dataflow and
  rtl dialects (lanes, frame shape, axis order, element bits).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, TypeVar

import numpy as np
from xdsl.dialects.builtin import (
    BFloat16Type,
    BytesAttr,
    DenseArrayBase,
    DenseIntOrFPElementsAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    FloatAttr,
    IntegerAttr,
    IntegerType,
    Signedness,
    StringAttr,
    TensorType,
    i1,
    i64,
)
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import (
    AttrConstraint,
    IRDLOperation,
    OptPropertyDef,
    VerificationContext,
    prop_def,
    result_def,
    traits_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException

if TYPE_CHECKING:
    from xdsl.dialects.builtin import ArrayAttr, IntAttr

# --------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class StaticTensorConstraint(AttrConstraint[TensorType]):
    """A statically shaped `tensor` whose element type is one of
    `element_types`; `description` names them in the error message."""

    element_types: tuple[Attribute, ...]
    description: str

    def verify(self, attr: Attribute, constraint_context: VerificationContext) -> None:
        if (
            not isinstance(attr, TensorType)
            or attr.get_element_type() not in self.element_types
            or any(d < 0 for d in attr.get_shape())
        ):
            raise VerifyException(
                f"expected a statically shaped tensor of {self.description}, got {attr}"
            )

    def get_bases(self) -> set[type[Attribute]] | None:
        return {TensorType}

    def mapping_type_vars(
        self, type_var_mapping: Mapping[TypeVar, object]
    ) -> StaticTensorConstraint:
        return self


FLOAT_TYPES = (Float16Type(), BFloat16Type(), Float32Type(), Float64Type())

I64Tensor = StaticTensorConstraint((i64,), "i64")
"""Argmax indices."""


# --------------------------------------------------------------------------
# Attribute helpers
# --------------------------------------------------------------------------

def i64_array(values: Sequence[int]) -> DenseArrayBase:
    """A `array<i64: ...>` property from Python ints."""
    return DenseArrayBase.from_list(i64, [int(v) for v in values])


def f64_attr(value: float) -> FloatAttr:
    return FloatAttr(float(value), Float64Type())


def i64_attr(value: int) -> IntegerAttr:
    return IntegerAttr(int(value), i64)


def bool_attr(value: bool) -> IntegerAttr:
    return IntegerAttr(1 if value else 0, i1)


def ints(attr: DenseArrayBase) -> tuple[int, ...]:
    """The Python ints of an `array<i64: ...>` property."""
    return tuple(int(v) for v in attr.get_values())


def shape_of(value: SSAValue | Attribute) -> tuple[int, ...]:
    """Static shape of a tensor value or tensor type."""
    ty = value.type if isinstance(value, SSAValue) else value
    assert isinstance(ty, TensorType)
    return tuple(ty.get_shape())


def element_type_of(value: SSAValue) -> Attribute:
    ty = value.type
    assert isinstance(ty, TensorType)
    return ty.get_element_type()


def pooled_size(
    size: int,
    kernel: int,
    stride: int,
    pad_begin: int,
    pad_end: int,
    dilation: int = 1,
    ceil_mode: bool = False,
) -> int:
    """Output length of a convolution or pooling window along one axis.

    Window `j` (j = 0, 1, ...) starts at `j * stride` in the padded input of
    length `L = pad_begin + size + pad_end` and spans
    `E = dilation * (kernel - 1) + 1` positions. Without `ceil_mode`, the
    windows are those that end inside the padded input (`floor((L - E) /
    stride) + 1`). With `ceil_mode`, a window also counts when the previous
    one ended before the end of the padded input (`ceil((L - E) / stride) +
    1`, so a last window may run past the end), except a window that would
    start inside the end padding (the rule of ONNX and PyTorch). A result < 1
    means that no window fits.
    """
    span = size + pad_begin + pad_end - dilation * (kernel - 1) - 1
    if not ceil_mode:
        return span // stride + 1
    out = -(-span // stride) + 1
    if (out - 1) * stride >= size + pad_begin:
        out -= 1
    return out


# --------------------------------------------------------------------------
# Property kinds: how a property is typed, printed and parsed
# --------------------------------------------------------------------------

class PropertyKind:
    """The kind of value a property of the custom syntax takes."""

    description: ClassVar[str]

    def matches(self, attr: Attribute) -> bool:
        raise NotImplementedError

    def print(self, printer: Printer, attr: Attribute) -> None:
        raise NotImplementedError

    def parse(self, parser: Parser, name: str) -> Attribute:
        raise NotImplementedError


class _Ints(PropertyKind):
    description = "an array<i64: ...>"

    def matches(self, attr: Attribute) -> bool:
        return isinstance(attr, DenseArrayBase) and attr.elt_type == i64

    def print(self, printer: Printer, attr: Attribute) -> None:
        assert isinstance(attr, DenseArrayBase)
        printer.print_string("[" + ", ".join(str(v) for v in ints(attr)) + "]")

    def parse(self, parser: Parser, name: str) -> Attribute:
        if parser.parse_optional_punctuation("[") is None:
            parser.raise_error(f"expected a list of integers like [1, 1] after '{name}'")
        values: list[int] = []
        if parser.parse_optional_punctuation("]") is None:
            while True:
                values.append(
                    parser.parse_integer(
                        allow_boolean=False, context_msg=f" in the list of '{name}'"
                    )
                )
                if parser.parse_optional_punctuation(",") is None:
                    break
            parser.parse_punctuation("]", f" to end the list of '{name}'")
        return i64_array(values)


class _Int(PropertyKind):
    description = "an i64 integer"

    def matches(self, attr: Attribute) -> bool:
        return isinstance(attr, IntegerAttr) and attr.type == i64

    def print(self, printer: Printer, attr: Attribute) -> None:
        assert isinstance(attr, IntegerAttr)
        printer.print_string(str(attr.value.data))

    def parse(self, parser: Parser, name: str) -> Attribute:
        value = parser.parse_optional_integer(allow_boolean=False)
        if value is None:
            parser.raise_error(f"expected an integer after '{name}'")
        return i64_attr(value)


def format_float(value: float) -> str:
    """A float as the custom syntax spells it: the shortest decimal that reads
    back exactly, always with a `.` (`1.0e-05`, not `1e-05`, which the MLIR
    lexer reads as the integer 1), or `inf`, `-inf`, `nan`."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    mantissa, e, exponent = repr(value).partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return mantissa + e + exponent


class _Float(PropertyKind):
    description = "an f64 float"

    def matches(self, attr: Attribute) -> bool:
        return isinstance(attr, FloatAttr) and attr.type == Float64Type()

    def print(self, printer: Printer, attr: Attribute) -> None:
        assert isinstance(attr, FloatAttr)
        printer.print_string(format_float(float(attr.value.data)))

    def parse(self, parser: Parser, name: str) -> Attribute:
        sign = -1.0 if parser.parse_optional_punctuation("-") is not None else 1.0
        value: float | None = parser.parse_optional_float(allow_negative=False)
        if value is None:
            integer = parser.parse_optional_integer(allow_boolean=False, allow_negative=False)
            value = float(integer) if integer is not None else None
        if value is None and (word := parser.parse_optional_keyword_in(("inf", "nan"))):
            value = math.inf if word == "inf" else math.nan
        if value is None:
            parser.raise_error(
                f"expected a float after '{name}' (like 0.5, 1.0e-05, 2, inf or nan)"
            )
        return f64_attr(sign * value)


class _Bool(PropertyKind):
    description = "an i1 flag (true or false)"

    def matches(self, attr: Attribute) -> bool:
        return isinstance(attr, IntegerAttr) and attr.type == i1

    def print(self, printer: Printer, attr: Attribute) -> None:
        assert isinstance(attr, IntegerAttr)
        printer.print_string("true" if attr.value.data else "false")

    def parse(self, parser: Parser, name: str) -> Attribute:
        value = parser.parse_optional_boolean()
        if value is None:
            parser.raise_error(f"expected true or false after '{name}'")
        return bool_attr(value)


class _String(PropertyKind):
    description = "a string"

    def matches(self, attr: Attribute) -> bool:
        return isinstance(attr, StringAttr)

    def print(self, printer: Printer, attr: Attribute) -> None:
        assert isinstance(attr, StringAttr)
        printer.print_string_literal(attr.data)

    def parse(self, parser: Parser, name: str) -> Attribute:
        value = parser.parse_optional_str_literal()
        if value is None:
            parser.raise_error(f"expected a string literal after '{name}'")
        return StringAttr(value)


INTS, INT, FLOAT, BOOL, STRING = _Ints(), _Int(), _Float(), _Bool(), _String()


# --------------------------------------------------------------------------
# The base op: shared syntax and property checks
# --------------------------------------------------------------------------

class PropertySyntaxOp(IRDLOperation):
    """Base of the ops of the nn and qnt dialects (but their constants): the
    shared custom syntax.

    `SYNTAX` lists every property of the op, in printing order, with its
    `PropertyKind` (`INTS`, `INT`, `FLOAT`, `BOOL`, `STRING`). A property
    equal to its IRDL default is omitted when printing and filled in when
    parsing. `verify_` checks the kinds of the properties and that no
    attribute shadows a property, then calls `verify_semantics`, which the
    ops override.
    """

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {}

    def verify_(self) -> None:
        for name, kind in self.SYNTAX.items():
            attr = self.properties.get(name)
            if attr is not None and not kind.matches(attr):
                fail(f"property '{name}' must be {kind.description}, got {attr}")
        for name in self.attributes:
            if name in self.SYNTAX:
                fail(
                    f"'{name}' is a property of {self.name}, not an attribute: "
                    f"write it in the properties <{{...}}> or as '{name} <value>' "
                    "in the custom syntax"
                )
        self.verify_semantics()

    def verify_semantics(self) -> None:
        """Op-specific verification (shapes, property values)."""

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list(self.operands, printer.print_operand)
        prop_defs = self.get_irdl_definition().properties
        for name, kind in self.SYNTAX.items():
            value = self.properties.get(name)
            if value is None or value == prop_defs[name].default_value:
                continue
            printer.print_string(f" {name} ")
            if kind.matches(value):
                kind.print(printer, value)
            else:  # invalid IR (a wrongly typed property): show it as it is
                printer.print_attribute(value)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        types = [o.type for o in self.operands] + [r.type for r in self.results]
        if len(self.results) == 1 and all(t == types[0] for t in types):
            printer.print_attribute(types[0])
        else:
            printer.print_function_type(
                [o.type for o in self.operands], [r.type for r in self.results]
            )

    @classmethod
    def parse(cls, parser: Parser) -> PropertySyntaxOp:
        operands = parser.parse_optional_undelimited_comma_separated_list(
            parser.parse_optional_unresolved_operand, parser.parse_unresolved_operand
        ) or []
        properties: dict[str, Attribute] = {}
        while True:
            start = parser.pos
            name = parser.parse_optional_identifier()
            if name is None:
                break
            if name not in cls.SYNTAX and "." in name:  # the next op: no types
                parser.raise_error(
                    f"expected ':' and the types of {cls.name}", start, parser.pos
                )
            if name not in cls.SYNTAX:
                expected = (
                    f"expected one of {', '.join(cls.SYNTAX)}"
                    if cls.SYNTAX
                    else f"{cls.name} has no properties"
                )
                if re.fullmatch(r"[eE][0-9]*", name):
                    expected += " (a float with an exponent needs a '.', like 1.0e-05)"
                parser.raise_error(
                    f"unknown property '{name}' of {cls.name}, {expected}", start, parser.pos
                )
            if name in properties:
                parser.raise_error(f"property '{name}' is given twice", start, parser.pos)
            properties[name] = cls.SYNTAX[name].parse(parser, name)
        attributes = parser.parse_optional_attr_dict()
        pos = parser.pos
        # All properties in the op's order, defaults filled in, so that the
        # generic form prints them in one order however they were written.
        prop_defs = cls.get_irdl_definition().properties
        for name in cls.SYNTAX:
            if name in properties:
                properties[name] = properties.pop(name)
            elif (default := prop_defs[name].default_value) is not None:
                properties[name] = default
            elif not isinstance(prop_defs[name], OptPropertyDef):
                parser.raise_error(f"{cls.name} needs property '{name}'", pos)
        parser.parse_punctuation(":")
        pos = parser.pos
        if parser.parse_optional_punctuation("(") is not None:
            input_types = parser.parse_optional_undelimited_comma_separated_list(
                parser.parse_optional_type, parser.parse_type
            ) or []
            end = parser.pos + 1
            parser.parse_punctuation(")")
            if len(input_types) != len(operands):
                parser.raise_error(
                    f"expected {len(operands)} operand types, got {len(input_types)}",
                    pos,
                    end,
                )
            parser.parse_punctuation("->")
            result_types = [parser.parse_type()]
        else:
            ty = parser.parse_type()
            if parser.parse_optional_punctuation("->") is not None:
                parser.raise_error(
                    "operand types of the functional form must be in parentheses, "
                    "like (T1, T2) -> T3",
                    pos,
                    parser.pos,
                )
            input_types = [ty] * len(operands)
            result_types = [ty]
        resolved = parser.resolve_operands(operands, input_types, pos)
        return cls.create(
            operands=resolved,
            result_types=result_types,
            properties=properties,
            attributes=attributes,
        )


# --------------------------------------------------------------------------
# Verification helpers: each raises a VerifyException with an exact message
# --------------------------------------------------------------------------

def fail(message: str) -> None:
    raise VerifyException(message)


def expect_rank(what: str, shape: Sequence[int], rank: int) -> None:
    if len(shape) != rank:
        fail(f"expected {what} of rank {rank}, got rank {len(shape)}")


def expect_result_shape(op: IRDLOperation, expected: Sequence[int]) -> None:
    actual = shape_of(op.results[0])
    if tuple(actual) != tuple(expected):
        fail(f"expected result shape {list(expected)}, got {list(actual)}")


def expect_same_element_type(op: IRDLOperation) -> None:
    operand_types = [element_type_of(v) for v in op.operands]
    result_type = element_type_of(op.results[0])
    if any(t != result_type for t in operand_types):
        fail(
            "operands and result must have the same element type, got "
            f"({', '.join(str(t) for t in operand_types)}) -> {result_type}"
        )


def expect_at_least(name: str, values: Sequence[int], minimum: int) -> None:
    if any(v < minimum for v in values):
        fail(f"{name} must be >= {minimum}, got {list(values)}")


def expect_length(name: str, values: Sequence[int], length: int) -> None:
    if len(values) != length:
        fail(f"{name} must have {length} values, got {len(values)}")


def expect_finite(name: str, value: float) -> None:
    if not math.isfinite(value):
        fail(f"{name} must be finite, got {format_float(value)}")


def normalize_axis(axis: int, rank: int) -> int:
    if not -rank <= axis < rank:
        fail(f"axis {axis} is out of range for rank {rank}")
    return axis % rank


def window_extents(kernel: Sequence[int], dilations: Sequence[int]) -> list[int]:
    return [d * (k - 1) + 1 for k, d in zip(kernel, dilations)]


def windowed_output_hw(
    what: str,
    x: Sequence[int],
    kernel: Sequence[int],
    strides: Sequence[int],
    pads: Sequence[int],
    dilations: Sequence[int],
    ceil_mode: bool = False,
) -> tuple[int, int]:
    """Output H and W of windows sliding over an NCHW input `x`; fails when
    no window fits."""
    h = pooled_size(x[2], kernel[0], strides[0], pads[0], pads[2], dilations[0], ceil_mode)
    w = pooled_size(x[3], kernel[1], strides[1], pads[1], pads[3], dilations[1], ceil_mode)
    if h < 1 or w < 1:
        padded = [x[2] + pads[0] + pads[2], x[3] + pads[1] + pads[3]]
        fail(
            f"the {what} of extent {window_extents(kernel, dilations)} does not fit "
            f"in the padded input of size {padded}"
        )
    return h, w


# --------------------------------------------------------------------------
# Shapes of convolution, pooling and shape manipulation
# --------------------------------------------------------------------------

def broadcast_shapes(a: Sequence[int], b: Sequence[int], what: str) -> tuple[int, ...]:
    """numpy broadcasting of two shapes; `what` names them in the message."""
    try:
        return tuple(np.broadcast_shapes(tuple(a), tuple(b)))
    except ValueError:
        fail(f"{what} {list(a)} and {list(b)} do not broadcast")
        raise  # unreachable


def first_empty_window(
    size: int, kernel: int, stride: int, pad_begin: int, dilation: int, count: int
) -> tuple[int, int] | None:
    """The index and start of the first of `count` windows that holds no
    element of the input (all its taps fall in the padding), or None."""
    for j in range(count):
        start = j * stride - pad_begin
        first_tap = max(0, -(start // dilation))  # first tap at a position >= 0
        if first_tap >= kernel or start + first_tap * dilation >= size:
            return j, start
    return None


def conv2d_result_shape(
    x: Sequence[int],
    w: Sequence[int],
    bias: Sequence[int] | None,
    strides: Sequence[int],
    pads: Sequence[int],
    dilations: Sequence[int],
    groups: int,
) -> tuple[int, int, int, int]:
    """Checks the shapes of a 2-D convolution (NCHW input `x`, OIHW weight
    `w`, bias of shape [O] or None) and its properties; returns the NCHW
    result shape."""
    expect_rank("input", x, 4)
    expect_rank("weight", w, 4)
    expect_length("strides", strides, 2)
    expect_length("pads", pads, 4)
    expect_length("dilations", dilations, 2)
    expect_at_least("strides", strides, 1)
    expect_at_least("dilations", dilations, 1)
    expect_at_least("pads", pads, 0)
    expect_at_least("kernel size (weight dimensions 2 and 3)", w[2:], 1)
    if groups < 1:
        fail(f"groups must be >= 1, got {groups}")
    if x[1] % groups or w[0] % groups:
        fail(
            f"groups ({groups}) must divide input channels ({x[1]}) "
            f"and output channels ({w[0]})"
        )
    if w[1] * groups != x[1]:
        fail(
            f"weight expects {w[1] * groups} input channels "
            f"({w[1]} per group, {groups} groups), input has {x[1]}"
        )
    if bias is not None and tuple(bias) != (w[0],):
        fail(f"expected bias of shape [{w[0]}], got {list(bias)}")
    h, wd = windowed_output_hw("kernel", x, w[2:], strides, pads, dilations)
    return (x[0], w[0], h, wd)


def dense_result_shape(
    x: Sequence[int], w: Sequence[int], bias: Sequence[int] | None
) -> tuple[int, int]:
    """Checks the shapes of `x @ w^T + b` (`x: [B, K]`, `w: [N, K]`, bias
    [N] or None); returns `[B, N]`."""
    expect_rank("input", x, 2)
    expect_rank("weight", w, 2)
    if x[1] != w[1]:
        fail(f"input has {x[1]} features, weight expects {w[1]}")
    if bias is not None and tuple(bias) != (w[0],):
        fail(f"expected bias of shape [{w[0]}], got {list(bias)}")
    return (x[0], w[0])


def matmul_result_shape(a: Sequence[int], b: Sequence[int]) -> tuple[int, ...]:
    """Checks the shapes of a numpy matmul of tensors of rank >= 2 (batch
    dimensions broadcast); returns its result shape."""
    if len(a) < 2 or len(b) < 2:
        fail(f"expected operands of rank >= 2, got ranks {len(a)} and {len(b)}")
    if a[-1] != b[-2]:
        fail(f"contracting dimensions differ: {a[-1]} and {b[-2]}")
    batch = broadcast_shapes(a[:-2], b[:-2], "batch dimensions")
    return (*batch, a[-2], b[-1])


def pool2d_result_shape(
    x: Sequence[int],
    kernel: Sequence[int],
    strides: Sequence[int],
    pads: Sequence[int],
    dilations: Sequence[int],
    ceil_mode: bool,
) -> tuple[int, int, int, int]:
    """Checks a 2-D pooling window over the NCHW input `x` (every window must
    contain an input element); returns the NCHW result shape."""
    expect_rank("input", x, 4)
    expect_length("kernel", kernel, 2)
    expect_length("strides", strides, 2)
    expect_length("pads", pads, 4)
    expect_length("dilations", dilations, 2)
    expect_at_least("kernel", kernel, 1)
    expect_at_least("strides", strides, 1)
    expect_at_least("dilations", dilations, 1)
    expect_at_least("pads", pads, 0)
    out = windowed_output_hw("window", x, kernel, strides, pads, dilations, ceil_mode)
    for axis in (0, 1):
        empty = first_empty_window(
            x[2 + axis], kernel[axis], strides[axis], pads[axis], dilations[axis], out[axis]
        )
        if empty is not None:
            fail(
                f"window {empty[0]} along {'HW'[axis]} lies entirely in the "
                f"padding (it starts at {empty[1]}, the input has size "
                f"{x[2 + axis]}); every window must contain an input element"
            )
    return (x[0], x[1], *out)


def global_pool_result_shape(x: Sequence[int]) -> tuple[int, int, int, int]:
    """Checks the NCHW input of a global pooling; returns `[N, C, 1, 1]`."""
    expect_rank("input", x, 4)
    if x[2] == 0 or x[3] == 0:
        fail(f"cannot average over an empty spatial extent {list(x[2:])}")
    return (x[0], x[1], 1, 1)


def flatten_result_shape(x: Sequence[int], axis: int) -> tuple[int, int]:
    """ONNX Flatten: `[prod(x[:axis]), prod(x[axis:])]`, axis in [-rank, rank]."""
    if not -len(x) <= axis <= len(x):
        fail(f"axis {axis} is out of range [{-len(x)}, {len(x)}] for rank {len(x)}")
    if axis < 0:
        axis += len(x)
    return (math.prod(x[:axis]), math.prod(x[axis:]))


def expect_reshape(x: Sequence[int], y: Sequence[int]) -> None:
    """A row-major reshape keeps the number of elements."""
    if math.prod(x) != math.prod(y):
        fail(
            f"cannot reshape {list(x)} ({math.prod(x)} elements) to "
            f"{list(y)} ({math.prod(y)} elements)"
        )


def transpose_result_shape(x: Sequence[int], perm: Sequence[int]) -> tuple[int, ...]:
    if sorted(perm) != list(range(len(x))):
        fail(f"perm {list(perm)} is not a permutation of the {len(x)} axes")
    return tuple(x[p] for p in perm)


def concat_result_shape(shapes: Sequence[Sequence[int]], axis: int) -> tuple[int, ...]:
    """Checks the shapes of a concatenation along `axis` (at least one
    input); returns the result shape."""
    if not shapes:
        fail("concat needs at least one input")
    rank = len(shapes[0])
    axis = normalize_axis(axis, rank)
    for i, s in enumerate(shapes):
        if len(s) != rank:
            fail(f"input {i} has rank {len(s)}, input 0 has rank {rank}")
        if any(a != b for j, (a, b) in enumerate(zip(s, shapes[0])) if j != axis):
            fail(f"input shapes {[list(s) for s in shapes]} differ outside axis {axis}")
    expected = list(shapes[0])
    expected[axis] = sum(s[axis] for s in shapes)
    return tuple(expected)


def argmax_result_shape(x: Sequence[int], axis: int, keepdims: bool) -> tuple[int, ...]:
    axis = normalize_axis(axis, len(x))
    if x[axis] == 0:
        fail(f"axis {axis} is empty, argmax needs at least one element")
    expected = list(x)
    if keepdims:
        expected[axis] = 1
    else:
        del expected[axis]
    return tuple(expected)



class ArgmaxIndexOp(PropertySyntaxOp):
    """Base of `nn.argmax` and `qnt.argmax`: the properties `axis`,
    `keepdims`, `select_last_index` with their defaults and their `SYNTAX`,
    and the i64 index result. The subclasses define the operand `input`;
    `index_result_shape` checks its shape and returns the expected result
    shape (`argmax_result_shape`)."""

    axis = prop_def(IntegerAttr, default_value=i64_attr(0))
    keepdims = prop_def(IntegerAttr, default_value=bool_attr(True))
    select_last_index = prop_def(IntegerAttr, default_value=bool_attr(False))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "axis": INT,
        "keepdims": BOOL,
        "select_last_index": BOOL,
    }
    result = result_def(I64Tensor)
    traits = traits_def(Pure())

    def index_result_shape(self) -> tuple[int, ...]:
        return argmax_result_shape(
            shape_of(getattr(self, "input")), self.axis.value.data, bool(self.keepdims.value.data)
        )


# --------------------------------------------------------------------------
# numpy arrays <-> dense attributes
# --------------------------------------------------------------------------

_FLOAT_DTYPES: dict[type, np.dtype] = {
    Float16Type: np.dtype("<f2"),
    Float32Type: np.dtype("<f4"),
    Float64Type: np.dtype("<f8"),
}


def numpy_dtype(element_type: Attribute) -> np.dtype:
    """The numpy dtype that holds elements of `element_type` exactly."""
    if type(element_type) in _FLOAT_DTYPES:
        return _FLOAT_DTYPES[type(element_type)]
    if isinstance(element_type, IntegerType):
        width = element_type.width.data
        for size in (8, 16, 32, 64):
            if width <= size:
                return np.dtype(f"<i{size // 8}")
    raise ValueError(f"element type {element_type} has no numpy equivalent")


def element_type_for(dtype: np.dtype) -> Attribute:
    """The IR element type of a numpy float or integer dtype."""
    dtype = np.dtype(dtype)
    for ty, dt in _FLOAT_DTYPES.items():
        if dt == dtype.newbyteorder("<"):
            return ty()
    if dtype.kind in "iu":
        return IntegerType(dtype.itemsize * 8)
    if dtype.kind == "b":
        return IntegerType(1)
    raise ValueError(f"numpy dtype {dtype} has no IR element type")


def dense_from_array(
    array: np.ndarray, element_type: Attribute | None = None
) -> DenseIntOrFPElementsAttr:
    """A dense attribute holding `array`, converted to `element_type` (by
    default the element type of the array's dtype)."""
    if element_type is None:
        element_type = element_type_for(array.dtype)
    data = np.ascontiguousarray(array, dtype=numpy_dtype(element_type))
    ty = TensorType(element_type, data.shape)
    return DenseIntOrFPElementsAttr(ty, BytesAttr(data.tobytes()))


def array_from_dense(attr: DenseIntOrFPElementsAttr) -> np.ndarray:
    """The elements of `attr` as a numpy array of its shape (a splat stored
    as one element is broadcast). The array is read-only: it views the IR."""
    dtype = numpy_dtype(attr.get_element_type())
    flat = np.frombuffer(attr.data.data, dtype=dtype)
    shape = tuple(attr.get_shape())
    if flat.size == 1 and flat.size != int(np.prod(shape)):
        return np.broadcast_to(flat.reshape(()), shape)
    return flat.reshape(shape)


# --------------------------------------------------------------------------
# The shared fields of the 2-D convolution and pooling ops
# --------------------------------------------------------------------------


_STRIDES = i64_array([1, 1])
_PADS = i64_array([0, 0, 0, 0])
_DILATIONS = i64_array([1, 1])


class Conv2dGeometryOp(PropertySyntaxOp):
    """Base of `nn.conv2d` and `qnt.conv2d`: the geometry properties
    (`strides`, `pads`, `dilations`, `groups`) with their defaults and their
    `SYNTAX`. The subclasses define the operands `input`, `weight`, optional
    `bias` and the result; `conv_result_shape` checks the shapes and the
    geometry (`conv2d_result_shape`) and returns the expected result shape."""

    strides = prop_def(DenseArrayBase, default_value=_STRIDES)
    pads = prop_def(DenseArrayBase, default_value=_PADS)
    dilations = prop_def(DenseArrayBase, default_value=_DILATIONS)
    groups = prop_def(IntegerAttr, default_value=i64_attr(1))

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "strides": INTS,
        "pads": INTS,
        "dilations": INTS,
        "groups": INT,
    }

    def conv_result_shape(self) -> tuple[int, int, int, int]:
        bias = getattr(self, "bias")
        return conv2d_result_shape(
            shape_of(getattr(self, "input")),
            shape_of(getattr(self, "weight")),
            shape_of(bias) if bias is not None else None,
            ints(self.strides),
            ints(self.pads),
            ints(self.dilations),
            self.groups.value.data,
        )


class Pool2dGeometryOp(PropertySyntaxOp):
    """Base of the 2-D window pools of nn and qnt: the properties `kernel`,
    `strides`, `pads`, `ceil_mode` and their `SYNTAX` (a subclass with more
    properties extends it). The subclasses define the operand `input` and the
    result; `pool_result_shape` checks the input shape and the geometry
    (`pool2d_result_shape`) and returns the expected result shape."""

    kernel = prop_def(DenseArrayBase)
    strides = prop_def(DenseArrayBase, default_value=_STRIDES)
    pads = prop_def(DenseArrayBase, default_value=_PADS)
    ceil_mode = prop_def(IntegerAttr, default_value=bool_attr(False))

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "kernel": INTS,
        "strides": INTS,
        "pads": INTS,
        "ceil_mode": BOOL,
    }

    def window_dilations(self) -> tuple[int, ...]:
        """Dilations of the window; average pooling has none."""
        return (1, 1)

    def pool_result_shape(self) -> tuple[int, ...]:
        return pool2d_result_shape(
            shape_of(getattr(self, "input")),
            ints(self.kernel),
            ints(self.strides),
            ints(self.pads),
            self.window_dilations(),
            bool(self.ceil_mode.value.data),
        )


class Maxpool2dGeometryOp(Pool2dGeometryOp):
    """`Pool2dGeometryOp` with the window `dilations` of max pooling."""

    dilations = prop_def(DenseArrayBase, default_value=_DILATIONS)

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "kernel": INTS,
        "strides": INTS,
        "pads": INTS,
        "dilations": INTS,
        "ceil_mode": BOOL,
    }

    def window_dilations(self) -> tuple[int, ...]:
        return ints(self.dilations)


# --------------------------------------------------------------------------
# Streams
# --------------------------------------------------------------------------


class StreamViews:
    """Python views of a stream type (`!dataflow.stream`, `#rtl.stream`)
    from its parameters `lanes`, `shape` and `order` and its `storage`, the
    element as the hardware sees it (`si8`, `ui4`, ...). No parameters of
    its own: it only reads those of the attribute."""

    if TYPE_CHECKING:
        lanes: IntAttr
        shape: ArrayAttr[IntAttr]
        order: ArrayAttr[IntAttr]

    @property
    def storage(self) -> IntegerType:
        raise NotImplementedError

    @property
    def lane_count(self) -> int:
        return self.lanes.data

    @property
    def frame_shape(self) -> tuple[int, ...]:
        return tuple(d.data for d in self.shape.data)

    @property
    def axis_order(self) -> tuple[int, ...]:
        return tuple(d.data for d in self.order.data)

    @property
    def bits(self) -> int:
        return self.storage.width.data

    @property
    def signed(self) -> bool:
        return self.storage.signedness.data == Signedness.SIGNED
