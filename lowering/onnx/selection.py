"""ONNX ops that select or mark elements, decomposed into nn ops.

- Hardmax -> 1.0 where `nn.argmax` (the first maximum, kept axis) equals the
  position along the axis, else 0.0 (nn.compare with an iota, nn.cast);
  before opset 13 over the input coerced to 2-D at `axis`.
- OneHot (`depth` and `values` constant) -> `values[1]` where the index
  (cast to INT64 and, when negative, counted from `depth`) equals the
  position along the new `axis`, else `values[0]` (nn.compare, nn.where):
  an index outside `[-depth, depth)` gives a row of `values[0]`.
- EyeLike -> a constant (the input's shape is static).
- Compress (constant condition) -> nn.gather of the selected positions
  (along `axis`, or of the flattened input without one).
- CenterCropPad -> nn.slice of the centred window of a larger axis, nn.pad
  with zeros around a smaller one (the crop starts at `(size - target) //
  2`, the padding before is `(target - size) // 2`).
- HannWindow, HammingWindow, BlackmanWindow (constant size) -> a constant.
"""

from __future__ import annotations

import math

import numpy as np
import onnx
from xdsl.dialects.builtin import StringAttr, i1, i64

from asic.dialects import nn
from asic.dialects.nn import bool_attr, f64_attr, i64_array, i64_attr
from asic.lowering.onnx.graph import Const, Node, Tensor, element_type_of, shape_of
from asic.lowering.onnx.indexing import slice_tensor
from asic.lowering.onnx.ops import _axis, converts


def _equal(node: Node, a: Tensor, b: Tensor, shape) -> Tensor:
    return node.emit(nn.CompareOp, [a, b], shape, {"predicate": StringAttr("equal")}, element_type=i1)


def _iota(node: Node, size: int, axis: int, rank: int, what: str) -> Const:
    """0, 1, ..., size - 1 along `axis` of a rank-`rank` i64 constant."""
    shape = [1] * rank
    shape[axis] = size
    return Const(np.arange(size, dtype=np.int64).reshape(shape), f"{node.proto.name or node.proto.output[0]}.{what}")


def _hardmax(node: Node, x: Tensor, axis: int) -> Tensor:
    xs = shape_of(x)
    index_shape = [1 if a == axis else d for a, d in enumerate(xs)]
    props = {"axis": i64_attr(axis), "keepdims": bool_attr(True), "select_last_index": bool_attr(False)}
    index = node.emit(nn.ArgmaxOp, [x], index_shape, props, element_type=i64)
    hit = _equal(node, index, _iota(node, xs[axis], axis, len(xs), "positions"), xs)
    return node.emit(nn.CastOp, [hit], xs, element_type=element_type_of(node.value(x)))


