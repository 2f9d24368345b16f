"""The `nn` dialect: float tensor operations of a trained network.

Values are ranked, statically shaped `tensor<...x fN>` with an element type
of f16, bf16, f32 or f64 (the operand and result constraints enforce it);
`nn.argmax` alone produces `i64` indices (and `nn.constant` may hold them,
once an argmax is folded). Layouts follow ONNX: activations are
NCHW, convolution weights OIHW (`O` output channels, `I = C / groups`), dense
weights `[N, K]` (output-major, one row per output neuron), so that the weight
of one output channel is one contiguous slice, as the hardware stores it.

Semantics, op by op (the numpy interpreter in `asic.interp.nn` is the
executable version):

- `constant`: a named weight or constant tensor; `name` (non-empty, ASCII)
  keeps the ONNX initializer's name so that later passes and reports can
  refer to it.
- `conv2d`: `y[n,o,i,j] = b[o] + sum_{c,u,v} x_pad[n, g*C/G + c, i*s_h + u*d_h,
  j*s_w + v*d_w] * w[o, c, u, v]` where `g = o // (O/G)`. `pads` are
  `[top, left, bottom, right]` (ONNX order), zero padding. The output size
  along an axis is `pooled_size(...)` without ceil mode; a window may lie
  entirely in the padding (it then contributes only the bias).
- `dense`: `y = x @ w^T + b`, `x: [B, K]`, `w: [N, K]`, `b: [N]`.
- `matmul`: numpy `matmul` of two tensors of rank >= 2 with broadcast batch
  dimensions.
- `add`, `sub`, `mul`, `div`: elementwise with numpy broadcasting.
- `relu`, `sigmoid`, `tanh`, `leaky_relu` (`x if x >= 0 else alpha * x`),
  `clip` (`min(max(x, min), max)`, either bound optional, ±inf allowed, NaN
  not), `cast` (between float types, same shape, round to nearest even).
- `softmax`: along one `axis`, `exp(x - max) / sum(exp(x - max))`.
- `lrn`: ONNX LocalResponseNormalization across the channels of an NCHW
  tensor, `x / (bias + alpha / size * sum_{window} x^2) ^ beta`.
- `batchnorm`: inference form `scale * (x - mean) / sqrt(var + epsilon) + bias`
  per channel (axis 1), `epsilon` finite and >= 0.
- `maxpool2d`, `avgpool2d`: windows of `kernel` with `strides`, `pads`,
  `dilations` (max only); the output size is `pooled_size(...)`: `ceil_mode`
  rounds it up, dropping a last window that would start inside the end
  padding. Every window must contain at least one element of the input (a
  window entirely in the padding is a verification error), so both reductions
  are over a non-empty set. Max pooling ignores padding; average pooling
  divides by the number of elements of the window inside the input, or
  inside input plus explicit `pads` when `count_include_pad` (the extra
  ceil-mode area is never counted).
- `global_avgpool2d`: mean over H and W (both non-empty), result `[N, C, 1, 1]`.
- `flatten`: ONNX Flatten, to `[prod(shape[:axis]), prod(shape[axis:])]`,
  `axis` in `[-rank, rank]`.
- `reshape`: row-major reshape to the result type's shape.
- `transpose`: `perm` permutation of the axes.
- `concat`: along `axis`, at least one input.
- `pad`: `pads` are `[begin_0, ..., begin_{r-1}, end_0, ..., end_{r-1}]`
  (ONNX order, >= 0); `mode` is `"constant"` (with `value`), `"reflect"`
  (each pad smaller than its dimension) or `"edge"` (a padded dimension must
  not be empty); `value` is only allowed with the constant mode.
- `argmax`: index of the first (or, with `select_last_index`, last) maximum
  along `axis` (which must not be empty); `keepdims` keeps that axis with size 1.

Properties are typed exactly: integer lists are `array<i64: ...>`, integers
`i64`, floats `f64`, flags `i1` (`true`/`false`), strings `StringAttr`. IRDL
checks the attribute class of each property; `NNOperation.verify_` checks the
rest (the element or value type) and names the property in its message.

Custom syntax. `constant` is `nn.constant "name" dense<...> : tensor<...>`
(the name is ASCII; values xDSL cannot print exactly in decimal are written
as the raw hex string `dense<"0x...">`, see `dense_text`).
Every other op uses one form: operands, then the properties that differ from
their defaults as `name value` pairs, then an optional attribute dictionary,
then the types:

    %y = nn.conv2d %x, %w, %b strides [2, 2] pads [1, 1, 1, 1] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
    %r = nn.relu %y : tensor<1x4x4x4xf32>
    %m = nn.maxpool2d %r kernel [2, 2] strides [2, 2] ceil_mode true : (tensor<1x4x4x4xf32>) -> tensor<1x4x2x2xf32>

A value is an integer (`3`, `-1`), a list of integers (`[1, 1]`, `[]`), a
float (`0.5`, `1.0e-05`; an integer literal is accepted, and `inf`, `-inf`,
`nan` are spelled so), `true`/`false`, or a string literal (`"reflect"`).
Properties parse in any order and print in the op's fixed order; a property
without a default (`kernel`, `perm`, `size`, ...) is always printed and must be
given. The short form `: T` is used when every operand and the result have
type `T`; otherwise the functional form `: (T1, T2) -> T3`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from io import StringIO
from typing import ClassVar, TypeVar

import numpy as np
from xdsl.dialects.builtin import (
    BFloat16Type,
    DenseArrayBase,
    DenseIntOrFPElementsAttr,
    Float16Type,
    Float32Type,
    Float64Type,
    FloatAttr,
    IntegerAttr,
    StringAttr,
    TensorType,
    i1,
    i64,
)
from xdsl.ir import Attribute, Dialect, SSAValue
from xdsl.irdl import (
    AttrConstraint,
    IRDLOperation,
    OptPropertyDef,
    VerificationContext,
    irdl_op_definition,
    operand_def,
    opt_operand_def,
    opt_prop_def,
    prop_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import ConstantLike, Pure
from xdsl.utils.exceptions import VerifyException

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

FloatTensor = StaticTensorConstraint(FLOAT_TYPES, "f16, bf16, f32 or f64")
"""A statically shaped tensor of f16, bf16, f32 or f64."""

I64Tensor = StaticTensorConstraint((i64,), "i64")
"""A statically shaped tensor of i64 (the indices of `nn.argmax`)."""

ConstantTensor = StaticTensorConstraint((*FLOAT_TYPES, i64), "f16, bf16, f32, f64 or i64")
"""A float tensor, or i64 indices (a folded `nn.argmax`)."""


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


class NNOperation(IRDLOperation):
    """Base of the nn ops but `constant`: the shared custom syntax.

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
                _fail(f"property '{name}' must be {kind.description}, got {attr}")
        for name in self.attributes:
            if name in self.SYNTAX:
                _fail(
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
    def parse(cls, parser: Parser) -> NNOperation:
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


def _fail(message: str) -> None:
    raise VerifyException(message)


def _expect_rank(what: str, shape: Sequence[int], rank: int) -> None:
    if len(shape) != rank:
        _fail(f"expected {what} of rank {rank}, got rank {len(shape)}")


def _expect_result_shape(op: IRDLOperation, expected: Sequence[int]) -> None:
    actual = shape_of(op.results[0])
    if tuple(actual) != tuple(expected):
        _fail(f"expected result shape {list(expected)}, got {list(actual)}")


def _expect_same_element_type(op: IRDLOperation) -> None:
    operand_types = [element_type_of(v) for v in op.operands]
    result_type = element_type_of(op.results[0])
    if any(t != result_type for t in operand_types):
        _fail(
            "operands and result must have the same element type, got "
            f"({', '.join(str(t) for t in operand_types)}) -> {result_type}"
        )


def _expect_at_least(name: str, values: Sequence[int], minimum: int) -> None:
    if any(v < minimum for v in values):
        _fail(f"{name} must be >= {minimum}, got {list(values)}")


def _expect_length(name: str, values: Sequence[int], length: int) -> None:
    if len(values) != length:
        _fail(f"{name} must have {length} values, got {len(values)}")


def _expect_finite(name: str, value: float) -> None:
    if not math.isfinite(value):
        _fail(f"{name} must be finite, got {format_float(value)}")


def _normalize_axis(axis: int, rank: int) -> int:
    if not -rank <= axis < rank:
        _fail(f"axis {axis} is out of range for rank {rank}")
    return axis % rank


def _window_extents(kernel: Sequence[int], dilations: Sequence[int]) -> list[int]:
    return [d * (k - 1) + 1 for k, d in zip(kernel, dilations)]


def _windowed_output_hw(
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
        _fail(
            f"the {what} of extent {_window_extents(kernel, dilations)} does not fit "
            f"in the padded input of size {padded}"
        )
    return h, w


# --------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------


def dense_text(value: DenseIntOrFPElementsAttr) -> str:
    """The text of a dense attribute that reads back to the same elements.

    xDSL 0.74 prints a float element it cannot write exactly in six digits
    or as a decimal with a point (an integral value like 1000001.0, inf, nan)
    as a hex bit pattern, `dense<0x412E848200000000>`, and its parser reads
    that back as the *integer* 0x412E848200000000. When that happens, the
    whole value is written as MLIR's hex string of its raw little-endian
    bytes instead, `dense<"0x...">`, which xDSL reads back exactly (one
    element's bytes for a splat). The same when xDSL would print a list of
    elements that differ only in the sign of zero as one splat value.
    """
    stream = StringIO()
    Printer(stream=stream).print_attribute(value)
    text = stream.getvalue()
    elements = text.rpartition(" : ")[0]  # not the type, whose shape may hold "0x"
    data = value.data.data
    size = len(data) // max(len(value), 1)
    splat = size > 0 and data == data[:size] * (len(data) // size)
    # xDSL also prints [0.0, -0.0] as the splat 0.0 (it compares floats)
    if len(value) == 0 or ("0x" not in elements and (splat or "[" in elements)):
        return text
    if splat:
        data = data[:size]
    return f'dense<"0x{data.hex().upper()}"> : {value.get_type()}'


@irdl_op_definition
class ConstantOp(IRDLOperation):
    """A named constant tensor (a weight, bias or folded value)."""

    name = "nn.constant"
    sym_name = prop_def(StringAttr, prop_name="name")
    value = prop_def(DenseIntOrFPElementsAttr)
    result = result_def(ConstantTensor)
    traits = traits_def(ConstantLike(), Pure())

    def __init__(self, value: DenseIntOrFPElementsAttr, name: str):
        super().__init__(
            properties={"name": StringAttr(name), "value": value},
            result_types=[value.get_type()],
        )

    def verify_(self) -> None:
        name = self.sym_name.data
        if not name:
            _fail("constant name must not be empty")
        if not name.isascii():
            # xDSL prints other strings as bytes, which it cannot read back
            _fail(f"constant name must be ASCII, got {name!r}")
        if self.result.type != self.value.get_type():
            _fail(
                f"result type {self.result.type} does not match the value's "
                f"type {self.value.get_type()}"
            )
        if len(self.value) not in (1, math.prod(self.value.get_shape())):
            _fail("value does not have as many elements as its shape")

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_string_literal(self.sym_name.data)
        printer.print_string(" ")
        printer.print_string(dense_text(self.value))
        printer.print_op_attributes(self.attributes)

    @classmethod
    def parse(cls, parser: Parser) -> ConstantOp:
        name = parser.parse_optional_str_literal()
        start = parser.pos
        if name is None and (raw := parser.parse_optional_bytes_literal()) is not None:
            try:
                name = raw.decode("utf-8")  # not ASCII: the verifier says so
            except UnicodeDecodeError:
                parser.raise_error("the constant's name is not valid UTF-8", start, parser.pos)
        if name is None:
            parser.raise_error("expected the constant's name, a string literal")
        pos = parser.pos
        value = parser.parse_attribute()
        if not isinstance(value, DenseIntOrFPElementsAttr):
            parser.raise_error(
                "expected a dense elements attribute like dense<0.0> : tensor<4xf32>, "
                f"got {value}",
                pos,
            )
        op = cls(value, name)
        op.attributes |= parser.parse_optional_attr_dict()
        return op


# --------------------------------------------------------------------------
# Convolution, dense, matmul
# --------------------------------------------------------------------------

_STRIDES = i64_array([1, 1])
_PADS = i64_array([0, 0, 0, 0])
_DILATIONS = i64_array([1, 1])


@irdl_op_definition
class Conv2dOp(NNOperation):
    """2-D convolution, NCHW activations and OIHW weights, optional bias."""

    name = "nn.conv2d"
    input = operand_def(FloatTensor)
    weight = operand_def(FloatTensor)
    bias = opt_operand_def(FloatTensor)
    strides = prop_def(DenseArrayBase, default_value=_STRIDES)
    pads = prop_def(DenseArrayBase, default_value=_PADS)
    dilations = prop_def(DenseArrayBase, default_value=_DILATIONS)
    groups = prop_def(IntegerAttr, default_value=i64_attr(1))
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "strides": INTS,
        "pads": INTS,
        "dilations": INTS,
        "groups": INT,
    }

    def verify_semantics(self) -> None:
        _expect_same_element_type(self)
        x, w = shape_of(self.input), shape_of(self.weight)
        _expect_rank("input", x, 4)
        _expect_rank("weight", w, 4)
        strides, pads, dilations = ints(self.strides), ints(self.pads), ints(self.dilations)
        _expect_length("strides", strides, 2)
        _expect_length("pads", pads, 4)
        _expect_length("dilations", dilations, 2)
        _expect_at_least("strides", strides, 1)
        _expect_at_least("dilations", dilations, 1)
        _expect_at_least("pads", pads, 0)
        _expect_at_least("kernel size (weight dimensions 2 and 3)", w[2:], 1)
        groups = self.groups.value.data
        if groups < 1:
            _fail(f"groups must be >= 1, got {groups}")
        if x[1] % groups or w[0] % groups:
            _fail(
                f"groups ({groups}) must divide input channels ({x[1]}) "
                f"and output channels ({w[0]})"
            )
        if w[1] * groups != x[1]:
            _fail(
                f"weight expects {w[1] * groups} input channels "
                f"({w[1]} per group, {groups} groups), input has {x[1]}"
            )
        if self.bias is not None and shape_of(self.bias) != (w[0],):
            _fail(f"expected bias of shape [{w[0]}], got {list(shape_of(self.bias))}")
        h, wd = _windowed_output_hw("kernel", x, w[2:], strides, pads, dilations)
        _expect_result_shape(self, (x[0], w[0], h, wd))


@irdl_op_definition
class DenseOp(NNOperation):
    """Fully connected layer `x @ w^T + b` with `w` of shape [N, K]."""

    name = "nn.dense"
    input = operand_def(FloatTensor)
    weight = operand_def(FloatTensor)
    bias = opt_operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        _expect_same_element_type(self)
        x, w = shape_of(self.input), shape_of(self.weight)
        _expect_rank("input", x, 2)
        _expect_rank("weight", w, 2)
        if x[1] != w[1]:
            _fail(f"input has {x[1]} features, weight expects {w[1]}")
        if self.bias is not None and shape_of(self.bias) != (w[0],):
            _fail(f"expected bias of shape [{w[0]}], got {list(shape_of(self.bias))}")
        _expect_result_shape(self, (x[0], w[0]))


def _broadcast(a: Sequence[int], b: Sequence[int], what: str) -> tuple[int, ...]:
    try:
        return tuple(np.broadcast_shapes(tuple(a), tuple(b)))
    except ValueError:
        _fail(f"{what} {list(a)} and {list(b)} do not broadcast")
        raise  # unreachable


@irdl_op_definition
class MatmulOp(NNOperation):
    """numpy matmul of tensors of rank >= 2, batch dimensions broadcast."""

    name = "nn.matmul"
    lhs = operand_def(FloatTensor)
    rhs = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        _expect_same_element_type(self)
        a, b = shape_of(self.lhs), shape_of(self.rhs)
        if len(a) < 2 or len(b) < 2:
            _fail(f"expected operands of rank >= 2, got ranks {len(a)} and {len(b)}")
        if a[-1] != b[-2]:
            _fail(f"contracting dimensions differ: {a[-1]} and {b[-2]}")
        batch = _broadcast(a[:-2], b[:-2], "batch dimensions")
        _expect_result_shape(self, (*batch, a[-2], b[-1]))


# --------------------------------------------------------------------------
# Elementwise
# --------------------------------------------------------------------------


class BinaryElementwiseOp(NNOperation):
    lhs = operand_def(FloatTensor)
    rhs = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        _expect_same_element_type(self)
        expected = _broadcast(shape_of(self.lhs), shape_of(self.rhs), "operand shapes")
        _expect_result_shape(self, expected)


@irdl_op_definition
class AddOp(BinaryElementwiseOp):
    name = "nn.add"


@irdl_op_definition
class SubOp(BinaryElementwiseOp):
    name = "nn.sub"


@irdl_op_definition
class MulOp(BinaryElementwiseOp):
    name = "nn.mul"


@irdl_op_definition
class DivOp(BinaryElementwiseOp):
    name = "nn.div"


class UnaryElementwiseOp(NNOperation):
    """An op whose result has the type of its single operand."""

    input = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        if self.input.type != self.result.type:
            _fail(
                f"result type {self.result.type} must equal the input type "
                f"{self.input.type}"
            )


@irdl_op_definition
class ReluOp(UnaryElementwiseOp):
    name = "nn.relu"


@irdl_op_definition
class SigmoidOp(UnaryElementwiseOp):
    name = "nn.sigmoid"


@irdl_op_definition
class TanhOp(UnaryElementwiseOp):
    name = "nn.tanh"


@irdl_op_definition
class LeakyReluOp(UnaryElementwiseOp):
    name = "nn.leaky_relu"
    alpha = prop_def(FloatAttr, default_value=f64_attr(0.01))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"alpha": FLOAT}

    def verify_semantics(self) -> None:
        super().verify_semantics()
        _expect_finite("alpha", self.alpha.value.data)


@irdl_op_definition
class ClipOp(UnaryElementwiseOp):
    """Clamp to [min, max]; an absent bound is unbounded."""

    name = "nn.clip"
    min = opt_prop_def(FloatAttr)
    max = opt_prop_def(FloatAttr)
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"min": FLOAT, "max": FLOAT}

    def verify_semantics(self) -> None:
        super().verify_semantics()
        lo = self.min.value.data if self.min is not None else -math.inf
        hi = self.max.value.data if self.max is not None else math.inf
        for name, bound in (("min", lo), ("max", hi)):
            if math.isnan(bound):
                _fail(f"{name} must not be nan (omit it for no bound)")
        if lo > hi:
            _fail(f"min ({format_float(lo)}) must not exceed max ({format_float(hi)})")


