"""Dynamic quantization: the qnt interpreter with activation ranges computed
per input at run time.

    asic-run model.mlir --inputs x.npz --output y.npz --dynamic-quantization
    run_function(module, inputs, dynamic_quantization=True)

or from the IR: a function with the unit attribute `qnt.dynamic_quantization`
runs this way unless the caller says otherwise.

What stays static: the IR. Storage types (width, signedness, narrowed
range), weights (`qnt.constant` values and their scales), biases, lookup
tables, every op's geometry and the integer arithmetic of each op (the
kernels of `asic.dialects.qnt_kernels`, int64, rounded half away from zero).

What is dynamic: the scale and zero point of every quantized activation,
the result of `qnt.quantize`, `requantize`, `add`, `avgpool2d`,
`global_avgpool2d` and `concat`. For each sample (index along dim 0 when the
declared dim 0 is 1, else the whole tensor) they are computed from the real
values `r` the op produces in that sample, before rounding, clamped to the
op's `min` / `max` (their real values in the static type: ReLU stays a clamp
at 0, ReLU6 at 6) and, where the static zero point is `qmin` (an unsigned
range: a ReLU folded into the type by a quantizer), at 0. The static
type's other saturation, at its calibrated extremes, is what dynamic
quantization lifts:

- range `[lo, hi] = [min(r, 0), max(r, 0)]`;
- a static zero point of 0 on signed storage (symmetric): `scale =
  max(-lo, hi) / qmax`, zero point 0; otherwise `scale = (hi - lo) / (qmax -
  qmin)` and `zero point = clamp(qmin - round_half_away(lo / scale), qmin,
  qmax)` (onnxruntime's DynamicQuantizeLinear rule, in the storage type);
- a sample whose range is `[0, 0]` keeps the static parameters.

The multipliers and shifts of the op are then re-encoded for that sample
from the dynamic scales (`encode` below: `encode_multiplier` of the f64
ratio, vectorized) and the op's integer formula runs with them. A bias,
static at the accumulator scale `s_x * s_w` of the static input scale, is
rescaled to the dynamic one (`round_half_away(b * s_x / s_x_dynamic)`).
Ops that keep their input's type (`clamp`, `maxpool2d`, layout ops,
`argmax`) keep its dynamic parameters. A `qnt.lut` table is only valid for
its static input type: its input is first requantized into that type, and
its result has the static output type. Quantized results of the function
are returned in their static type (requantized from the dynamic one).

Floats: computing a scale from a range is float arithmetic, so this
interpreter computes the ranges and the multipliers in f64 (that is what
dynamic quantization is); every tensor op is still the integer formula of
the qnt specification. Hardware: the generated accelerator has fixed
scales, multipliers and shifts in its ROMs and no divider to derive them
per frame, so it implements static quantization only;
`require_static_quantization` (`asic.dialects.dynamic_quantization`, with
the attribute) is the check a hardware lowering runs on a function marked
`qnt.dynamic_quantization`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import TensorType
from xdsl.interpreter import (
    Interpreter,
    InterpreterFunctions,
    ReturnedValues,
    impl,
    impl_terminator,
    register_impls,
)
from xdsl.ir import Operation, SSAValue

from asic.diagnostics import UserError
from asic.dialects import qnt
from asic.dialects import qnt_kernels as arith
from asic.dialects.attributes import array_from_dense, ints, numpy_dtype, shape_of
from asic.dialects.qnt import MULTIPLIER_BITS, UniformQuantizedType, quantized_type_of
from asic.dialects.windows import windows
from asic.interp.non_finite import refuse_non_finite
from asic.interp.utils import argmax, concatenate

INT = np.int64


def require_qnt_level(function: func.FuncOp) -> None:
    """Fail (a `UserError`) unless every op of `function` is a qnt, nn or
    func op: dynamic quantization recomputes the scales of qnt ops, and the
    engines of a dataflow graph (or hardware) have fixed ones."""
    for op in function.body.walk():
        if op.dialect_name() not in ("qnt", "nn", "func"):
            raise UserError(
                f"dynamic quantization runs qnt-level functions, and function "
                f"'{function.sym_name.data}' holds {op.name}, whose scales are fixed; run the "
                "qnt-level IR (before lower-qnt-to-dataflow) or drop the dynamic quantization"
            )


# --------------------------------------------------------------------------
# Run-time values and parameters
# --------------------------------------------------------------------------


@dataclass
class Dynamic:
    """A quantized tensor at run time: stored integers and the scale and
    zero point that give their real values, broadcastable against them (per
    sample along dim 0, or per channel for weights and accumulators)."""

    values: np.ndarray
    scale: np.ndarray
    zero_point: np.ndarray

    def centered(self) -> np.ndarray:
        return self.values - self.zero_point

    def real(self) -> np.ndarray:
        return self.centered().astype(np.float64) * self.scale


def encode(real: Any, bits: int = MULTIPLIER_BITS, max_shift: int = qnt.MAX_SHIFT) -> tuple[np.ndarray, np.ndarray]:
    """`encode_multiplier` of every element of the f64 array `real`
    (`M = round_half_away(real * 2^s)` below `2^bits` for the largest
    `s <= max_shift`): int64 multipliers and shifts."""
    real = np.asarray(real, np.float64)
    _, exponent = np.frexp(real)  # real = m * 2^exponent, m in [0.5, 1)
    shift = np.clip(bits - exponent, 0, max_shift).astype(INT)
    scaled = np.ldexp(real, shift)  # exact: a power-of-two scaling
    multiplier = np.floor(scaled + 0.5)
    over = multiplier >= 2.0**bits
    shift = np.where(over & (shift > 0), shift - 1, shift)
    multiplier = np.floor(np.ldexp(real, shift) + 0.5)
    if (multiplier >= 2.0**bits).any() or not np.isfinite(real).all():
        raise ValueError(f"a dynamic multiplier does not fit in {bits} bits")
    zero = real == 0
    return np.where(zero, 0, multiplier).astype(INT), np.where(zero, 0, shift).astype(INT)


def _batched(value: SSAValue) -> bool:
    """Whether dim 0 holds samples: its declared size is 1."""
    return shape_of(value)[:1] == (1,)


def _per_sample(values: np.ndarray, batched: bool) -> np.ndarray:
    """`values` as rows, one per sample: `[B, -1]` (or one row)."""
    if batched and values.ndim:
        return values.reshape(values.shape[0], -1)
    return values.reshape(1, -1)


def _shaped(params: np.ndarray, ndim: int) -> np.ndarray:
    """Per-sample parameters `[B]` broadcastable against an `ndim` tensor."""
    return params.reshape((params.shape[0],) + (1,) * (ndim - 1)) if ndim else params.reshape(())


def _real_bounds(op: Operation, qtype: UniformQuantizedType) -> tuple[float, float]:
    """The real clamp the dynamic type keeps: the op's `min` / `max` in its
    static type, and 0 where the static type saturates at 0 (a zero point
    at `qmin`: an unsigned range, typically a ReLU folded into the type);
    not the static type's other bounds, the calibrated extremes."""
    lo, hi = op.properties.get("min"), op.properties.get("max")
    s, z = qtype.scale, qtype.zero_point
    real_lo = (lo.value.data - z) * s if lo is not None else -math.inf  # pyright: ignore
    real_hi = (hi.value.data - z) * s if hi is not None else math.inf  # pyright: ignore
    if z == qtype.qmin:
        real_lo = max(real_lo, 0.0)
    if z == qtype.qmax:
        real_hi = min(real_hi, 0.0)
    return real_lo, real_hi


