"""ONNX indexing, broadcasting and import-time ops of the frontend.

On a tensor known at import time (a constant, or computed from static
shapes) every op here is evaluated with numpy, whatever its element type
(integer and boolean shape arithmetic folds away). On a run-time float tensor:

- Slice -> nn.slice (starts, ends, axes and steps constant inputs, or
  attributes before opset 10), clamped as ONNX clamps them; a slice that
  keeps everything binds its input.
- Gather -> nn.gather: constant indices are checked and their negative
  values resolved; run-time INT64 indices (an embedding lookup) are passed.
- Split -> one nn.slice per output (sizes from the `split` attribute before
  opset 13, the input since, else equal parts, the last smaller with
  `num_outputs`).
- Expand -> nn.mul by a splat of ones of the broadcast shape (exact for
  every float, -0.0, inf and nan included).
- Tile -> nn.concat of copies along each repeated axis.
- DepthToSpace, SpaceToDepth (DCR, CRD) -> nn.reshape, nn.transpose,
  nn.reshape.
- Einsum -> nn.einsum (an implicit equation gets its explicit output: the
  letters used once, in alphabetical order).
- CastLike -> Cast to the type of the second input.
- Equal, Less, Greater and their OrEqual forms -> nn.compare (float or
  integer operands, an i1 result); And, Or, Xor -> nn.logical, Not -> nn.not
  (i1 operands); Where -> nn.where (an i1 condition, values of any type).
- Range needs its inputs at import time (its length is their function);
  Size is the static shape's element count.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import onnx
from xdsl.dialects.builtin import i1, i64

from asic.dialects import nn
from asic.dialects.attributes import numpy_dtype
from asic.dialects.nn import i64_array, i64_attr
from asic.lowering.onnx.graph import (
    ONNX_FLOAT_TYPES,
    Const,
    Node,
    Tensor,
    element_type_of,
    shape_of,
)
from asic.lowering.onnx.ops import _axis, _broadcast, cast_to, converts, import_time_only


def _ints(node: Node, i: int, what: str) -> list[int]:
    return [int(v) for v in node.const(i, what).reshape(-1)]


def slice_tensor(node: Node, x: Tensor, windows: dict[int, tuple[int, int, int]]) -> Tensor:
    """`x[start:stop:step]` on the axes of `windows` (numpy slice
    semantics, already clamped): nn.slice, or `x` when nothing is cut."""
    xs = shape_of(x)
    starts, steps, shape = [0] * len(xs), [1] * len(xs), list(xs)
    for axis, (start, stop, step) in windows.items():
        starts[axis], steps[axis] = start, step
        shape[axis] = len(range(start, stop, step))
        if shape[axis] == 0:
            starts[axis] = 0
    if shape == list(xs) and all(s == 1 for s in steps):
        return x
    if isinstance(x, Const):
        index = tuple(slice(s, s + n * st if s + n * st >= 0 else None, st) for s, n, st in zip(starts, shape, steps))
        return Const(x.array[index], x.name)
    props = {"starts": i64_array(starts), "steps": i64_array(steps)}
    return node.emit(nn.SliceOp, [x], shape, props)


@converts("Slice")
def _slice(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    if node.version < 10:
        starts, ends = node.ints_attr("starts", []), node.ints_attr("ends", [])
        axes = node.ints_attr("axes", list(range(len(starts))))
        steps = [1] * len(starts)
    else:
        starts, ends = _ints(node, 1, "starts"), _ints(node, 2, "ends")
        axes = _ints(node, 3, "axes") if node.has_input(3) else list(range(len(starts)))
        steps = _ints(node, 4, "steps") if node.has_input(4) else [1] * len(starts)
    if not len(starts) == len(ends) == len(axes) == len(steps):
        node.fail("starts, ends, axes and steps must have the same length")
    windows: dict[int, tuple[int, int, int]] = {}
    for start, end, axis, step in zip(starts, ends, axes, steps):
        axis = _axis(node, axis, len(xs))
        if axis in windows:
            node.fail(f"axis {axis} is sliced twice")
        if step == 0:
            node.fail("a step must not be 0")
        windows[axis] = slice(start, end, step).indices(xs[axis])
    node.set_output(0, slice_tensor(node, x, windows))


@converts("Gather")
def _gather(node: Node) -> None:
    data, xs = node.input(0), node.shape(0)
    axis = _axis(node, int(node.attr("axis", 0)), len(xs))
    if not node.is_const(1):  # run-time indices (an embedding lookup)
        if element_type_of(node.input(1)) != i64:
            node.fail(f"run-time indices must be INT64, got {element_type_of(node.input(1))}")
        shape = (*xs[:axis], *node.shape(1), *xs[axis + 1 :])
        node.set_output(0, node.emit(nn.GatherOp, [data, node.input(1)], shape, {"axis": i64_attr(axis)}))
        return
    indices = node.const(1, "the indices").astype(np.int64)
    if indices.size and (indices.min() < -xs[axis] or indices.max() >= xs[axis]):
        node.fail(f"indices must lie in [{-xs[axis]}, {xs[axis] - 1}] (axis {axis} has {xs[axis]} elements)")
    indices = np.where(indices < 0, indices + xs[axis], indices)
    if isinstance(data, Const):
        node.set_output(0, Const(np.take(data.array, indices, axis=axis), node.proto.output[0]))
        return
    shape = (*xs[:axis], *indices.shape, *xs[axis + 1 :])
    index = Const(indices, f"{node.proto.name or node.proto.output[0]}.indices")
    node.set_output(0, node.emit(nn.GatherOp, [data, index], shape, {"axis": i64_attr(axis)}))


@converts("Split")
def _split(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    axis = _axis(node, int(node.attr("axis", 0)), len(xs))
    outputs = node.num_outputs
    if node.version < 13:
        sizes = node.ints_attr("split")
    else:
        sizes = _ints(node, 1, "split") if node.has_input(1) else None
    if sizes is None:
        count = int(node.attr("num_outputs", outputs)) if node.version >= 18 else outputs
        part = -(-xs[axis] // count)
        sizes = [min(part, xs[axis] - i * part) for i in range(count)]
    if len(sizes) != outputs or sum(sizes) != xs[axis] or min(sizes, default=0) < 0:
        node.fail(f"split sizes {sizes} do not divide axis {axis} of size {xs[axis]} into {outputs} outputs")
    begin = 0
    for i, size in enumerate(sizes):
        node.set_output(i, slice_tensor(node, x, {axis: (begin, begin + size, 1)}))
        begin += size


@converts("Expand")
def _expand(node: Node) -> None:
    x = node.input(0)
    shape = _broadcast(node, shape_of(x), _ints(node, 1, "the shape"))
    if isinstance(x, Const):
        node.set_output(0, Const(np.broadcast_to(x.array, shape), node.proto.output[0]))
    elif shape == shape_of(x):
        node.set_output(0, x)
    else:
        ones = Const(np.ones(shape, _dtype(node, x)), f"{node.proto.name or node.proto.output[0]}.ones")
        node.set_output(0, node.emit(nn.MulOp, [x, ones], shape))


def _dtype(node: Node, x: Tensor) -> np.dtype:
    try:
        return numpy_dtype(element_type_of(x))
    except ValueError:
        node.fail(f"{node.op_type} of a {element_type_of(x)} tensor is not supported (numpy has no such type)")


@converts("Tile")
def _tile(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    repeats = _ints(node, 1, "repeats")
    if len(repeats) != len(xs) or min(repeats, default=1) < 0:
        node.fail(f"repeats {repeats} must be {len(xs)} non-negative counts, one per axis")
    if isinstance(x, Const):
        node.set_output(0, Const(np.tile(x.array, repeats), node.proto.output[0]))
        return
    y = x
    for axis, count in enumerate(repeats):
        if count == 0:
            node.fail("a repeat count of 0 (an empty result) is not supported on run-time tensors")
        if count > 1:
            shape = list(shape_of(y))
            shape[axis] *= count
            y = node.emit(nn.ConcatOp, [y] * count, shape, {"axis": i64_attr(axis)})
    node.set_output(0, y)


def explicit_equation(node: Node, equation: str) -> str:
    """The einsum `equation` with its output term (implicit: the letters
    used once, in alphabetical order); an ellipsis is a diagnostic."""
    equation = equation.replace(" ", "")
    if "." in equation:
        node.fail(f"equation '{equation}' has an ellipsis, which is not supported")
    if "->" in equation:
        return equation
    letters = equation.replace(",", "")
    return equation + "->" + "".join(sorted(c for c in set(letters) if letters.count(c) == 1))


@converts("DepthToSpace", "SpaceToDepth")
def _depth_to_space(node: Node) -> None:
    """A reshape to rank 6, a transpose and a reshape back (ONNX's
    definition, in DCR or CRD mode)."""
    x, xs = node.input(0), node.shape(0)
    b = int(node.attr("blocksize", 0))
    if len(xs) != 4 or b < 1:
        node.fail(f"needs an NCHW input and a blocksize >= 1, got shape {list(xs)} and blocksize {b}")
    n, c, h, w = xs
    if node.op_type == "SpaceToDepth":
        if h % b or w % b:
            node.fail(f"the blocksize {b} does not divide H and W of {list(xs)}")
        inner = (n, c, h // b, b, w // b, b)
        perm = (0, 3, 5, 1, 2, 4) if node.attr("mode", "DCR") == "DCR" else (0, 1, 3, 5, 2, 4)
        out = (n, c * b * b, h // b, w // b)
    else:
        if c % (b * b):
            node.fail(f"blocksize {b} squared does not divide the {c} channels")
        if node.attr("mode", "DCR") == "DCR":
            inner, perm = (n, b, b, c // (b * b), h, w), (0, 3, 4, 1, 5, 2)
        else:
            inner, perm = (n, c // (b * b), b, b, h, w), (0, 1, 4, 2, 5, 3)
        out = (n, c // (b * b), h * b, w * b)
    node.set_output(0, node.reshape(node.transpose(node.reshape(x, inner), perm), out))


@converts("Einsum")
def _einsum(node: Node) -> None:
    operands = node.inputs()
    equation = explicit_equation(node, str(node.attr("equation", "")))
    shapes = [shape_of(t) for t in operands]
    terms = equation.split("->")[0].split(",")
    if len(terms) != len(shapes) or any(len(t) != len(s) for t, s in zip(terms, shapes)):
        node.fail(f"equation '{equation}' does not match the operand shapes {[list(s) for s in shapes]}")
    sizes = {c: d for t, s in zip(terms, shapes) for c, d in zip(t, s)}
    shape = [sizes[c] for c in equation.split("->")[1]]
    props = {"equation": nn.StringAttr(equation)}
    node.set_output(0, node.emit(nn.EinsumOp, operands, shape, props))


@converts("CastLike")
def _cast_like(node: Node) -> None:
    target = node.input(1)
    if isinstance(target, Const):
        to = onnx.helper.np_dtype_to_tensor_dtype(target.array.dtype)
    else:
        element = element_type_of(target)
        floats = [t for t, cls in ONNX_FLOAT_TYPES.items() if element == cls()]
        to = floats[0] if floats else onnx.helper.np_dtype_to_tensor_dtype(_dtype(node, target))
    cast_to(node, node.input(0), to)


# -- import-time only ----------------------------------------------------------


def _import_time(function: Callable[..., np.ndarray]) -> Callable[[Node], None]:
    def convert(node: Node) -> None:
        import_time_only(node)
        arrays = [t.array for t in node.inputs()]  # type: ignore[union-attr]
        node.set_output(0, Const(np.asarray(function(node, *arrays)), node.proto.output[0]))

    return convert


IMPORT_TIME: dict[str, Callable[..., np.ndarray]] = {
    "Equal": lambda node, a, b: np.equal(a, b),
    "Less": lambda node, a, b: np.less(a, b),
    "LessOrEqual": lambda node, a, b: np.less_equal(a, b),
    "Greater": lambda node, a, b: np.greater(a, b),
    "GreaterOrEqual": lambda node, a, b: np.greater_equal(a, b),
    "Not": lambda node, a: np.logical_not(a),
    "And": lambda node, a, b: np.logical_and(a, b),
    "Or": lambda node, a, b: np.logical_or(a, b),
    "Xor": lambda node, a, b: np.logical_xor(a, b),
    "Where": lambda node, c, a, b: np.where(c, a, b),
}
"""Ops evaluated at import time only, by op type: numpy of the inputs."""

for _op_type, _function in IMPORT_TIME.items():
    converts(_op_type)(_import_time(_function))


@converts("Range")
def _range(node: Node) -> None:
    """The length of the result is its inputs' function: they are needed at
    import time."""
    start, limit, delta = (node.const(i, what) for i, what in enumerate(("start", "limit", "delta")))
    value = np.arange(start, limit, delta).astype(start.dtype)
    node.set_output(0, Const(value, node.proto.output[0]))


@converts("Size")
def _size(node: Node) -> None:
    """The number of elements of the input's static shape."""
    node.set_output(0, Const(np.int64(np.prod(node.shape(0), dtype=np.int64)), node.proto.output[0]))

