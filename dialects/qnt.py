"""The `qnt` dialect: quantized tensors and integer-only operations.

This docstring is the specification of the integer semantics of asic-opt:
the integer kernels (`asic.dialects.qnt_kernels`, small numpy functions
implementing every formula below once), the qnt interpreter built on them
(`asic.interp.qnt`), the dataflow interpreter, the RTL generators and
the simulated hardware compute *the same integers*, bit for bit. No float
arithmetic happens at this level or below, except in `qnt.quantize` and
`qnt.dequantize`, the boundary with float tensors.

Notation: `//` is floor division, `>>` an arithmetic (flooring) right shift,
`clamp(v, lo, hi) = min(max(v, lo), hi)`, `[c]` is 1 when `c` holds else 0.

Quantized element type
----------------------

    !qnt.uniform<i8:f32, 0.0125:-3>                 per tensor: scale 0.0125, zero point -3
    !qnt.uniform<u4:f32, 0.5>                       zero point omitted: 0
    !qnt.uniform<i8<-127:127>:f32, 0.02>            narrowed storage range
    !qnt.uniform<i8:f32:0, {0.01, 0.02:1, 0.04}>    per axis 0: one scale[:zero point] per index

in the spirit of MLIR's `!quant.uniform`. A tensor of it, `tensor<1x64x
!qnt.uniform<...>>`, holds integers `q`, the *stored* values; the real value
they stand for is `real = scale * (q - zero_point)` (affine quantization).

- Storage `iN` is signed two's complement, `[-2^(N-1), 2^(N-1) - 1]`; `uN`
  is unsigned, `[0, 2^N - 1]`; `2 <= N <= 16`. An optional `<qmin:qmax>`
  narrows the range (`i8<-127:127>`: symmetric weights, so that negating a
  weight never overflows and the accumulator bound is tighter); every value
  of the tensor lies in `[qmin, qmax]`, which is also where every op
  saturates.
- Expressed type: the float type of the real values (f16, bf16, f32, f64),
  what `qnt.dequantize` produces and `qnt.quantize` consumes.
- Scales are positive finite f64, metadata only: no op of this level
  computes with them. They fix the real meaning of the integers, and passes
  derive the integer multipliers below from them. Zero points are integers
  in `[qmin, qmax]`. Weights are symmetric (zero point 0) by default, with
  the narrowed range `[-(2^(N-1) - 1), 2^(N-1) - 1]` (what onnxruntime uses
  for symmetric int8 weights).
- Per axis (`:axis` after the expressed type): one scale and zero point per
  index of that tensor dimension. Only weights use it, along their output
  channel: axis 0 of OIHW convolution and `[N, K]` dense weights, the last
  axis of a matmul's right operand. Activations are quantized per tensor.

Accumulators and biases are plain *signless* integer tensors (`tensor<1x64x
i20>`), read as two's complement: `iW` holds `[-2^(W-1), 2^(W-1) - 1]`,
`2 <= W <= 64`. Argmax indices are `i64`.

Ops (`x, w, q` quantized operands with zero points `zx, zw, zq`, `y` the
result with zero point `zy` and storage range `[qmin_y, qmax_y]`):

- `constant`: named integers (a weight, a bias) of a quantized or signless
  integer tensor type; `name` keeps the ONNX initializer's name. The
  elements are stored in a signless integer `dense` attribute (i8, i16 or
  i32, the narrowest holding the storage range, for a quantized type; the
  type itself for an integer type) and must lie in `[qmin, qmax]`. A
  constant holds at most `MAX_CONSTANT_ELEMENTS` (2^28) elements
  (`asic.dialects.attributes`): a splat literal (`dense<1>`) is stored
  expanded, so the parser refuses a larger type before allocating it.
- `quantize` (float -> quantized, the only op reading floats):
  `q = clamp(round_half_away(x / scale) + zero_point, qmin, qmax)`, where
  `x / scale` is the IEEE f64 division of `x` (widened exactly to f64) by
  the scale, and `round_half_away(v) = sign(v) * floor(|v| + 1/2)`
  evaluated exactly (not as a float addition). `+inf` gives `qmax`, `-inf`
  gives `qmin`; NaN has no quantized value (below). The scale and zero
  point are those of the index along the axis of a per-axis type.
- `dequantize` (quantized -> float): `real = scale * (q - zero_point)`: the
  integer `q - zero_point` times the scale in f64 (one rounding, to nearest
  even), then rounded to nearest even to the expressed type.
- `conv2d`, `dense`, `matmul`: exact integer sums of products of
  zero-point-corrected operands, plus an integer bias already at the
  accumulator scale `scale_x * scale_w[o]`:

      conv2d: acc[n,o,i,j] = b[o] + sum_{c,u,v} (x_pad[n, g*C/G + c, i*s_h + u*d_h, j*s_w + v*d_w] - zx) * (w[o,c,u,v] - zw[o])
      dense:  acc[b,o]     = b[o] + sum_k (x[b,k] - zx) * (w[o,k] - zw[o])
      matmul: acc[..,m,o]  =        sum_k (x[..,m,k] - zx) * (w[..,k,o] - zw[o])

  with the geometry of their nn counterparts (`strides`, `pads`,
  `dilations`, `groups`; `g = o // (O/G)`). Padding pads `x` with its zero
  point `zx`, so a padded position contributes exactly 0. The result type
  `iW` must hold every value the sum can take (below); it can never
  overflow, so no op wraps or saturates an accumulator.
- `requantize` (accumulator -> quantized), per channel `c` (the index along
  `axis`, default 1; one multiplier/shift for all when the list has one):

      y = clamp(rshift_round(acc * M[c], s[c]) + zy, lo, hi)

  `M[c]` is an unsigned multiplier, `0 <= M < 2^31`, `s[c]` a shift,
  `0 <= s <= 62`, chosen so that `M / 2^s ~ scale_x * scale_w[c] / scale_y`
  (`encode_multiplier`). `[lo, hi]` is `[min, max]`, by default the result's
  storage range: ReLU is `min = zy`, ReLU6 also `max = min(qmax_y, zy +
  round_half_away(6 / scale_y))`. The input may also be a per-tensor
  quantized tensor, whose `q - zq` is then the accumulator (a rescale).
- `add`: `y = clamp(rshift_round((a - za) * Ma + (b - zb) * Mb, s) + zy, lo, hi)`
  with numpy broadcasting, `Ma / 2^s ~ scale_a / scale_y`, `Mb / 2^s ~
  scale_b / scale_y` (one common shift, `encode_multipliers`); rounded once.
- `clamp`: `y = clamp(x, min, max)`, same type (ReLU, ReLU6 of a quantized
  tensor); an absent bound is the storage bound.
- `maxpool2d`: the maximum of the window, same type, padding never wins
  (geometry and the every-window-holds-an-input-element rule of nn).
- `avgpool2d`: `S = sum_{window taps inside the input} (x - zx)` (the taps
  every `dilation`-th element), `n` the
  number of taps inside the input (inside input plus explicit `pads` with
  `count_include_pad`, never the extra ceil-mode area; padded taps add 0 to
  `S`), then `y = clamp(rshift_round(S * M_n, s_n) + zy, qmin_y, qmax_y)`
  where `counts` lists the distinct values of `n` in increasing order and
  `multipliers`/`shifts` give `M_n / 2^s_n ~ scale_x / (scale_y * n)` for
  each: an integer-only division by the window count, rounded once.
- `global_avgpool2d`: the same with the single count `n = H * W`,
  `multiplier M` and `shift s`.
- `lut`: `y = table[x - qmin_x]`, one table entry per value of the input's
  storage range, each in the result's range: exact for any elementwise
  function of one low-bit input (sigmoid, tanh, leaky ReLU, ...).
- `concat`: along `axis`, input `i` rescaled to the result type:
  `y = clamp(rshift_round((x_i - z_i) * M_i, s_i) + zy, qmin_y, qmax_y)`
  (`M_i = 1, s_i = 0` when input and result scales are equal: then only the
  zero point changes).
- `reshape`, `flatten`, `transpose`: as in nn, the element type unchanged.
- `argmax`: as nn.argmax on the stored integers (the scale is positive, so
  it is the argmax of the real values), result `i64`.

Non-finite values. Float levels follow IEEE. At this level and below
every value is an integer, and floats enter only through `quantize`:

- `+inf` and `-inf` saturate to `qmax` and `qmin`, as every real beyond
  the storage range does (the clamp above); NaN has no quantized value:
  `quantize` of a tensor holding a NaN is a run-time error of the
  interpreters, naming the op and the first NaN. The host side of the
  dataflow level and of `asic-sim` runs `quantize` with the qnt
  interpreter, so no level and no hardware ever computes on a NaN, and
  every level that runs agrees (the same integers, or the same error).
  With dynamic quantization (`asic.interp.qnt_dynamic`), whose scales come
  from the values, an infinity is an error too.
- Weights, biases and the other constants of quantized ops are quantized
  at compile time (`quantize`, `choose-bits`, the QDQ importer): a NaN or
  an infinity there is a diagnostic naming the constant and the op
  (`asic.passes.common.finite`), never a scale computed from it.
  (The kernel `asic.dialects.qnt_kernels.quantize` itself is total: it
  maps NaN to the zero point, for callers that have excluded NaN.)

Rounding. One mode everywhere: round half away from zero. For an integer
`v` and a shift `s >= 0`:

    rshift_round(v, 0) = v
    rshift_round(v, s) = sign(v) * ((|v| + 2^(s-1)) >> s)         s > 0

which is `v / 2^s` rounded to the nearest integer, ties away from zero. The
hardware computes the same value without an absolute value:

    rshift_round(v, s) = (v + 2^(s-1) - [v < 0]) >> s             s > 0

(for `v >= 0` both are `floor((v + 2^(s-1)) / 2^s)`; for `v < 0`,
`-floor((-v + h) / 2^s) = ceil((v - h) / 2^s) = floor((v + h - 1) / 2^s)`
with `h = 2^(s-1)`).

Widths. A product `v * M` of a `W`-bit value (the accumulator or `q - zq` of
requantize, the window sum of the poolings) and a multiplier of `B` bits
(the bit length of the largest multiplier of the op) is a signed `W + B`-bit
number, and the rounding addition needs one more bit; the verifier requires
`W + B <= 63`, so that all of it is exact in int64 (the reference) and the
hardware knows its widths. In add and concat, `q - zq` has at most 17 bits,
so the sum of two products has at most 49. The accumulator of conv2d,
dense and matmul must hold `[lo, hi]`, where with `K` the reduction length
(`C/G * KH * KW`, `K`, the contracted dimension), `[a0, a1] = [qmin_x - zx,
qmax_x - zx]`, `[b0, b1] = [qmin_w - zw[o], qmax_w - zw[o]]` and the bias
type `iB` (`[-2^(B-1), 2^(B-1) - 1]`, or `[0, 0]` without a bias):

    lo = min_o K * min(a0*b0, a0*b1, a1*b0, a1*b1) + bias_min
    hi = max_o K * max(a0*b0, a0*b1, a1*b0, a1*b1) + bias_max

This bound is exact: a window lying inside the input whose `K` pairs sit on
the extreme corner reaches it. `accumulator_width` gives the smallest `W`
holding `[lo, hi]` (`integer_width`); the verifier rejects a narrower
result type and says which width is needed. The bound depends on the types
only, not on the weight values (a pass may still pick a wider type).

Other runtimes. onnxruntime's QLinear kernels and TFLite round differently:
onnxruntime requantizes in float (`acc * real_multiplier`, rounded half to
even), TFLite rounds twice (a rounding doubling high multiply, then a
rounding shift); both can differ from this specification by one step on
ties and near-ties. `quantize` divides in f64 where onnxruntime divides in
the input's precision and rounds half to even.

Custom syntax: that of nn (operands, properties that differ from their
defaults as `name value` pairs, attribute dictionary, types), e.g.

    %w = qnt.constant "conv.weight" dense<[...]> : tensor<4x3x3x3x!qnt.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.03}>>
    %acc = qnt.conv2d %x, %w, %b pads [1, 1, 1, 1] : (tensor<1x3x8x8x!qnt.uniform<u8:f32, 0.02:128>>, tensor<4x3x3x3x!qnt.uniform<...>>, tensor<4xi20>) -> tensor<1x4x8x8xi22>
    %y = qnt.requantize %acc multipliers [1518500250, ...] shifts [38, ...] min -128 : (tensor<1x4x8x8xi22>) -> tensor<1x4x8x8x!qnt.uniform<i8:f32, 0.05:-128>>

Python API: `UniformQuantizedType("i8", 0.0125, -3)` and
`UniformQuantizedType("i8", [0.01, 0.02], axis=0)`; every op has a
constructor taking its operands and properties and filling in what follows
from them (`Conv2dOp(x, w, b, pads=[1, 1, 1, 1])` picks the minimal
accumulator); `from_scales` / `from_types` class methods compute the
multipliers of requantize, add, concat and the poolings from the scales of
the types (`encode_multiplier`), `LutOp.from_function` tabulates a float
function. The compile-time integer helpers named above (`encode_multiplier`,
`encode_multipliers`, `integer_width`, `accumulator_range`,
`accumulator_width`, `round_half_away`) and the limits `MULTIPLIER_BITS`,
`MAX_SHIFT`, `MAX_PRODUCT_BITS`, `MAX_ACCUMULATOR_BITS` live in
`asic.dialects.qnt_integers` and are re-exported from this module.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar, TypeVar

import numpy as np
from xdsl.dialects.builtin import (
    ArrayAttr,
    BytesAttr,
    DenseArrayBase,
    DenseIntOrFPElementsAttr,
    Float32Type,
    FloatData,
    IntAttr,
    IntegerAttr,
    IntegerType,
    NoneAttr,
    Signedness,
    StringAttr,
    TensorType,
    i64,
)
from xdsl.ir import Attribute, Dialect, ParametrizedAttribute, SSAValue, TypeAttribute
from xdsl.irdl import (
    AttrConstraint,
    IRDLOperation,
    VerificationContext,
    irdl_attr_definition,
    irdl_op_definition,
    operand_def,
    opt_operand_def,
    opt_prop_def,
    prop_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.parser import AttrParser, Parser
from xdsl.printer import Printer
from xdsl.traits import ConstantLike, Pure
from xdsl.utils.exceptions import VerifyException

from asic.dialects.attributes import (
    FLOAT_TYPES,
    MAX_CONSTANT_ELEMENTS,
    StaticTensorConstraint,
    array_from_dense,
    bool_attr,
    dense_from_array,
    element_type_of,
    format_float,
    i64_array,
    i64_attr,
    ints,
    shape_of,
)
from asic.dialects.checks import expect_result_shape, expect_same_element_type, fail, normalize_axis

# The compile-time integer arithmetic (specified above), re-exported here.
from asic.dialects.printing import ELIDED, elides
from asic.dialects.qnt_integers import (  # noqa: F401
    MAX_ACCUMULATOR_BITS,
    MAX_PRODUCT_BITS,
    MAX_SHIFT,
    MULTIPLIER_BITS,
    accumulator_range,
    accumulator_width,
    avgpool_window_counts,
    encode_multiplier,
    encode_multipliers,
    integer_width,
    round_half_away,
    signed_range,
)
from asic.dialects.shapes import (
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
    transpose_result_shape,
)
from asic.dialects.shared_ops import (
    ArgmaxIndexOp,
    Conv2dGeometryOp,
    Pool2dGeometryOp,
)
from asic.dialects.syntax import BOOL, INT, INTS, PropertyKind, PropertySyntaxOp, parse_i64

MIN_STORAGE_BITS, MAX_STORAGE_BITS = 2, 16
"""Widths of the storage type of `!qnt.uniform`."""


# --------------------------------------------------------------------------
# The quantized element type
# --------------------------------------------------------------------------


_STORAGE = re.compile(r"([iu])([0-9]+)")


def _storage_type(storage: str | IntegerType) -> IntegerType:
    if isinstance(storage, IntegerType):
        return storage
    match = _STORAGE.fullmatch(storage)
    if match is None:
        raise ValueError(f"storage must be like 'i8' or 'u4', got {storage!r}")
    signedness = Signedness.SIGNED if match[1] == "i" else Signedness.UNSIGNED
    return IntegerType(int(match[2]), signedness)


def range_of_storage(storage: str | IntegerType, narrow: bool = False) -> tuple[int, int]:
    """The full range of a storage type (`"i8"` -> (-128, 127)), or with
    `narrow` the range without its lowest value ((-127, 127), (1, 255))."""
    ty = _storage_type(storage)
    bits = ty.width.data
    if ty.signedness.data == Signedness.UNSIGNED:
        lo, hi = 0, 2**bits - 1
    else:
        lo, hi = signed_range(bits)
    return (lo + 1, hi) if narrow else (lo, hi)


def _uniform_problem(
    storage: IntegerType,
    qmin: int,
    qmax: int,
    expressed: Attribute,
    axis: int | None,
    scales: Sequence[float],
    zero_points: Sequence[int],
) -> str | None:
    """Why these parameters make no valid `!qnt.uniform`, or None."""
    bits = storage.width.data
    if storage.signedness.data == Signedness.SIGNLESS:
        return f"storage type must be signed or unsigned, got signless i{bits}"
    if not MIN_STORAGE_BITS <= bits <= MAX_STORAGE_BITS:
        return (
            f"storage width must be {MIN_STORAGE_BITS} to {MAX_STORAGE_BITS} bits, "
            f"got {_storage_name(storage)}"
        )
    lo, hi = range_of_storage(storage)
    if not lo <= qmin < qmax <= hi:
        return (
            f"storage range [{qmin}, {qmax}] must be a range of at least two values "
            f"inside [{lo}, {hi}] of {_storage_name(storage)}"
        )
    if expressed not in FLOAT_TYPES:
        return f"expressed type must be f16, bf16, f32 or f64, got {expressed}"
    if axis is not None and axis < 0:
        return f"quantization axis must be >= 0, got {axis}"
    if not scales:
        return "expected at least one scale"
    if axis is None and len(scales) != 1:
        return f"a per-tensor type has one scale, got {len(scales)}"
    if len(zero_points) != len(scales):
        return f"expected {len(scales)} zero points, got {len(zero_points)}"
    for scale in scales:
        if not (math.isfinite(scale) and scale > 0):
            return f"scale must be positive and finite, got {format_float(scale)}"
    for zp in zero_points:
        if not qmin <= zp <= qmax:
            return f"zero point {zp} is outside the storage range [{qmin}, {qmax}]"
    return None


def _storage_name(storage: IntegerType) -> str:
    prefix = "u" if storage.signedness.data == Signedness.UNSIGNED else "i"
    return f"{prefix}{storage.width.data}"


@irdl_attr_definition
class UniformQuantizedType(ParametrizedAttribute, TypeAttribute):
    """`!qnt.uniform<...>`: storage integers standing for `scale * (q -
    zero_point)`, per tensor or per index of one axis (see the module
    docstring)."""

    name = "qnt.uniform"

    storage_type: IntegerType
    storage_min: IntAttr
    storage_max: IntAttr
    expressed_type: Attribute
    quantization_axis: IntAttr | NoneAttr
    scale_list: ArrayAttr[FloatData]
    zero_point_list: ArrayAttr[IntAttr]

    def __init__(
        self,
        storage: str | IntegerType,
        scale: float | Sequence[float],
        zero_point: int | Sequence[int] = 0,
        *,
        axis: int | None = None,
        expressed: Attribute = Float32Type(),
        storage_range: tuple[int, int] | None = None,
    ):
        """`UniformQuantizedType("u8", 0.02, 128)`, or per axis
        `UniformQuantizedType("i8", [0.1, 0.2], axis=0)` (a single zero point
        is used for every index); `storage_range=(-127, 127)` narrows."""
        ty = _storage_type(storage)
        if axis is None:
            if not isinstance(scale, (int, float)):
                raise ValueError("a per-tensor type takes one scale; give axis= for several")
            scales = [float(scale)]
        else:
            scales = [float(s) for s in scale] if not isinstance(scale, (int, float)) else [float(scale)]
        if isinstance(zero_point, (int, np.integer)):
            zero_points = [int(zero_point)] * len(scales)
        else:
            zero_points = [int(z) for z in zero_point]
        lo, hi = storage_range if storage_range is not None else range_of_storage(ty)
        super().__init__(
            ty,
            IntAttr(lo),
            IntAttr(hi),
            expressed,
            NoneAttr() if axis is None else IntAttr(axis),
            ArrayAttr([FloatData(s) for s in scales]),
            ArrayAttr([IntAttr(z) for z in zero_points]),
        )

    def verify(self) -> None:
        problem = _uniform_problem(
            self.storage_type,
            self.qmin,
            self.qmax,
            self.expressed_type,
            self.axis,
            self.scales,
            self.zero_points,
        )
        if problem is not None:
            raise VerifyException(problem)

    # ---- accessors ----------------------------------------------------------

    @property
    def bits(self) -> int:
        return self.storage_type.width.data

    @property
    def signed(self) -> bool:
        return self.storage_type.signedness.data == Signedness.SIGNED

    @property
    def storage(self) -> str:
        """`"i8"`, `"u4"`, ..."""
        return _storage_name(self.storage_type)

    @property
    def qmin(self) -> int:
        return self.storage_min.data

    @property
    def qmax(self) -> int:
        return self.storage_max.data

    @property
    def axis(self) -> int | None:
        """The quantization axis, None per tensor."""
        axis = self.quantization_axis
        return axis.data if isinstance(axis, IntAttr) else None

    @property
    def is_per_axis(self) -> bool:
        return self.axis is not None

    @property
    def scales(self) -> tuple[float, ...]:
        return tuple(s.data for s in self.scale_list.data)

    @property
    def zero_points(self) -> tuple[int, ...]:
        return tuple(z.data for z in self.zero_point_list.data)

    @property
    def scale(self) -> float:
        """The scale of a per-tensor type."""
        if self.is_per_axis:
            raise ValueError(f"{self} has one scale per index of axis {self.axis}")
        return self.scales[0]

    @property
    def zero_point(self) -> int:
        """The zero point of a per-tensor type."""
        if self.is_per_axis:
            raise ValueError(f"{self} has one zero point per index of axis {self.axis}")
        return self.zero_points[0]

    @property
    def is_narrowed(self) -> bool:
        return (self.qmin, self.qmax) != range_of_storage(self.storage_type)

    # ---- syntax ---------------------------------------------------------------

    def print_parameters(self, printer: Printer) -> None:
        text = self.storage
        if self.is_narrowed:
            text += f"<{self.qmin}:{self.qmax}>"
        printer.print_string(f"<{text}:")
        printer.print_attribute(self.expressed_type)
        params = [
            format_float(s) + (f":{z}" if z else "")
            for s, z in zip(self.scales, self.zero_points)
        ]
        if self.is_per_axis:
            printer.print_string(f":{self.axis}, {{{', '.join(params)}}}>")
        else:
            printer.print_string(f", {params[0]}>")

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        start = parser.pos
        parser.parse_punctuation("<", " to open the parameters of !qnt.uniform")
        pos = parser.pos
        name = parser.parse_optional_identifier()
        match = _STORAGE.fullmatch(name) if name is not None else None
        if match is None:
            parser.raise_error(
                "expected a storage type, i<bits> (signed) or u<bits> (unsigned), like i8 or u4",
                pos,
                parser.pos,
            )
        storage = _storage_type(name)
        if not MIN_STORAGE_BITS <= storage.width.data <= MAX_STORAGE_BITS:
            parser.raise_error(
                f"storage width must be {MIN_STORAGE_BITS} to {MAX_STORAGE_BITS} bits, got {name}",
                pos,
                parser.pos,
            )
        qmin, qmax = range_of_storage(storage)
        if parser.parse_optional_punctuation("<") is not None:
            qmin = parser.parse_integer(allow_boolean=False, context_msg=" (the lowest stored value)")
            parser.parse_punctuation(":", " between the lowest and highest stored values")
            qmax = parser.parse_integer(allow_boolean=False, context_msg=" (the highest stored value)")
            parser.parse_punctuation(">", " to end the storage range")
            lo, hi = range_of_storage(storage)
            if not lo <= qmin < qmax <= hi:
                parser.raise_error(
                    f"storage range [{qmin}, {qmax}] must be a range of at least two values "
                    f"inside [{lo}, {hi}] of {name}",
                    pos,
                    parser.pos,
                )
        parser.parse_punctuation(":", " between the storage and the expressed type")
        pos = parser.pos
        expressed = parser.parse_type()
        if expressed not in FLOAT_TYPES:
            parser.raise_error(
                f"expressed type must be f16, bf16, f32 or f64, got {expressed}", pos, parser.pos
            )
        axis = None
        if parser.parse_optional_punctuation(":") is not None:
            axis = parse_i64(parser, " (the quantization axis)", allow_negative=False)
        parser.parse_punctuation(",", " before the scale")
        params: list[tuple[float, int]]
        if axis is None:
            if parser.parse_optional_punctuation("{") is not None:
                parser.raise_error(
                    "scales in braces are per axis: give the axis after the expressed "
                    "type, like i8:f32:0, {0.1, 0.2}",
                    parser.pos - 1,
                    parser.pos,
                )
            params = [cls._parse_scale_zero_point(parser, qmin, qmax)]
        else:
            params = parser.parse_comma_separated_list(
                parser.Delimiter.BRACES, lambda: cls._parse_scale_zero_point(parser, qmin, qmax),
                " to open the scales of a per-axis type",
            )
        parser.parse_punctuation(">", " to close the parameters of !qnt.uniform")
        problem = _uniform_problem(
            storage, qmin, qmax, expressed, axis, [s for s, _ in params], [z for _, z in params]
        )
        if problem is not None:
            parser.raise_error(problem, start, parser.pos)
        return (
            storage,
            IntAttr(qmin),
            IntAttr(qmax),
            expressed,
            NoneAttr() if axis is None else IntAttr(axis),
            ArrayAttr([FloatData(s) for s, _ in params]),
            ArrayAttr([IntAttr(z) for _, z in params]),
        )

    @staticmethod
    def _parse_scale_zero_point(parser: AttrParser, qmin: int, qmax: int) -> tuple[float, int]:
        pos = parser.pos
        scale = parser.parse_optional_number()
        if scale is None:
            parser.raise_error("expected a scale, a positive number like 0.0125 or 1.0e-03", pos)
        end = parser.pos
        if not (math.isfinite(scale) and scale > 0):
            parser.raise_error(
                f"scale must be positive and finite, got {format_float(float(scale))}", pos, end
            )
        word = parser.parse_optional_identifier()
        if word is not None and re.fullmatch(r"[eE][0-9]*", word):
            parser.raise_error("a scale with an exponent needs a '.', like 1.0e-05", pos, parser.pos)
        if word is not None:
            parser.raise_error(f"unexpected '{word}' after the scale", end, parser.pos)
        zero_point = 0
        if parser.parse_optional_punctuation(":") is not None:
            pos = parser.pos
            zero_point = parser.parse_integer(allow_boolean=False, context_msg=" (the zero point)")
            if not qmin <= zero_point <= qmax:
                parser.raise_error(
                    f"zero point {zero_point} is outside the storage range [{qmin}, {qmax}]",
                    pos,
                    parser.pos,
                )
        return float(scale), zero_point


# --------------------------------------------------------------------------
# Tensor constraints
# --------------------------------------------------------------------------


def is_signless_integer(attr: Attribute) -> bool:
    return (
        isinstance(attr, IntegerType)
        and attr.signedness.data == Signedness.SIGNLESS
        and 2 <= attr.width.data <= MAX_ACCUMULATOR_BITS
    )


@dataclass(frozen=True)
class _TensorOf(AttrConstraint[TensorType]):
    """A statically shaped tensor whose element type satisfies `element`."""

    element: Callable[[Attribute], bool]
    description: str

    def verify(self, attr: Attribute, constraint_context: VerificationContext) -> None:
        if (
            not isinstance(attr, TensorType)
            or not self.element(attr.get_element_type())
            or any(d < 0 for d in attr.get_shape())
        ):
            raise VerifyException(
                f"expected a statically shaped tensor of {self.description}, got {attr}"
            )

    def get_bases(self) -> set[type[Attribute]] | None:
        return {TensorType}

    def mapping_type_vars(self, type_var_mapping: Mapping[TypeVar, object]) -> _TensorOf:
        return self


QuantizedTensor = _TensorOf(
    lambda e: isinstance(e, UniformQuantizedType), "!qnt.uniform elements"
)
IntegerTensor = _TensorOf(is_signless_integer, "signless integers of 2 to 64 bits")
QuantizedOrIntegerTensor = _TensorOf(
    lambda e: isinstance(e, UniformQuantizedType) or is_signless_integer(e),
    "!qnt.uniform elements or signless integers of 2 to 64 bits",
)
FloatTensor = StaticTensorConstraint(FLOAT_TYPES, "f16, bf16, f32 or f64")


def quantized_type_of(value: SSAValue | Attribute) -> UniformQuantizedType:
    """The `!qnt.uniform` element type of a quantized tensor value or type."""
    ty = value.type if isinstance(value, SSAValue) else value
    assert isinstance(ty, TensorType)
    element = ty.get_element_type()
    assert isinstance(element, UniformQuantizedType)
    return element


def _tensor_type(shape: Sequence[int], element: Attribute) -> TensorType:
    return TensorType(element, list(shape))


def _result_type(
    result: Attribute, shape: Sequence[int]
) -> TensorType:
    """A result type given as a tensor type, or as an element type that takes
    `shape`."""
    return result if isinstance(result, TensorType) else _tensor_type(shape, result)


# --------------------------------------------------------------------------
# Verification helpers
# --------------------------------------------------------------------------


def _per_tensor(what: str, value: SSAValue) -> UniformQuantizedType:
    qtype = quantized_type_of(value)
    if qtype.is_per_axis:
        fail(f"{what} must be quantized per tensor, got {qtype}")
    return qtype


def _check_axis(what: str, ty: Attribute) -> None:
    """The axis of a per-axis quantized tensor type exists and has one scale
    per index."""
    assert isinstance(ty, TensorType)
    qtype = ty.get_element_type()
    if not isinstance(qtype, UniformQuantizedType) or qtype.axis is None:
        return
    shape = ty.get_shape()
    if qtype.axis >= len(shape):
        fail(f"{what}: quantization axis {qtype.axis} is out of range for rank {len(shape)}")
    if len(qtype.scales) != shape[qtype.axis]:
        fail(
            f"{what} has {len(qtype.scales)} scales for axis {qtype.axis} "
            f"of size {shape[qtype.axis]}"
        )


def _check_weight(what: str, value: SSAValue, channel_axis: int) -> UniformQuantizedType:
    """A weight: per tensor, or per axis along its output channels."""
    qtype = quantized_type_of(value)
    rank = len(shape_of(value))
    if qtype.axis is not None and qtype.axis != channel_axis % max(rank, 1):
        fail(
            f"{what} may be quantized per axis only along its output channels "
            f"(axis {channel_axis % max(rank, 1)}), got axis {qtype.axis}"
        )
    _check_axis(what, value.type)
    return qtype


def _check_range(name: str, values: Sequence[int], lo: int, hi: int) -> None:
    if any(not lo <= v <= hi for v in values):
        fail(f"{name} must be in [{lo}, {hi}], got {list(values)}")


def _check_multipliers(name: str, values: Sequence[int]) -> None:
    _check_range(name, values, 0, 2**MULTIPLIER_BITS - 1)


def _check_shifts(name: str, values: Sequence[int]) -> None:
    _check_range(name, values, 0, MAX_SHIFT)


def _check_product(what: str, value_range: tuple[int, int], multipliers: Sequence[int]) -> None:
    """`value * M` fits in MAX_PRODUCT_BITS signed bits for every value in
    `value_range` and multiplier M."""
    width = integer_width(*value_range)
    bits = max(multipliers, default=0).bit_length()
    if width + bits > MAX_PRODUCT_BITS:
        fail(
            f"the product of {what} ({width} bits) and a {bits}-bit multiplier needs "
            f"{width + bits} bits, more than {MAX_PRODUCT_BITS}"
        )


def _check_bounds(op: IRDLOperation, qtype: UniformQuantizedType) -> tuple[int, int]:
    """The `min`/`max` properties of `op`, defaulting to the storage range,
    with `qmin <= min <= max <= qmax`."""
    lo_attr, hi_attr = op.properties.get("min"), op.properties.get("max")
    lo = lo_attr.value.data if isinstance(lo_attr, IntegerAttr) else qtype.qmin
    hi = hi_attr.value.data if isinstance(hi_attr, IntegerAttr) else qtype.qmax
    if not qtype.qmin <= lo <= hi <= qtype.qmax:
        fail(
            f"min and max must satisfy {qtype.qmin} <= min <= max <= {qtype.qmax} "
            f"(the storage range of {qtype}), got min {lo} and max {hi}"
        )
    return lo, hi


def _per_channel_list(name: str, values: Sequence[int], channels: int, axis: int) -> None:
    if len(values) not in (1, channels):
        fail(
            f"{name} must have 1 value or one per channel ({channels} along axis {axis}), "
            f"got {len(values)}"
        )


def _bound_props(min: int | None, max: int | None) -> dict[str, Attribute]:
    props: dict[str, Attribute] = {}
    if min is not None:
        props["min"] = i64_attr(min)
    if max is not None:
        props["max"] = i64_attr(max)
    return props


def _scale_ratio(numerator: float, denominator: float) -> Fraction:
    return Fraction(numerator) / Fraction(denominator)


def _result_element(result: Attribute) -> UniformQuantizedType:
    """The `!qnt.uniform` type of a result given as a tensor type or as its
    element type (what the `from_types` constructors take)."""
    y = result.get_element_type() if isinstance(result, TensorType) else result
    assert isinstance(y, UniformQuantizedType)
    return y


def _scale_ratios(inputs: Sequence[SSAValue], result: Attribute) -> list[Fraction]:
    """`scale_i / scale_y`, exactly, for each input: the real multipliers
    that take the inputs to the scale of `result` (as in `_result_element`)."""
    y = _result_element(result)
    return [_scale_ratio(quantized_type_of(v).scale, y.scale) for v in inputs]


def _split(encoded: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The multipliers and the shifts of a list of `(M, s)` encodings."""
    return [m for m, _ in encoded], [s for _, s in encoded]