@irdl_op_definition
class SoftmaxOp(UnaryElementwiseOp):
    name = "nn.softmax"
    axis = prop_def(IntegerAttr, default_value=i64_attr(-1))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"axis": INT}

    def verify_semantics(self) -> None:
        super().verify_semantics()
        _normalize_axis(self.axis.value.data, len(shape_of(self.input)))


@irdl_op_definition
class LrnOp(UnaryElementwiseOp):
    """Local response normalization across channels (ONNX LRN)."""

    name = "nn.lrn"
    size = prop_def(IntegerAttr)
    alpha = prop_def(FloatAttr, default_value=f64_attr(1e-4))
    beta = prop_def(FloatAttr, default_value=f64_attr(0.75))
    bias = prop_def(FloatAttr, default_value=f64_attr(1.0))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "size": INT,
        "alpha": FLOAT,
        "beta": FLOAT,
        "bias": FLOAT,
    }

    def verify_semantics(self) -> None:
        super().verify_semantics()
        _expect_rank("input", shape_of(self.input), 4)
        if self.size.value.data < 1:
            _fail(f"size must be >= 1, got {self.size.value.data}")
        for name in ("alpha", "beta", "bias"):
            _expect_finite(name, getattr(self, name).value.data)


@irdl_op_definition
class CastOp(NNOperation):
    """Conversion between float element types (round to nearest even)."""

    name = "nn.cast"
    input = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        x, y = shape_of(self.input), shape_of(self.result)
        if x != y:
            _fail(f"cast must not change the shape, got {list(x)} -> {list(y)}")


