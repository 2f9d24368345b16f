"""The float interpreter of the `nn` dialect: numpy, vectorized.

`NnFunctions` gives xDSL's `Interpreter` an implementation of every op of
`asic.dialects.nn`, following the semantics written in that module's
docstring (an elementwise function is its op's `float_function`). Values
are numpy arrays. What the interpreter guarantees:

- Every op computes in its tensor's own float dtype (f16, f32, f64), and its
  result has exactly the dtype of its declared element type (`i64` for
  `nn.argmax`). Convolution, dense and matmul accumulate in f32 for f32 and
  f16 tensors (f16 is widened for the reduction and rounded once at the end),
  in f64 for f64 tensors: the precision onnxruntime's CPU kernels use.
- Floating-point exceptions follow IEEE 754 (division by zero gives inf,
  overflow gives inf, ...) without numpy warnings.
- `bf16` tensors are rejected with an `InterpretationError` naming the op:
  numpy has no bfloat16.
- Every op is vectorized: convolution is im2col (a strided window view of the
  padded input) followed by one batched matrix product; pooling reduces the
  same window view. No Python loop runs over samples, channels or pixels.
- Ops are written against the *runtime* size of dim 0, not the declared one,
  so that `asic.interp.runner` can run a whole batch of samples through a
  function declared for one sample (`reshape` keeps the runtime dim 0 when
  it is the batch; `flatten` and `concat` use runtime shapes; the indexing
  ops broadcast their operands' leading axes, `_batch_broadcast`). When an
  op's operands have their declared shapes, its result has its declared shape.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from xdsl.dialects.builtin import i1
from xdsl.ir import Operation
from xdsl.utils.exceptions import InterpretationError

from asic.dialects import nn
from asic.dialects.attributes import array_from_dense
from asic.dialects.nn import ints, shape_of
from asic.dialects.windows import convolve, windows
from asic.interp.impls import Compute, OpFunctions, computes, register_op_impls, tensor_dtype
from asic.interp.nn_sampling import grid_sample
from asic.interp.utils import argmax, concatenate, flatten, reshape


def _batch_broadcast(op: Operation, *arrays: np.ndarray, axes: int = 1) -> list[np.ndarray]:
    """The operands `arrays` of `op` broadcast together along their leading
    `axes` when the op declares the same sizes there: nothing changes in a
    run of the declared shapes, and in a batched run (`asic.interp.runner`)
    an operand computed once (indices, a grid) meets the batch of the other."""
    declared = {shape_of(v)[:axes] for v in op.operands[: len(arrays)]}
    if len(declared) != 1:
        return list(arrays)
    lead = np.broadcast_shapes(*(a.shape[:axes] for a in arrays))
    return [np.broadcast_to(a, (*lead, *a.shape[axes:])) for a in arrays]

def _checked(op: Operation, indices: np.ndarray, size: int, axis: int) -> np.ndarray:
    """ONNX indices of an axis of `size` elements, in `[-size, size)` (an
    InterpretationError naming the op otherwise), the negative ones counted
    from the end."""
    outside = (indices < -size) | (indices >= size)
    if np.any(outside):
        bad = int(indices[outside].flat[0])
        raise InterpretationError(
            f"{op.name}: index {bad} is outside [{-size}, {size - 1}] for axis {axis} of size {size}"
        )
    return np.where(indices < 0, indices + size, indices)


def _scatter(op: nn.ScatterOp, x: np.ndarray, position: tuple, updates: np.ndarray) -> np.ndarray:
    """`x` with `updates` combined into the elements at `position` (numpy
    advanced indices) by the op's reduction."""
    y = x.copy()
    combine = nn.SCATTER_REDUCTIONS[op.reduction.data]
    if combine is None:
        y[position] = updates
    else:
        combine.at(y, position, updates)
    return y


# --------------------------------------------------------------------------
# Integer arithmetic (ONNX's semantics, in the operands' dtype)
# --------------------------------------------------------------------------