def _centered_range(qtype: UniformQuantizedType, count: int = 1) -> tuple[int, int]:
    """The range of a sum of `count` values `q - zero_point` of `qtype`."""
    return count * (qtype.qmin - qtype.zero_point), count * (qtype.qmax - qtype.zero_point)


def _check_rescales(
    per: str, count: int, multipliers: Sequence[int], shifts: Sequence[int]
) -> None:
    """One multiplier and one shift for each of `count` things (`per` names
    one), each in range."""
    if len(multipliers) != count or len(shifts) != count:
        fail(
            f"expected one multiplier and one shift per {per} ({count}), got "
            f"{len(multipliers)} multipliers and {len(shifts)} shifts"
        )
    _check_multipliers("multipliers", multipliers)
    _check_shifts("shifts", shifts)


# --------------------------------------------------------------------------
# Base op
# --------------------------------------------------------------------------


class QntOperation(PropertySyntaxOp):
    """Base of the qnt ops but `constant`: the custom syntax of nn's ops
    (`asic.dialects.shared.PropertySyntaxOp`)."""


class _BoundedOp(QntOperation):
    """Base of requantize, add and clamp: a quantized result saturated to
    `[min, max]`, by default its storage range (`_check_bounds`). A subclass
    with more properties puts the bounds last in its `SYNTAX`."""

    min = opt_prop_def(IntegerAttr)
    max = opt_prop_def(IntegerAttr)
    result = result_def(QuantizedTensor)
    traits = traits_def(Pure())

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"min": INT, "max": INT}