# --------------------------------------------------------------------------
# Normalization and pooling
# --------------------------------------------------------------------------


@irdl_op_definition
class BatchnormOp(NNOperation):
    """Inference batch normalization over axis 1."""

    name = "nn.batchnorm"
    input = operand_def(FloatTensor)
    scale = operand_def(FloatTensor)
    bias = operand_def(FloatTensor)
    mean = operand_def(FloatTensor)
    var = operand_def(FloatTensor)
    epsilon = prop_def(FloatAttr, default_value=f64_attr(1e-5))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"epsilon": FLOAT}
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        _expect_same_element_type(self)
        x = shape_of(self.input)
        if len(x) < 2:
            _fail(f"expected input of rank >= 2, got rank {len(x)}")
        for what in ("scale", "bias", "mean", "var"):
            s = shape_of(getattr(self, what))
            if s != (x[1],):
                _fail(f"expected {what} of shape [{x[1]}], got {list(s)}")
        epsilon = self.epsilon.value.data
        _expect_finite("epsilon", epsilon)
        if epsilon < 0:
            _fail(f"epsilon must be >= 0, got {format_float(epsilon)}")
        _expect_result_shape(self, x)


def _first_empty_window(
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


class Pool2dOp(NNOperation):
    input = operand_def(FloatTensor)
    kernel = prop_def(DenseArrayBase)
    strides = prop_def(DenseArrayBase, default_value=_STRIDES)
    pads = prop_def(DenseArrayBase, default_value=_PADS)
    ceil_mode = prop_def(IntegerAttr, default_value=bool_attr(False))
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def window_dilations(self) -> tuple[int, ...]:
        """Dilations of the window; average pooling has none."""
        return (1, 1)

    def verify_semantics(self) -> None:
        _expect_same_element_type(self)
        x = shape_of(self.input)
        _expect_rank("input", x, 4)
        k, s, p, d = ints(self.kernel), ints(self.strides), ints(self.pads), self.window_dilations()
        _expect_length("kernel", k, 2)
        _expect_length("strides", s, 2)
        _expect_length("pads", p, 4)
        _expect_length("dilations", d, 2)
        _expect_at_least("kernel", k, 1)
        _expect_at_least("strides", s, 1)
        _expect_at_least("dilations", d, 1)
        _expect_at_least("pads", p, 0)
        ceil = bool(self.ceil_mode.value.data)
        out = _windowed_output_hw("window", x, k, s, p, d, ceil)
        for axis in (0, 1):
            empty = _first_empty_window(x[2 + axis], k[axis], s[axis], p[axis], d[axis], out[axis])
            if empty is not None:
                _fail(
                    f"window {empty[0]} along {'HW'[axis]} lies entirely in the "
                    f"padding (it starts at {empty[1]}, the input has size "
                    f"{x[2 + axis]}); every window must contain an input element"
                )
        _expect_result_shape(self, (x[0], x[1], *out))


@irdl_op_definition
class Maxpool2dOp(Pool2dOp):
    name = "nn.maxpool2d"
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


@irdl_op_definition
class Avgpool2dOp(Pool2dOp):
    name = "nn.avgpool2d"
    count_include_pad = prop_def(IntegerAttr, default_value=bool_attr(False))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "kernel": INTS,
        "strides": INTS,
        "pads": INTS,
        "ceil_mode": BOOL,
        "count_include_pad": BOOL,
    }


