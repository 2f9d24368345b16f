"""The `nn` dialect: tensor operations of a trained network.

Values are ranked, statically shaped tensors. The network's data are float
(f16, bf16, f32, f64); comparisons produce `i1` booleans for `logical`,
`not` and `where`, `gather` takes `i64` indices, `nn.argmax` produces `i64`
indices. Integer tensors (i8 to i64 signed, ui8 to ui64 unsigned) exist at
run time where ONNX computes on them (indices, masks, integer models): the
ops that accept them say so (`ELEMENT_KINDS`, and their operand
constraints), every other op is float only. Integer semantics, exactly
ONNX's, interpreted with numpy in the operands' own dtype:

- `add`, `sub`, `mul`, `pow`, `cumsum`, `cumprod` wrap (two's complement
  modulo 2^width); `div` truncates toward zero (C), a division by 0 gives
  0 (ONNX leaves it undefined); `mod` takes the divisor's sign (or the
  dividend's with `fmod`), a remainder by 0 is 0; `pow` with a negative
  integer exponent is the truncated `1 / x^|y|`;
- `cast` from float truncates toward zero (nan, inf and values out of range
  are undefined, as in ONNX), between integers wraps, to `i1` is `x != 0`;
- `neg` and `abs` wrap (the minimum of a signed type is its own negation
  and absolute value); `neg` takes no unsigned integers, `sign` is exact;
- `min`, `max`, `compare`, `clip` (integral bounds), `reduce_sum`,
  `reduce_prod`, `reduce_max`, `reduce_min`, `argmax` and the layout ops
  (`reshape`, `flatten`, `transpose`, `concat`, `slice`, `gather`, `pad`
  with an integral value, `where`, `trilu`, `gather_elements`) are exact;
- `bitwise`, `bitwise_not` and `bit_shift` work on the bits (`bit_shift`
  states its out-of-range amounts).

`quantize` maps float tensors only: an op of integer or boolean data stays
float with a remark, and is an error when a layer depends on it.

Layouts follow ONNX: activations are
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
- `conv_transpose2d`: ONNX ConvTranspose in 2-D (see the op).
- `dense`: `y = x @ w^T + b`, `x: [B, K]`, `w: [N, K]`, `b: [N]`.
- `matmul`: numpy `matmul` of two tensors of rank >= 2 with broadcast batch
  dimensions.
- `add`, `sub`, `mul`, `div`: elementwise with numpy broadcasting.
- `relu`, `sigmoid`, `tanh`, `leaky_relu` (`x if x >= 0 else alpha * x`),
  `clip` (`min(max(x, min), max)`, either bound optional, ±inf allowed, NaN
  not), `neg`, `abs`, `sign` (-1, 0 or 1, nan for nan), `cast` (between
  float types, same shape, round to nearest even).
- `erf`, `gelu` (`x * Phi(x)`), `gelu_tanh`, `sqrt`, `exp`, `log`,
  `reciprocal`, `floor`, `ceil`, `round` (halves to even), `sin`, `cos`, `tan`, `asin`, `acos`, `atan`, `sinh`, `cosh`,
  `asinh`, `acosh`, `atanh`, `swish` (`alpha`), `softplus`, `softsign`, `mish`, `hard_swish`,
  `hard_sigmoid` (`alpha`, `beta`), `elu`, `celu`, `selu`, `thresholded_relu`,
  `shrink`: the ONNX functions of the same names, computed in f64 and rounded
  once to the tensor's dtype (`WideFunctionOp`); float properties as ONNX's.
- `pow`, `min`, `max` (nan if either is nan), `prelu` (`x if x >= 0 else
  slope * x`, the slope the rhs): elementwise with numpy broadcasting.
- `reduce_sum`, `reduce_mean`, `reduce_max`, `reduce_min`, `reduce_prod`,
  `reduce_l1`, `reduce_l2`, `reduce_sum_square`, `reduce_log_sum`,
  `reduce_log_sum_exp`: over `axes` (at least one), `keepdims` keeps them
  with size 1; max and min need non-empty axes.
- `slice`: the strided window `x[starts + i * steps]`, as many elements per
  axis as the result has; `gather`: ONNX Gather with i64 indices in `[-n, n)`;
  `einsum`: numpy einsum of an explicit equation without ellipsis.
- `compare` (`predicate` equal, less, less_equal, greater, greater_equal),
  `logical` (`kind` and, or, xor), `not`: i1 results (booleans); `where`:
  `condition ? x : y`; all with numpy broadcasting.
- `softmax`: along one `axis`, `exp(x - max) / sum(exp(x - max))`.
- `lrn`: ONNX LocalResponseNormalization across the channels of an NCHW
  tensor, `x / (bias + alpha / size * sum_{window} x^2) ^ beta`.
- `batchnorm`: inference form `scale * (x - mean) / sqrt(var + epsilon) + bias`
  per channel (axis 1), `epsilon` finite and >= 0.
- `maxpool2d`, `avgpool2d`: windows of `kernel` with `strides`, `pads`,
  `dilations`; the output size is `pooled_size(...)`: `ceil_mode`
  rounds it up, dropping a last window that would start inside the end
  padding. Every window must contain at least one element of the input (a
  window entirely in the padding is a verification error), so both reductions
  are over a non-empty set. Max pooling ignores padding; average pooling
  divides by the number of taps of the window (every `dilation`-th
  element) inside the input, or inside input plus explicit `pads` when
  `count_include_pad` (the extra ceil-mode area is never counted), as
  ONNX's AveragePool does.
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
- `mod`, `bitwise` (`kind` and, or, xor), `bit_shift` (`direction` left,
  right), `bitwise_not`: see the integer semantics above.
- `gather_elements`: ONNX GatherElements along `axis`; `top_k`: the
  positions of the `k` largest or smallest elements along `axis`;
  `scatter_elements`, `scatter_nd`, `gather_nd`: ONNX's ops of the same
  names (see each op); `bitcast`: the same bits as another element type;
  `det`: determinants; `dft`: ONNX DFT (see `dft`); `grid_sample`: ONNX
  GridSample (`asic.interp.nn_sampling`); `trilu`: the upper
  (`upper`) or lower triangle from the `k`-th diagonal of the last two axes;
  `cumsum`, `cumprod`: running sum or product along `axis` (`exclusive`,
  `reverse`); `is_inf` (`detect_positive`, `detect_negative`), `is_nan`:
  i1 classification of floats.

Elementwise functions. `relu`, `sigmoid`, `tanh`, `leaky_relu` and `clip`
are `ElementwiseFunctionOp`s: each carries its function as
`float_function(x)` (numpy, in the tensor's dtype), written once and asked
by every user: the interpreter (`asic.interp.nn`), `quantize` (a `qnt.lut`
of it, for every such op but relu and clip, which are clamps), channel
pruning, and the ONNX frontend's float and QDQ imports. Adding one is local:
its op class here (properties in `SYNTAX`, `float_function`) and in `NN`'s
list; its ONNX op type in `ELEMENTWISE` of `asic.lowering.onnx.ops` (the
nn op and its properties from the node's attributes); lit tests of its
syntax and verifier, and its float64 reference in
`tests/dialects/test_nn_functions.py`.

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
type `T`; otherwise the functional form `: (T1, T2) -> T3` (`-> (T3, T4)`
for an op of several results, like an engine with several output streams).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from io import StringIO
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import (
    BFloat16Type,
    DenseArrayBase,
    DenseIntOrFPElementsAttr,
    FloatAttr,
    IntegerAttr,
    IntegerType,
    Signedness,
    StringAttr,
    i1,
    i64,
)
from xdsl.ir import Attribute, Dialect, SSAValue
from xdsl.irdl import (
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

# The shared pieces of the dialects; the helpers are re-exported from here
# (`from asic.dialects.nn import shape_of, i64_array, pooled_size, ...`).
from asic.dialects.attributes import (  # noqa: F401
    FLOAT_TYPES,
    INTEGER_TYPES,
    I64Tensor,
    StaticTensorConstraint,
    bool_attr,
    element_kind,
    element_type_of,
    f64_attr,
    i64_array,
    i64_attr,
    ints,
    numpy_dtype,
    shape_of,
)
from asic.dialects.checks import (  # noqa: F401
    expect_at_least,
    expect_finite,
    expect_length,
    expect_rank,
    expect_result_shape,
    expect_same_element_type,
    fail,
    normalize_axis,
)
from asic.dialects.printing import elides
from asic.dialects.shapes import (  # noqa: F401
    argmax_result_shape,
    broadcast_shapes,
    concat_result_shape,
    conv2d_result_shape,
    dense_result_shape,
    expect_reshape,
    flatten_result_shape,
    global_pool_result_shape,
    matmul_result_shape,
    pool2d_result_shape,
    pooled_size,
    transpose_result_shape,
)
from asic.dialects.shared_ops import (  # noqa: F401
    ArgmaxIndexOp,
    Conv2dGeometryOp,
    Pool2dGeometryOp,
)
from asic.dialects.syntax import (  # noqa: F401
    BOOL,
    FLOAT,
    INT,
    INTS,
    STRING,
    PropertyKind,
    PropertySyntaxOp,
    format_float,
)

# --------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------


FloatTensor = StaticTensorConstraint(FLOAT_TYPES, "f16, bf16, f32 or f64")
"""A statically shaped tensor of f16, bf16, f32 or f64."""

NumericTensor = StaticTensorConstraint(
    (*FLOAT_TYPES, *INTEGER_TYPES), "f16, bf16, f32, f64 or an integer type (i8 to i64, ui8 to ui64)"
)
"""A float or integer tensor (the ops of integer semantics, see the module
docstring)."""

SignedNumericTensor = StaticTensorConstraint(
    (*FLOAT_TYPES, *(t for t in INTEGER_TYPES if t.signedness.data != Signedness.UNSIGNED)),
    "f16, bf16, f32, f64 or a signed integer type (i8 to i64)",
)
"""A float or signed integer tensor (`neg`, as ONNX's Neg)."""

IntegerTensor = StaticTensorConstraint(INTEGER_TYPES, "an integer type (i8 to i64, ui8 to ui64)")
"""An integer tensor (bitwise ops)."""

AnyTensor = StaticTensorConstraint(
    (*FLOAT_TYPES, *INTEGER_TYPES, i1), "f16, bf16, f32, f64, an integer type (i8 to i64, ui8 to ui64) or i1"
)
"""A float, integer or boolean tensor (layout ops, which move elements)."""

IndexTensor = StaticTensorConstraint((IntegerType(32), i64), "i32 or i64")
"""Indices of `gather_elements`."""

ConstantTensor = AnyTensor
"""A constant holds float, integer or boolean elements."""

FLOAT_ONLY = frozenset({"float"})
NUMERIC = frozenset({"float", "integer"})
ANY_KIND = frozenset({"float", "integer", "boolean"})


# --------------------------------------------------------------------------
# The base op: shared syntax and property checks
# --------------------------------------------------------------------------


class NNOperation(PropertySyntaxOp):
    """Base of the nn ops but `constant`: the shared custom syntax
    (`asic.dialects.syntax.PropertySyntaxOp`). `SYNTAX` lists every property
    of the op, in printing order, with its `PropertyKind`; `verify_semantics`
    is the op-specific verification. `ELEMENT_KINDS` are the element kinds
    (`asic.dialects.attributes.element_kind`) its data operands may have:
    float only, but for the ops of integer semantics."""

    ELEMENT_KINDS: ClassVar[frozenset[str]] = FLOAT_ONLY


def expect_integral(op: IRDLOperation, what: str, value: float) -> None:
    """On an integer tensor, a float property `value` must be an integer
    the element type holds."""
    element = element_type_of(op.results[0])
    if element_kind(element) != "integer":
        return
    info = np.iinfo(numpy_dtype(element))
    if not (math.isfinite(value) and value == int(value) and info.min <= value <= info.max):
        fail(f"{what} {format_float(value)} is not an integer of the element type {element}")


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
            fail("constant name must not be empty")
        if not name.isascii():
            # xDSL prints other strings as bytes, which it cannot read back
            fail(f"constant name must be ASCII, got {name!r}")
        if self.result.type != self.value.get_type():
            fail(
                f"result type {self.result.type} does not match the value's "
                f"type {self.value.get_type()}"
            )
        if len(self.value) not in (1, math.prod(self.value.get_shape())):
            fail("value does not have as many elements as its shape")

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_string_literal(self.sym_name.data)
        printer.print_string(" ")
        if elides(printer, self.value):
            printer.print_attribute(self.value)
        else:
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

@irdl_op_definition
class Conv2dOp(NNOperation, Conv2dGeometryOp):
    """2-D convolution, NCHW activations and OIHW weights, optional bias;
    the geometry properties come from `Conv2dGeometryOp`."""

    name = "nn.conv2d"
    input = operand_def(FloatTensor)
    weight = operand_def(FloatTensor)
    bias = opt_operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_same_element_type(self)
        expect_result_shape(self, self.conv_result_shape())


@irdl_op_definition
class ConvTranspose2dOp(NNOperation, Conv2dGeometryOp):
    """2-D transposed convolution (ONNX ConvTranspose), NCHW input, weight
    `[C, M / groups, kH, kW]`, optional bias `[M]`: every input pixel
    `x[n, c, i, j]` adds `x * w[c, m, u, v]` to `full[n, g*M/G + m, i*s_h +
    u*d_h, j*s_w + v*d_w]`; the result is `full` with `pads` (`[top, left,
    bottom, right]`) cropped and `output_padding` zeros (one per axis,
    smaller than the stride or the dilation) added at the end. Result size
    along an axis: `(in - 1) * s + d * (k - 1) + 1 + output_padding -
    pad_begin - pad_end`."""

    name = "nn.conv_transpose2d"
    input = operand_def(FloatTensor)
    weight = operand_def(FloatTensor)
    bias = opt_operand_def(FloatTensor)
    output_padding = prop_def(DenseArrayBase, default_value=i64_array([0, 0]))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {**Conv2dGeometryOp.SYNTAX, "output_padding": INTS}
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_same_element_type(self)
        x, w = shape_of(self.input), shape_of(self.weight)
        expect_rank("input", x, 4)
        expect_rank("weight", w, 4)
        strides, pads, dilations = ints(self.strides), ints(self.pads), ints(self.dilations)
        extra = ints(self.output_padding)
        for name, values, size in (("strides", strides, 2), ("pads", pads, 4), ("dilations", dilations, 2), ("output_padding", extra, 2)):
            expect_length(name, values, size)
        expect_at_least("strides", strides, 1)
        expect_at_least("dilations", dilations, 1)
        expect_at_least("pads", pads, 0)
        expect_at_least("output_padding", extra, 0)
        groups = self.groups.value.data
        if groups < 1 or x[1] % groups or x[1] != w[0]:
            fail(f"the input's {x[1]} channels must equal the weight's dim 0 ({w[0]}) and divide into {groups} groups")
        for a in range(2):
            if extra[a] >= max(strides[a], dilations[a]):
                fail(f"output_padding {extra[a]} must be smaller than the stride or the dilation")
        m = w[1] * groups
        if self.bias is not None and shape_of(self.bias) != (m,):
            fail(f"expected bias of shape [{m}], got {list(shape_of(self.bias))}")
        out = [
            (x[2 + a] - 1) * strides[a] + dilations[a] * (w[2 + a] - 1) + 1 + extra[a] - pads[a] - pads[2 + a]
            for a in range(2)
        ]
        if min(out) < 1:
            fail(f"the pads leave an empty result ({out})")
        expect_result_shape(self, [x[0], m, *out])


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
        expect_same_element_type(self)
        bias = shape_of(self.bias) if self.bias is not None else None
        expect_result_shape(self, dense_result_shape(shape_of(self.input), shape_of(self.weight), bias))


@irdl_op_definition
class MatmulOp(NNOperation):
    """numpy matmul of tensors of rank >= 2, batch dimensions broadcast."""

    name = "nn.matmul"
    lhs = operand_def(FloatTensor)
    rhs = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_same_element_type(self)
        expect_result_shape(self, matmul_result_shape(shape_of(self.lhs), shape_of(self.rhs)))


# --------------------------------------------------------------------------
# Elementwise
# --------------------------------------------------------------------------


class BinaryElementwiseOp(NNOperation):
    lhs = operand_def(FloatTensor)
    rhs = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_same_element_type(self)
        expected = broadcast_shapes(shape_of(self.lhs), shape_of(self.rhs), "operand shapes")
        expect_result_shape(self, expected)


class NumericBinaryOp(BinaryElementwiseOp):
    """A binary elementwise op of float or integer tensors (one element
    type), with the integer semantics of the module docstring."""

    ELEMENT_KINDS: ClassVar[frozenset[str]] = NUMERIC
    lhs = operand_def(NumericTensor)
    rhs = operand_def(NumericTensor)
    result = result_def(NumericTensor)


@irdl_op_definition
class AddOp(NumericBinaryOp):
    """Elementwise `x + y` with numpy broadcasting."""

    name = "nn.add"


@irdl_op_definition
class SubOp(NumericBinaryOp):
    """Elementwise `x - y` with numpy broadcasting."""

    name = "nn.sub"


@irdl_op_definition
class MulOp(NumericBinaryOp):
    """Elementwise `x * y` with numpy broadcasting."""

    name = "nn.mul"


@irdl_op_definition
class DivOp(NumericBinaryOp):
    """Elementwise `x / y` with numpy broadcasting."""

    name = "nn.div"


@irdl_op_definition
class PowOp(NumericBinaryOp):
    """Elementwise `x ** y` with numpy broadcasting; the result has the
    base's element type, the exponent may have another (ONNX's T1)."""

    name = "nn.pow"

    def verify_semantics(self) -> None:
        if element_type_of(self.lhs) != element_type_of(self.result):
            fail("the result must have the base's element type")
        expect_result_shape(self, broadcast_shapes(shape_of(self.lhs), shape_of(self.rhs), "operand shapes"))


@irdl_op_definition
class ModOp(NumericBinaryOp):
    """ONNX Mod: the remainder of `x / y` with the sign of the divisor
    (numpy `mod`), or with `fmod` the sign of the dividend (C `fmod`); an
    integer remainder by 0 is 0."""

    name = "nn.mod"
    fmod = prop_def(IntegerAttr, default_value=bool_attr(False))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"fmod": BOOL}