# --------------------------------------------------------------------------
# Constants and the float boundary
# --------------------------------------------------------------------------


def container_type(element: Attribute) -> IntegerType:
    """The signless integer element type of the `dense` value of a
    `qnt.constant` of `element`: the type itself for a signless integer, the
    narrowest of i8, i16, i32 holding the storage range of a quantized type."""
    if isinstance(element, UniformQuantizedType):
        lo, hi = range_of_storage(element.storage_type)
        return IntegerType(next(w for w in (8, 16, 32) if integer_width(lo, hi) <= w))
    assert isinstance(element, IntegerType)
    return element


def _parse_integer_literal(parser: Parser) -> tuple[list[int], list[int]]:
    """A nested list of integers (`[[1, -2], [3, 4]]`) or a single integer:
    its values, row-major, and its shape (`[]` for a single integer)."""
    pos = parser.pos
    nested = parser.parse_optional_comma_separated_list(
        parser.Delimiter.SQUARE, lambda: _parse_integer_literal(parser)
    )
    if nested is None:
        value = parser.parse_integer(allow_boolean=False, context_msg=" in the dense literal")
        return [value], []
    if not nested:
        return [], [0]
    inner = nested[0][1]
    if any(shape != inner for _, shape in nested):
        parser.raise_error("the nested lists of the dense literal have different shapes", pos, parser.pos)
    return [v for values, _ in nested for v in values], [len(nested), *inner]


