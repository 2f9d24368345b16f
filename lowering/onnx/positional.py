"""ONNX ops whose result depends on the positions of the elements.

- GatherElements -> nn.gather_elements (constant indices are checked
  against the axis and their negative values resolved at import; run-time
  INT32 or INT64 indices are passed).
- Trilu -> nn.trilu (`k` a constant input, 0 when absent).
- CumSum, CumProd -> nn.cumsum, nn.cumprod (`axis` a constant input,
  `exclusive` and `reverse` as the node's attributes).
- ScatterElements (and the older Scatter), ScatterND -> nn.scatter_elements,
  nn.scatter_nd (`reduction` as the node's attribute); GatherND ->
  nn.gather_nd; indices at run time or constant, checked when run.
- ReverseSequence (constant `sequence_lens`) -> nn.gather_elements of the
  reversed positions along the time axis.
- TensorScatter (constant write indices) -> nn.scatter_elements of the
  update at each sample's positions.
- TopK (`k` constant) -> nn.top_k, the Indices output, and the Values its
  nn.gather_elements (sorted whatever `sorted` says: ONNX leaves the order
  free then).
"""

from __future__ import annotations

import numpy as np
from xdsl.dialects.builtin import IntegerType, StringAttr, i64

from asic.dialects import nn
from asic.dialects.nn import bool_attr, i64_attr
from asic.lowering.onnx.graph import Const, Node, element_type_of
from asic.lowering.onnx.ops import _axis, converts


def _scalar_int(node: Node, i: int, what: str) -> int:
    value = node.const(i, what)
    if value.size != 1 or value.dtype.kind not in "iu":
        node.fail(f"{what} must be one integer, got {value.dtype} of shape {list(value.shape)}")
    return int(value.reshape(-1)[0])


@converts("GatherElements")
def _gather_elements(node: Node) -> None:
    xs, idx = node.shape(0), node.shape(1)
    axis = _axis(node, int(node.attr("axis", 0)), len(xs))
    indices = node.input(1)
    if isinstance(indices, Const):
        array = indices.array.astype(np.int64)
        if array.size and (array.min() < -xs[axis] or array.max() >= xs[axis]):
            node.fail(f"indices must lie in [{-xs[axis]}, {xs[axis] - 1}] (axis {axis} has {xs[axis]} elements)")
        indices = Const(np.where(array < 0, array + xs[axis], array), f"{node.proto.name or node.proto.output[0]}.indices")
    elif element_type_of(indices) not in (i64, IntegerType(32)):
        node.fail(f"run-time indices must be INT32 or INT64, got {element_type_of(indices)}")
    props = {"axis": i64_attr(axis)}
    node.set_output(0, node.emit(nn.GatherElementsOp, [node.input(0), indices], idx, props))


@converts("Trilu")
def _trilu(node: Node) -> None:
    k = _scalar_int(node, 1, "k") if node.has_input(1) else 0
    props = {"upper": bool_attr(bool(node.attr("upper", 1))), "k": i64_attr(k)}
    node.set_output(0, node.emit(nn.TriluOp, [node.input(0)], node.shape(0), props))


@converts("CumSum", "CumProd")
def _cumulative(node: Node) -> None:
    xs = node.shape(0)
    axis = _axis(node, _scalar_int(node, 1, "axis"), len(xs))
    props = {
        "axis": i64_attr(axis),
        "exclusive": bool_attr(bool(node.attr("exclusive", 0))),
        "reverse": bool_attr(bool(node.attr("reverse", 0))),
    }
    op = nn.CumsumOp if node.op_type == "CumSum" else nn.CumprodOp
    node.set_output(0, node.emit(op, [node.input(0)], xs, props))