@irdl_op_definition
class MinOp(NumericBinaryOp):
    """Elementwise minimum with numpy broadcasting (nan if either is nan)."""

    name = "nn.min"


@irdl_op_definition
class MaxOp(NumericBinaryOp):
    """Elementwise maximum with numpy broadcasting (nan if either is nan)."""

    name = "nn.max"


@irdl_op_definition
class PreluOp(BinaryElementwiseOp):
    """`x if x >= 0 else slope * x` (the rhs is the slope), numpy broadcasting."""

    name = "nn.prelu"


class UnaryElementwiseOp(NNOperation):
    """An op whose result has the type of its single operand."""

    input = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        if self.input.type != self.result.type:
            fail(
                f"result type {self.result.type} must equal the input type "
                f"{self.input.type}"
            )


class ElementwiseFunctionOp(UnaryElementwiseOp):
    """`y = f(x)` element by element, a float function of one input that the
    op carries (as xDSL's arith ops carry `py_operation`): `float_function`
    is the one definition of `f` that the interpreter evaluates, the
    quantizer and the QDQ import tabulate into a `qnt.lut`. It is written
    with numpy for an array of any float dtype and computes in that dtype
    (a property enters as a scalar of it), IEEE 754 on overflow."""

    def float_function(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    @classmethod
    def function_with(
        cls, properties: Mapping[str, Attribute]
    ) -> Callable[[np.ndarray], np.ndarray]:
        """`float_function` of this op with these properties (the defaults
        for those not given), for a frontend that tabulates the function
        without creating the op: the op behind it is detached, operandless,
        and only its properties are read."""
        return cls.create(properties=dict(properties)).float_function


@irdl_op_definition
class ReluOp(ElementwiseFunctionOp):
    """`max(x, 0)`, elementwise."""

    name = "nn.relu"

    def float_function(self, x: np.ndarray) -> np.ndarray:
        return np.maximum(x, x.dtype.type(0))


@irdl_op_definition
class SigmoidOp(ElementwiseFunctionOp):
    """`1 / (1 + exp(-x))`, elementwise."""

    name = "nn.sigmoid"

    def float_function(self, x: np.ndarray) -> np.ndarray:
        one = x.dtype.type(1)
        return one / (one + np.exp(-x))  # exp overflow gives inf, hence 0


@irdl_op_definition
class TanhOp(ElementwiseFunctionOp):
    """`tanh(x)`, elementwise."""

    name = "nn.tanh"

    def float_function(self, x: np.ndarray) -> np.ndarray:
        return np.tanh(x)


@irdl_op_definition
class LeakyReluOp(ElementwiseFunctionOp):
    """`x if x >= 0 else alpha * x`, elementwise."""

    name = "nn.leaky_relu"
    alpha = prop_def(FloatAttr, default_value=f64_attr(0.01))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"alpha": FLOAT}

    def verify_semantics(self) -> None:
        super().verify_semantics()
        expect_finite("alpha", self.alpha.value.data)

    def float_function(self, x: np.ndarray) -> np.ndarray:
        return np.where(x >= 0, x, x * x.dtype.type(self.alpha.value.data))