@irdl_op_definition
class ConstantOp(IRDLOperation):
    """Named integers (weights, biases) of a quantized or integer tensor type."""

    name = "qnt.constant"
    sym_name = prop_def(StringAttr, prop_name="name")
    value = prop_def(DenseIntOrFPElementsAttr)
    result = result_def(QuantizedOrIntegerTensor)
    traits = traits_def(ConstantLike(), Pure())

    def __init__(self, value: DenseIntOrFPElementsAttr, name: str, result_type: Attribute):
        super().__init__(
            properties={"name": StringAttr(name), "value": value}, result_types=[result_type]
        )

    @classmethod
    def from_array(cls, name: str, array: np.ndarray, result: Attribute) -> ConstantOp:
        """A constant holding the integers of `array`; `result` is its tensor
        type or its element type (quantized or signless integer)."""
        array = np.asarray(array)
        result_type = _result_type(result, array.shape)
        element = result_type.get_element_type()
        return cls(dense_from_array(array, container_type(element)), name, result_type)

    def verify_(self) -> None:
        name = self.sym_name.data
        if not name:
            fail("constant name must not be empty")
        if not name.isascii():
            fail(f"constant name must be ASCII, got {name!r}")
        result_type = self.result.type
        assert isinstance(result_type, TensorType)
        element = result_type.get_element_type()
        container = container_type(element)
        expected = TensorType(container, result_type.get_shape())
        if self.value.get_type() != expected:
            fail(
                f"the value of a constant of type {result_type} must have type "
                f"{expected}, got {self.value.get_type()}"
            )
        if len(self.value) not in (1, math.prod(result_type.get_shape())):
            fail("value does not have as many elements as its shape")
        _check_axis("result", result_type)
        if isinstance(element, UniformQuantizedType):
            lo, hi, what = element.qmin, element.qmax, f"the storage range of {element}"
        else:
            lo, hi = signed_range(container.width.data)
            what = f"the range of {element}"
        # The bytes as the interpreter reads them (xDSL's own reading wraps
        # a value of a non-byte width like i20 to its range).
        values = array_from_dense(self.value)
        outside = (values < lo) | (values > hi)
        if outside.any():
            fail(f"value {values[outside].flat[0]} is outside [{lo}, {hi}], {what}")

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_string_literal(self.sym_name.data)
        printer.print_string(" ")
        if elides(printer, self.value):
            printer.print_string(ELIDED)
        else:
            self.value.print_without_type(printer)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> ConstantOp:
        start = parser.pos
        name = parser.parse_optional_str_literal()
        if name is None and (raw := parser.parse_optional_bytes_literal()) is not None:
            try:
                name = raw.decode("utf-8")  # not ASCII: the verifier says so
            except UnicodeDecodeError:
                parser.raise_error("the constant's name is not valid UTF-8", start, parser.pos)
        if name is None:
            parser.raise_error("expected the constant's name, a string literal")
        pos = parser.pos
        if parser.parse_optional_keyword("dense") is None:
            parser.raise_error("expected a dense literal like dense<[1, -2]>", pos)
        parser.parse_punctuation("<", " to open the dense literal")
        hex_data = parser.parse_optional_str_literal()
        values: list[int] = []
        shape: list[int] = []
        if hex_data is None and parser.parse_optional_punctuation(">") is None:
            values, shape = _parse_integer_literal(parser)
            parser.parse_punctuation(">", " to close the dense literal")
        elif hex_data is not None:
            parser.parse_punctuation(">", " to close the dense literal")
        end = parser.pos
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        type_pos = parser.pos
        result_type = parser.parse_type()
        if not isinstance(result_type, TensorType) or not (
            isinstance(result_type.get_element_type(), UniformQuantizedType)
            or is_signless_integer(result_type.get_element_type())
        ):
            parser.raise_error(
                "expected a tensor type of !qnt.uniform elements or signless integers",
                type_pos,
                parser.pos,
            )
        full_shape = list(result_type.get_shape())
        container = TensorType(container_type(result_type.get_element_type()), full_shape)
        if math.prod(full_shape) > MAX_CONSTANT_ELEMENTS:
            parser.raise_error(
                f"a constant of type {result_type} has {math.prod(full_shape)} elements; a "
                f"constant holds at most {MAX_CONSTANT_ELEMENTS} (MAX_CONSTANT_ELEMENTS)",
                type_pos,
                parser.pos,
            )
        if hex_data is not None:
            try:
                data = bytes.fromhex(hex_data.removeprefix("0x"))
            except ValueError:
                parser.raise_error("the hex string of the dense literal is not valid hex", pos, end)
            size = container.get_element_type().compile_time_size
            count = math.prod(full_shape)
            if len(data) == size and count != 1:
                data *= count  # a splat
            if len(data) != size * count:
                parser.raise_error(
                    f"the hex string of the dense literal has {len(data)} bytes, the type "
                    f"needs {size * count} (or {size} for a splat)",
                    pos,
                    end,
                )
            value = DenseIntOrFPElementsAttr(container, BytesAttr(data))
        else:
            count = math.prod(full_shape)
            if shape and shape != full_shape:
                parser.raise_error(
                    f"the dense literal has shape {shape}, the type {full_shape}", pos, end
                )
            if not shape and values:
                values = values * count
            if not values and count:
                parser.raise_error("the dense literal is empty", pos, end)
            lo, hi = signed_range(container.get_element_type().width.data)
            for v in values:
                if not lo <= v <= hi:
                    parser.raise_error(
                        f"value {v} does not fit in the {container.get_element_type()} "
                        "container of the constant",
                        pos,
                        end,
                    )
            value = DenseIntOrFPElementsAttr.from_list(container, values)
        op = cls(value, name, result_type)
        op.attributes |= attributes
        return op