@irdl_op_definition
class GlobalAvgpool2dOp(NNOperation):
    name = "nn.global_avgpool2d"
    input = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        _expect_same_element_type(self)
        x = shape_of(self.input)
        _expect_rank("input", x, 4)
        if x[2] == 0 or x[3] == 0:
            _fail(f"cannot average over an empty spatial extent {list(x[2:])}")
        _expect_result_shape(self, (x[0], x[1], 1, 1))


# --------------------------------------------------------------------------
# Shape manipulation
# --------------------------------------------------------------------------


@irdl_op_definition
class FlattenOp(NNOperation):
    name = "nn.flatten"
    input = operand_def(FloatTensor)
    axis = prop_def(IntegerAttr, default_value=i64_attr(1))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"axis": INT}
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        _expect_same_element_type(self)
        x = shape_of(self.input)
        axis = self.axis.value.data
        if not -len(x) <= axis <= len(x):
            _fail(f"axis {axis} is out of range [{-len(x)}, {len(x)}] for rank {len(x)}")
        if axis < 0:
            axis += len(x)
        _expect_result_shape(self, (math.prod(x[:axis]), math.prod(x[axis:])))


@irdl_op_definition
class ReshapeOp(NNOperation):
    name = "nn.reshape"
    input = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        _expect_same_element_type(self)
        x, y = shape_of(self.input), shape_of(self.result)
        if math.prod(x) != math.prod(y):
            _fail(
                f"cannot reshape {list(x)} ({math.prod(x)} elements) to "
                f"{list(y)} ({math.prod(y)} elements)"
            )