class NumericFunctionOp(ElementwiseFunctionOp):
    """An elementwise function of float or integer tensors: `float_function`
    computes in the operand's dtype, exactly on integers (with the integer
    semantics of the module docstring); `FUNCTION`, when given, is it."""

    ELEMENT_KINDS: ClassVar[frozenset[str]] = NUMERIC
    input = operand_def(NumericTensor)
    result = result_def(NumericTensor)
    FUNCTION: ClassVar[Callable[[np.ndarray], np.ndarray]]

    def float_function(self, x: np.ndarray) -> np.ndarray:
        return type(self).FUNCTION(x)


@irdl_op_definition
class NegOp(NumericFunctionOp):
    """`-x`, elementwise. On signed integers it wraps (the type's minimum is
    its own negation, as in ONNX); unsigned integers have no `neg` (ONNX's Neg
    does not take them)."""

    name = "nn.neg"
    input = operand_def(SignedNumericTensor)
    result = result_def(SignedNumericTensor)
    FUNCTION = staticmethod(np.negative)


@irdl_op_definition
class AbsOp(NumericFunctionOp):
    """`|x|`, elementwise. On signed integers it wraps (the type's minimum
    is its own absolute value, as in ONNX); unsigned integers are unchanged."""

    name = "nn.abs"
    FUNCTION = staticmethod(np.abs)


@irdl_op_definition
class SignOp(NumericFunctionOp):
    """-1, 0 or 1 by the sign of `x`, elementwise (nan for nan; 0 or 1 on
    unsigned integers)."""

    name = "nn.sign"
    FUNCTION = staticmethod(np.sign)


@irdl_op_definition
class ClipOp(NumericFunctionOp):
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
                fail(f"{name} must not be nan (omit it for no bound)")
            if bound not in (-math.inf, math.inf):
                expect_integral(self, name, bound)
        if lo > hi:
            fail(f"min ({format_float(lo)}) must not exceed max ({format_float(hi)})")

    def float_function(self, x: np.ndarray) -> np.ndarray:
        if self.min is not None:
            x = np.maximum(x, x.dtype.type(self.min.value.data))
        if self.max is not None:
            x = np.minimum(x, x.dtype.type(self.max.value.data))
        return x


class WideFunctionOp(ElementwiseFunctionOp):
    """An elementwise function computed in f64 and rounded once to the
    tensor's dtype (`wide_function`): the transcendental functions of the
    frontend's breadth, whose f32 chains would lose to cancellation (gelu's
    `1 + erf`, hard_sigmoid's `alpha * x + beta` near 0)."""

    def wide_function(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def float_function(self, x: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):  # IEEE 754 results, no warnings
            return self.wide_function(x.astype(np.float64)).astype(x.dtype)

    def prop(self, name: str) -> float:
        return getattr(self, name).value.data

    def verify_semantics(self) -> None:
        super().verify_semantics()
        for name in self.SYNTAX:
            expect_finite(name, self.prop(name))


def _function_op(
    op_name: str, doc: str, function: Callable[..., np.ndarray], **defaults: float
) -> type[WideFunctionOp]:
    """A `WideFunctionOp` `nn.<op_name>` computing `function(x, **props)`
    with float properties of these defaults."""
    fields: dict[str, object] = {
        "name": f"nn.{op_name}",
        "__doc__": doc,
        "SYNTAX": {key: FLOAT for key in defaults},
        "wide_function": lambda self, x: function(x, **{k: self.prop(k) for k in defaults}),
        "__module__": __name__,
        "__annotations__": {"SYNTAX": ClassVar[dict[str, PropertyKind]]},
    }
    for key, value in defaults.items():
        fields[key] = prop_def(FloatAttr, default_value=f64_attr(value))
    class_name = "".join(part.title() for part in op_name.split("_")) + "Op"
    return irdl_op_definition(type(class_name, (WideFunctionOp,), fields))


def _erf(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return erf(x)


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erfc

    return 0.5 * x * erfc(-x / math.sqrt(2.0))


def _gelu_tanh(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))


ErfOp = _function_op("erf", "The error function `erf(x)`, elementwise.", _erf)
GeluOp = _function_op("gelu", "`x * Phi(x) = x / 2 * erfc(-x / sqrt(2))`, elementwise.", _gelu)
GeluTanhOp = _function_op(
    "gelu_tanh",
    "Gelu's tanh approximation `x / 2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3)))`.",
    _gelu_tanh,
)
SqrtOp = _function_op("sqrt", "`sqrt(x)` (nan below 0), elementwise.", np.sqrt)
ExpOp = _function_op("exp", "`exp(x)`, elementwise.", np.exp)
LogOp = _function_op("log", "The natural logarithm (nan below 0, -inf at 0), elementwise.", np.log)
ReciprocalOp = _function_op("reciprocal", "`1 / x`, elementwise.", np.reciprocal)
FloorOp = _function_op("floor", "The largest integer <= x, elementwise.", np.floor)
CeilOp = _function_op("ceil", "The smallest integer >= x, elementwise.", np.ceil)
RoundOp = _function_op("round", "`x` rounded to the nearest integer, halves to even.", np.round)
SinOp = _function_op("sin", "`sin(x)`, elementwise.", np.sin)
CosOp = _function_op("cos", "`cos(x)`, elementwise.", np.cos)
TanOp = _function_op("tan", "`tan(x)`, elementwise.", np.tan)
AsinOp = _function_op("asin", "`asin(x)` (nan outside [-1, 1]), elementwise.", np.arcsin)
AcosOp = _function_op("acos", "`acos(x)` (nan outside [-1, 1]), elementwise.", np.arccos)
AtanOp = _function_op("atan", "`atan(x)`, elementwise.", np.arctan)
SinhOp = _function_op("sinh", "`sinh(x)`, elementwise.", np.sinh)
CoshOp = _function_op("cosh", "`cosh(x)`, elementwise.", np.cosh)
AsinhOp = _function_op("asinh", "`asinh(x)`, elementwise.", np.arcsinh)
AcoshOp = _function_op("acosh", "`acosh(x)` (nan below 1), elementwise.", np.arccosh)
AtanhOp = _function_op("atanh", "`atanh(x)` (nan outside [-1, 1]), elementwise.", np.arctanh)
SwishOp = _function_op(
    "swish", "`x * sigmoid(alpha * x)`, elementwise.",
    lambda x, alpha: x * np.exp(-np.logaddexp(0.0, -alpha * x)), alpha=1.0,
)
SoftplusOp = _function_op(
    "softplus", "`log(1 + exp(x))`, elementwise.", lambda x: np.logaddexp(0.0, x)
)
SoftsignOp = _function_op("softsign", "`x / (1 + |x|)`, elementwise.", lambda x: x / (1.0 + np.abs(x)))
MishOp = _function_op(
    "mish", "`x * tanh(softplus(x))`, elementwise.", lambda x: x * np.tanh(np.logaddexp(0.0, x))
)
HardSwishOp = _function_op(
    "hard_swish",
    "`x * max(0, min(1, x / 6 + 1 / 2))`, elementwise.",
    lambda x: x * np.clip(x / 6.0 + 0.5, 0.0, 1.0),
)
HardSigmoidOp = _function_op(
    "hard_sigmoid",
    "`max(0, min(1, alpha * x + beta))`, elementwise.",
    lambda x, alpha, beta: np.clip(alpha * x + beta, 0.0, 1.0),
    alpha=0.2,
    beta=0.5,
)
EluOp = _function_op(
    "elu",
    "`x if x >= 0 else alpha * (exp(x) - 1)`, elementwise.",
    lambda x, alpha: np.where(x >= 0, x, alpha * np.expm1(np.minimum(x, 0.0))),
    alpha=1.0,
)
CeluOp = _function_op(
    "celu",
    "`max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`, elementwise.",
    lambda x, alpha: np.maximum(0.0, x) + np.minimum(0.0, alpha * np.expm1(x / alpha)),
    alpha=1.0,
)
SeluOp = _function_op(
    "selu",
    "`gamma * (x if x > 0 else alpha * (exp(x) - 1))`, elementwise.",
    lambda x, alpha, gamma: gamma * np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0))),
    alpha=1.67326319217681884765625,
    gamma=1.05070102214813232421875,
)
ThresholdedReluOp = _function_op(
    "thresholded_relu",
    "`x if x > alpha else 0`, elementwise.",
    lambda x, alpha: np.where(x > alpha, x, 0.0),
    alpha=1.0,
)
ShrinkOp = _function_op(
    "shrink",
    "`x - bias if x > lambd, x + bias if x < -lambd, else 0`, elementwise.",
    lambda x, bias, lambd: np.where(x > lambd, x - bias, np.where(x < -lambd, x + bias, 0.0)),
    bias=0.0,
    lambd=0.5,
)
@irdl_op_definition
class SoftmaxOp(UnaryElementwiseOp):
    """`exp(x - max) / sum(exp(x - max))` along `axis`."""

    name = "nn.softmax"
    axis = prop_def(IntegerAttr, default_value=i64_attr(-1))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"axis": INT}

    def verify_semantics(self) -> None:
        super().verify_semantics()
        normalize_axis(self.axis.value.data, len(shape_of(self.input)))


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
        expect_rank("input", shape_of(self.input), 4)
        if self.size.value.data < 1:
            fail(f"size must be >= 1, got {self.size.value.data}")
        for name in ("alpha", "beta", "bias"):
            expect_finite(name, getattr(self, name).value.data)