@converts("TopK")
def _top_k(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    axis = _axis(node, int(node.attr("axis", -1)), len(xs))
    k = int(node.attr("k")) if node.version < 10 else _scalar_int(node, 1, "k")
    if not 0 <= k <= xs[axis]:
        node.fail(f"k {k} must lie in [0, {xs[axis]}] (the size of axis {axis})")
    shape = [k if a == axis else d for a, d in enumerate(xs)]
    props = {"axis": i64_attr(axis), "k": i64_attr(k), "largest": bool_attr(bool(node.attr("largest", 1)))}
    indices = node.emit(nn.TopKOp, [x], shape, props, element_type=i64)
    node.set_output(0, node.emit(nn.GatherElementsOp, [x, indices], shape, {"axis": i64_attr(axis)}))
    node.set_output(1, indices)


@converts("ScatterElements", "Scatter")
def _scatter_elements(node: Node) -> None:
    xs = node.shape(0)
    axis = _axis(node, int(node.attr("axis", 0)), len(xs))
    props = {"axis": i64_attr(axis), "reduction": StringAttr(node.attr("reduction", "none"))}
    operands = [node.input(0), node.input(1), node.input(2)]
    node.set_output(0, node.emit(nn.ScatterElementsOp, operands, xs, props))


@converts("ScatterND")
def _scatter_nd(node: Node) -> None:
    props = {"reduction": StringAttr(node.attr("reduction", "none"))}
    operands = [node.input(0), node.input(1), node.input(2)]
    node.set_output(0, node.emit(nn.ScatterNdOp, operands, node.shape(0), props))


@converts("GatherND")
def _gather_nd(node: Node) -> None:
    xs, idx = node.shape(0), node.shape(1)
    b = int(node.attr("batch_dims", 0))
    if not idx or not 0 <= b < len(idx) or not 1 <= idx[-1] <= len(xs) - b:
        node.fail(f"indices of shape {list(idx)} with batch_dims {b} do not index the input {list(xs)}")
    shape = [*xs[:b], *idx[b:-1], *xs[b + idx[-1] :]]
    props = {"batch_dims": i64_attr(b)}
    node.set_output(0, node.emit(nn.GatherNdOp, [node.input(0), node.input(1)], shape, props))


@converts("ReverseSequence")
def _reverse_sequence(node: Node) -> None:
    """nn.gather_elements along the time axis of the positions `length - 1
    - t` for `t < length` (the batch's constant length), `t` after."""
    xs = node.shape(0)
    time, batch = (_axis(node, int(node.attr(a, d)), len(xs)) for a, d in (("time_axis", 0), ("batch_axis", 1)))
    if len(xs) < 2 or time == batch or time > 1 or batch > 1:
        node.fail(f"time_axis and batch_axis must be 0 and 1 (in either order), got {time} and {batch}")
    lengths = node.const(1, "sequence_lens").reshape(-1).astype(np.int64)
    if lengths.size != xs[batch] or lengths.min(initial=0) < 0 or lengths.max(initial=0) > xs[time]:
        node.fail(f"sequence_lens {lengths.tolist()} must hold one length in [0, {xs[time]}] per batch element")
    t = np.arange(xs[time]).reshape(-1, 1)
    positions = np.where(t < lengths, lengths - 1 - t, t)  # [time, batch]
    if batch == 0:
        positions = positions.T
    positions = np.broadcast_to(positions.reshape(*positions.shape, *[1] * (len(xs) - 2)), xs)
    indices = Const(np.ascontiguousarray(positions), f"{node.proto.name or node.proto.output[0]}.positions")
    node.set_output(0, node.emit(nn.GatherElementsOp, [node.input(0), indices], xs, {"axis": i64_attr(time)}))


@converts("TensorScatter")
def _tensor_scatter(node: Node) -> None:
    """nn.scatter_elements of the update into the cache along `axis`, at
    each sample's constant write index onwards (modulo the cache's length
    with mode circular)."""
    cache, update = node.shape(0), node.shape(1)
    axis = _axis(node, int(node.attr("axis", -2)), len(cache))
    if axis == 0 or len(update) != len(cache) or any(
        u != c for a, (u, c) in enumerate(zip(update, cache)) if a != axis
    ) or update[axis] > cache[axis]:
        node.fail(f"the update {list(update)} must be the cache {list(cache)} but for a shorter axis {axis} (not 0)")
    length = cache[axis]
    starts = node.const(2, "the write indices").reshape(-1) if node.has_input(2) else np.zeros(cache[0], np.int64)
    if starts.size != cache[0]:
        node.fail(f"the write indices must hold one index per sample ({cache[0]}), got {starts.size}")
    steps = np.arange(update[axis]).reshape([update[axis] if a == axis else 1 for a in range(len(cache))])
    positions = starts.astype(np.int64).reshape(-1, *[1] * (len(cache) - 1)) + steps
    if node.attr("mode", "linear") == "circular":
        positions = positions % length
    elif positions.size and (positions.min() < 0 or positions.max() >= length):
        node.fail(f"the writes reach positions {positions.min()} to {positions.max()} of a cache of {length}")
    indices = Const(np.ascontiguousarray(np.broadcast_to(positions, update)), f"{node.proto.name or node.proto.output[0]}.positions")
    props = {"axis": i64_attr(axis), "reduction": StringAttr("none")}
    node.set_output(0, node.emit(nn.ScatterElementsOp, [node.input(0), indices, node.input(1)], cache, props))