def integer_divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`a / b` truncated toward zero (C, ONNX); a division by 0 gives 0."""
    safe = np.where(b == 0, np.ones((), b.dtype), b)
    q = np.floor_divide(a, safe)
    r = np.remainder(a, safe)
    if a.dtype.kind == "i":
        q = q + ((r != 0) & ((a < 0) ^ (safe < 0))).astype(q.dtype)
    return np.where(b == 0, np.zeros((), q.dtype), q)


def integer_power(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`a ** b` in `a`'s dtype (wrapping); a negative exponent gives the
    truncated quotient `1 / a**|b|`: 1 for a = 1, +-1 for a = -1, else 0."""
    negative = b < 0 if b.dtype.kind == "i" else np.zeros(b.shape, bool)
    exponent = np.where(negative, np.zeros((), b.dtype), b)
    power = np.power(a, exponent.astype(a.dtype, copy=False))
    one = np.ones((), a.dtype)
    odd = (b % 2) != 0
    reciprocal = np.where(a == one, one, np.zeros((), a.dtype))
    if a.dtype.kind == "i":
        reciprocal = np.where(a == -one, np.where(odd, -one, one), reciprocal)
    return np.where(negative, reciprocal, power)

# --------------------------------------------------------------------------
# dtypes
# --------------------------------------------------------------------------


def _accumulator(dtype: np.dtype) -> np.dtype:
    """dtype in which convolution, dense and matmul sum their products.

    At least f32 (f16 is widened and rounded once at the end), otherwise the
    tensor's own dtype. f64 accumulation for f32 tensors was measured and
    rejected: the float references (onnx's reference evaluator, onnxruntime)
    accumulate in f32, and on 3x3 convolutions with 16 to 256 input channels
    f64 sums land further from both (4 to 12 times rtol 1e-5 / atol 1e-6)
    than f32 im2col + sgemm does (bit-identical to the reference evaluator,
    within the same distance of onnxruntime as the two references are of
    each other).
    """
    return np.promote_types(dtype, np.float32)


def _scalar(x: np.ndarray, value: float) -> np.generic:
    """A float property as a scalar of `x`'s dtype (so it does not widen x)."""
    return x.dtype.type(value)


def _pool_geometry(op: nn.Pool2dOp) -> dict[str, Any]:
    return {
        "kernel": ints(op.kernel),
        "strides": ints(op.strides),
        "dilations": op.window_dilations(),
        "pads": ints(op.pads),
        "out_hw": shape_of(op.result)[2:],
    }


# --------------------------------------------------------------------------
# The op implementations
# --------------------------------------------------------------------------


