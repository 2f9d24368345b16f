"""The `nn` dialect: float tensor operations of a trained network.

Values are ranked, statically shaped `tensor<...x fN>` (f16, bf16, f32 or f64);
`nn.argmax` alone produces `i64` indices. Layouts follow ONNX: activations are
NCHW, convolution weights OIHW (`O` output channels, `I = C / groups`), dense
weights `[N, K]` (output-major, one row per output neuron), so that the weight
of one output channel is one contiguous slice, as the hardware stores it.

Semantics, op by op (the numpy interpreter in `asic.interp.nn` is the
executable version):

- `constant`: a named weight or constant tensor; `name` keeps the ONNX
  initializer's name so that later passes and reports can refer to it.
- `conv2d`: `y[n,o,i,j] = b[o] + sum_{c,u,v} x_pad[n, g*C/G + c, i*s_h + u*d_h,
  j*s_w + v*d_w] * w[o, c, u, v]` where `g = o // (O/G)`. `pads` are
  `[top, left, bottom, right]` (ONNX order), zero padding.
- `dense`: `y = x @ w^T + b`, `x: [B, K]`, `w: [N, K]`, `b: [N]`.
- `matmul`: numpy `matmul` of two tensors of rank >= 2 with broadcast batch
  dimensions.
- `add`, `sub`, `mul`, `div`: elementwise with numpy broadcasting.
- `relu`, `sigmoid`, `tanh`, `leaky_relu` (`x if x >= 0 else alpha * x`),
  `clip` (`min(max(x, min), max)`, either bound optional), `cast` (between
  float types, round to nearest even).
- `softmax`: along one `axis`, `exp(x - max) / sum(exp(x - max))`.
- `lrn`: ONNX LocalResponseNormalization across channels,
  `x / (bias + alpha / size * sum_{window} x^2) ^ beta`.
- `batchnorm`: inference form `scale * (x - mean) / sqrt(var + epsilon) + bias`
  per channel (axis 1).
- `maxpool2d`, `avgpool2d`: windows of `kernel` with `strides`, `pads`,
  `dilations` (max only); `ceil_mode` rounds the output size up, dropping a
  last window that would start inside the end padding. Max pooling ignores
  padding; average pooling divides by the number of elements of the window
  inside the input, or inside input plus explicit `pads` when
  `count_include_pad` (the extra ceil-mode area is never counted).
- `global_avgpool2d`: mean over H and W, result `[N, C, 1, 1]`.
- `flatten`: ONNX Flatten, to `[prod(shape[:axis]), prod(shape[axis:])]`.
- `reshape`: row-major reshape to the result type's shape.
- `transpose`: `perm` permutation of the axes.
- `concat`: along `axis`.
- `pad`: `pads` are `[begin_0, ..., begin_{r-1}, end_0, ..., end_{r-1}]`
  (ONNX order); `mode` is `constant` (with `value`), `reflect` or `edge`.
- `argmax`: index of the first (or, with `select_last_index`, last) maximum
  along `axis`; `keepdims` keeps that axis with size 1.

Every op but `constant` uses one custom syntax: operands, then the properties
that differ from their defaults as `name value` pairs, then the types:

    %y = nn.conv2d %x, %w, %b strides [2, 2] pads [1, 1, 1, 1] : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
    %r = nn.relu %y : tensor<1x4x4x4xf32>

The short form `: T` is used when every operand and the result have type `T`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import (
    AnyFloat,
    AnyFloatConstr,
    BoolAttr,
    DenseArrayBase,
    DenseIntOrFPElementsAttr,
    Float64Type,
    FloatAttr,
    IntegerAttr,
    IntegerType,
    StringAttr,
    TensorType,
    i1,
    i64,
)
from xdsl.ir import Attribute, Dialect, SSAValue
from xdsl.irdl import (
    EqAttrConstraint,
    IRDLOperation,
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

FloatTensor = TensorType.constr(AnyFloatConstr)
"""Any statically shaped tensor of a float element type."""

I64Tensor = TensorType.constr(EqAttrConstraint(i64))


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

    With `ceil_mode`, a last partial window counts unless it would start in
    the end padding (the rule of ONNX and PyTorch).
    """
    span = size + pad_begin + pad_end - dilation * (kernel - 1) - 1
    if not ceil_mode:
        return span // stride + 1
    out = -(-span // stride) + 1
    if (out - 1) * stride >= size + pad_begin:
        out -= 1
    return out


# --------------------------------------------------------------------------
# Shared syntax: operands, non-default properties as `name value`, types
# --------------------------------------------------------------------------


def _print_property_value(printer: Printer, attr: Attribute) -> None:
    if isinstance(attr, DenseArrayBase):
        printer.print_string("[" + ", ".join(str(v) for v in ints(attr)) + "]")
    elif isinstance(attr, IntegerAttr) and attr.type == i1:
        printer.print_string("true" if attr.value.data else "false")
    elif isinstance(attr, IntegerAttr):
        printer.print_string(str(attr.value.data))
    elif isinstance(attr, FloatAttr):
        printer.print_string(repr(float(attr.value.data)))
    elif isinstance(attr, StringAttr):
        printer.print_string_literal(attr.data)
    else:
        printer.print_attribute(attr)


def _parse_property_value(parser: Parser, kind: type | str) -> Attribute:
    if kind is DenseArrayBase:
        return i64_array(
            parser.parse_comma_separated_list(Parser.Delimiter.SQUARE, parser.parse_integer)
        )
    if kind == "bool":
        return bool_attr(parser.parse_boolean())
    if kind is IntegerAttr:
        return i64_attr(parser.parse_integer())
    if kind is FloatAttr:
        return f64_attr(parser.parse_float())
    assert kind is StringAttr
    return StringAttr(parser.parse_str_literal())


class NNOperation(IRDLOperation):
    """Base of the nn ops: the shared custom syntax.

    `SYNTAX` lists the properties in printing order with the kind of value
    each takes (`DenseArrayBase` for `[1, 2]`, `IntegerAttr`, `FloatAttr`,
    `"bool"`, `StringAttr`). A property equal to its IRDL default is omitted
    when printing and filled in by IRDL when parsing.
    """

    SYNTAX: ClassVar[dict[str, type | str]] = {}

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list(self.operands, printer.print_operand)
        prop_defs = self.get_irdl_definition().properties
        for name in self.SYNTAX:
            value = self.properties.get(name)
            if value is None or value == prop_defs[name].default_value:
                continue
            printer.print_string(f" {name} ")
            _print_property_value(printer, value)
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
        while (name := parser.parse_optional_keyword_in(cls.SYNTAX)) is not None:
            if name in properties:
                parser.raise_error(f"property '{name}' is given twice")
            properties[name] = _parse_property_value(parser, cls.SYNTAX[name])
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        pos = parser.pos
        if parser.parse_optional_punctuation("(") is not None:
            input_types = parser.parse_optional_undelimited_comma_separated_list(
                parser.parse_optional_type, parser.parse_type
            ) or []
            parser.parse_punctuation(")")
            parser.parse_punctuation("->")
            result_types = [parser.parse_type()]
        else:
            ty = parser.parse_type()
            input_types = [ty] * len(operands)
            result_types = [ty]
        if len(input_types) != len(operands):
            parser.raise_error(
                f"expected {len(operands)} operand types, got {len(input_types)}", pos
            )
        resolved = parser.resolve_operands(operands, input_types, pos)
        return cls.create(
            operands=resolved,
            result_types=result_types,
            properties=properties,
            attributes=attributes,
        )


def _fail(message: str) -> None:
    raise VerifyException(message)


def _expect_rank(what: str, shape: Sequence[int], rank: int) -> None:
    if len(shape) != rank:
        _fail(f"expected {what} of rank {rank}, got rank {len(shape)}")


def _expect_result_shape(op: IRDLOperation, expected: Sequence[int]) -> None:
    actual = shape_of(op.results[0])
    if tuple(actual) != tuple(expected):
        _fail(
            f"expected result shape {list(expected)}, got {list(actual)}"
        )


def _expect_same_element_type(op: IRDLOperation) -> None:
    types = {element_type_of(v) for v in (*op.operands, op.results[0])}
    if len(types) != 1:
        _fail("operands and result must have the same element type")


def _expect_positive(name: str, values: Sequence[int], minimum: int = 1) -> None:
    if any(v < minimum for v in values):
        _fail(f"{name} must be >= {minimum}, got {list(values)}")


def _expect_length(name: str, values: Sequence[int], length: int) -> None:
    if len(values) != length:
        _fail(f"{name} must have {length} values, got {len(values)}")


def _normalize_axis(axis: int, rank: int) -> int:
    if not -rank <= axis < rank:
        _fail(f"axis {axis} is out of range for rank {rank}")
    return axis % rank


# --------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------


@irdl_op_definition
class ConstantOp(IRDLOperation):
    """A named constant tensor (a weight, bias or folded value)."""

    name = "nn.constant"
    sym_name = prop_def(StringAttr, prop_name="name")
    value = prop_def(DenseIntOrFPElementsAttr)
    result = result_def(TensorType)
    traits = traits_def(ConstantLike(), Pure())

    def __init__(self, value: DenseIntOrFPElementsAttr, name: str):
        super().__init__(
            properties={"value": value, "name": StringAttr(name)},
            result_types=[value.get_type()],
        )

    def verify_(self) -> None:
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
        printer.print_attribute(self.value)
        printer.print_op_attributes(self.attributes)

    @classmethod
    def parse(cls, parser: Parser) -> ConstantOp:
        name = parser.parse_str_literal("constant name expected")
        value = parser.parse_attribute()
        if not isinstance(value, DenseIntOrFPElementsAttr):
            parser.raise_error("expected a dense elements attribute")
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

    SYNTAX: ClassVar[dict[str, type | str]] = {
        "strides": DenseArrayBase,
        "pads": DenseArrayBase,
        "dilations": DenseArrayBase,
        "groups": IntegerAttr,
    }


    def verify_(self) -> None:
        _expect_same_element_type(self)
        x, w = shape_of(self.input), shape_of(self.weight)
        _expect_rank("input", x, 4)
        _expect_rank("weight", w, 4)
        strides, pads, dilations = ints(self.strides), ints(self.pads), ints(self.dilations)
        _expect_length("strides", strides, 2)
        _expect_length("pads", pads, 4)
        _expect_length("dilations", dilations, 2)
        _expect_positive("strides", strides)
        _expect_positive("dilations", dilations)
        _expect_positive("pads", pads, 0)
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
        h = pooled_size(x[2], w[2], strides[0], pads[0], pads[2], dilations[0])
        wd = pooled_size(x[3], w[3], strides[1], pads[1], pads[3], dilations[1])
        if h < 1 or wd < 1:
            _fail("the kernel does not fit in the padded input")
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

    def verify_(self) -> None:
        _expect_same_element_type(self)
        x, w = shape_of(self.input), shape_of(self.weight)
        _expect_rank("input", x, 2)
        _expect_rank("weight", w, 2)
        if x[1] != w[1]:
            _fail(f"input has {x[1]} features, weight expects {w[1]}")
        if self.bias is not None and shape_of(self.bias) != (w[0],):
            _fail(f"expected bias of shape [{w[0]}], got {list(shape_of(self.bias))}")
        _expect_result_shape(self, (x[0], w[0]))


@irdl_op_definition
class MatmulOp(NNOperation):
    """numpy matmul of tensors of rank >= 2, batch dimensions broadcast."""

    name = "nn.matmul"
    lhs = operand_def(FloatTensor)
    rhs = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_(self) -> None:
        _expect_same_element_type(self)
        a, b = shape_of(self.lhs), shape_of(self.rhs)
        if len(a) < 2 or len(b) < 2:
            _fail("matmul operands must have rank >= 2")
        if a[-1] != b[-2]:
            _fail(f"contracting dimensions differ: {a[-1]} and {b[-2]}")
        try:
            batch = np.broadcast_shapes(a[:-2], b[:-2])
        except ValueError:
            _fail(f"batch dimensions {list(a[:-2])} and {list(b[:-2])} do not broadcast")
        _expect_result_shape(self, (*batch, a[-2], b[-1]))


# --------------------------------------------------------------------------
# Elementwise
# --------------------------------------------------------------------------


class BinaryElementwiseOp(NNOperation):
    lhs = operand_def(FloatTensor)
    rhs = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_(self) -> None:
        _expect_same_element_type(self)
        a, b = shape_of(self.lhs), shape_of(self.rhs)
        try:
            expected = np.broadcast_shapes(a, b)
        except ValueError:
            _fail(f"operand shapes {list(a)} and {list(b)} do not broadcast")
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

    def verify_(self) -> None:
        if self.input.type != self.result.type:
            _fail(
                f"result type {self.result.type} must equal the input type "
                f"{self.input.type}"
            )
        self.verify_properties()

    def verify_properties(self) -> None:
        pass


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
    SYNTAX: ClassVar[dict[str, type | str]] = {"alpha": FloatAttr}


@irdl_op_definition
class ClipOp(UnaryElementwiseOp):
    """Clamp to [min, max]; an absent bound is unbounded."""

    name = "nn.clip"
    min = opt_prop_def(FloatAttr)
    max = opt_prop_def(FloatAttr)
    SYNTAX: ClassVar[dict[str, type | str]] = {"min": FloatAttr, "max": FloatAttr}

    def verify_properties(self) -> None:
        lo = self.min.value.data if self.min is not None else -math.inf
        hi = self.max.value.data if self.max is not None else math.inf
        if lo > hi:
            _fail(f"min ({lo}) must not exceed max ({hi})")


@irdl_op_definition
class SoftmaxOp(UnaryElementwiseOp):
    name = "nn.softmax"
    axis = prop_def(IntegerAttr, default_value=i64_attr(-1))
    SYNTAX: ClassVar[dict[str, type | str]] = {"axis": IntegerAttr}

    def verify_properties(self) -> None:
        _normalize_axis(self.axis.value.data, len(shape_of(self.input)))


@irdl_op_definition
class LrnOp(UnaryElementwiseOp):
    """Local response normalization across channels (ONNX LRN)."""

    name = "nn.lrn"
    size = prop_def(IntegerAttr)
    alpha = prop_def(FloatAttr, default_value=f64_attr(1e-4))
    beta = prop_def(FloatAttr, default_value=f64_attr(0.75))
    bias = prop_def(FloatAttr, default_value=f64_attr(1.0))
    SYNTAX: ClassVar[dict[str, type | str]] = {"size": IntegerAttr, "alpha": FloatAttr, "beta": FloatAttr, "bias": FloatAttr}

    def verify_properties(self) -> None:
        if len(shape_of(self.input)) != 4:
            _fail(f"expected input of rank 4, got rank {len(shape_of(self.input))}")
        if self.size.value.data < 1:
            _fail(f"size must be >= 1, got {self.size.value.data}")


@irdl_op_definition
class CastOp(NNOperation):
    """Conversion between float element types (round to nearest even)."""

    name = "nn.cast"
    input = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_(self) -> None:
        if shape_of(self.input) != shape_of(self.result):
            _fail("cast must not change the shape")


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
    SYNTAX: ClassVar[dict[str, type | str]] = {"epsilon": FloatAttr}
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_(self) -> None:
        _expect_same_element_type(self)
        x = shape_of(self.input)
        if len(x) < 2:
            _fail(f"expected input of rank >= 2, got rank {len(x)}")
        for what in ("scale", "bias", "mean", "var"):
            s = shape_of(getattr(self, what))
            if s != (x[1],):
                _fail(f"expected {what} of shape [{x[1]}], got {list(s)}")
        if self.epsilon.value.data < 0:
            _fail("epsilon must be >= 0")
        _expect_result_shape(self, x)


class Pool2dOp(NNOperation):
    input = operand_def(FloatTensor)
    kernel = prop_def(DenseArrayBase)
    strides = prop_def(DenseArrayBase, default_value=_STRIDES)
    pads = prop_def(DenseArrayBase, default_value=_PADS)
    ceil_mode = prop_def(BoolAttr, default_value=bool_attr(False))
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def window_dilations(self) -> tuple[int, ...]:
        """Dilations of the window; average pooling has none."""
        return (1, 1)

    def verify_(self) -> None:
        _expect_same_element_type(self)
        x = shape_of(self.input)
        _expect_rank("input", x, 4)
        k, s, p, d = ints(self.kernel), ints(self.strides), ints(self.pads), self.window_dilations()
        _expect_length("kernel", k, 2)
        _expect_length("strides", s, 2)
        _expect_length("pads", p, 4)
        _expect_length("dilations", d, 2)
        _expect_positive("kernel", k)
        _expect_positive("strides", s)
        _expect_positive("dilations", d)
        _expect_positive("pads", p, 0)
        if p[0] >= k[0] or p[1] >= k[1] or p[2] >= k[0] or p[3] >= k[1]:
            _fail(f"pads {list(p)} must be smaller than the kernel {list(k)}")
        ceil = bool(self.ceil_mode.value.data)
        h = pooled_size(x[2], k[0], s[0], p[0], p[2], d[0], ceil)
        w = pooled_size(x[3], k[1], s[1], p[1], p[3], d[1], ceil)
        if h < 1 or w < 1:
            _fail("the window does not fit in the padded input")
        _expect_result_shape(self, (x[0], x[1], h, w))


@irdl_op_definition
class Maxpool2dOp(Pool2dOp):
    name = "nn.maxpool2d"
    dilations = prop_def(DenseArrayBase, default_value=_DILATIONS)
    SYNTAX: ClassVar[dict[str, type | str]] = {
        "kernel": DenseArrayBase,
        "strides": DenseArrayBase,
        "pads": DenseArrayBase,
        "dilations": DenseArrayBase,
        "ceil_mode": "bool",
    }

    def window_dilations(self) -> tuple[int, ...]:
        return ints(self.dilations)


@irdl_op_definition
class Avgpool2dOp(Pool2dOp):
    name = "nn.avgpool2d"
    count_include_pad = prop_def(BoolAttr, default_value=bool_attr(False))
    SYNTAX: ClassVar[dict[str, type | str]] = {
        "kernel": DenseArrayBase,
        "strides": DenseArrayBase,
        "pads": DenseArrayBase,
        "ceil_mode": "bool",
        "count_include_pad": "bool",
    }


@irdl_op_definition
class GlobalAvgpool2dOp(NNOperation):
    name = "nn.global_avgpool2d"
    input = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_(self) -> None:
        _expect_same_element_type(self)
        x = shape_of(self.input)
        _expect_rank("input", x, 4)
        _expect_result_shape(self, (x[0], x[1], 1, 1))


# --------------------------------------------------------------------------
# Shape manipulation
# --------------------------------------------------------------------------


@irdl_op_definition
class FlattenOp(NNOperation):
    name = "nn.flatten"
    input = operand_def(FloatTensor)
    axis = prop_def(IntegerAttr, default_value=i64_attr(1))
    SYNTAX: ClassVar[dict[str, type | str]] = {"axis": IntegerAttr}
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_(self) -> None:
        _expect_same_element_type(self)
        x = shape_of(self.input)
        axis = self.axis.value.data
        if not -len(x) <= axis <= len(x):
            _fail(f"axis {axis} is out of range for rank {len(x)}")
        if axis < 0:
            axis += len(x)
        _expect_result_shape(self, (math.prod(x[:axis]), math.prod(x[axis:])))


@irdl_op_definition
class ReshapeOp(NNOperation):
    name = "nn.reshape"
    input = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_(self) -> None:
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
    SYNTAX: ClassVar[dict[str, type | str]] = {"perm": DenseArrayBase}
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_(self) -> None:
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
    SYNTAX: ClassVar[dict[str, type | str]] = {"axis": IntegerAttr}
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_(self) -> None:
        if not self.inputs:
            _fail("concat needs at least one input")
        _expect_same_element_type(self)
        shapes = [shape_of(v) for v in self.inputs]
        rank = len(shapes[0])
        axis = _normalize_axis(self.axis.value.data, rank)
        for s in shapes:
            if len(s) != rank or any(
                a != b for i, (a, b) in enumerate(zip(s, shapes[0])) if i != axis
            ):
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
    SYNTAX: ClassVar[dict[str, type | str]] = {"pads": DenseArrayBase, "mode": StringAttr, "value": FloatAttr}
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_(self) -> None:
        _expect_same_element_type(self)
        x, pads = shape_of(self.input), ints(self.pads)
        _expect_length("pads", pads, 2 * len(x))
        _expect_positive("pads", pads, 0)
        if self.mode.data not in PAD_MODES:
            _fail(f"unknown pad mode '{self.mode.data}', expected one of {', '.join(PAD_MODES)}")
        r = len(x)
        if self.mode.data == "reflect" and any(
            pads[i] >= x[i] or pads[r + i] >= x[i] for i in range(r)
        ):
            _fail("reflect padding must be smaller than the padded dimension")
        _expect_result_shape(self, [x[i] + pads[i] + pads[r + i] for i in range(r)])


@irdl_op_definition
class ArgmaxOp(NNOperation):
    name = "nn.argmax"
    input = operand_def(FloatTensor)
    axis = prop_def(IntegerAttr, default_value=i64_attr(0))
    keepdims = prop_def(BoolAttr, default_value=bool_attr(True))
    select_last_index = prop_def(BoolAttr, default_value=bool_attr(False))
    SYNTAX: ClassVar[dict[str, type | str]] = {"axis": IntegerAttr, "keepdims": "bool", "select_last_index": "bool"}
    result = result_def(I64Tensor)
    traits = traits_def(Pure())

    def verify_(self) -> None:
        x = shape_of(self.input)
        axis = _normalize_axis(self.axis.value.data, len(x))
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