@irdl_op_definition
class QuantizeOp(QntOperation):
    """Float -> quantized: round half away from zero, saturate."""

    name = "qnt.quantize"
    input = operand_def(FloatTensor)
    result = result_def(QuantizedTensor)
    traits = traits_def(Pure())

    def __init__(self, input: SSAValue, result: Attribute):
        """`result` is the tensor type or the `!qnt.uniform` element type."""
        super().__init__(operands=[input], result_types=[_result_type(result, shape_of(input))])

    def verify_semantics(self) -> None:
        qtype = quantized_type_of(self.result)
        _check_axis("result", self.result.type)
        if element_type_of(self.input) != qtype.expressed_type:
            fail(
                f"input element type {element_type_of(self.input)} must be the expressed "
                f"type {qtype.expressed_type} of {qtype}"
            )
        expect_result_shape(self, shape_of(self.input))


@irdl_op_definition
class DequantizeOp(QntOperation):
    """Quantized -> float: `scale * (q - zero_point)`."""

    name = "qnt.dequantize"
    input = operand_def(QuantizedTensor)
    result = result_def(FloatTensor)
    traits = traits_def(Pure())

    def __init__(self, input: SSAValue):
        qtype = quantized_type_of(input)
        super().__init__(
            operands=[input], result_types=[_tensor_type(shape_of(input), qtype.expressed_type)]
        )

    def verify_semantics(self) -> None:
        qtype = quantized_type_of(self.input)
        _check_axis("input", self.input.type)
        if element_type_of(self.result) != qtype.expressed_type:
            fail(
                f"result element type {element_type_of(self.result)} must be the expressed "
                f"type {qtype.expressed_type} of {qtype}"
            )
        expect_result_shape(self, shape_of(self.input))


# --------------------------------------------------------------------------
# Accumulating ops: conv2d, dense, matmul
# --------------------------------------------------------------------------

