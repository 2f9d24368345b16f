"""The bit-exact integer interpreter of the `qnt` dialect: `QntFunctions`
gives xDSL's `Interpreter` every qnt op on top of the integer kernels of
`asic.dialects.qnt_kernels` (the arithmetic of `asic.dialects.qnt`'s
docstring, written once). What it guarantees:

- Integers only: a tensor of `!qnt.uniform` or signless integer elements is
  an int64 numpy array holding the stored integers, and every op but
  `qnt.dequantize` returns an int64 array (checked on every result). No
  float array is created or used outside `quantize` and `dequantize`, whose
  float arithmetic is the one the dialect specifies (f64). Every value an
  op computes fits in int64 by the dialect's width rules (accumulators of at
  most 64 bits, products of at most 63), so nothing wraps.
- Vectorized: convolution is im2col over `asic.dialects.windows.windows`
  and a batched int64 matrix product, pooling reduces the same window view;
  no Python loop runs over samples, channels or pixels.
- Batched like `asic.interp.nn`: ops use the runtime size of dim 0, so the
  runner runs a batch through a function declared for one sample (see
  `asic.interp.runner`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from xdsl.dialects.builtin import TensorType
from xdsl.ir import Operation, SSAValue
from xdsl.utils.exceptions import InterpretationError

from asic.dialects import qnt
from asic.dialects.attributes import array_from_dense, ints, shape_of
from asic.dialects.qnt import UniformQuantizedType, quantized_type_of
from asic.dialects.qnt_kernels import (
    INT,
    add,
    along,
    as_int,
    avgpool2d,
    conv2d_accumulate,
    dense_accumulate,
    dequantize,
    global_avgpool2d,
    lut,
    matmul_accumulate,
    quantization_params,
    quantize,
    requantize,
    rescale,
    saturate,
)
from asic.dialects.windows import windows
from asic.interp.impls import Compute, OpFunctions, computes, register_op_impls, tensor_dtype
from asic.interp.non_finite import refuse_non_finite
from asic.interp.utils import argmax, concatenate, flatten, reshape

# --------------------------------------------------------------------------
# The op implementations
# --------------------------------------------------------------------------


def _is_float_type(ty: Any) -> bool:
    return isinstance(ty, TensorType) and not (
        isinstance(ty.get_element_type(), UniformQuantizedType)
        or qnt.is_signless_integer(ty.get_element_type())
    )


def _bounds(op: Operation, qtype: UniformQuantizedType) -> tuple[int, int]:
    lo, hi = op.properties.get("min"), op.properties.get("max")
    return (
        lo.value.data if lo is not None else qtype.qmin,  # pyright: ignore
        hi.value.data if hi is not None else qtype.qmax,  # pyright: ignore
    )


def _zero_point(value: SSAValue) -> int:
    return quantized_type_of(value).zero_point


@register_op_impls
class QntFunctions(OpFunctions):
    """numpy int64 implementations of the qnt ops (see the module docstring)."""

    def evaluate(self, op: Operation, compute: Compute, args: tuple[np.ndarray, ...]) -> np.ndarray:
        """`compute` on int64 operands (float ones as they are); the result
        must be an int64 array unless the op's result type is a float tensor
        (`qnt.dequantize`, which returns its declared float dtype): a float
        result anywhere else is an InterpretationError, so a float slipping
        into the integer path cannot go unnoticed."""
        operands = [
            np.asarray(a) if _is_float_type(v.type) else as_int(a)
            for a, v in zip(args, op.operands)
        ]
        result = np.asarray(compute(op, *operands))
        result_type = op.results[0].type
        if _is_float_type(result_type):
            return result.astype(tensor_dtype(op, result_type), copy=False)
        if result.dtype != INT:
            raise InterpretationError(
                f"{op.name}: computed a {result.dtype} array, the integer "
                "interpreter must produce int64"
            )
        return result

    @computes(qnt.ConstantOp)
    def run_constant(op: qnt.ConstantOp) -> np.ndarray:
        return as_int(array_from_dense(op.value))

    @computes(qnt.QuantizeOp)
    def run_quantize(op: qnt.QuantizeOp, x: np.ndarray) -> np.ndarray:
        refuse_non_finite(op, x, infinities=False)
        qtype = quantized_type_of(op.result)
        scales, zero_points = quantization_params(qtype, x.ndim)
        return quantize(x, scales, zero_points, qtype.qmin, qtype.qmax)

    @computes(qnt.DequantizeOp)
    def run_dequantize(op: qnt.DequantizeOp, q: np.ndarray) -> np.ndarray:
        qtype = quantized_type_of(op.input)
        scales, zero_points = quantization_params(qtype, q.ndim)
        assert isinstance(op.result.type, TensorType)
        return dequantize(q, scales, zero_points, tensor_dtype(op, op.result.type))

    # ---- accumulating ops -------------------------------------------------

    @computes(qnt.Conv2dOp)
    def run_conv2d(
        op: qnt.Conv2dOp, x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None
    ) -> np.ndarray:
        return conv2d_accumulate(
            x,
            _zero_point(op.input),
            w,
            quantized_type_of(op.weight).zero_points,
            b,
            ints(op.strides),
            ints(op.pads),
            ints(op.dilations),
            op.groups.value.data,
            shape_of(op.result)[2:],
        )

    @computes(qnt.DenseOp)
    def run_dense(
        op: qnt.DenseOp, x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None
    ) -> np.ndarray:
        return dense_accumulate(
            x, _zero_point(op.input), w, quantized_type_of(op.weight).zero_points, b
        )

    @computes(qnt.MatmulOp)
    def run_matmul(op: qnt.MatmulOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return matmul_accumulate(a, _zero_point(op.lhs), b, quantized_type_of(op.rhs).zero_points)

    # ---- requantization and elementwise ----------------------------------

    @computes(qnt.RequantizeOp)
    def run_requantize(op: qnt.RequantizeOp, acc: np.ndarray) -> np.ndarray:
        if isinstance(op.input.type, TensorType) and isinstance(
            op.input.type.get_element_type(), UniformQuantizedType
        ):
            acc = acc - _zero_point(op.input)
        qtype = quantized_type_of(op.result)
        axis = op.axis.value.data % max(acc.ndim, 1)
        multipliers = along(ints(op.multipliers), axis, acc.ndim)
        shifts = along(ints(op.shifts), axis, acc.ndim)
        return requantize(acc, multipliers, shifts, qtype.zero_point, *_bounds(op, qtype))

    @computes(qnt.AddOp)
    def run_add(op: qnt.AddOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        qtype = quantized_type_of(op.result)
        ma, mb = ints(op.multipliers)
        return add(
            a,
            _zero_point(op.lhs),
            ma,
            b,
            _zero_point(op.rhs),
            mb,
            op.shift.value.data,
            qtype.zero_point,
            *_bounds(op, qtype),
        )

    @computes(qnt.ClampOp)
    def run_clamp(op: qnt.ClampOp, x: np.ndarray) -> np.ndarray:
        return saturate(x, *_bounds(op, quantized_type_of(op.result)))

    @computes(qnt.LutOp)
    def run_lut(op: qnt.LutOp, x: np.ndarray) -> np.ndarray:
        return lut(x, quantized_type_of(op.input).qmin, ints(op.table))

    # ---- pooling -----------------------------------------------------------

    @computes(qnt.Maxpool2dOp)
    def run_maxpool2d(op: qnt.Maxpool2dOp, x: np.ndarray) -> np.ndarray:
        # Padding (explicit and ceil-mode) is the lowest int64: it never wins.
        view = windows(
            x,
            ints(op.kernel),
            ints(op.strides),
            ints(op.dilations),
            ints(op.pads),
            shape_of(op.result)[2:],
            np.iinfo(INT).min,
        )
        return view.max(axis=(-2, -1))

    @computes(qnt.Avgpool2dOp)
    def run_avgpool2d(op: qnt.Avgpool2dOp, x: np.ndarray) -> np.ndarray:
        qtype = quantized_type_of(op.result)
        return avgpool2d(
            x,
            _zero_point(op.input),
            ints(op.kernel),
            ints(op.strides),
            ints(op.pads),
            shape_of(op.result)[2:],
            op.window_counts(),
            ints(op.counts),
            ints(op.multipliers),
            ints(op.shifts),
            qtype.zero_point,
            qtype.qmin,
            qtype.qmax,
            op.window_dilations(),
        )

    @computes(qnt.GlobalAvgpool2dOp)
    def run_global_avgpool2d(op: qnt.GlobalAvgpool2dOp, x: np.ndarray) -> np.ndarray:
        qtype = quantized_type_of(op.result)
        return global_avgpool2d(
            x,
            _zero_point(op.input),
            op.multiplier.value.data,
            op.shift.value.data,
            qtype.zero_point,
            qtype.qmin,
            qtype.qmax,
        )

    # ---- shape manipulation, concat, argmax -------------------------------

    @computes(qnt.ReshapeOp)
    def run_reshape(op: qnt.ReshapeOp, x: np.ndarray) -> np.ndarray:
        return reshape(x, shape_of(op.input), shape_of(op.result))

    @computes(qnt.FlattenOp)
    def run_flatten(op: qnt.FlattenOp, x: np.ndarray) -> np.ndarray:
        return flatten(x, op.axis.value.data)

    @computes(qnt.TransposeOp)
    def run_transpose(op: qnt.TransposeOp, x: np.ndarray) -> np.ndarray:
        return np.transpose(x, ints(op.perm))

    @computes(qnt.ConcatOp)
    def run_concat(op: qnt.ConcatOp, *xs: np.ndarray) -> np.ndarray:
        qtype = quantized_type_of(op.result)
        rescaled = [
            rescale(x, _zero_point(v), m, s, qtype.zero_point, qtype.qmin, qtype.qmax)
            for x, v, m, s in zip(xs, op.inputs, ints(op.multipliers), ints(op.shifts))
        ]
        return concatenate(rescaled, op.axis.value.data)

    @computes(qnt.ArgmaxOp)
    def run_argmax(op: qnt.ArgmaxOp, x: np.ndarray) -> np.ndarray:
        return as_int(
            argmax(x, op.axis.value.data, op.keepdims.value.data, op.select_last_index.value.data)
        )