@register_op_impls
class NnFunctions(OpFunctions):
    """numpy implementations of the nn ops (see the module docstring)."""

    def evaluate(self, op: Operation, compute: Compute, args: tuple[np.ndarray, ...]) -> np.ndarray:
        """`compute` with numpy's floating-point warnings silenced (results
        follow IEEE 754), its result in the dtype of the declared result type
        (bf16 is an error naming the op). Operands were checked where they
        were made (an op's result, a converted function input): checking
        the result suffices."""
        dtype = tensor_dtype(op, op.results[0].type)
        with np.errstate(all="ignore"):
            result = compute(op, *args)
        return np.asarray(result).astype(dtype, copy=False)

    @computes(nn.ConstantOp)
    def run_constant(op: nn.ConstantOp) -> np.ndarray:
        return array_from_dense(op.value)

    # ---- convolution, dense, matmul -------------------------------------

    @computes(nn.Conv2dOp)
    def run_conv2d(
        op: nn.Conv2dOp, x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None
    ) -> np.ndarray:
        acc = _accumulator(x.dtype)
        y = convolve(
            x.astype(acc, copy=False),
            w.astype(acc, copy=False),
            ints(op.strides),
            ints(op.dilations),
            ints(op.pads),
            shape_of(op.result)[2:],
            op.groups.value.data,
        )
        if b is not None:
            y = y + b.astype(acc, copy=False)[:, None, None]
        return y

    @computes(nn.ConvTranspose2dOp)
    def run_conv_transpose2d(
        op: nn.ConvTranspose2dOp, x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None
    ) -> np.ndarray:
        acc = _accumulator(x.dtype)
        x, w = x.astype(acc, copy=False), w.astype(acc, copy=False)
        (sh, sw), (dh, dw) = ints(op.strides), ints(op.dilations)
        top, left, bottom, right = ints(op.pads)
        extra = ints(op.output_padding)
        n, c, h, wd = x.shape
        _, per_group, kh, kw = w.shape
        groups = op.groups.value.data
        full = np.zeros(
            (n, per_group * groups, (h - 1) * sh + dh * (kh - 1) + 1 + extra[0],
             (wd - 1) * sw + dw * (kw - 1) + 1 + extra[1]), acc)
        cg = c // groups
        for g in range(groups):
            xg = x[:, g * cg : (g + 1) * cg]
            for u in range(kh):
                for v in range(kw):
                    # [n, cg, h, w] x [cg, m] -> [n, m, h, w], scattered with the stride
                    contribution = np.einsum("nchw,cm->nmhw", xg, w[g * cg : (g + 1) * cg, :, u, v])
                    full[:, g * per_group : (g + 1) * per_group,
                         u * dh : u * dh + (h - 1) * sh + 1 : sh,
                         v * dw : v * dw + (wd - 1) * sw + 1 : sw] += contribution
        y = full[:, :, top : full.shape[2] - bottom, left : full.shape[3] - right]
        if b is not None:
            y = y + b.astype(acc, copy=False)[:, None, None]
        return y

    @computes(nn.DenseOp)
    def run_dense(
        op: nn.DenseOp, x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None
    ) -> np.ndarray:
        acc = _accumulator(x.dtype)
        y = x.astype(acc, copy=False) @ w.astype(acc, copy=False).T
        if b is not None:
            y = y + b.astype(acc, copy=False)
        return y

    @computes(nn.MatmulOp)
    def run_matmul(op: nn.MatmulOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        acc = _accumulator(a.dtype)
        return np.matmul(a.astype(acc, copy=False), b.astype(acc, copy=False))

    # ---- elementwise ------------------------------------------------------

    @computes(nn.AddOp)
    def run_add(op: nn.AddOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a + b

    @computes(nn.SubOp)
    def run_sub(op: nn.SubOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a - b

    @computes(nn.MulOp)
    def run_mul(op: nn.MulOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a * b

    @computes(nn.DivOp)
    def run_div(op: nn.DivOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if a.dtype.kind in "iu":
            return integer_divide(a, b)
        return a / b

    @computes(nn.ModOp)
    def run_mod(op: nn.ModOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (np.fmod if op.fmod.value.data else np.mod)(a, b)

    @computes(nn.PowOp)
    def run_pow(op: nn.PowOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if a.dtype.kind in "iu" and b.dtype.kind in "iu":
            return integer_power(a, b)
        return np.power(a, b)  # a mixed pair computes in numpy's common type

    @computes(nn.MinOp)
    def run_min(op: nn.MinOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.minimum(a, b)

    @computes(nn.MaxOp)
    def run_max(op: nn.MaxOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.maximum(a, b)

    @computes(nn.PreluOp)
    def run_prelu(op: nn.PreluOp, x: np.ndarray, slope: np.ndarray) -> np.ndarray:
        return np.where(x >= 0, x, x * slope)

    @computes(*nn.ELEMENTWISE_FUNCTIONS)
    def run_elementwise_function(op: nn.ElementwiseFunctionOp, x: np.ndarray) -> np.ndarray:
        return op.float_function(x)

    @computes(nn.CastOp)
    def run_cast(op: nn.CastOp, x: np.ndarray) -> np.ndarray:
        if nn.element_type_of(op.result) == i1:
            return x != 0
        return x  # the wrapper's astype rounds to nearest even, truncates to integers

    @computes(nn.SoftmaxOp)
    def run_softmax(op: nn.SoftmaxOp, x: np.ndarray) -> np.ndarray:
        axis = op.axis.value.data
        e = np.exp(x - x.max(axis=axis, keepdims=True))
        return e / e.sum(axis=axis, keepdims=True)

    @computes(nn.LrnOp)
    def run_lrn(op: nn.LrnOp, x: np.ndarray) -> np.ndarray:
        # ONNX: channel c sums squares over [c - floor((size-1)/2),
        # c + ceil((size-1)/2)], clipped to the existing channels.
        size = op.size.value.data
        before, after = (size - 1) // 2, size // 2
        squares = np.pad(np.square(x), ((0, 0), (before, after), (0, 0), (0, 0)))
        window_sum = sliding_window_view(squares, size, axis=1).sum(axis=-1)
        alpha, beta, bias = (
            _scalar(x, p.value.data) for p in (op.alpha, op.beta, op.bias)
        )
        return x / (bias + alpha / _scalar(x, size) * window_sum) ** beta

    # ---- normalization and pooling ---------------------------------------

    @computes(nn.BatchnormOp)
    def run_batchnorm(
        op: nn.BatchnormOp,
        x: np.ndarray,
        scale: np.ndarray,
        bias: np.ndarray,
        mean: np.ndarray,
        var: np.ndarray,
    ) -> np.ndarray:
        channel = (-1,) + (1,) * (x.ndim - 2)  # broadcast over axis 1
        scale, bias, mean, var = (p.reshape(channel) for p in (scale, bias, mean, var))
        eps = _scalar(x, op.epsilon.value.data)
        return scale * (x - mean) / np.sqrt(var + eps) + bias

    @computes(nn.Maxpool2dOp)
    def run_maxpool2d(op: nn.Maxpool2dOp, x: np.ndarray) -> np.ndarray:
        # Padding (explicit and ceil-mode) is -inf: it never wins the max.
        return windows(x, fill=-np.inf, **_pool_geometry(op)).max(axis=(-2, -1))

    @computes(nn.Avgpool2dOp)
    def run_avgpool2d(op: nn.Avgpool2dOp, x: np.ndarray) -> np.ndarray:
        geometry = _pool_geometry(op)
        sums = windows(x, fill=0.0, **geometry).sum(axis=(-2, -1))
        # The divisor of each window: the count of ones of a mask that is 1
        # on the input (and on the explicit pads with count_include_pad) and
        # 0 elsewhere, in particular on the extra ceil-mode area.
        top, left, bottom, right = geometry["pads"]
        h, w = x.shape[2:]
        if op.count_include_pad.value.data:
            mask = np.ones((1, 1, h + top + bottom, w + left + right), x.dtype)
            geometry["pads"] = (0, 0, 0, 0)
        else:
            mask = np.ones((1, 1, h, w), x.dtype)
        counts = windows(mask, fill=0.0, **geometry).sum(axis=(-2, -1))
        return sums / counts

    @computes(nn.GlobalAvgpool2dOp)
    def run_global_avgpool2d(op: nn.GlobalAvgpool2dOp, x: np.ndarray) -> np.ndarray:
        return x.mean(axis=(2, 3), keepdims=True)

    # ---- shape manipulation -----------------------------------------------

    @computes(nn.FlattenOp)
    def run_flatten(op: nn.FlattenOp, x: np.ndarray) -> np.ndarray:
        return flatten(x, op.axis.value.data)

    @computes(nn.ReshapeOp)
    def run_reshape(op: nn.ReshapeOp, x: np.ndarray) -> np.ndarray:
        return reshape(x, shape_of(op.input), shape_of(op.result))

    @computes(nn.TransposeOp)
    def run_transpose(op: nn.TransposeOp, x: np.ndarray) -> np.ndarray:
        return np.transpose(x, ints(op.perm))

    @computes(nn.ConcatOp)
    def run_concat(op: nn.ConcatOp, *xs: np.ndarray) -> np.ndarray:
        return concatenate(xs, op.axis.value.data)

    @computes(nn.PadOp)
    def run_pad(op: nn.PadOp, x: np.ndarray) -> np.ndarray:
        pads = ints(op.pads)
        widths = list(zip(pads[: x.ndim], pads[x.ndim :]))
        mode = op.mode.data
        if mode == "constant":
            return np.pad(x, widths, constant_values=_scalar(x, op.value.value.data))
        return np.pad(x, widths, mode=mode)  # numpy's reflect and edge are ONNX's

    @computes(*nn.REDUCTIONS)
    def run_reduction(op: nn.ReduceOp, x: np.ndarray) -> np.ndarray:
        return op.reduce(x, op.reduced_axes(), bool(op.keepdims.value.data))

    @computes(nn.SliceOp)
    def run_slice(op: nn.SliceOp, x: np.ndarray) -> np.ndarray:
        index = list(op.index())
        declared = shape_of(op.input)
        if index and index[0] == slice(0, declared[0], 1) and declared[0] == shape_of(op.result)[0]:
            index[0] = slice(None)  # all of dim 0: a batch passes through
        return x[tuple(index)]

    @computes(nn.GatherOp)
    def run_gather(op: nn.GatherOp, x: np.ndarray, indices: np.ndarray) -> np.ndarray:
        axis = op.axis.value.data
        return np.take(x, _checked(op, indices, x.shape[axis], axis), axis=axis)

    @computes(nn.EinsumOp)
    def run_einsum(op: nn.EinsumOp, *xs: np.ndarray) -> np.ndarray:
        acc = _accumulator(xs[0].dtype)
        return np.einsum(op.equation.data, *(x.astype(acc, copy=False) for x in xs))

    @computes(nn.CompareOp)
    def run_compare(op: nn.CompareOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return nn.PREDICATES[op.predicate.data](a, b)

    @computes(nn.LogicalOp)
    def run_logical(op: nn.LogicalOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return nn.LOGICAL[op.kind.data](a != 0, b != 0)

    @computes(nn.NotOp)
    def run_not(op: nn.NotOp, a: np.ndarray) -> np.ndarray:
        return a == 0

    @computes(nn.WhereOp)
    def run_where(op: nn.WhereOp, c: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.where(c != 0, a, b)

    @computes(nn.BitwiseOp)
    def run_bitwise(op: nn.BitwiseOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return nn.BITWISE[op.kind.data](a, b)

    @computes(nn.BitShiftOp)
    def run_bit_shift(op: nn.BitShiftOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return nn.bit_shift(a, b, op.direction.data)

    @computes(nn.BitwiseNotOp)
    def run_bitwise_not(op: nn.BitwiseNotOp, x: np.ndarray) -> np.ndarray:
        return np.invert(x)

    @computes(nn.GatherElementsOp)
    def run_gather_elements(op: nn.GatherElementsOp, x: np.ndarray, indices: np.ndarray) -> np.ndarray:
        axis = op.axis.value.data % x.ndim
        x, indices = _batch_broadcast(op, x, indices)
        indices = _checked(op, indices, x.shape[axis], axis)
        window = tuple(slice(0, n) if a != axis else slice(None) for a, n in enumerate(indices.shape))
        return np.take_along_axis(x[window], indices, axis=axis)

    @computes(nn.ScatterElementsOp)
    def run_scatter_elements(
        op: nn.ScatterElementsOp, x: np.ndarray, indices: np.ndarray, updates: np.ndarray
    ) -> np.ndarray:
        axis = op.axis.value.data % x.ndim
        x, indices, updates = _batch_broadcast(op, x, indices, updates)
        position = list(np.indices(indices.shape, sparse=True))
        position[axis] = _checked(op, indices, x.shape[axis], axis)
        return _scatter(op, x, tuple(position), updates)

    @computes(nn.ScatterNdOp)
    def run_scatter_nd(op: nn.ScatterNdOp, x: np.ndarray, indices: np.ndarray, updates: np.ndarray) -> np.ndarray:
        position = tuple(
            _checked(op, indices[..., a], x.shape[a], a) for a in range(indices.shape[-1])
        )
        return _scatter(op, x, position, updates)

    @computes(nn.GatherNdOp)
    def run_gather_nd(op: nn.GatherNdOp, x: np.ndarray, indices: np.ndarray) -> np.ndarray:
        b = op.batch_dims.value.data
        x, indices = _batch_broadcast(op, x, indices, axes=b)
        batch = x.shape[:b]
        inner = indices.shape[b:-1]
        count = int(np.prod(batch, dtype=np.int64))
        xs = x.reshape(count, *x.shape[b:])
        idx = indices.reshape(count, *inner, indices.shape[-1])
        rows = np.arange(count).reshape(count, *[1] * len(inner))
        position = tuple(
            _checked(op, idx[..., a], xs.shape[1 + a], b + a) for a in range(idx.shape[-1])
        )
        picked = xs[(rows, *position)]
        return picked.reshape(*batch, *inner, *picked.shape[1 + len(inner) :])

    @computes(nn.TopKOp)
    def run_top_k(op: nn.TopKOp, x: np.ndarray) -> np.ndarray:
        axis = op.axis.value.data % x.ndim
        return nn.top_k_indices(x, op.k.value.data, axis, bool(op.largest.value.data))

    @computes(nn.BitcastOp)
    def run_bitcast(op: nn.BitcastOp, x: np.ndarray) -> np.ndarray:
        return np.array(x, order="C").view(tensor_dtype(op, op.result.type)).reshape(x.shape)

    @computes(nn.DetOp)
    def run_det(op: nn.DetOp, x: np.ndarray) -> np.ndarray:
        return np.linalg.det(x.astype(np.promote_types(x.dtype, np.float32), copy=False))

    @computes(nn.DftOp)
    def run_dft(op: nn.DftOp, x: np.ndarray) -> np.ndarray:
        return nn.dft(x, op.axis.value.data, op.length.value.data, bool(op.inverse.value.data), bool(op.onesided.value.data))

    @computes(nn.GridSampleOp)
    def run_grid_sample(op: nn.GridSampleOp, x: np.ndarray, grid: np.ndarray) -> np.ndarray:
        x, grid = _batch_broadcast(op, x, grid)
        return grid_sample(x, grid, op.mode.data, op.padding_mode.data, bool(op.align_corners.value.data))

    @computes(nn.TriluOp)
    def run_trilu(op: nn.TriluOp, x: np.ndarray) -> np.ndarray:
        k = op.k.value.data
        return np.triu(x, k) if op.upper.value.data else np.tril(x, k)

    @computes(nn.CumsumOp, nn.CumprodOp)
    def run_cumulative(op: nn.CumulativeOp, x: np.ndarray) -> np.ndarray:
        axis = op.axis.value.data % x.ndim
        if op.reverse.value.data:
            x = np.flip(x, axis)
        y = op.accumulate(x, axis)
        if op.exclusive.value.data and x.shape[axis]:
            first = np.full_like(np.take(y, [0], axis=axis), op.IDENTITY)
            y = np.concatenate([first, np.take(y, range(x.shape[axis] - 1), axis=axis)], axis=axis)
        return np.flip(y, axis) if op.reverse.value.data else y

    @computes(nn.IsInfOp)
    def run_is_inf(op: nn.IsInfOp, x: np.ndarray) -> np.ndarray:
        positive = np.isposinf(x) if op.detect_positive.value.data else np.zeros(x.shape, bool)
        negative = np.isneginf(x) if op.detect_negative.value.data else np.zeros(x.shape, bool)
        return positive | negative

    @computes(nn.IsNanOp)
    def run_is_nan(op: nn.IsNanOp, x: np.ndarray) -> np.ndarray:
        return np.isnan(x)

    @computes(nn.ArgmaxOp)
    def run_argmax(op: nn.ArgmaxOp, x: np.ndarray) -> np.ndarray:
        return argmax(
            x, op.axis.value.data, op.keepdims.value.data, op.select_last_index.value.data
        )