def _check_accumulator(
    op: IRDLOperation,
    input_type: UniformQuantizedType,
    weight_type: UniformQuantizedType,
    reduction: int,
    bias: SSAValue | None,
) -> None:
    bias_type = element_type_of(bias) if bias is not None else None
    assert bias_type is None or isinstance(bias_type, IntegerType)
    lo, hi = accumulator_range(input_type, weight_type, reduction, bias_type)
    needed = integer_width(lo, hi)
    result = element_type_of(op.results[0])
    assert isinstance(result, IntegerType)
    terms = f"{reduction} product{'' if reduction == 1 else 's'}"
    terms += " and the bias" if bias is not None else ""
    if needed > MAX_ACCUMULATOR_BITS:
        fail(
            f"the sums lie in [{lo}, {hi}] ({terms}), which needs {needed} bits, "
            f"more than {MAX_ACCUMULATOR_BITS}"
        )
    if result.width.data < needed:
        fail(
            f"accumulator {result} can overflow: the sums lie in [{lo}, {hi}] ({terms}), "
            f"which needs i{needed}"
        )


def _accumulator_type(
    shape: Sequence[int],
    input: SSAValue,
    weight: SSAValue,
    reduction: int,
    bias: SSAValue | None,
) -> TensorType:
    bias_type = element_type_of(bias) if bias is not None else None
    assert bias_type is None or isinstance(bias_type, IntegerType)
    width = accumulator_width(
        quantized_type_of(input), quantized_type_of(weight), reduction, bias_type
    )
    return _tensor_type(shape, IntegerType(width))


class _LayerOp(QntOperation):
    """Base of conv2d and dense: a per-tensor quantized input, a weight
    quantized per tensor or per output channel (axis 0), an optional integer
    bias, and an accumulator result that can never overflow."""

    input = operand_def(QuantizedTensor)
    weight = operand_def(QuantizedTensor)
    bias = opt_operand_def(IntegerTensor)
    result = result_def(IntegerTensor)
    traits = traits_def(Pure())

    def layer_result_shape(self) -> tuple[int, ...]:
        """Checks the operand shapes and the properties; returns the
        expected result shape."""
        raise NotImplementedError

    def reduction(self) -> int:
        """`K`, the number of products in each sum."""
        raise NotImplementedError

    def verify_semantics(self) -> None:
        expected = self.layer_result_shape()
        input_type = _per_tensor("input", self.input)
        weight_type = _check_weight("weight", self.weight, 0)
        expect_result_shape(self, expected)
        _check_accumulator(self, input_type, weight_type, self.reduction(), self.bias)


@irdl_op_definition
class Conv2dOp(_LayerOp, Conv2dGeometryOp):
    """Integer 2-D convolution into an accumulator (NCHW, OIHW); the geometry
    properties come from `Conv2dGeometryOp`."""

    name = "qnt.conv2d"

    def __init__(
        self,
        input: SSAValue,
        weight: SSAValue,
        bias: SSAValue | None = None,
        *,
        strides: Sequence[int] = (1, 1),
        pads: Sequence[int] = (0, 0, 0, 0),
        dilations: Sequence[int] = (1, 1),
        groups: int = 1,
        result_type: Attribute | None = None,
    ):
        """`result_type` defaults to the narrowest accumulator."""
        if result_type is None:
            shape = conv2d_result_shape(
                shape_of(input),
                shape_of(weight),
                shape_of(bias) if bias is not None else None,
                strides,
                pads,
                dilations,
                groups,
            )
            w = shape_of(weight)
            result_type = _accumulator_type(shape, input, weight, w[1] * w[2] * w[3], bias)
        super().__init__(
            operands=[input, weight, bias],
            result_types=[result_type],
            properties={
                "strides": i64_array(strides),
                "pads": i64_array(pads),
                "dilations": i64_array(dilations),
                "groups": i64_attr(groups),
            },
        )

    def layer_result_shape(self) -> tuple[int, ...]:
        return self.conv_result_shape()

    def reduction(self) -> int:
        w = shape_of(self.weight)
        return w[1] * w[2] * w[3]


@irdl_op_definition
class DenseOp(_LayerOp):
    """Integer `x @ w^T + b` into an accumulator, `w: [N, K]`."""

    name = "qnt.dense"

    def __init__(
        self,
        input: SSAValue,
        weight: SSAValue,
        bias: SSAValue | None = None,
        *,
        result_type: Attribute | None = None,
    ):
        if result_type is None:
            shape = dense_result_shape(
                shape_of(input), shape_of(weight), shape_of(bias) if bias is not None else None
            )
            result_type = _accumulator_type(shape, input, weight, shape_of(weight)[1], bias)
        super().__init__(operands=[input, weight, bias], result_types=[result_type])

    def layer_result_shape(self) -> tuple[int, ...]:
        return dense_result_shape(
            shape_of(self.input),
            shape_of(self.weight),
            shape_of(self.bias) if self.bias is not None else None,
        )

    def reduction(self) -> int:
        return shape_of(self.weight)[1]


@irdl_op_definition
class MatmulOp(QntOperation):
    """Integer numpy matmul into an accumulator, batch dimensions broadcast."""

    name = "qnt.matmul"
    lhs = operand_def(QuantizedTensor)
    rhs = operand_def(QuantizedTensor)
    result = result_def(IntegerTensor)
    traits = traits_def(Pure())

    def __init__(self, lhs: SSAValue, rhs: SSAValue, *, result_type: Attribute | None = None):
        if result_type is None:
            shape = matmul_result_shape(shape_of(lhs), shape_of(rhs))
            result_type = _accumulator_type(shape, lhs, rhs, shape_of(lhs)[-1], None)
        super().__init__(operands=[lhs, rhs], result_types=[result_type])

    def verify_semantics(self) -> None:
        a, b = shape_of(self.lhs), shape_of(self.rhs)
        expected = matmul_result_shape(a, b)
        lhs_type = _per_tensor("lhs", self.lhs)
        rhs_type = _check_weight("rhs", self.rhs, -1)
        expect_result_shape(self, expected)
        _check_accumulator(self, lhs_type, rhs_type, a[-1], None)


# --------------------------------------------------------------------------
# Requantization and elementwise ops
# --------------------------------------------------------------------------


def _rescaled_range(value: SSAValue) -> tuple[int, int]:
    """The range of the integer an op multiplies: the accumulator itself, or
    `q - zero_point` of a per-tensor quantized tensor."""
    element = element_type_of(value)
    if isinstance(element, UniformQuantizedType):
        return _centered_range(element)
    assert isinstance(element, IntegerType)
    return signed_range(element.width.data)


@irdl_op_definition
class RequantizeOp(_BoundedOp):
    """Accumulator -> quantized: multiplier, rounding shift, zero point,
    saturation, per channel along `axis` or per tensor."""

    name = "qnt.requantize"
    input = operand_def(QuantizedOrIntegerTensor)
    multipliers = prop_def(DenseArrayBase)
    shifts = prop_def(DenseArrayBase)
    axis = prop_def(IntegerAttr, default_value=i64_attr(1))

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "multipliers": INTS,
        "shifts": INTS,
        "axis": INT,
        **_BoundedOp.SYNTAX,
    }

    def __init__(
        self,
        input: SSAValue,
        result: Attribute,
        multipliers: Sequence[int],
        shifts: Sequence[int],
        *,
        axis: int = 1,
        min: int | None = None,
        max: int | None = None,
    ):
        """`result` is the result tensor type or its `!qnt.uniform` type."""
        super().__init__(
            operands=[input],
            result_types=[_result_type(result, shape_of(input))],
            properties={
                "multipliers": i64_array(multipliers),
                "shifts": i64_array(shifts),
                "axis": i64_attr(axis),
                **_bound_props(min, max),
            },
        )

    @classmethod
    def from_scales(
        cls,
        input: SSAValue,
        result: Attribute,
        real_multipliers: Sequence[float | Fraction],
        *,
        axis: int = 1,
        min: int | None = None,
        max: int | None = None,
        bits: int | Sequence[int] = MULTIPLIER_BITS,
    ) -> RequantizeOp:
        """Encodes each real multiplier (`scale_x * scale_w[c] / scale_y`)
        with `encode_multiplier`, in `bits` bits (one width for all, or one
        per channel)."""
        widths = [bits] * len(real_multipliers) if isinstance(bits, int) else list(bits)
        multipliers, shifts = _split([encode_multiplier(r, b) for r, b in zip(real_multipliers, widths, strict=True)])
        return cls(input, result, multipliers, shifts, axis=axis, min=min, max=max)

    def verify_semantics(self) -> None:
        if isinstance(element_type_of(self.input), UniformQuantizedType):
            _per_tensor("input", self.input)
        qtype = _per_tensor("result", self.result)
        x = shape_of(self.input)
        expect_result_shape(self, x)
        multipliers, shifts = ints(self.multipliers), ints(self.shifts)
        if len(multipliers) > 1 or len(shifts) > 1:
            axis = normalize_axis(self.axis.value.data, len(x))
            _per_channel_list("multipliers", multipliers, x[axis], axis)
            _per_channel_list("shifts", shifts, x[axis], axis)
        elif not multipliers or not shifts:
            fail("multipliers and shifts must not be empty")
        _check_multipliers("multipliers", multipliers)
        _check_shifts("shifts", shifts)
        _check_product("the input", _rescaled_range(self.input), multipliers)
        _check_bounds(self, qtype)