@irdl_op_definition
class CastOp(NNOperation):
    """Conversion between element types: between floats round to nearest
    even; float to integer truncates toward zero (ONNX leaves nan, inf and
    values out of range undefined); integer to integer wraps; to i1 is
    `x != 0`."""

    name = "nn.cast"
    ELEMENT_KINDS: ClassVar[frozenset[str]] = ANY_KIND
    input = operand_def(AnyTensor)
    result = result_def(AnyTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        x, y = shape_of(self.input), shape_of(self.result)
        if x != y:
            fail(f"cast must not change the shape, got {list(x)} -> {list(y)}")


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
        expect_same_element_type(self)
        x = shape_of(self.input)
        if len(x) < 2:
            fail(f"expected input of rank >= 2, got rank {len(x)}")
        for what in ("scale", "bias", "mean", "var"):
            s = shape_of(getattr(self, what))
            if s != (x[1],):
                fail(f"expected {what} of shape [{x[1]}], got {list(s)}")
        epsilon = self.epsilon.value.data
        expect_finite("epsilon", epsilon)
        if epsilon < 0:
            fail(f"epsilon must be >= 0, got {format_float(epsilon)}")
        expect_result_shape(self, x)


class Pool2dOp(NNOperation, Pool2dGeometryOp):
    """Base of the window pools; the geometry properties come from
    `Pool2dGeometryOp`."""

    input = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_same_element_type(self)
        expect_result_shape(self, self.pool_result_shape())


@irdl_op_definition
class Maxpool2dOp(Pool2dOp):
    """The maximum of each window of an NCHW tensor (padding ignored)."""

    name = "nn.maxpool2d"


@irdl_op_definition
class Avgpool2dOp(Pool2dOp):
    """The mean of each window of an NCHW tensor (see the module docstring for the count)."""

    name = "nn.avgpool2d"
    count_include_pad = prop_def(IntegerAttr, default_value=bool_attr(False))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        **Pool2dGeometryOp.SYNTAX,
        "count_include_pad": BOOL,
    }


@irdl_op_definition
class GlobalAvgpool2dOp(NNOperation):
    """The mean over H and W of an NCHW tensor, result `[N, C, 1, 1]`."""

    name = "nn.global_avgpool2d"
    input = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_same_element_type(self)
        expect_result_shape(self, global_pool_result_shape(shape_of(self.input)))


# --------------------------------------------------------------------------
# Shape manipulation
# --------------------------------------------------------------------------


