"""ONNX reductions and the ops the frontend decomposes into them.

- ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd, ReduceL1,
  ReduceL2, ReduceSumSquare, ReduceLogSum, ReduceLogSumExp -> the nn
  reduction of the same name (`nn.REDUCTIONS`). Axes are an attribute
  before the op's opset-18 version (ReduceSum: 13) and a constant input
  since; no axes reduce every axis, unless `noop_with_empty_axes`, when the
  node is its input. Reducing no axis of a rank-0 tensor is the identity.
  On an import-time constant (shape arithmetic) they are evaluated, in the
  constant's element type.
- GlobalMaxPool -> nn.reduce_max over the spatial axes, kept.
- LogSoftmax -> `x - reduce_log_sum_exp(x)` over `axis` (before 13 over the
  input coerced to 2-D at `axis`, i.e. over every axis from `axis` on).
- LayerNormalization -> `(x - mean) / sqrt(var + epsilon) * scale + bias`
  with mean and variance (`reduce_mean`) over the axes from `axis`,
  computed in f32 (`stash_type` 1) or the input's type; its Mean and
  InvStdDev outputs are those of the decomposition.
- InstanceNormalization -> the same over the spatial axes (2 and up), with
  the per-channel scale and bias.
- RMSNormalization -> `x / sqrt(mean(x^2) + epsilon) * scale` over the axes
  from `axis` (in f32 with `stash_type` 1, as LayerNormalization).
- LpNormalization -> `x / reduce_l1(x)` or `x / reduce_l2(x)` along `axis`
  (0 where the norm is 0, as ONNX's reference).
- GroupNormalization -> LayerNormalization of each group of channels (the
  input reshaped to `[N, groups, rest]`), then the per-channel (opset 21)
  or per-group (opset 18) scale and bias.
- MeanVarianceNormalization -> ONNX's function of reductions over `axes`.

ONNX defines LayerNormalization as a function of these very ops, so the
decomposition is its semantics; the ops stay in the float `nn` tail when
quantized (no integer form yet).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from xdsl.dialects.builtin import Float32Type

from asic.dialects import nn
from asic.dialects.attributes import numpy_dtype
from asic.dialects.nn import bool_attr, i64_array
from asic.lowering.onnx.graph import (
    FLOAT_ELEMENT_TYPES,
    Const,
    Node,
    Tensor,
    element_type_of,
    shape_of,
)
from asic.lowering.onnx.ops import _axis, _broadcast, converts

REDUCTIONS: dict[str, type[nn.ReduceOp]] = {
    "ReduceSum": nn.ReduceSumOp,
    "ReduceMean": nn.ReduceMeanOp,
    "ReduceMax": nn.ReduceMaxOp,
    "ReduceMin": nn.ReduceMinOp,
    "ReduceProd": nn.ReduceProdOp,
    "ReduceL1": nn.ReduceL1Op,
    "ReduceL2": nn.ReduceL2Op,
    "ReduceSumSquare": nn.ReduceSumSquareOp,
    "ReduceLogSum": nn.ReduceLogSumOp,
    "ReduceLogSumExp": nn.ReduceLogSumExpOp,
}

AXES_AS_INPUT_SINCE = {"ReduceSum": 13}
"""The opset version from which the axes are an input (default 18)."""


def reduce(
    node: Node, op: type[nn.ReduceOp], x: Tensor, axes: Sequence[int], keepdims: bool = True
) -> Tensor:
    """`op` of `x` over `axes` (normalized, distinct, non-empty)."""
    xs = shape_of(x)
    shape = [1 if i in axes else d for i, d in enumerate(xs) if keepdims or i not in axes]
    props = {"axes": i64_array(sorted(axes)), "keepdims": bool_attr(keepdims)}
    return node.emit(op, [x], shape, props)


@converts(*REDUCTIONS)
def _reduce(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    keepdims = bool(node.attr("keepdims", 1))
    if node.version >= AXES_AS_INPUT_SINCE.get(node.op_type, 18):
        axes = [int(a) for a in node.const(1, "axes").reshape(-1)] if node.has_input(1) else []
        if not axes and node.attr("noop_with_empty_axes", 0):
            node.set_output(0, x)
            return
    else:
        axes = node.ints_attr("axes", [])
    axes = [_axis(node, a, len(xs)) for a in axes] or list(range(len(xs)))
    if len(set(axes)) != len(axes):
        node.fail(f"axes {axes} repeat an axis")
    if not axes:  # a rank-0 tensor
        node.set_output(0, x)
        return
    op = REDUCTIONS[node.op_type]
    if isinstance(x, Const):  # shape arithmetic, of any element type
        value = op.create().reduce(x.array, tuple(axes), keepdims)
        node.set_output(0, Const(np.asarray(value, x.array.dtype), node.proto.output[0]))
        return
    node.set_output(0, reduce(node, op, x, axes, keepdims))


@converts("GlobalMaxPool")
def _global_maxpool(node: Node) -> None:
    xs = node.shape(0)
    if len(xs) < 3:
        node.fail(f"the input must have rank >= 3 (N, C and spatial axes), got rank {len(xs)}")
    node.set_output(0, reduce(node, nn.ReduceMaxOp, node.input(0), range(2, len(xs))))


@converts("LogSoftmax")
def _log_softmax(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    if node.version >= 13:
        axes = [_axis(node, int(node.attr("axis", -1)), len(xs))]
    else:
        axes = list(range(_axis(node, int(node.attr("axis", 1)), len(xs)), len(xs)))
    total = reduce(node, nn.ReduceLogSumExpOp, x, axes)
    node.set_output(0, node.emit(nn.SubOp, [x, total], xs))


def _normalize(
    node: Node, x: Tensor, axes: Sequence[int], epsilon: float
) -> tuple[Tensor, Tensor, Tensor]:
    """`(x - mean) * inv_std_dev`, mean and `inv_std_dev = 1 / sqrt(var +
    epsilon)` over `axes` (kept)."""
    xs = shape_of(x)
    mean = reduce(node, nn.ReduceMeanOp, x, axes)
    centered = node.emit(nn.SubOp, [x, mean], xs)
    variance = reduce(node, nn.ReduceMeanOp, node.emit(nn.MulOp, [centered, centered], xs), axes)
    eps = node.scalar(epsilon, element_type_of(node.value(x)), "epsilon")
    shifted = node.emit(nn.AddOp, [variance, eps], shape_of(variance))
    inv_std_dev = node.emit(nn.ReciprocalOp, [node.emit(nn.SqrtOp, [shifted], shape_of(shifted))], shape_of(shifted))
    return node.emit(nn.MulOp, [centered, inv_std_dev], xs), mean, inv_std_dev


def _affine(node: Node, y: Tensor, scale: Tensor, bias: Tensor | None) -> Tensor:
    ys = shape_of(y)
    y = node.emit(nn.MulOp, [y, scale], _broadcast(node, ys, shape_of(scale)))
    if bias is not None:
        y = node.emit(nn.AddOp, [y, bias], _broadcast(node, ys, shape_of(bias)))
    return y


@converts("LayerNormalization")
def _layer_normalization(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    axis = _axis(node, int(node.attr("axis", -1)), len(xs))
    work, wide = _stashed(node, x)
    y, mean, inv_std_dev = _normalize(node, work, list(range(axis, len(xs))), float(np.float32(node.attr("epsilon", 1e-5))))
    if wide:
        y = node.emit(nn.CastOp, [y], xs, element_type=element_type_of(node.value(x)))
    bias = node.input(2) if node.has_input(2) else None
    node.set_output(0, _affine(node, y, node.input(1), bias))
    node.set_output(1, mean)
    node.set_output(2, inv_std_dev)


def _stashed(node: Node, x: Tensor) -> tuple[Tensor, bool]:
    """`x` in the computation type of `stash_type` (1: f32, -1: its own),
    and whether it was cast."""
    element = element_type_of(node.value(x))
    if not isinstance(element, FLOAT_ELEMENT_TYPES):
        node.fail(f"input '{node.input_name(0)}' must be a float tensor, got {element}")
    stash = int(node.attr("stash_type", 1))
    if stash not in (1, -1):
        node.fail(f"stash_type {stash} is not supported; supported are 1 (FLOAT) and -1")
    if stash == 1 and element != Float32Type():
        return node.emit(nn.CastOp, [x], shape_of(x), element_type=Float32Type()), True
    return x, False


@converts("RMSNormalization")
def _rms_normalization(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    axes = list(range(_axis(node, int(node.attr("axis", -1)), len(xs)), len(xs)))
    work, wide = _stashed(node, x)
    square = node.emit(nn.MulOp, [work, work], xs)
    mean = reduce(node, nn.ReduceMeanOp, square, axes)
    eps = node.scalar(float(np.float32(node.attr("epsilon", 1e-5))), element_type_of(node.value(work)), "epsilon")
    shifted = node.emit(nn.AddOp, [mean, eps], shape_of(mean))
    y = node.emit(nn.DivOp, [work, node.emit(nn.SqrtOp, [shifted], shape_of(shifted))], xs)
    if wide:
        y = node.emit(nn.CastOp, [y], xs, element_type=element_type_of(node.value(x)))
    node.set_output(0, _affine(node, y, node.input(1), None))


@converts("LpNormalization")
def _lp_normalization(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    axis = _axis(node, int(node.attr("axis", -1)), len(xs))
    p = int(node.attr("p", 2))
    if p not in (1, 2):
        node.fail(f"p {p} is not supported; supported are 1 and 2")
    norm = reduce(node, nn.ReduceL1Op if p == 1 else nn.ReduceL2Op, x, [axis])
    # A zero norm (all of x zero along the axis) gives 0, as ONNX's reference:
    # max(norm, the smallest subnormal) is the norm itself otherwise.
    element = element_type_of(node.value(x))
    tiny = node.scalar(float(np.finfo(numpy_dtype(element)).smallest_subnormal), element, "tiny")
    norm = node.emit(nn.MaxOp, [norm, tiny], shape_of(norm))
    node.set_output(0, node.emit(nn.DivOp, [x, norm], xs))


@converts("InstanceNormalization")
def _instance_normalization(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    if len(xs) < 3:
        node.fail(f"the input must have rank >= 3 (N, C and spatial axes), got rank {len(xs)}")
    channel = (xs[1],) + (1,) * (len(xs) - 2)
    scale, bias = (node.reshape(node.input(i), channel) for i in (1, 2))
    y, _, _ = _normalize(node, x, list(range(2, len(xs))), float(np.float32(node.attr("epsilon", 1e-5))))
    node.set_output(0, _affine(node, y, scale, bias))


@converts("GroupNormalization")
def _group_normalization(node: Node) -> None:
    """LayerNormalization of each group of `C / num_groups` channels (with
    the spatial axes), in the `stash_type` precision; scale and bias per
    channel (opset 21) or per group (opset 18)."""
    x, xs = node.input(0), node.shape(0)
    groups = int(node.attr("num_groups", 0))
    if len(xs) < 2 or groups < 1 or xs[1] % groups:
        node.fail(f"num_groups {groups} must divide the {xs[1] if len(xs) > 1 else 0} channels (axis 1)")
    work, wide = _stashed(node, x) if node.version >= 21 else (x, False)
    grouped = (xs[0], groups, math.prod(xs[1:]) // groups)
    y, _, _ = _normalize(node, node.reshape(work, grouped), [2], float(np.float32(node.attr("epsilon", 1e-5))))
    if wide:
        y = node.emit(nn.CastOp, [y], grouped, element_type=element_type_of(node.value(x)))
    if node.version < 21:  # one scale and bias per group
        scale, bias = (node.reshape(node.input(i), (groups, 1)) for i in (1, 2))
        node.set_output(0, node.reshape(_affine(node, y, scale, bias), xs))
        return
    channel = (xs[1],) + (1,) * (len(xs) - 2)
    scale, bias = (node.reshape(node.input(i), channel) for i in (1, 2))
    node.set_output(0, _affine(node, node.reshape(y, xs), scale, bias))


@converts("MeanVarianceNormalization")
def _mean_variance_normalization(node: Node) -> None:
    """ONNX's function: `(x - mean) / (sqrt(mean(x^2) - mean^2) + 1e-9)`
    over `axes` (by default 0, 2, 3)."""
    x, xs = node.input(0), node.shape(0)
    axes = sorted({_axis(node, int(a), len(xs)) for a in node.ints_attr("axes", [0, 2, 3])})
    if not axes:
        node.fail("axes must name at least one axis")
    element = element_type_of(node.value(x))
    mean = reduce(node, nn.ReduceMeanOp, x, axes)
    square_mean = reduce(node, nn.ReduceMeanOp, node.emit(nn.MulOp, [x, x], xs), axes)
    variance = node.emit(nn.SubOp, [square_mean, node.emit(nn.MulOp, [mean, mean], shape_of(mean))], shape_of(mean))
    std = node.emit(nn.SqrtOp, [variance], shape_of(mean))
    std = node.emit(nn.AddOp, [std, node.scalar(1e-9, element, "epsilon")], shape_of(mean))
    node.set_output(0, node.emit(nn.DivOp, [node.emit(nn.SubOp, [x, mean], xs), std], xs))