@irdl_op_definition
class AddOp(_BoundedOp):
    """Sum of two quantized tensors, each rescaled to the result scale."""

    name = "qnt.add"
    lhs = operand_def(QuantizedTensor)
    rhs = operand_def(QuantizedTensor)
    multipliers = prop_def(DenseArrayBase)
    shift = prop_def(IntegerAttr)

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "multipliers": INTS,
        "shift": INT,
        **_BoundedOp.SYNTAX,
    }

    def __init__(
        self,
        lhs: SSAValue,
        rhs: SSAValue,
        result: Attribute,
        multipliers: Sequence[int],
        shift: int,
        *,
        min: int | None = None,
        max: int | None = None,
    ):
        shape = broadcast_shapes(shape_of(lhs), shape_of(rhs), "operand shapes")
        super().__init__(
            operands=[lhs, rhs],
            result_types=[_result_type(result, shape)],
            properties={
                "multipliers": i64_array(multipliers),
                "shift": i64_attr(shift),
                **_bound_props(min, max),
            },
        )

    @classmethod
    def from_types(
        cls,
        lhs: SSAValue,
        rhs: SSAValue,
        result: Attribute,
        *,
        min: int | None = None,
        max: int | None = None,
        bits: int = MULTIPLIER_BITS,
    ) -> AddOp:
        """Multipliers for `scale_lhs / scale_y` and `scale_rhs / scale_y`
        with one common shift."""
        multipliers, shift = encode_multipliers(_scale_ratios((lhs, rhs), result), bits)
        return cls(lhs, rhs, result, multipliers, shift, min=min, max=max)

    def verify_semantics(self) -> None:
        _per_tensor("lhs", self.lhs)
        _per_tensor("rhs", self.rhs)
        qtype = _per_tensor("result", self.result)
        expected = broadcast_shapes(shape_of(self.lhs), shape_of(self.rhs), "operand shapes")
        expect_result_shape(self, expected)
        multipliers = ints(self.multipliers)
        if len(multipliers) != 2:
            fail(f"multipliers must have 2 values (lhs, rhs), got {len(multipliers)}")
        _check_multipliers("multipliers", multipliers)
        _check_shifts("shift", [self.shift.value.data])
        _check_bounds(self, qtype)


@irdl_op_definition
class ClampOp(_BoundedOp):
    """Clamp of the stored integers to `[min, max]` (ReLU, ReLU6)."""

    name = "qnt.clamp"
    input = operand_def(QuantizedTensor)

    def __init__(self, input: SSAValue, *, min: int | None = None, max: int | None = None):
        super().__init__(
            operands=[input], result_types=[input.type], properties=_bound_props(min, max)
        )

    def verify_semantics(self) -> None:
        qtype = _per_tensor("input", self.input)
        if self.input.type != self.result.type:
            fail(f"result type {self.result.type} must equal the input type {self.input.type}")
        _check_bounds(self, qtype)


@irdl_op_definition
class LutOp(QntOperation):
    """`y = table[x - qmin_x]`: any elementwise function of a low-bit input."""

    name = "qnt.lut"
    input = operand_def(QuantizedTensor)
    table = prop_def(DenseArrayBase)
    result = result_def(QuantizedTensor)
    traits = traits_def(Pure())

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"table": INTS}

    def __init__(self, input: SSAValue, result: Attribute, table: Sequence[int]):
        super().__init__(
            operands=[input],
            result_types=[_result_type(result, shape_of(input))],
            properties={"table": i64_array(table)},
        )

    @classmethod
    def from_function(
        cls, input: SSAValue, result: Attribute, function: Callable[[np.ndarray], np.ndarray]
    ) -> LutOp:
        """The table of `function` (a float function of an f64 array), at
        compile time: every input value is dequantized, mapped and quantized
        to the result type (round half away from zero, saturated)."""
        x = quantized_type_of(input)
        y = _result_element(result)
        q = np.arange(x.qmin, x.qmax + 1, dtype=np.int64)
        real = np.asarray(function(x.scale * (q - x.zero_point).astype(np.float64)), np.float64)
        table = [
            max(y.qmin, min(y.qmax, round_half_away(Fraction(v) / Fraction(y.scale)) + y.zero_point))
            if math.isfinite(v)
            else (y.qmax if v > 0 else y.qmin if v < 0 else y.zero_point)
            for v in real.tolist()
        ]
        return cls(input, result, table)

    def verify_semantics(self) -> None:
        x = _per_tensor("input", self.input)
        y = _per_tensor("result", self.result)
        expect_result_shape(self, shape_of(self.input))
        table = ints(self.table)
        size = x.qmax - x.qmin + 1
        if len(table) != size:
            fail(
                f"table must have {size} entries (one per input value in "
                f"[{x.qmin}, {x.qmax}]), got {len(table)}"
            )
        for i, v in enumerate(table):
            if not y.qmin <= v <= y.qmax:
                fail(
                    f"table entry {i} (input {x.qmin + i}) is {v}, outside the "
                    f"result's storage range [{y.qmin}, {y.qmax}]"
                )


# --------------------------------------------------------------------------
# Pooling
# --------------------------------------------------------------------------


@irdl_op_definition
class Maxpool2dOp(QntOperation, Pool2dGeometryOp):
    """Max pooling of the stored integers (same type in and out); the
    geometry properties come from `Pool2dGeometryOp`."""

    name = "qnt.maxpool2d"
    input = operand_def(QuantizedTensor)
    result = result_def(QuantizedTensor)
    traits = traits_def(Pure())

    def __init__(
        self,
        input: SSAValue,
        kernel: Sequence[int],
        *,
        strides: Sequence[int] = (1, 1),
        pads: Sequence[int] = (0, 0, 0, 0),
        dilations: Sequence[int] = (1, 1),
        ceil_mode: bool = False,
    ):
        shape = pool2d_result_shape(shape_of(input), kernel, strides, pads, dilations, ceil_mode)
        super().__init__(
            operands=[input],
            result_types=[_tensor_type(shape, element_type_of(input))],
            properties={
                "kernel": i64_array(kernel),
                "strides": i64_array(strides),
                "pads": i64_array(pads),
                "dilations": i64_array(dilations),
                "ceil_mode": bool_attr(ceil_mode),
            },
        )

    def verify_semantics(self) -> None:
        expect_same_element_type(self)
        _per_tensor("input", self.input)
        expect_result_shape(self, self.pool_result_shape())


@irdl_op_definition
class Avgpool2dOp(QntOperation, Pool2dGeometryOp):
    """Average pooling: integer window sum, then an integer division by the
    window count as multiplier and rounding shift per distinct count. The
    geometry properties come from `Pool2dGeometryOp`."""

    name = "qnt.avgpool2d"
    input = operand_def(QuantizedTensor)
    count_include_pad = prop_def(IntegerAttr, default_value=bool_attr(False))
    counts = prop_def(DenseArrayBase)
    multipliers = prop_def(DenseArrayBase)
    shifts = prop_def(DenseArrayBase)
    result = result_def(QuantizedTensor)
    traits = traits_def(Pure())

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        **Pool2dGeometryOp.SYNTAX,
        "count_include_pad": BOOL,
        "counts": INTS,
        "multipliers": INTS,
        "shifts": INTS,
    }

    def __init__(
        self,
        input: SSAValue,
        result: Attribute,
        kernel: Sequence[int],
        counts: Sequence[int],
        multipliers: Sequence[int],
        shifts: Sequence[int],
        *,
        strides: Sequence[int] = (1, 1),
        pads: Sequence[int] = (0, 0, 0, 0),
        dilations: Sequence[int] = (1, 1),
        ceil_mode: bool = False,
        count_include_pad: bool = False,
    ):
        shape = pool2d_result_shape(shape_of(input), kernel, strides, pads, dilations, ceil_mode)
        super().__init__(
            operands=[input],
            result_types=[_result_type(result, shape)],
            properties={
                "kernel": i64_array(kernel),
                "strides": i64_array(strides),
                "pads": i64_array(pads),
                "dilations": i64_array(dilations),
                "ceil_mode": bool_attr(ceil_mode),
                "count_include_pad": bool_attr(count_include_pad),
                "counts": i64_array(counts),
                "multipliers": i64_array(multipliers),
                "shifts": i64_array(shifts),
            },
        )

    @classmethod
    def from_types(
        cls,
        input: SSAValue,
        result: Attribute,
        kernel: Sequence[int],
        *,
        strides: Sequence[int] = (1, 1),
        pads: Sequence[int] = (0, 0, 0, 0),
        dilations: Sequence[int] = (1, 1),
        ceil_mode: bool = False,
        count_include_pad: bool = False,
        bits: int = MULTIPLIER_BITS,
    ) -> Avgpool2dOp:
        """Counts from the geometry, and for each count `n` the encoding of
        `scale_x / (scale_y * n)`."""
        x = shape_of(input)
        shape = pool2d_result_shape(x, kernel, strides, pads, dilations, ceil_mode)
        window_counts = avgpool_window_counts(x[2:], kernel, strides, pads, shape[2:], count_include_pad, dilations)
        counts = sorted({int(n) for n in window_counts.flat})
        (ratio,) = _scale_ratios([input], result)
        multipliers, shifts = _split([encode_multiplier(ratio / n, bits) for n in counts])
        return cls(
            input,
            result,
            kernel,
            counts,
            multipliers,
            shifts,
            strides=strides,
            pads=pads,
            dilations=dilations,
            ceil_mode=ceil_mode,
            count_include_pad=count_include_pad,
        )

    def window_counts(self) -> np.ndarray:
        """The divisor of every output position, `[OH, OW]`."""
        return avgpool_window_counts(
            shape_of(self.input)[2:],
            ints(self.kernel),
            ints(self.strides),
            ints(self.pads),
            shape_of(self.result)[2:],
            bool(self.count_include_pad.value.data),
            self.window_dilations(),
        )

    def verify_semantics(self) -> None:
        x = _per_tensor("input", self.input)
        _per_tensor("result", self.result)
        expect_result_shape(self, self.pool_result_shape())
        distinct = sorted({int(n) for n in self.window_counts().flat})
        counts, multipliers, shifts = ints(self.counts), ints(self.multipliers), ints(self.shifts)
        if list(counts) != distinct:
            fail(f"counts must be the distinct window sizes {distinct}, got {list(counts)}")
        _check_rescales("count", len(counts), multipliers, shifts)
        _check_product("the window sum", _centered_range(x, max(counts)), multipliers)