@irdl_op_definition
class FlattenOp(NNOperation):
    """ONNX Flatten: to `[prod(shape[:axis]), prod(shape[axis:])]`."""

    name = "nn.flatten"
    ELEMENT_KINDS: ClassVar[frozenset[str]] = ANY_KIND
    input = operand_def(AnyTensor)
    axis = prop_def(IntegerAttr, default_value=i64_attr(1))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"axis": INT}
    result = result_def(AnyTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_same_element_type(self)
        expect_result_shape(self, flatten_result_shape(shape_of(self.input), self.axis.value.data))


@irdl_op_definition
class ReshapeOp(NNOperation):
    """Row-major reshape to the result type's shape."""

    name = "nn.reshape"
    ELEMENT_KINDS: ClassVar[frozenset[str]] = ANY_KIND
    input = operand_def(AnyTensor)
    result = result_def(AnyTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_same_element_type(self)
        expect_reshape(shape_of(self.input), shape_of(self.result))


@irdl_op_definition
class TransposeOp(NNOperation):
    """Permute the axes by `perm`."""

    name = "nn.transpose"
    ELEMENT_KINDS: ClassVar[frozenset[str]] = ANY_KIND
    input = operand_def(AnyTensor)
    perm = prop_def(DenseArrayBase)
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"perm": INTS}
    result = result_def(AnyTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_same_element_type(self)
        expect_result_shape(self, transpose_result_shape(shape_of(self.input), ints(self.perm)))


@irdl_op_definition
class ConcatOp(NNOperation):
    """Concatenate the inputs along `axis`."""

    name = "nn.concat"
    ELEMENT_KINDS: ClassVar[frozenset[str]] = ANY_KIND
    inputs = var_operand_def(AnyTensor)
    axis = prop_def(IntegerAttr)
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"axis": INT}
    result = result_def(AnyTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        if not self.inputs:
            fail("concat needs at least one input")
        expect_same_element_type(self)
        shapes = [shape_of(v) for v in self.inputs]
        expect_result_shape(self, concat_result_shape(shapes, self.axis.value.data))


PAD_MODES = ("constant", "reflect", "edge")


@irdl_op_definition
class PadOp(NNOperation):
    """Pad with `pads` (ONNX order) in `constant`, `reflect` or `edge` mode."""

    name = "nn.pad"
    ELEMENT_KINDS: ClassVar[frozenset[str]] = NUMERIC
    input = operand_def(NumericTensor)
    pads = prop_def(DenseArrayBase)
    mode = prop_def(StringAttr, default_value=StringAttr("constant"))
    value = prop_def(FloatAttr, default_value=f64_attr(0.0))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"pads": INTS, "mode": STRING, "value": FLOAT}
    result = result_def(NumericTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_same_element_type(self)
        x, pads = shape_of(self.input), ints(self.pads)
        r = len(x)
        expect_length("pads", pads, 2 * r)
        expect_at_least("pads", pads, 0)
        mode = self.mode.data
        if mode not in PAD_MODES:
            fail(f"unknown pad mode '{mode}', expected one of {', '.join(PAD_MODES)}")
        if mode != "constant" and self.value != f64_attr(0.0):
            fail(f"value is only used by mode 'constant', got mode '{mode}'")
        if math.isnan(self.value.value.data):
            fail("value must not be nan")
        expect_integral(self, "value", self.value.value.data)
        for i in range(r):
            begin, end = pads[i], pads[r + i]
            if mode == "reflect" and max(begin, end) > 0 and max(begin, end) >= x[i]:
                fail(
                    f"reflect padding along axis {i} must be smaller than its size "
                    f"{x[i]}, got pads {begin} and {end}"
                )
            if mode == "edge" and max(begin, end) > 0 and x[i] == 0:
                fail(f"edge padding along axis {i} needs a non-empty dimension")
        expect_result_shape(self, [x[i] + pads[i] + pads[r + i] for i in range(r)])


@irdl_op_definition
class ArgmaxOp(NNOperation, ArgmaxIndexOp):
    """The properties and the result come from `ArgmaxIndexOp`."""

    name = "nn.argmax"
    ELEMENT_KINDS: ClassVar[frozenset[str]] = NUMERIC
    input = operand_def(NumericTensor)

    def verify_semantics(self) -> None:
        expect_result_shape(self, self.index_result_shape())


# --------------------------------------------------------------------------
# Reductions, slicing, gathering, einsum
# --------------------------------------------------------------------------


class ReduceOp(NNOperation):
    """A reduction over `axes` (distinct, in range; at least one), keeping
    them with size 1 when `keepdims`; `reduce(x, axes, keepdims)` is its
    numpy function, computed in the tensor's dtype."""

    input = operand_def(FloatTensor)
    axes = prop_def(DenseArrayBase)
    keepdims = prop_def(IntegerAttr, default_value=bool_attr(True))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"axes": INTS, "keepdims": BOOL}
    result = result_def(FloatTensor)
    traits = traits_def(Pure())
    NEEDS_ELEMENTS: ClassVar[bool] = False
    """True for a reduction undefined over an empty set (max, min)."""

    def reduce(self, x: np.ndarray, axes: tuple[int, ...], keepdims: bool) -> np.ndarray:
        raise NotImplementedError

    def reduced_axes(self) -> tuple[int, ...]:
        return tuple(a % len(shape_of(self.input)) for a in ints(self.axes))

    def verify_semantics(self) -> None:
        expect_same_element_type(self)
        x = shape_of(self.input)
        axes = [normalize_axis(a, len(x)) for a in ints(self.axes)]
        if not axes:
            fail("axes must name at least one axis")
        if len(set(axes)) != len(axes):
            fail(f"axes {list(ints(self.axes))} repeat an axis")
        if self.NEEDS_ELEMENTS and any(x[a] == 0 for a in axes):
            fail(f"{self.name} over an empty axis is undefined")
        keep = bool(self.keepdims.value.data)
        expected = [1 if i in axes else d for i, d in enumerate(x) if keep or i not in axes]
        expect_result_shape(self, expected)


_KIND_TENSORS = {FLOAT_ONLY: FloatTensor, NUMERIC: NumericTensor, ANY_KIND: AnyTensor}


def _reduce_op(
    op_name: str, doc: str, function, needs_elements: bool = False, kinds: frozenset[str] = FLOAT_ONLY
) -> type[ReduceOp]:
    class_name = "".join(part.title() for part in op_name.split("_")) + "Op"
    fields = {
        "ELEMENT_KINDS": kinds,
        "input": operand_def(_KIND_TENSORS[kinds]),
        "result": result_def(_KIND_TENSORS[kinds]),
        "name": f"nn.{op_name}",
        "__doc__": doc,
        "NEEDS_ELEMENTS": needs_elements,
        "reduce": lambda self, x, axes, keepdims: function(x, axes, keepdims),
        "__module__": __name__,
        "__annotations__": {"NEEDS_ELEMENTS": ClassVar[bool], "ELEMENT_KINDS": ClassVar[frozenset[str]]},
    }
    return irdl_op_definition(type(class_name, (ReduceOp,), fields))


def _log_sum_exp(x: np.ndarray, axes: tuple[int, ...], keepdims: bool) -> np.ndarray:
    top = np.max(x, axis=axes, keepdims=True) if x.size else np.zeros((), x.dtype)
    top = np.where(np.isfinite(top), top, np.zeros((), x.dtype))
    total = np.log(np.sum(np.exp(x - top), axis=axes, keepdims=True)) + top
    return total if keepdims else np.squeeze(total, axis=axes)


ReduceSumOp = _reduce_op(
    "reduce_sum", "The sum over `axes` (0 over an empty axis).",
    lambda x, a, k: np.sum(x, axis=a, keepdims=k), kinds=NUMERIC,
)
ReduceMeanOp = _reduce_op(
    "reduce_mean", "The mean over `axes` (nan over an empty axis).",
    lambda x, a, k: np.mean(x, axis=a, keepdims=k),
)
ReduceMaxOp = _reduce_op(
    "reduce_max", "The maximum over `axes` (nan if one is nan).",
    lambda x, a, k: np.max(x, axis=a, keepdims=k), needs_elements=True, kinds=ANY_KIND,
)
ReduceMinOp = _reduce_op(
    "reduce_min", "The minimum over `axes` (nan if one is nan).",
    lambda x, a, k: np.min(x, axis=a, keepdims=k), needs_elements=True, kinds=ANY_KIND,
)
ReduceProdOp = _reduce_op(
    "reduce_prod", "The product over `axes` (1 over an empty axis).",
    lambda x, a, k: np.prod(x, axis=a, keepdims=k), kinds=NUMERIC,
)
ReduceL1Op = _reduce_op(
    "reduce_l1", "The sum of `|x|` over `axes`.",
    lambda x, a, k: np.sum(np.abs(x), axis=a, keepdims=k),
)
ReduceL2Op = _reduce_op(
    "reduce_l2", "`sqrt(sum(x^2))` over `axes`.",
    lambda x, a, k: np.sqrt(np.sum(np.square(x), axis=a, keepdims=k)),
)
ReduceSumSquareOp = _reduce_op(
    "reduce_sum_square", "The sum of `x^2` over `axes`.",
    lambda x, a, k: np.sum(np.square(x), axis=a, keepdims=k),
)
ReduceLogSumOp = _reduce_op(
    "reduce_log_sum", "`log(sum(x))` over `axes`.",
    lambda x, a, k: np.log(np.sum(x, axis=a, keepdims=k)),
)
ReduceLogSumExpOp = _reduce_op(
    "reduce_log_sum_exp", "`log(sum(exp(x)))` over `axes`, computed around the maximum.",
    _log_sum_exp,
)

REDUCTIONS: tuple[type[ReduceOp], ...] = (
    ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp, ReduceProdOp, ReduceL1Op,
    ReduceL2Op, ReduceSumSquareOp, ReduceLogSumOp, ReduceLogSumExpOp,
)


@irdl_op_definition
class SliceOp(NNOperation):
    """`y[i_0, ..., i_{r-1}] = x[starts[0] + i_0 * steps[0], ...]`: a strided
    window of `x`, as many elements per axis as the result has. `starts`
    and `steps` have one value per axis; steps are non-zero (negative walks
    backwards), every element read lies inside `x`."""

    name = "nn.slice"
    ELEMENT_KINDS: ClassVar[frozenset[str]] = ANY_KIND
    input = operand_def(AnyTensor)
    starts = prop_def(DenseArrayBase)
    steps = prop_def(DenseArrayBase)
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"starts": INTS, "steps": INTS}
    result = result_def(AnyTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_same_element_type(self)
        x, y = shape_of(self.input), shape_of(self.result)
        starts, steps = ints(self.starts), ints(self.steps)
        expect_length("starts", starts, len(x))
        expect_length("steps", steps, len(x))
        if len(y) != len(x):
            fail(f"the result has rank {len(y)}, the input rank {len(x)}")
        for axis, (n, size, start, step) in enumerate(zip(y, x, starts, steps)):
            if step == 0:
                fail(f"step of axis {axis} must not be 0")
            last = start + (n - 1) * step
            if n > 0 and not (0 <= start < size and 0 <= last < size):
                fail(
                    f"axis {axis}: {n} elements from {start} by step {step} leave the "
                    f"input's {size} elements"
                )

    def index(self) -> tuple[slice, ...]:
        """The numpy index of the window (for a result of its declared shape)."""
        result = []
        for n, start, step in zip(shape_of(self.result), ints(self.starts), ints(self.steps)):
            stop = start + n * step
            result.append(slice(start, stop if stop >= 0 else None, step))
        return tuple(result)


@irdl_op_definition
class GatherOp(NNOperation):
    """ONNX Gather: `y = take(x, indices, axis)`, the result's shape
    `x.shape[:axis] + indices.shape + x.shape[axis+1:]`; the indices are i64
    in `[-n, n)` for `n = x.shape[axis]`, a negative one counting from the
    end (an index outside is an error of the interpreter)."""

    name = "nn.gather"
    NON_FLOAT_OPERANDS: ClassVar[tuple[int, ...]] = (1,)
    """The positions of the operands that are not float data (i64 indices)."""
    ELEMENT_KINDS: ClassVar[frozenset[str]] = ANY_KIND
    input = operand_def(AnyTensor)
    indices = operand_def(I64Tensor)
    axis = prop_def(IntegerAttr, default_value=i64_attr(0))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"axis": INT}
    result = result_def(AnyTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        if element_type_of(self.input) != element_type_of(self.result):
            fail("the result must have the input's element type")
        x = shape_of(self.input)
        axis = normalize_axis(self.axis.value.data, len(x))
        expect_result_shape(self, [*x[:axis], *shape_of(self.indices), *x[axis + 1 :]])


def einsum_result_shape(equation: str, shapes: list[tuple[int, ...]]) -> list[int]:
    """The result shape of an explicit einsum `equation` ("ab,bc->ac": one
    letter per axis, no ellipsis) on operands of `shapes`."""
    inputs, arrow, output = equation.replace(" ", "").partition("->")
    terms = inputs.split(",")
    if not arrow or "." in equation:
        fail(f"equation '{equation}' must be explicit ('...->...') without an ellipsis")
    if len(terms) != len(shapes):
        fail(f"equation '{equation}' has {len(terms)} operands, the op {len(shapes)}")
    sizes: dict[str, int] = {}
    for term, shape in zip(terms, shapes):
        if not term.isalpha() or len(term) != len(shape):
            fail(f"operand term '{term}' does not name the {len(shape)} axes of its operand")
        for letter, size in zip(term, shape):
            if sizes.setdefault(letter, size) != size:
                fail(f"axis '{letter}' has sizes {sizes[letter]} and {size}")
    if len(set(output)) != len(output) or any(c not in sizes for c in output):
        fail(f"output term '{output}' must name distinct axes of the operands")
    return [sizes[c] for c in output]


@irdl_op_definition
class EinsumOp(NNOperation):
    """numpy `einsum(equation, *inputs)` of an explicit equation (letters,
    `,` and `->`, no ellipsis): sums of products over the letters the output
    leaves out (matmul-like contractions, batched or transposed)."""

    name = "nn.einsum"
    inputs = var_operand_def(FloatTensor)
    equation = prop_def(StringAttr)
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"equation": STRING}
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        if not self.inputs:
            fail("einsum needs at least one input")
        expect_same_element_type(self)
        shapes = [shape_of(v) for v in self.inputs]
        expect_result_shape(self, einsum_result_shape(self.equation.data, shapes))