@converts("Hardmax")
def _hardmax_node(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    if node.version >= 13:
        node.set_output(0, _hardmax(node, x, _axis(node, int(node.attr("axis", -1)), len(xs))))
        return
    axis = _axis(node, int(node.attr("axis", 1)), len(xs))
    flat = (math.prod(xs[:axis]), math.prod(xs[axis:]))
    node.set_output(0, node.reshape(_hardmax(node, node.reshape(x, flat), 1), xs))


@converts("OneHot")
def _one_hot(node: Node) -> None:
    indices, shape = node.input(0), node.shape(0)
    depth_value = node.const(1, "depth").reshape(-1)
    if depth_value.size != 1 or not depth_value[0] >= 1:
        node.fail(f"depth must be one number >= 1, got {depth_value.tolist()}")
    depth = int(depth_value[0])
    values = node.const(2, "the values")
    if values.size != 2:
        node.fail(f"values must hold two elements (off, on), got {values.size}")
    rank = len(shape) + 1
    axis = _axis(node, int(node.attr("axis", -1)), rank)
    if element_type_of(indices) != i64:
        indices = node.emit(nn.CastOp, [indices], shape, element_type=i64)
    base = node.proto.name or node.proto.output[0]
    negative = node.emit(nn.CompareOp, [indices, Const(np.int64(0), f"{base}.zero")], shape,
                         {"predicate": StringAttr("less")}, element_type=i1)
    wrapped = node.emit(nn.AddOp, [indices, Const(np.int64(depth), f"{base}.depth")], shape)
    indices = node.emit(nn.WhereOp, [negative, wrapped, indices], shape, element_type=i64)
    expanded = node.reshape(indices, [*shape[:axis], 1, *shape[axis:]])
    out_shape = [*shape[:axis], depth, *shape[axis:]]
    hit = _equal(node, expanded, _iota(node, depth, axis, rank, "positions"), out_shape)
    off, on = (node.value(Const(v, f"{base}.{what}")) for v, what in zip(values.reshape(-1), ("off", "on")))
    node.set_output(0, node.emit(nn.WhereOp, [hit, on, off], out_shape, element_type=element_type_of(on)))


@converts("EyeLike")
def _eye_like(node: Node) -> None:
    xs = node.shape(0)
    if len(xs) != 2:
        node.fail(f"the input must have rank 2, got rank {len(xs)}")
    if node.has_attr("dtype"):
        dtype = onnx.helper.tensor_dtype_to_np_dtype(int(node.attr("dtype")))
    else:
        dtype = nn.numpy_dtype(element_type_of(node.input(0)))
    eye = np.eye(xs[0], xs[1], int(node.attr("k", 0)), dtype=dtype)
    node.set_output(0, Const(eye, node.proto.output[0]))


@converts("Compress")
def _compress(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    condition = node.const(1, "the condition").reshape(-1).astype(bool)
    if node.has_attr("axis"):
        axis = _axis(node, int(node.attr("axis")), len(xs))
    else:
        x, xs, axis = node.reshape(x, (math.prod(xs),)), (math.prod(xs),), 0
    if condition.size > xs[axis]:
        node.fail(f"the condition has {condition.size} elements, the axis {xs[axis]}")
    selected = np.flatnonzero(condition).astype(np.int64)
    if isinstance(x, Const):
        node.set_output(0, Const(np.take(x.array, selected, axis=axis), node.proto.output[0]))
        return
    indices = Const(selected, f"{node.proto.name or node.proto.output[0]}.indices")
    shape = (*xs[:axis], selected.size, *xs[axis + 1 :])
    node.set_output(0, node.emit(nn.GatherOp, [x, indices], shape, {"axis": i64_attr(axis)}))


@converts("CenterCropPad")
def _center_crop_pad(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    target = [int(v) for v in node.const(1, "the shape").reshape(-1)]
    axes = [_axis(node, int(a), len(xs)) for a in node.ints_attr("axes", list(range(len(xs))))]
    if len(target) != len(axes) or any(t < 0 for t in target):
        node.fail(f"shape {target} must hold one size >= 0 per axis of {axes}")
    windows, pads = {}, [0] * (2 * len(xs))
    for axis, size in zip(axes, target):
        if size < xs[axis]:
            start = (xs[axis] - size) // 2
            windows[axis] = (start, start + size, 1)
        elif size > xs[axis]:
            pads[axis] = (size - xs[axis]) // 2
            pads[len(xs) + axis] = size - xs[axis] - pads[axis]
    y = slice_tensor(node, x, windows)
    if any(pads):
        ys = shape_of(y)
        shape = [d + pads[a] + pads[len(xs) + a] for a, d in enumerate(ys)]
        props = {"pads": i64_array(pads), "mode": StringAttr("constant"), "value": f64_attr(0.0)}
        y = node.emit(nn.PadOp, [y], shape, props)
    node.set_output(0, y)


WINDOWS = {
    "HannWindow": lambda n, d: 0.5 - 0.5 * np.cos(2 * np.pi * n / d),
    "HammingWindow": lambda n, d: 25 / 46 - (1 - 25 / 46) * np.cos(2 * np.pi * n / d),
    "BlackmanWindow": lambda n, d: 0.42 - 0.5 * np.cos(2 * np.pi * n / d) + 0.08 * np.cos(4 * np.pi * n / d),
}
"""The window functions of ONNX by op type, of the position `n` and the
period `d` (the size when `periodic`, else the size - 1)."""


@converts(*WINDOWS)
def _window(node: Node) -> None:
    size = node.const(0, "the size").reshape(-1)
    if size.size != 1 or not size[0] >= 0:
        node.fail(f"the size must be one integer >= 0, got {size.tolist()}")
    n = int(size[0])
    period = n if node.attr("periodic", 1) else n - 1
    dtype = onnx.helper.tensor_dtype_to_np_dtype(int(node.attr("output_datatype", onnx.TensorProto.FLOAT)))
    with np.errstate(all="ignore"):
        window = WINDOWS[node.op_type](np.arange(n, dtype=np.float64), period)
    node.set_output(0, Const(window.astype(dtype), node.proto.output[0]))