def _dynamic_type(
    real: np.ndarray, qtype: UniformQuantizedType, batched: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Per-sample scale (f64) and zero point (int64), `[B]`, for the real
    values `real` in the storage of `qtype` (the module docstring's rule)."""
    rows = _per_sample(real, batched)
    lo = np.minimum(rows.min(axis=1, initial=0.0), 0.0)
    hi = np.maximum(rows.max(axis=1, initial=0.0), 0.0)
    qmin, qmax = qtype.qmin, qtype.qmax
    if qtype.signed and qtype.zero_point == 0:
        scale = np.maximum(-lo, hi) / qmax
        zero_point = np.zeros(lo.shape, INT)
    else:
        scale = (hi - lo) / (qmax - qmin)
        with np.errstate(divide="ignore", invalid="ignore"):
            zero_point = arith.quantize(lo, scale, 0, -(2**62), 2**62)
        zero_point = np.clip(qmin - zero_point, qmin, qmax)
    empty = ~(scale > 0) | ~np.isfinite(scale)
    scale = np.where(empty, qtype.scale, scale)
    zero_point = np.where(empty, qtype.zero_point, zero_point).astype(INT)
    return scale, zero_point


def _storage_bounds(
    real_lo: float, real_hi: float, scale: np.ndarray, zero_point: np.ndarray, qtype: UniformQuantizedType
) -> tuple[np.ndarray, np.ndarray]:
    """The stored bounds of the real clamp `[real_lo, real_hi]` in the
    dynamic type: `zero point + round_half_away(bound / scale)`, saturated."""
    lo = arith.quantize(real_lo, scale, zero_point, qtype.qmin, qtype.qmax)
    hi = arith.quantize(real_hi, scale, zero_point, qtype.qmin, qtype.qmax)
    return lo, hi


def _static(value: np.ndarray, qtype: UniformQuantizedType) -> Dynamic:
    """A tensor of a static type (a constant, a lookup table's result)."""
    scales, zero_points = arith.quantization_params(qtype, value.ndim)
    return Dynamic(np.asarray(value, INT), scales, zero_points)


def _to_type(
    value: Dynamic, qtype: UniformQuantizedType, batched: bool, real_bounds=(-math.inf, math.inf)
) -> Dynamic:
    """`value` rescaled into a dynamic type of `qtype`'s storage chosen for
    its (clamped) real values: the integer rescale of requantize with
    per-sample multipliers."""
    real = np.clip(value.real(), *real_bounds)
    scale, zero_point = _dynamic_type(real, qtype, batched)
    ndim = value.values.ndim
    scale_y, zero_y = _shaped(scale, ndim), _shaped(zero_point, ndim)
    multiplier, shift = encode(value.scale / scale_y)
    lo, hi = _storage_bounds(*real_bounds, scale_y, zero_y, qtype)
    q = arith.requantize(value.centered(), multiplier, shift, zero_y, lo, hi)
    return Dynamic(q, scale_y, zero_y)


def _into_static(value: Dynamic, qtype: UniformQuantizedType) -> np.ndarray:
    """The stored integers of `value` in the static type `qtype`."""
    multiplier, shift = encode(value.scale / qtype.scale)
    return arith.requantize(value.centered(), multiplier, shift, qtype.zero_point, qtype.qmin, qtype.qmax)


# --------------------------------------------------------------------------
# The op implementations
# --------------------------------------------------------------------------


def _qtype(value: SSAValue) -> UniformQuantizedType:
    return quantized_type_of(value)


def _bias(op: Operation, bias: np.ndarray | None, x: Dynamic, w: Dynamic, channel_shape: Sequence[int]) -> np.ndarray | None:
    """The static bias (at `s_x_static * s_w`) at the dynamic accumulator
    scale `x.scale * w.scale`, shaped `channel_shape`."""
    if bias is None:
        return None
    static = _qtype(op.operands[0]).scale
    w_scale = np.asarray(w.scale, np.float64).reshape(-1)
    real = np.asarray(bias, np.float64) * (static * w_scale)
    acc_scale = np.asarray(x.scale, np.float64).reshape(-1, 1) * w_scale.reshape(1, -1)
    q = arith.quantize(real.reshape(1, -1), acc_scale, 0, -(2**62), 2**62)
    return q.reshape((q.shape[0], *channel_shape))


@register_impls
class DynamicQntFunctions(InterpreterFunctions):
    """The qnt ops with per-sample activation parameters (see the module
    docstring). Registered over `QntFunctions` by the runner."""

    @impl(qnt.ConstantOp)
    def run_constant(self, interpreter: Interpreter, op: qnt.ConstantOp, args: tuple) -> tuple:
        values = np.asarray(array_from_dense(op.value), INT)
        element = op.result.type.get_element_type()  # pyright: ignore
        if isinstance(element, UniformQuantizedType):
            return (_static(values, element),)
        return (values,)

    @impl(qnt.QuantizeOp)
    def run_quantize(self, interpreter: Interpreter, op: qnt.QuantizeOp, args: tuple) -> tuple:
        x = np.asarray(args[0])
        refuse_non_finite(op, x, infinities=True)  # no scale spans an infinity
        qtype = _qtype(op.result)
        if qtype.is_per_axis:
            scales, zero_points = arith.quantization_params(qtype, x.ndim)
            return (Dynamic(arith.quantize(x, scales, zero_points, qtype.qmin, qtype.qmax), scales, zero_points),)
        real_bounds = _real_bounds(op, qtype)
        real = np.clip(np.asarray(x, np.float64), *real_bounds)
        scale, zero_point = _dynamic_type(real, qtype, _batched(op.result))
        scale, zero_point = _shaped(scale, x.ndim), _shaped(zero_point, x.ndim)
        lo, hi = _storage_bounds(*real_bounds, scale, zero_point, qtype)
        return (Dynamic(arith.saturate(arith.quantize(x, scale, zero_point, qtype.qmin, qtype.qmax), lo, hi), scale, zero_point),)

    @impl(qnt.DequantizeOp)
    def run_dequantize(self, interpreter: Interpreter, op: qnt.DequantizeOp, args: tuple) -> tuple:
        value: Dynamic = args[0]
        assert isinstance(op.result.type, TensorType)
        return (value.real().astype(numpy_dtype(op.result.type.get_element_type())),)

    # ---- accumulating ops -------------------------------------------------

    @impl(qnt.Conv2dOp)
    def run_conv2d(self, interpreter: Interpreter, op: qnt.Conv2dOp, args: tuple) -> tuple:
        x, w = args[0], args[1]
        bias = args[2] if len(args) > 2 else None
        acc = arith.conv2d_accumulate(
            x.values, x.zero_point, w.values, np.asarray(w.zero_point).reshape(-1), None,
            ints(op.strides), ints(op.pads), ints(op.dilations), op.groups.value.data,
            shape_of(op.result)[2:],
        )
        channels = acc.shape[1]
        w_scale = np.broadcast_to(np.asarray(w.scale, np.float64).reshape(-1), (channels,))
        b = _bias(op, bias, x, Dynamic(w.values, w_scale, w.zero_point), (channels, 1, 1))
        if b is not None:
            acc = acc + b
        scale = np.asarray(x.scale).reshape(-1, 1, 1, 1) * w_scale.reshape(1, -1, 1, 1)
        return (Dynamic(acc, scale, np.zeros((), INT)),)

    @impl(qnt.DenseOp)
    def run_dense(self, interpreter: Interpreter, op: qnt.DenseOp, args: tuple) -> tuple:
        x, w = args[0], args[1]
        bias = args[2] if len(args) > 2 else None
        acc = arith.dense_accumulate(x.values, x.zero_point, w.values, np.asarray(w.zero_point).reshape(-1), None)
        channels = acc.shape[1]
        w_scale = np.broadcast_to(np.asarray(w.scale, np.float64).reshape(-1), (channels,))
        b = _bias(op, bias, x, Dynamic(w.values, w_scale, w.zero_point), (channels,))
        if b is not None:
            acc = acc + b
        scale = np.asarray(x.scale).reshape(-1, 1) * w_scale.reshape(1, -1)
        return (Dynamic(acc, scale, np.zeros((), INT)),)

    @impl(qnt.MatmulOp)
    def run_matmul(self, interpreter: Interpreter, op: qnt.MatmulOp, args: tuple) -> tuple:
        a, b = args
        b_zero = b.zero_point
        b_scale = b.scale
        if _qtype(op.rhs).is_per_axis:  # a constant, per column: [N] along the last axis
            b_zero = np.asarray(b_zero).reshape(-1)
            b_scale = np.asarray(b_scale).reshape(-1)
        acc = np.matmul(a.values - a.zero_point, b.values - b_zero)
        return (Dynamic(acc, a.scale * b_scale, np.zeros((), INT)),)

    # ---- requantization and elementwise ----------------------------------

    @impl(qnt.RequantizeOp)
    def run_requantize(self, interpreter: Interpreter, op: qnt.RequantizeOp, args: tuple) -> tuple:
        qtype = _qtype(op.result)
        return (_to_type(args[0], qtype, _batched(op.result), _real_bounds(op, qtype)),)

    @impl(qnt.AddOp)
    def run_add(self, interpreter: Interpreter, op: qnt.AddOp, args: tuple) -> tuple:
        a, b = args
        qtype = _qtype(op.result)
        real_bounds = _real_bounds(op, qtype)
        real = np.clip(a.real() + b.real(), *real_bounds)
        scale, zero_point = _dynamic_type(real, qtype, _batched(op.result))
        ndim = real.ndim
        scale, zero_point = _shaped(scale, ndim), _shaped(zero_point, ndim)
        ma, sa = encode(np.broadcast_to(a.scale / scale, np.broadcast_shapes(np.shape(a.scale), scale.shape)))
        mb, sb = encode(np.broadcast_to(b.scale / scale, np.broadcast_shapes(np.shape(b.scale), scale.shape)))
        shift = np.minimum(np.where(ma == 0, sb, sa), np.where(mb == 0, sa, sb))
        ma = np.floor(np.ldexp(a.scale / scale, shift) + 0.5).astype(INT)
        mb = np.floor(np.ldexp(b.scale / scale, shift) + 0.5).astype(INT)
        lo, hi = _storage_bounds(*real_bounds, scale, zero_point, qtype)
        q = arith.add(a.values, a.zero_point, ma, b.values, b.zero_point, mb, shift, zero_point, lo, hi)
        return (Dynamic(q, scale, zero_point),)

    @impl(qnt.ClampOp)
    def run_clamp(self, interpreter: Interpreter, op: qnt.ClampOp, args: tuple) -> tuple:
        x: Dynamic = args[0]
        qtype = _qtype(op.result)
        lo, hi = _storage_bounds(*_real_bounds(op, qtype), x.scale, x.zero_point, qtype)
        return (Dynamic(arith.saturate(x.values, lo, hi), x.scale, x.zero_point),)

    @impl(qnt.LutOp)
    def run_lut(self, interpreter: Interpreter, op: qnt.LutOp, args: tuple) -> tuple:
        x_type, y_type = _qtype(op.input), _qtype(op.result)
        stored = _into_static(args[0], x_type)
        return (_static(arith.lut(stored, x_type.qmin, ints(op.table)), y_type),)

    # ---- pooling -----------------------------------------------------------

    @impl(qnt.Maxpool2dOp)
    def run_maxpool2d(self, interpreter: Interpreter, op: qnt.Maxpool2dOp, args: tuple) -> tuple:
        x: Dynamic = args[0]
        view = windows(
            x.values, ints(op.kernel), ints(op.strides), ints(op.dilations), ints(op.pads),
            shape_of(op.result)[2:], np.iinfo(INT).min,
        )
        return (Dynamic(view.max(axis=(-2, -1)), x.scale, x.zero_point),)

    @impl(qnt.Avgpool2dOp)
    def run_avgpool2d(self, interpreter: Interpreter, op: qnt.Avgpool2dOp, args: tuple) -> tuple:
        x: Dynamic = args[0]
        sums = windows(
            x.centered(), ints(op.kernel), ints(op.strides), op.window_dilations(), ints(op.pads),
            shape_of(op.result)[2:], 0,
        ).sum(axis=(-2, -1))
        return (_divided(op, sums, op.window_counts(), x.scale),)

    @impl(qnt.GlobalAvgpool2dOp)
    def run_global_avgpool2d(self, interpreter: Interpreter, op: qnt.GlobalAvgpool2dOp, args: tuple) -> tuple:
        x: Dynamic = args[0]
        sums = x.centered().sum(axis=(2, 3), keepdims=True)
        count = np.full((1, 1), x.values.shape[2] * x.values.shape[3], INT)
        return (_divided(op, sums, count, x.scale),)

    # ---- shape manipulation, concat, argmax -------------------------------

    @impl(qnt.ReshapeOp)
    def run_reshape(self, interpreter: Interpreter, op: qnt.ReshapeOp, args: tuple) -> tuple:
        x: Dynamic = args[0]
        declared_in, declared_out = shape_of(op.input), shape_of(op.result)
        shape = declared_out if x.values.shape == declared_in else (x.values.shape[0], *declared_out[1:])
        return (_relaid(x, x.values.reshape(shape)),)

    @impl(qnt.FlattenOp)
    def run_flatten(self, interpreter: Interpreter, op: qnt.FlattenOp, args: tuple) -> tuple:
        x: Dynamic = args[0]
        axis = op.axis.value.data % max(x.values.ndim, 1) if op.axis.value.data < 0 else op.axis.value.data
        shape = (math.prod(x.values.shape[:axis]), math.prod(x.values.shape[axis:]))
        return (_relaid(x, x.values.reshape(shape)),)

    @impl(qnt.TransposeOp)
    def run_transpose(self, interpreter: Interpreter, op: qnt.TransposeOp, args: tuple) -> tuple:
        x: Dynamic = args[0]
        return (_relaid(x, np.transpose(x.values, ints(op.perm))),)

    @impl(qnt.ConcatOp)
    def run_concat(self, interpreter: Interpreter, op: qnt.ConcatOp, args: tuple) -> tuple:
        qtype = _qtype(op.result)
        batched = _batched(op.result)
        ndim = args[0].values.ndim
        parts = [np.broadcast_to(a.real(), a.values.shape) for a in args]
        real_bounds = _real_bounds(op, qtype)
        real = np.clip(concatenate(parts, op.axis.value.data), *real_bounds)
        scale, zero_point = _dynamic_type(real, qtype, batched)
        scale, zero_point = _shaped(scale, ndim), _shaped(zero_point, ndim)
        lo, hi = _storage_bounds(*real_bounds, scale, zero_point, qtype)
        rescaled = []
        for a in args:
            multiplier, shift = encode(np.broadcast_to(a.scale / scale, np.broadcast_shapes(np.shape(a.scale), scale.shape)))
            rescaled.append(arith.requantize(a.centered(), multiplier, shift, zero_point, lo, hi))
        return (Dynamic(concatenate(rescaled, op.axis.value.data), scale, zero_point),)

    @impl(qnt.ArgmaxOp)
    def run_argmax(self, interpreter: Interpreter, op: qnt.ArgmaxOp, args: tuple) -> tuple:
        # Within a sample the scale is one positive number: the argmax of the
        # stored integers is that of the real values (the axis is not dim 0
        # of a batch: the runner does not vectorize that).
        x: Dynamic = args[0]
        index = argmax(
            x.values, op.axis.value.data, op.keepdims.value.data, op.select_last_index.value.data
        )
        return (index.astype(INT),)

    @impl_terminator(func.ReturnOp)
    def run_return(self, interpreter: Interpreter, op: func.ReturnOp, args: tuple) -> tuple:
        """Quantized results leave in their static types."""
        results = tuple(
            _into_static(arg, _qtype(value)) if isinstance(arg, Dynamic) else arg
            for value, arg in zip(op.operands, args)
        )
        return ReturnedValues(results), ()


def _relaid(x: Dynamic, values: np.ndarray) -> Dynamic:
    """`x`'s parameters (per sample) for its integers in another layout."""
    scale = np.asarray(x.scale)
    zero_point = np.asarray(x.zero_point)
    return Dynamic(
        values,
        _shaped(scale.reshape(scale.shape[:1] or (1,)), values.ndim),
        _shaped(zero_point.reshape(zero_point.shape[:1] or (1,)), values.ndim),
    )


def _divided(op: Operation, sums: np.ndarray, counts: np.ndarray, scale_x: np.ndarray) -> Dynamic:
    """`S / n` of the poolings into a dynamic type: real `S * s_x / n`, then
    `rshift_round(S * M_n, s_n) + zy` with `M_n / 2^s_n ~ s_x / (s_y * n)`."""
    qtype = _qtype(op.results[0])
    real_bounds = _real_bounds(op, qtype)
    real = np.clip(sums * scale_x / counts, *real_bounds)
    scale, zero_point = _dynamic_type(real, qtype, _batched(op.results[0]))
    scale, zero_point = _shaped(scale, sums.ndim), _shaped(zero_point, sums.ndim)
    multiplier, shift = encode(scale_x / (scale * counts))
    lo, hi = _storage_bounds(*real_bounds, scale, zero_point, qtype)
    q = arith.requantize(sums, multiplier, shift, zero_point, lo, hi)
    return Dynamic(q, scale, zero_point)