# --------------------------------------------------------------------------
# Comparisons, logic and selection (boolean i1 tensors)
# --------------------------------------------------------------------------


BoolTensor = StaticTensorConstraint((i1,), "i1")
"""A statically shaped tensor of booleans."""

PREDICATES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "equal": np.equal,
    "less": np.less,
    "less_equal": np.less_equal,
    "greater": np.greater,
    "greater_equal": np.greater_equal,
}
LOGICAL: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "and": np.logical_and,
    "or": np.logical_or,
    "xor": np.logical_xor,
}


def _expect_broadcast(op: IRDLOperation, lhs: SSAValue, rhs: SSAValue) -> None:
    expect_result_shape(op, broadcast_shapes(shape_of(lhs), shape_of(rhs), "operand shapes"))


@irdl_op_definition
class CompareOp(NNOperation):
    """`predicate(x, y)` elementwise with numpy broadcasting, an i1 tensor:
    `equal`, `less`, `less_equal`, `greater`, `greater_equal` (IEEE 754:
    false for nan but `x != y`)."""

    name = "nn.compare"
    ELEMENT_KINDS: ClassVar[frozenset[str]] = NUMERIC
    lhs = operand_def(NumericTensor)
    rhs = operand_def(NumericTensor)
    predicate = prop_def(StringAttr)
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"predicate": STRING}
    result = result_def(BoolTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        if element_type_of(self.lhs) != element_type_of(self.rhs):
            fail("the operands must have one element type")
        if self.predicate.data not in PREDICATES:
            fail(f"unknown predicate '{self.predicate.data}', expected one of {', '.join(PREDICATES)}")
        _expect_broadcast(self, self.lhs, self.rhs)


@irdl_op_definition
class LogicalOp(NNOperation):
    """`and`, `or` or `xor` of two i1 tensors, numpy broadcasting."""

    name = "nn.logical"
    NON_FLOAT_OPERANDS: ClassVar[tuple[int, ...]] = (0, 1)
    lhs = operand_def(BoolTensor)
    rhs = operand_def(BoolTensor)
    kind = prop_def(StringAttr)
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"kind": STRING}
    result = result_def(BoolTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        if self.kind.data not in LOGICAL:
            fail(f"unknown kind '{self.kind.data}', expected one of {', '.join(LOGICAL)}")
        _expect_broadcast(self, self.lhs, self.rhs)


@irdl_op_definition
class NotOp(NNOperation):
    """Logical negation of an i1 tensor."""

    name = "nn.not"
    NON_FLOAT_OPERANDS: ClassVar[tuple[int, ...]] = (0,)
    input = operand_def(BoolTensor)
    result = result_def(BoolTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_result_shape(self, shape_of(self.input))


@irdl_op_definition
class WhereOp(NNOperation):
    """`condition ? x : y` elementwise, the three broadcast together."""

    name = "nn.where"
    NON_FLOAT_OPERANDS: ClassVar[tuple[int, ...]] = (0,)
    ELEMENT_KINDS: ClassVar[frozenset[str]] = ANY_KIND
    condition = operand_def(BoolTensor)
    lhs = operand_def(AnyTensor)
    rhs = operand_def(AnyTensor)
    result = result_def(AnyTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        if not element_type_of(self.lhs) == element_type_of(self.rhs) == element_type_of(self.result):
            fail("the values and the result must have one element type")
        both = broadcast_shapes(shape_of(self.lhs), shape_of(self.rhs), "operand shapes")
        expect_result_shape(self, broadcast_shapes(shape_of(self.condition), both, "operand shapes"))


# --------------------------------------------------------------------------
# Integer, indexing and classification ops of the ONNX breadth
# --------------------------------------------------------------------------


BITWISE: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "and": np.bitwise_and,
    "or": np.bitwise_or,
    "xor": np.bitwise_xor,
}
SHIFT_DIRECTIONS = ("left", "right")


def bit_shift(x: np.ndarray, amount: np.ndarray, direction: str) -> np.ndarray:
    """ONNX BitShift (opset 28) in `x`'s dtype: a left shift discards the
    bits moved out (past the sign bit too), a right shift is logical on
    unsigned and arithmetic on signed integers; an amount < 0 or >= the
    width gives what the fill alone gives (-1 for a right shift of a
    negative `x`, else 0)."""
    x, amount = np.broadcast_arrays(np.asarray(x), np.asarray(amount))
    width = x.dtype.itemsize * 8
    outside = (amount < 0) | (amount >= width)
    unsigned = np.dtype(f"u{x.dtype.itemsize}")
    safe = np.where(outside, 0, amount).astype(unsigned)
    if direction == "left":
        shifted = np.left_shift(x.astype(unsigned), safe).astype(x.dtype)
        fill = np.zeros((), x.dtype)
    else:
        shifted = np.right_shift(x, safe.astype(x.dtype))
        fill = np.where(x < 0, x.dtype.type(-1) if x.dtype.kind == "i" else 0, 0).astype(x.dtype)
    return np.where(outside, fill, shifted)


class IntegerBinaryOp(BinaryElementwiseOp):
    """A binary elementwise op of integer tensors of one element type."""

    ELEMENT_KINDS: ClassVar[frozenset[str]] = frozenset({"integer"})
    lhs = operand_def(IntegerTensor)
    rhs = operand_def(IntegerTensor)
    result = result_def(IntegerTensor)


@irdl_op_definition
class BitwiseOp(IntegerBinaryOp):
    """`and`, `or` or `xor` of the bits of two integer tensors (two's
    complement), numpy broadcasting."""

    name = "nn.bitwise"
    kind = prop_def(StringAttr)
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"kind": STRING}

    def verify_semantics(self) -> None:
        super().verify_semantics()
        if self.kind.data not in BITWISE:
            fail(f"unknown kind '{self.kind.data}', expected one of {', '.join(BITWISE)}")


@irdl_op_definition
class BitShiftOp(IntegerBinaryOp):
    """ONNX BitShift: `x << y` (`left`) or `x >> y` (`right`), numpy
    broadcasting, as `bit_shift` states it (logical on unsigned, arithmetic
    on signed integers)."""

    name = "nn.bit_shift"
    direction = prop_def(StringAttr)
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"direction": STRING}

    def verify_semantics(self) -> None:
        super().verify_semantics()
        if self.direction.data not in SHIFT_DIRECTIONS:
            fail(f"unknown direction '{self.direction.data}', expected one of {', '.join(SHIFT_DIRECTIONS)}")