_PREDICATES = {
    "Equal": "equal", "Less": "less", "LessOrEqual": "less_equal",
    "Greater": "greater", "GreaterOrEqual": "greater_equal",
}
_LOGICAL = {"And": "and", "Or": "or", "Xor": "xor"}


@converts(*_PREDICATES, *_LOGICAL, "Not", "Where")
def _boolean(node: Node) -> None:
    """On constants: numpy at import. Else nn.compare of float tensors,
    nn.logical / nn.not of boolean ones, nn.where with a boolean condition."""
    operands = node.inputs()
    if all(isinstance(t, Const) for t in operands):
        _import_time(IMPORT_TIME[node.op_type])(node)
        return
    shape = _broadcast(node, *[shape_of(t) for t in operands])
    if node.op_type in _PREDICATES:
        props = {"predicate": nn.StringAttr(_PREDICATES[node.op_type])}
        node.set_output(0, node.emit(nn.CompareOp, operands, shape, props, element_type=i1))
    elif node.op_type in _LOGICAL:
        props = {"kind": nn.StringAttr(_LOGICAL[node.op_type])}
        node.set_output(0, node.emit(nn.LogicalOp, operands, shape, props, element_type=i1))
    elif node.op_type == "Not":
        node.set_output(0, node.emit(nn.NotOp, operands, shape, element_type=i1))
    else:
        node.set_output(0, node.emit(nn.WhereOp, operands, shape, element_type=element_type_of(operands[1])))