@irdl_op_definition
class GlobalAvgpool2dOp(QntOperation):
    """Mean over H and W: integer sum, multiplier, rounding shift."""

    name = "qnt.global_avgpool2d"
    input = operand_def(QuantizedTensor)
    multiplier = prop_def(IntegerAttr)
    shift = prop_def(IntegerAttr)
    result = result_def(QuantizedTensor)
    traits = traits_def(Pure())

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"multiplier": INT, "shift": INT}

    def __init__(self, input: SSAValue, result: Attribute, multiplier: int, shift: int):
        n, c = shape_of(input)[:2]
        super().__init__(
            operands=[input],
            result_types=[_result_type(result, (n, c, 1, 1))],
            properties={"multiplier": i64_attr(multiplier), "shift": i64_attr(shift)},
        )

    @classmethod
    def from_types(
        cls, input: SSAValue, result: Attribute, *, bits: int = MULTIPLIER_BITS
    ) -> GlobalAvgpool2dOp:
        """The encoding of `scale_x / (scale_y * H * W)`."""
        h, w = shape_of(input)[2:]
        (ratio,) = _scale_ratios([input], result)
        m, s = encode_multiplier(ratio / (h * w), bits)
        return cls(input, result, m, s)

    def verify_semantics(self) -> None:
        x = _per_tensor("input", self.input)
        _per_tensor("result", self.result)
        shape = shape_of(self.input)
        expect_result_shape(self, global_pool_result_shape(shape))
        m = self.multiplier.value.data
        _check_multipliers("multiplier", [m])
        _check_shifts("shift", [self.shift.value.data])
        _check_product("the sum", _centered_range(x, shape[2] * shape[3]), [m])


# --------------------------------------------------------------------------
# Shape manipulation, concat, argmax
# --------------------------------------------------------------------------


class _SameElementShapeOp(QntOperation):
    input = operand_def(QuantizedTensor)
    result = result_def(QuantizedTensor)
    traits = traits_def(Pure())

    def verify_semantics(self) -> None:
        expect_same_element_type(self)
        _per_tensor("input", self.input)


@irdl_op_definition
class ReshapeOp(_SameElementShapeOp):
    """Row-major reshape of the stored integers, as `nn.reshape`; the element type unchanged."""

    name = "qnt.reshape"

    def __init__(self, input: SSAValue, shape: Sequence[int]):
        super().__init__(
            operands=[input], result_types=[_tensor_type(shape, element_type_of(input))]
        )

    def verify_semantics(self) -> None:
        super().verify_semantics()
        expect_reshape(shape_of(self.input), shape_of(self.result))


@irdl_op_definition
class FlattenOp(_SameElementShapeOp):
    """ONNX Flatten of the stored integers, as `nn.flatten`; the element type unchanged."""

    name = "qnt.flatten"
    axis = prop_def(IntegerAttr, default_value=i64_attr(1))
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"axis": INT}

    def __init__(self, input: SSAValue, axis: int = 1):
        shape = flatten_result_shape(shape_of(input), axis)
        super().__init__(
            operands=[input],
            result_types=[_tensor_type(shape, element_type_of(input))],
            properties={"axis": i64_attr(axis)},
        )

    def verify_semantics(self) -> None:
        super().verify_semantics()
        expect_result_shape(self, flatten_result_shape(shape_of(self.input), self.axis.value.data))


@irdl_op_definition
class TransposeOp(_SameElementShapeOp):
    """Permute the axes by `perm`, as `nn.transpose`; the element type unchanged."""

    name = "qnt.transpose"
    perm = prop_def(DenseArrayBase)
    SYNTAX: ClassVar[dict[str, PropertyKind]] = {"perm": INTS}

    def __init__(self, input: SSAValue, perm: Sequence[int]):
        shape = transpose_result_shape(shape_of(input), perm)
        super().__init__(
            operands=[input],
            result_types=[_tensor_type(shape, element_type_of(input))],
            properties={"perm": i64_array(perm)},
        )

    def verify_semantics(self) -> None:
        super().verify_semantics()
        expect_result_shape(self, transpose_result_shape(shape_of(self.input), ints(self.perm)))


@irdl_op_definition
class ConcatOp(QntOperation):
    """Concatenation, each input rescaled to the result type."""

    name = "qnt.concat"
    inputs = var_operand_def(QuantizedTensor)
    axis = prop_def(IntegerAttr)
    multipliers = prop_def(DenseArrayBase)
    shifts = prop_def(DenseArrayBase)
    result = result_def(QuantizedTensor)
    traits = traits_def(Pure())

    SYNTAX: ClassVar[dict[str, PropertyKind]] = {
        "axis": INT,
        "multipliers": INTS,
        "shifts": INTS,
    }

    def __init__(
        self,
        inputs: Sequence[SSAValue],
        result: Attribute,
        axis: int,
        multipliers: Sequence[int],
        shifts: Sequence[int],
    ):
        shape = concat_result_shape([shape_of(v) for v in inputs], axis)
        super().__init__(
            operands=[list(inputs)],
            result_types=[_result_type(result, shape)],
            properties={
                "axis": i64_attr(axis),
                "multipliers": i64_array(multipliers),
                "shifts": i64_array(shifts),
            },
        )

    @classmethod
    def from_types(
        cls,
        inputs: Sequence[SSAValue],
        result: Attribute,
        axis: int,
        *,
        bits: int = MULTIPLIER_BITS,
    ) -> ConcatOp:
        """`(1, 0)` for an input of the result's scale, else the encoding of
        `scale_i / scale_y`."""
        ratios = _scale_ratios(inputs, result)
        multipliers, shifts = _split(
            [(1, 0) if r == 1 else encode_multiplier(r, bits) for r in ratios]
        )
        return cls(inputs, result, axis, multipliers, shifts)

    def verify_semantics(self) -> None:
        expected = concat_result_shape([shape_of(v) for v in self.inputs], self.axis.value.data)
        for i, v in enumerate(self.inputs):
            _per_tensor(f"input {i}", v)
        _per_tensor("result", self.result)
        expect_result_shape(self, expected)
        _check_rescales("input", len(self.inputs), ints(self.multipliers), ints(self.shifts))


@irdl_op_definition
class ArgmaxOp(QntOperation, ArgmaxIndexOp):
    """The properties and the result come from `ArgmaxIndexOp`."""

    name = "qnt.argmax"
    input = operand_def(QuantizedTensor)

    def __init__(
        self,
        input: SSAValue,
        axis: int = 0,
        *,
        keepdims: bool = True,
        select_last_index: bool = False,
    ):
        shape = argmax_result_shape(shape_of(input), axis, keepdims)
        super().__init__(
            operands=[input],
            result_types=[_tensor_type(shape, i64)],
            properties={
                "axis": i64_attr(axis),
                "keepdims": bool_attr(keepdims),
                "select_last_index": bool_attr(select_last_index),
            },
        )

    def verify_semantics(self) -> None:
        _per_tensor("input", self.input)
        expect_result_shape(self, self.index_result_shape())


QNT = Dialect(
    "qnt",
    [
        ConstantOp,
        QuantizeOp,
        DequantizeOp,
        Conv2dOp,
        DenseOp,
        MatmulOp,
        RequantizeOp,
        AddOp,
        ClampOp,
        LutOp,
        Maxpool2dOp,
        Avgpool2dOp,
        GlobalAvgpool2dOp,
        ReshapeOp,
        FlattenOp,
        TransposeOp,
        ConcatOp,
        ArgmaxOp,
    ],
    [UniformQuantizedType],
)