@irdl_op_definition
class BitwiseNotOp(NNOperation):
    """The complement of every bit of an integer tensor (two's complement)."""

    name = "nn.bitwise_not"
    ELEMENT_KINDS: ClassVar[frozenset[str]] = frozenset({"integer"})
    input = operand_def(IntegerTensor)
    result = result_def(IntegerTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        if self.input.type != self.result.type:
            fail(f"result type {self.result.type} must equal the input type {self.input.type}")


class IndexReadOp(NNOperation):
    """An op reading the elements of `input` at the positions `indices`
    (i32 or i64) name (`result_shape`); the result has the input's element
    type."""

    NON_FLOAT_OPERANDS: ClassVar[tuple[int, ...]] = (1,)
    ELEMENT_KINDS: ClassVar[frozenset[str]] = ANY_KIND
    input = operand_def(AnyTensor)
    indices = operand_def(IndexTensor)
    result = result_def(AnyTensor)
    traits = traits_def(Pure())

    def result_shape(self, x: tuple[int, ...], idx: tuple[int, ...]) -> list[int]:
        raise NotImplementedError

    def verify_semantics(self) -> None:
        if element_type_of(self.input) != element_type_of(self.result):
            fail("the result must have the input's element type")
        expect_result_shape(self, self.result_shape(shape_of(self.input), shape_of(self.indices)))


@irdl_op_definition
class GatherElementsOp(IndexReadOp):
    """ONNX GatherElements: `y[i_0, ..., i_{r-1}] = x[i_0, ..., idx[i_0, ...,
    i_{r-1}], ..., i_{r-1}]` with the index at position `axis`; `indices`
    (in `[-n, n)` for `n = x.shape[axis]`, negative ones from the end; an
    index outside is an error of the interpreter) has the rank of `x` and
    gives the result's shape, no larger than `x` on the other axes."""

    name = "nn.gather_elements"
    axis = prop_def(IntegerAttr, default_value=i64_attr(0))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"axis": INT}

    def result_shape(self, x: tuple[int, ...], idx: tuple[int, ...]) -> list[int]:
        axis = normalize_axis(self.axis.value.data, len(x))
        if len(idx) != len(x):
            fail(f"the indices have rank {len(idx)}, the input rank {len(x)}")
        for a, (n, m) in enumerate(zip(x, idx)):
            if a != axis and m > n:
                fail(f"the indices have {m} elements along axis {a}, the input {n}")
        return list(idx)


def top_k_indices(x: np.ndarray, k: int, axis: int, largest: bool) -> np.ndarray:
    """The positions of the `k` largest (or smallest) elements along
    `axis`, in that order, equal elements by position (ONNX TopK)."""
    if largest:  # a stable sort of the reversed axis, reversed: ties by position
        order = np.flip(np.argsort(np.flip(x, axis), axis=axis, kind="stable"), axis)
        order = x.shape[axis] - 1 - order
    else:
        order = np.argsort(x, axis=axis, kind="stable")
    return np.take(order, np.arange(k), axis=axis).astype(np.int64)


@irdl_op_definition
class TopKOp(NNOperation):
    """The i64 positions along `axis` of the `k` largest (with `largest`,
    else smallest) elements, in that order (`top_k_indices`); ONNX TopK's
    values are their `gather_elements`."""

    name = "nn.top_k"
    ELEMENT_KINDS: ClassVar[frozenset[str]] = NUMERIC
    input = operand_def(NumericTensor)
    axis = prop_def(IntegerAttr)
    k = prop_def(IntegerAttr)
    largest = prop_def(IntegerAttr, default_value=bool_attr(True))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"axis": INT, "k": INT, "largest": BOOL}
    result = result_def(I64Tensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        x = shape_of(self.input)
        axis = normalize_axis(self.axis.value.data, len(x))
        k = self.k.value.data
        if not 0 <= k <= x[axis]:
            fail(f"k {k} must lie in [0, {x[axis]}] (the size of axis {axis})")
        expect_result_shape(self, [k if a == axis else d for a, d in enumerate(x)])


SCATTER_REDUCTIONS: dict[str, np.ufunc | None] = {
    "none": None,
    "add": np.add,
    "mul": np.multiply,
    "max": np.maximum,
    "min": np.minimum,
}
"""How a scatter combines an update with the element it lands on (`none`
replaces it; of several updates of one element the last wins)."""


class ScatterOp(NNOperation):
    """The shared part of the scatters: `data` with `updates` written at the
    positions `indices` name (i32 or i64, negative ones from the end; one
    outside is an error of the interpreter), by `reduction`."""

    NON_FLOAT_OPERANDS: ClassVar[tuple[int, ...]] = (1,)
    ELEMENT_KINDS: ClassVar[frozenset[str]] = NUMERIC
    data = operand_def(NumericTensor)
    indices = operand_def(IndexTensor)
    updates = operand_def(NumericTensor)
    reduction = prop_def(StringAttr, default_value=StringAttr("none"))
    result = result_def(NumericTensor)
    traits = traits_def(Pure())

    def expected_updates_shape(self) -> list[int]:
        raise NotImplementedError

    def verify_semantics(self) -> None:
        if not self.data.type == self.result.type:
            fail(f"result type {self.result.type} must equal the data type {self.data.type}")
        if element_type_of(self.updates) != element_type_of(self.data):
            fail("the updates must have the data's element type")
        if self.reduction.data not in SCATTER_REDUCTIONS:
            fail(f"unknown reduction '{self.reduction.data}', expected one of {', '.join(SCATTER_REDUCTIONS)}")
        expected = self.expected_updates_shape()
        if list(shape_of(self.updates)) != expected:
            fail(f"expected updates of shape {expected}, got {list(shape_of(self.updates))}")


@irdl_op_definition
class ScatterElementsOp(ScatterOp):
    """ONNX ScatterElements: `y[..., idx[i_0, ..., i_{r-1}], ...] =
    updates[i_0, ..., i_{r-1}]` with the index at position `axis`; indices
    and updates have one shape, of the data's rank."""

    name = "nn.scatter_elements"
    axis = prop_def(IntegerAttr, default_value=i64_attr(0))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"axis": INT, "reduction": STRING}

    def expected_updates_shape(self) -> list[int]:
        x, idx = shape_of(self.data), shape_of(self.indices)
        axis = normalize_axis(self.axis.value.data, len(x))
        if len(idx) != len(x):
            fail(f"the indices have rank {len(idx)}, the data rank {len(x)}")
        for a, (n, m) in enumerate(zip(x, idx)):
            if a != axis and m > n:
                fail(f"the indices have {m} elements along axis {a}, the data {n}")
        return list(idx)


@irdl_op_definition
class ScatterNdOp(ScatterOp):
    """ONNX ScatterND: for indices `[..., q]`, `y[idx[j]] = updates[j]`,
    each `idx[j]` the position of an element (q = rank) or of a slice (q <
    rank) of the data; updates have the shape `indices.shape[:-1] +
    data.shape[q:]`."""

    name = "nn.scatter_nd"
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"reduction": STRING}

    def expected_updates_shape(self) -> list[int]:
        x, idx = shape_of(self.data), shape_of(self.indices)
        if not idx or not 1 <= idx[-1] <= len(x):
            fail(f"the indices' last axis must hold 1 to {len(x)} coordinates, got shape {list(idx)}")
        return [*idx[:-1], *x[idx[-1] :]]


@irdl_op_definition
class GatherNdOp(IndexReadOp):
    """ONNX GatherND: for indices `[b..., ..., q]` (`batch_dims` leading
    axes shared with the data), the elements or slices of the data at the
    positions `idx[j]` (negative ones from the end; one outside is an error
    of the interpreter); the result's shape is `data.shape[:b] +
    indices.shape[b:-1] + data.shape[b + q:]`."""

    name = "nn.gather_nd"
    batch_dims = prop_def(IntegerAttr, default_value=i64_attr(0))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"batch_dims": INT}

    def result_shape(self, x: tuple[int, ...], idx: tuple[int, ...]) -> list[int]:
        b = self.batch_dims.value.data
        if not 0 <= b < min(len(x), len(idx)) or list(x[:b]) != list(idx[:b]):
            fail(f"batch_dims {b} must name leading axes the input {list(x)} and the indices {list(idx)} share")
        q = idx[-1]
        if not 1 <= q <= len(x) - b:
            fail(f"the indices' last axis must hold 1 to {len(x) - b} coordinates, got {q}")
        return [*x[:b], *idx[b:-1], *x[b + q :]]