@irdl_op_definition
class TransposeOp(NNOperation):
    name = "nn.transpose"
    input = operand_def(FloatTensor)
    perm = prop_def(DenseArrayBase)
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"perm": INTS}
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        _expect_same_element_type(self)
        x, perm = shape_of(self.input), ints(self.perm)
        if sorted(perm) != list(range(len(x))):
            _fail(f"perm {list(perm)} is not a permutation of the {len(x)} axes")
        _expect_result_shape(self, tuple(x[p] for p in perm))


@irdl_op_definition
class ConcatOp(NNOperation):
    name = "nn.concat"
    inputs = var_operand_def(FloatTensor)
    axis = prop_def(IntegerAttr)
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"axis": INT}
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        if not self.inputs:
            _fail("concat needs at least one input")
        _expect_same_element_type(self)
        shapes = [shape_of(v) for v in self.inputs]
        rank = len(shapes[0])
        axis = _normalize_axis(self.axis.value.data, rank)
        for i, s in enumerate(shapes):
            if len(s) != rank:
                _fail(f"input {i} has rank {len(s)}, input 0 has rank {rank}")
            if any(a != b for j, (a, b) in enumerate(zip(s, shapes[0])) if j != axis):
                _fail(
                    f"input shapes {[list(s) for s in shapes]} differ outside axis {axis}"
                )
        expected = list(shapes[0])
        expected[axis] = sum(s[axis] for s in shapes)
        _expect_result_shape(self, expected)