@irdl_op_definition
class BitcastOp(NNOperation):
    """The bits of each element read as the result's element type (ONNX
    BitCast, little endian), of the same width in bytes (i1 is one byte)."""

    name = "nn.bitcast"
    ELEMENT_KINDS: ClassVar[frozenset[str]] = ANY_KIND
    input = operand_def(AnyTensor)
    result = result_def(AnyTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_result_shape(self, shape_of(self.input))
        source, target = element_type_of(self.input), element_type_of(self.result)
        widths = [numpy_dtype(t).itemsize if t != BFloat16Type() else 2 for t in (source, target)]
        if widths[0] != widths[1]:
            fail(f"{source} and {target} differ in width ({widths[0]} and {widths[1]} bytes)")


@irdl_op_definition
class DetOp(NNOperation):
    """The determinant of each square matrix of the last two axes."""

    name = "nn.det"
    input = operand_def(FloatTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_same_element_type(self)
        x = shape_of(self.input)
        if len(x) < 2 or x[-1] != x[-2]:
            fail(f"the input must end in a square matrix, got shape {list(x)}")
        expect_result_shape(self, x[:-2])


def dft(x: np.ndarray, axis: int, length: int, inverse: bool, onesided: bool) -> np.ndarray:
    """ONNX DFT of the signals along `axis` of `x` (last axis: 1, real, or
    2, real and imaginary parts), zero-padded or cut to `length`: the
    forward transform (only the `length // 2 + 1` first frequencies when
    `onesided`), or the inverse one normalized by `1 / length` (with
    `onesided` the real signal of one-sided frequencies, last axis 1);
    computed in complex128, the last axis of the result real and
    imaginary parts."""
    signal = x[..., 0].astype(np.complex128)
    if x.shape[-1] == 2:
        signal = signal + 1j * x[..., 1]
    if inverse and onesided:
        return np.fft.irfft(signal, n=length, axis=axis)[..., np.newaxis]
    y = np.fft.ifft(signal, n=length, axis=axis) if inverse else np.fft.fft(signal, n=length, axis=axis)
    if onesided:
        y = np.take(y, np.arange(length // 2 + 1), axis=axis)
    return np.stack([y.real, y.imag], axis=-1)


@irdl_op_definition
class DftOp(NNOperation):
    """ONNX DFT (see `dft`); `axis` is a signal axis (not the last one)."""

    name = "nn.dft"
    input = operand_def(FloatTensor)
    axis = prop_def(IntegerAttr)
    length = prop_def(IntegerAttr)
    inverse = prop_def(IntegerAttr, default_value=bool_attr(False))
    onesided = prop_def(IntegerAttr, default_value=bool_attr(False))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"axis": INT, "length": INT, "inverse": BOOL, "onesided": BOOL}
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_same_element_type(self)
        x = shape_of(self.input)
        if len(x) < 2 or x[-1] not in (1, 2):
            fail(f"the input's last axis must hold 1 or 2 parts (real, imaginary), got shape {list(x)}")
        axis, length = self.axis.value.data, self.length.value.data
        if not 0 <= axis < len(x) - 1:
            fail(f"axis {axis} must be a signal axis, in [0, {len(x) - 2}]")
        if length < 1:
            fail(f"length must be >= 1, got {length}")
        inverse, onesided = self.inverse.value.data, self.onesided.value.data
        size = length // 2 + 1 if onesided and not inverse else length
        expected = [size if a == axis else d for a, d in enumerate(x[:-1])]
        expect_result_shape(self, [*expected, 1 if inverse and onesided else 2])


GRID_SAMPLE_MODES = ("nearest", "linear", "cubic")
GRID_PADDING_MODES = ("zeros", "border", "reflection")


@irdl_op_definition
class GridSampleOp(NNOperation):
    """ONNX GridSample: the input `[N, C, *spatial]` sampled at the
    normalized coordinates of `grid` `[N, *out, len(spatial)]` (`mode`
    nearest, linear or cubic; `padding_mode` zeros, border or reflection;
    `align_corners`); the semantics are written out in
    `asic.interp.nn_sampling`."""

    name = "nn.grid_sample"
    input = operand_def(FloatTensor)
    grid = operand_def(FloatTensor)
    mode = prop_def(StringAttr, default_value=StringAttr("linear"))
    padding_mode = prop_def(StringAttr, default_value=StringAttr("zeros"))
    align_corners = prop_def(IntegerAttr, default_value=bool_attr(False))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"mode": STRING, "padding_mode": STRING, "align_corners": BOOL}
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        if element_type_of(self.input) != element_type_of(self.result):
            fail("the result must have the input's element type")
        if self.mode.data not in GRID_SAMPLE_MODES:
            fail(f"unknown mode '{self.mode.data}', expected one of {', '.join(GRID_SAMPLE_MODES)}")
        if self.padding_mode.data not in GRID_PADDING_MODES:
            fail(f"unknown padding_mode '{self.padding_mode.data}', expected one of {', '.join(GRID_PADDING_MODES)}")
        x, g = shape_of(self.input), shape_of(self.grid)
        if len(x) < 3 or len(g) != len(x) or g[0] != x[0] or g[-1] != len(x) - 2:
            fail(f"the grid {list(g)} must be [N, *out, {len(x) - 2}] for the input {list(x)}")
        expect_result_shape(self, [x[0], x[1], *g[1:-1]])


@irdl_op_definition
class TriluOp(NNOperation):
    """ONNX Trilu on the last two axes: keeps the elements on and above the
    `k`-th diagonal (`upper`, numpy `triu`) or on and below it (numpy
    `tril`), zeros elsewhere; rank >= 2."""

    name = "nn.trilu"
    ELEMENT_KINDS: ClassVar[frozenset[str]] = ANY_KIND
    input = operand_def(AnyTensor)
    upper = prop_def(IntegerAttr, default_value=bool_attr(True))
    k = prop_def(IntegerAttr, default_value=i64_attr(0))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"upper": BOOL, "k": INT}
    result = result_def(AnyTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        if self.input.type != self.result.type:
            fail(f"result type {self.result.type} must equal the input type {self.input.type}")
        if len(shape_of(self.input)) < 2:
            fail(f"trilu needs a tensor of rank >= 2, got rank {len(shape_of(self.input))}")


class CumulativeOp(NNOperation):
    """A running reduction along `axis`: element `i` combines elements `0..i`
    (`0..i-1` when `exclusive`, the identity for the first; from the end
    when `reverse`), in the tensor's dtype (integers wrap)."""

    ELEMENT_KINDS: ClassVar[frozenset[str]] = NUMERIC
    input = operand_def(NumericTensor)
    axis = prop_def(IntegerAttr)
    exclusive = prop_def(IntegerAttr, default_value=bool_attr(False))
    reverse = prop_def(IntegerAttr, default_value=bool_attr(False))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"axis": INT, "exclusive": BOOL, "reverse": BOOL}
    result = result_def(NumericTensor)
    traits = traits_def(Pure())
    IDENTITY: ClassVar[int] = 0

    def accumulate(self, x: np.ndarray, axis: int) -> np.ndarray:
        raise NotImplementedError

    def verify_semantics(self) -> None:
        if self.input.type != self.result.type:
            fail(f"result type {self.result.type} must equal the input type {self.input.type}")
        normalize_axis(self.axis.value.data, len(shape_of(self.input)))


@irdl_op_definition
class CumsumOp(CumulativeOp):
    """ONNX CumSum (see `CumulativeOp`)."""

    name = "nn.cumsum"

    def accumulate(self, x: np.ndarray, axis: int) -> np.ndarray:
        return np.cumsum(x, axis=axis, dtype=x.dtype)


@irdl_op_definition
class CumprodOp(CumulativeOp):
    """ONNX CumProd (see `CumulativeOp`)."""

    name = "nn.cumprod"
    IDENTITY: ClassVar[int] = 1

    def accumulate(self, x: np.ndarray, axis: int) -> np.ndarray:
        return np.cumprod(x, axis=axis, dtype=x.dtype)


@irdl_op_definition
class IsInfOp(NNOperation):
    """i1: `x` is +inf (with `detect_positive`) or -inf (with
    `detect_negative`), elementwise."""

    name = "nn.is_inf"
    input = operand_def(FloatTensor)
    detect_positive = prop_def(IntegerAttr, default_value=bool_attr(True))
    detect_negative = prop_def(IntegerAttr, default_value=bool_attr(True))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"detect_positive": BOOL, "detect_negative": BOOL}
    result = result_def(BoolTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_result_shape(self, shape_of(self.input))


@irdl_op_definition
class IsNanOp(NNOperation):
    """i1: `x` is nan, elementwise."""

    name = "nn.is_nan"
    input = operand_def(FloatTensor)
    result = result_def(BoolTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_result_shape(self, shape_of(self.input))


NN = Dialect(
    "nn",
    [
        ConstantOp,
        Conv2dOp,
        ConvTranspose2dOp,
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
        ErfOp,
        GeluOp,
        GeluTanhOp,
        SqrtOp,
        ExpOp,
        LogOp,
        ReciprocalOp,
        NegOp,
        AbsOp,
        FloorOp,
        CeilOp,
        RoundOp,
        SignOp,
        SinOp,
        CosOp,
        TanOp,
        AsinOp,
        AcosOp,
        AtanOp,
        SinhOp,
        CoshOp,
        AsinhOp,
        AcoshOp,
        AtanhOp,
        SwishOp,
        SoftplusOp,
        SoftsignOp,
        MishOp,
        HardSwishOp,
        HardSigmoidOp,
        EluOp,
        CeluOp,
        SeluOp,
        ThresholdedReluOp,
        ShrinkOp,
        PowOp,
        MinOp,
        MaxOp,
        PreluOp,
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
        *REDUCTIONS,
        SliceOp,
        GatherOp,
        EinsumOp,
        CompareOp,
        LogicalOp,
        NotOp,
        WhereOp,
        ModOp,
        BitwiseOp,
        BitShiftOp,
        BitwiseNotOp,
        GatherElementsOp,
        ScatterElementsOp,
        ScatterNdOp,
        GatherNdOp,
        TopKOp,
        BitcastOp,
        DetOp,
        DftOp,
        GridSampleOp,
        TriluOp,
        CumsumOp,
        CumprodOp,
        IsInfOp,
        IsNanOp,
    ],
)

ELEMENTWISE_FUNCTIONS: tuple[type[ElementwiseFunctionOp], ...] = tuple(
    op for op in NN.operations if issubclass(op, ElementwiseFunctionOp)
)
"""The ops that carry their float function, in the dialect's order."""