PAD_MODES = ("constant", "reflect", "edge")


@irdl_op_definition
class PadOp(NNOperation):
    name = "nn.pad"
    input = operand_def(FloatTensor)
    pads = prop_def(DenseArrayBase)
    mode = prop_def(StringAttr, default_value=StringAttr("constant"))
    value = prop_def(FloatAttr, default_value=f64_attr(0.0))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"pads": INTS, "mode": STRING, "value": FLOAT}
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        _expect_same_element_type(self)
        x, pads = shape_of(self.input), ints(self.pads)
        r = len(x)
        _expect_length("pads", pads, 2 * r)
        _expect_at_least("pads", pads, 0)
        mode = self.mode.data
        if mode not in PAD_MODES:
            _fail(f"unknown pad mode '{mode}', expected one of {', '.join(PAD_MODES)}")
        if mode != "constant" and self.value != f64_attr(0.0):
            _fail(f"value is only used by mode 'constant', got mode '{mode}'")
        if math.isnan(self.value.value.data):
            _fail("value must not be nan")
        for i in range(r):
            begin, end = pads[i], pads[r + i]
            if mode == "reflect" and max(begin, end) > 0 and max(begin, end) >= x[i]:
                _fail(
                    f"reflect padding along axis {i} must be smaller than its size "
                    f"{x[i]}, got pads {begin} and {end}"
                )
            if mode == "edge" and max(begin, end) > 0 and x[i] == 0:
                _fail(f"edge padding along axis {i} needs a non-empty dimension")
        _expect_result_shape(self, [x[i] + pads[i] + pads[r + i] for i in range(r)])


@irdl_op_definition
class ArgmaxOp(NNOperation):
    name = "nn.argmax"
    input = operand_def(FloatTensor)
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

    def verify_semantics(self) -> None:
        x = shape_of(self.input)
        axis = _normalize_axis(self.axis.value.data, len(x))
        if x[axis] == 0:
            _fail(f"axis {axis} is empty, argmax needs at least one element")
        expected = list(x)
        if self.keepdims.value.data:
            expected[axis] = 1
        else:
            del expected[axis]
        _expect_result_shape(self, expected)


NN = Dialect(
    "nn",
    [
        ConstantOp,
        Conv2dOp,
        DenseOp,
        MatmulOp,
        AddOp,
        SubOp,
        MulOp,
        DivOp,
        ReluOp,
        SigmoidOp,
        TanhOp,
        LeakyReluOp,
        ClipOp,
        SoftmaxOp,
        LrnOp,
        CastOp,
        BatchnormOp,
        Maxpool2dOp,
        Avgpool2dOp,
        GlobalAvgpool2dOp,
        FlattenOp,
        ReshapeOp,
        TransposeOp,
        ConcatOp,
        PadOp,
        ArgmaxOp,
    ],
)
