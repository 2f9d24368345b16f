"""Per-op conversions of the ONNX frontend (`asic.lowering.onnx.importer`).

`CONVERTERS[op_type](node)` converts one ONNX node (a `Node` of the graph
walk, `asic.lowering.onnx.graph`): it reads the node's
attributes and inputs, emits nn ops (or computes an import-time constant)
and binds the node's outputs. `node.version` is the `since_version` of the
op's schema in the model's opset; the conversions branch on it where the
semantics changed. How each op maps:

- Conv -> nn.conv2d (1-D convolutions through a reshape to height 1);
  `auto_pad` SAME_UPPER / SAME_LOWER / VALID become explicit pads.
- Gemm with a constant B -> nn.dense with the [N, K] weight `alpha * B'^T`
  (the transposes and alpha folded into the constant) and, when `beta * C`
  is constant and the same for every row, its bias; otherwise nn.matmul,
  nn.transpose, nn.mul by alpha/beta, nn.add of C.
- MatMul: 2-D lhs with a constant 2-D rhs -> nn.dense with weight `rhs^T`;
  otherwise nn.matmul (1-D operands through reshapes).
- Add, Sub, Mul, Div -> nn ops with numpy broadcasting; before opset 7 the
  `broadcast`/`axis` attributes align B first. On integer constants (shape
  arithmetic) they are evaluated at import.
- Relu, Sigmoid, Tanh, LeakyRelu, Erf, Gelu, Sqrt, Exp, ... -> the nn
  elementwise function of the table `ELEMENTWISE` (its op, its properties
  from the node's attributes), which the QDQ import also reads; on an
  integer constant (shape arithmetic) the function is evaluated at import.
- Sum, Mean, Min, Max -> chains of nn.add (Mean then nn.div by the count),
  nn.min, nn.max; evaluated at import on integer constants. Pow -> nn.pow
  (a constant exponent in the base's type), PRelu -> nn.prelu (before
  opset 7 a 1-D slope is per channel).
- Softmax before 13 coerces to 2-D: nn.softmax on
  the last axis between two nn.reshape (none when the axis is the last).
- Squeeze, Unsqueeze, Reshape, Flatten -> nn.reshape / nn.flatten.
- Dropout, Identity and a Cast to the same type bind their input (Dropout's
  mask output is not supported: nn has no boolean tensors).
- Shape is import-time only (of any statically shaped tensor); Gather,
  Slice and the other indexing ops are in `asic.lowering.onnx.indexing`,
  reductions and normalizations in `asic.lowering.onnx.reductions`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import onnx
from xdsl.dialects.builtin import i64
from xdsl.ir import Attribute

from asic.dialects import nn
from asic.dialects.attributes import element_type_for, numpy_dtype
from asic.dialects.nn import bool_attr, f64_attr, i64_array, i64_attr, pooled_size
from asic.lowering.onnx.graph import (
    FLOAT_ELEMENT_TYPES,
    ONNX_FLOAT_TYPES,
    Const,
    Node,
    Tensor,
    element_type_of,
    shape_of,
)

CONVERTERS: dict[str, Callable[[Node], None]] = {}


def converts(*op_types: str) -> Callable[[Callable[[Node], None]], Callable[[Node], None]]:
    def register(function: Callable[[Node], None]) -> Callable[[Node], None]:
        for op_type in op_types:
            CONVERTERS[op_type] = function
        return function

    return register


def _is_float(t: Tensor) -> bool:
    if isinstance(t, Const):
        return t.array.dtype.kind == "f"
    return isinstance(element_type_of(t), FLOAT_ELEMENT_TYPES)


def _axis(node: Node, axis: int, rank: int, what: str = "axis") -> int:
    if not -rank <= axis < rank:
        node.fail(f"{what} {axis} is out of range for a tensor of rank {rank}")
    return axis % rank


# --------------------------------------------------------------------------
# Convolution and pooling
# --------------------------------------------------------------------------


def window_geometry(
    node: Node, spatial: Sequence[int], kernel: Sequence[int]
) -> tuple[list[int], list[int], list[int]]:
    """strides, pads (ONNX order: all begins, then all ends) and dilations of
    a sliding window over `spatial`, with `auto_pad` resolved."""
    n = len(kernel)
    strides = node.ints_attr("strides", [1] * n)
    dilations = node.ints_attr("dilations", [1] * n)
    if len(strides) != n or len(dilations) != n:
        node.fail(f"strides and dilations must have {n} values, one per spatial axis")
    auto_pad = node.attr("auto_pad", "NOTSET")
    if auto_pad == "NOTSET":
        pads = node.ints_attr("pads", [0] * (2 * n))
        if len(pads) != 2 * n:
            node.fail(f"pads must have {2 * n} values, got {len(pads)}")
    elif auto_pad == "VALID":
        pads = [0] * (2 * n)
    elif auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        begins, ends = [], []
        for size, k, s, d in zip(spatial, kernel, strides, dilations):
            out = -(-size // s)
            total = max(0, (out - 1) * s + (k - 1) * d + 1 - size)
            small = total // 2
            begin = small if auto_pad == "SAME_UPPER" else total - small
            begins.append(begin)
            ends.append(total - begin)
        pads = begins + ends
    else:
        node.fail(
            f"auto_pad '{auto_pad}' is not supported; supported values are NOTSET, "
            "VALID, SAME_UPPER and SAME_LOWER"
        )
    if any(p < 0 for p in pads):
        node.fail(f"negative pads {pads} are not supported")
    return strides, pads, dilations


def _spatial_rank(node: Node, rank: int, what: str) -> int:
    if rank not in (3, 4):
        node.fail(
            f"{rank - 2}-D {what} is not supported; {node.op_type} is supported on "
            "1-D and 2-D inputs (rank 3 or 4, NCW or NCHW)"
        )
    return rank - 2


def _lift_1d(values: Sequence[int], fill: int) -> list[int]:
    """1-D window parameters as 2-D ones over a height-1 image."""
    return [fill, *values]


def _lift_pads(pads: Sequence[int]) -> list[int]:
    return [0, pads[0], 0, pads[1]]


def conv_properties(
    strides: Sequence[int], pads: Sequence[int], dilations: Sequence[int], groups: int
) -> dict[str, Attribute]:
    """The geometry properties of a 2-D (transposed) convolution."""
    return {
        "strides": i64_array(strides),
        "pads": i64_array(pads),
        "dilations": i64_array(dilations),
        "groups": i64_attr(groups),
    }


@converts("Conv")
def _conv(node: Node) -> None:
    x, w = node.input(0), node.input(1)
    xs, ws = node.shape(0), node.shape(1)
    _spatial_rank(node, len(xs), "convolution")
    if len(ws) != len(xs):
        node.fail(f"the weight has rank {len(ws)}, the input rank {len(xs)}")
    kernel = list(ws[2:])
    declared = node.ints_attr("kernel_shape")
    if declared is not None and list(declared) != kernel:
        node.fail(f"kernel_shape {declared} does not match the weight's shape {list(ws)}")
    bias = node.input(2) if node.has_input(2) else None
    node.set_output(0, convolve(node, x, w, bias, int(node.attr("group", 1))))


def convolve(node: Node, x: Tensor, w: Tensor, bias: Tensor | None, groups: int) -> Tensor:
    """nn.conv2d of `x` (rank 3 or 4) by `w` with the window attributes of
    the node (strides, pads, auto_pad, dilations); 1-D lifted to 2-D."""
    xs, ws = shape_of(x), shape_of(w)
    spatial = len(xs) - 2
    kernel = list(ws[2:])
    strides, pads, dilations = window_geometry(node, xs[2:], kernel)
    if spatial == 1:
        x = node.reshape(x, (xs[0], xs[1], 1, xs[2]))
        w = node.reshape(w, (ws[0], ws[1], 1, ws[2]))
        kernel, strides = [1, *kernel], _lift_1d(strides, 1)
        pads, dilations = _lift_pads(pads), _lift_1d(dilations, 1)
    in_shape = shape_of(x)
    out = [
        pooled_size(in_shape[2 + a], kernel[a], strides[a], pads[a], pads[2 + a], dilations[a])
        for a in range(2)
    ]
    props = conv_properties(strides, pads, dilations, groups)
    y = node.emit(nn.Conv2dOp, [x, w, bias], (xs[0], ws[0], *out), props)
    if spatial == 1:
        y = node.reshape(y, (xs[0], ws[0], out[1]))
    return y


@converts("LpPool")
def _lp_pool(node: Node) -> None:
    """`(sum over the window of |x|^p)^(1/p)`: the sum a depthwise
    convolution by ones (padding adds zeros)."""
    x, xs = node.input(0), node.shape(0)
    spatial = _spatial_rank(node, len(xs), "pooling")
    kernel = node.ints_attr("kernel_shape")
    if kernel is None or len(kernel) != spatial:
        node.fail(f"kernel_shape must have {spatial} values, one per spatial axis")
    if node.attr("ceil_mode", 0):
        node.fail("ceil_mode=1 is not supported; LpPool is supported with ceil_mode 0")
    element = element_type_of(node.value(x))
    p = int(node.attr("p", 2))
    if p < 1:
        node.fail(f"p {p} is not supported; LpPool is supported with p >= 1")
    powered = node.emit(nn.PowOp, [node.emit(nn.AbsOp, [x], xs), node.scalar(p, element, "p")], xs)
    ones = Const(np.ones((xs[1], 1, *kernel), numpy_dtype(element)), f"{node.proto.name or node.proto.output[0]}.window")
    total = convolve(node, powered, ones, None, xs[1])
    node.set_output(0, node.emit(nn.PowOp, [total, node.scalar(1 / p, element, "root")], shape_of(total)))


def _pool(node: Node, op_type: type[nn.Pool2dOp]) -> None:
    x = node.input(0)
    xs = node.shape(0)
    spatial = _spatial_rank(node, len(xs), "pooling")
    kernel = node.ints_attr("kernel_shape")
    if kernel is None or len(kernel) != spatial:
        node.fail(f"kernel_shape must have {spatial} values, one per spatial axis")
    strides, pads, dilations = window_geometry(node, xs[2:], kernel)
    ceil_mode = bool(node.attr("ceil_mode", 0))
    props = {"ceil_mode": bool_attr(ceil_mode)}
    if op_type is nn.Avgpool2dOp:
        props["count_include_pad"] = bool_attr(bool(node.attr("count_include_pad", 0)))
    elif node.output_used(1):
        node.fail("the Indices output is not supported; MaxPool is supported with one output")
    if spatial == 1:
        x = node.reshape(x, (xs[0], xs[1], 1, xs[2]))
        kernel, strides = [1, *kernel], _lift_1d(strides, 1)
        pads, dilations = _lift_pads(pads), _lift_1d(dilations, 1)
    in_shape = shape_of(x)
    out = [
        pooled_size(
            in_shape[2 + a], kernel[a], strides[a], pads[a], pads[2 + a], dilations[a], ceil_mode
        )
        for a in range(2)
    ]
    props |= {
        "kernel": i64_array(kernel), "strides": i64_array(strides), "pads": i64_array(pads),
        "dilations": i64_array(dilations),
    }  # fmt: skip
    y = node.emit(op_type, [x], (xs[0], xs[1], *out), props)
    if spatial == 1:
        y = node.reshape(y, (xs[0], xs[1], out[1]))
    node.set_output(0, y)


@converts("MaxPool")
def _maxpool(node: Node) -> None:
    _pool(node, nn.Maxpool2dOp)


@converts("AveragePool")
def _avgpool(node: Node) -> None:
    _pool(node, nn.Avgpool2dOp)


@converts("GlobalAveragePool")
def _global_avgpool(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    spatial = _spatial_rank(node, len(xs), "pooling")
    if spatial == 1:
        x = node.reshape(x, (xs[0], xs[1], 1, xs[2]))
    y = node.emit(nn.GlobalAvgpool2dOp, [x], (xs[0], xs[1], 1, 1))
    node.set_output(0, node.reshape(y, (xs[0], xs[1], *[1] * spatial)))


# --------------------------------------------------------------------------
# Dense and matmul
# --------------------------------------------------------------------------


def _scaled(node: Node, t: Tensor, factor: float) -> Tensor:
    """`t * factor`: folded into a constant, else an nn.mul by a scalar."""
    if factor == 1.0:
        return t
    if isinstance(t, Const):
        return node.importer.derive(
            t, ("scale", factor), lambda a: (a * a.dtype.type(factor)).astype(a.dtype)
        )
    scalar = node.scalar(factor, element_type_of(t), "scale")
    return node.emit(nn.MulOp, [t, scalar], shape_of(t))


def _row_vector(c: np.ndarray, n: int) -> np.ndarray | None:
    """`c` as an [n] bias if broadcasting it to [m, n] repeats one row."""
    if c.ndim == 0 or (c.ndim <= 2 and all(d == 1 for d in c.shape[:-1])):
        flat = c.reshape(-1) if c.ndim else c.reshape(1)
        if flat.size in (1, n):
            return np.ascontiguousarray(np.broadcast_to(flat, (n,)))
    return None


@converts("Gemm")
def _gemm(node: Node) -> None:
    a, b = node.input(0), node.input(1)
    if len(node.shape(0)) != 2 or len(node.shape(1)) != 2:
        node.fail("Gemm is supported on 2-D A and B")
    alpha = float(node.attr("alpha", 1.0))
    beta = float(node.attr("beta", 1.0))
    if node.attr("transA", 0):
        a = node.transpose(a, (1, 0))
    m, k = shape_of(a)
    c = node.input(2) if node.has_input(2) else None
    if isinstance(b, Const):
        weight = b if node.attr("transB", 0) else node.transpose(b, (1, 0))
        weight = _scaled(node, weight, alpha)
        n = shape_of(weight)[0]
        bias = None
        if isinstance(c, Const):
            if _row_vector(c.array, n) is not None:
                row = node.importer.derive(c, ("row", n), lambda a: _row_vector(a, n))
                bias = _scaled(node, row, beta)
                c = None
        y = node.emit(nn.DenseOp, [a, weight, bias], (m, n))
    else:
        if node.attr("transB", 0):
            b = node.transpose(b, (1, 0))
        n = shape_of(b)[1]
        y = _scaled(node, node.emit(nn.MatmulOp, [a, b], (m, n)), alpha)
    if c is not None and beta != 0.0:
        c = _scaled(node, c, beta)
        y = node.emit(nn.AddOp, [y, c], _broadcast(node, shape_of(y), shape_of(c)))
    node.set_output(0, y)


@converts("MatMul")
def _matmul(node: Node) -> None:
    a, b = node.input(0), node.input(1)
    sa, sb = node.shape(0), node.shape(1)
    if len(sa) == 2 and len(sb) == 2 and isinstance(b, Const):
        if sa[1] != sb[0]:
            node.fail(f"contracting dimensions differ: {list(sa)} @ {list(sb)}")
        y = node.emit(nn.DenseOp, [a, node.transpose(b, (1, 0))], (sa[0], sb[1]))
        node.set_output(0, y)
        return
    if not sa or not sb:
        node.fail("MatMul is not supported on rank-0 tensors")
    # numpy's rule: a 1-D lhs is a row, a 1-D rhs a column, removed after.
    a2 = node.reshape(a, (1, sa[0])) if len(sa) == 1 else a
    b2 = node.reshape(b, (sb[0], 1)) if len(sb) == 1 else b
    s2a, s2b = shape_of(a2), shape_of(b2)
    if s2a[-1] != s2b[-2]:
        node.fail(f"contracting dimensions differ: {list(sa)} @ {list(sb)}")
    batch = _broadcast(node, s2a[:-2], s2b[:-2])
    y = node.emit(nn.MatmulOp, [a2, b2], (*batch, s2a[-2], s2b[-1]))
    final = (*batch, *([sa[-2]] if len(sa) > 1 else []), *([sb[-1]] if len(sb) > 1 else []))
    node.set_output(0, node.reshape(y, final))


# --------------------------------------------------------------------------
# Elementwise
# --------------------------------------------------------------------------


def _broadcast(node: Node, *shapes: Sequence[int]) -> tuple[int, ...]:
    try:
        return tuple(np.broadcast_shapes(*[tuple(s) for s in shapes]))
    except ValueError:
        node.fail(f"shapes {[list(s) for s in shapes]} do not broadcast")


_NUMPY_BINARY = {
    "Add": np.add,
    "Sub": np.subtract,
    "Mul": np.multiply,
}
_NN_BINARY = {"Add": nn.AddOp, "Sub": nn.SubOp, "Mul": nn.MulOp, "Div": nn.DivOp}


def _fold_binary(op_type: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if op_type == "Div":
        if a.dtype.kind in "iu":
            return (np.sign(a) * np.sign(b) * (np.abs(a) // np.abs(b))).astype(a.dtype)
        return a / b
    return _NUMPY_BINARY[op_type](a, b).astype(a.dtype)


@converts("Add", "Sub", "Mul", "Div")
def _binary(node: Node) -> None:
    a, b = node.input(0), node.input(1)
    if node.version < 7 and node.attr("broadcast", 0):
        # Legacy broadcasting: B's shape matches a run of A's axes from `axis`
        # (by default the trailing ones, which is numpy's rule).
        sa, sb = node.shape(0), node.shape(1)
        axis = node.attr("axis")
        if axis is not None:
            axis = axis % len(sa) if sa else 0
            b = node.reshape(b, (*sb, *[1] * (len(sa) - axis - len(sb))))
    if isinstance(a, Const) and isinstance(b, Const) and not (_is_float(a) and _is_float(b)):
        node.set_output(0, Const(_fold_binary(node.op_type, a.array, b.array), node.proto.output[0]))
        return
    shape = _broadcast(node, shape_of(a), shape_of(b))
    node.set_output(0, node.emit(_NN_BINARY[node.op_type], [a, b], shape))


_VARIADIC = {"Sum": nn.AddOp, "Mean": nn.AddOp, "Min": nn.MinOp, "Max": nn.MaxOp}


@converts(*_VARIADIC)
def _variadic(node: Node) -> None:
    """Sum, Mean, Min, Max of any number of inputs: a chain of the binary
    op (Mean divides the sum by the count)."""
    terms = node.inputs()
    if not terms:
        node.fail(f"{node.op_type} needs at least one input")
    if all(isinstance(t, Const) and not _is_float(t) for t in terms):  # shape arithmetic
        arrays = [t.array for t in terms]  # type: ignore[union-attr]
        fold = {"Sum": np.sum, "Mean": np.mean, "Min": np.min, "Max": np.max}[node.op_type]
        value = fold(np.broadcast_arrays(*arrays), axis=0).astype(arrays[0].dtype)
        node.set_output(0, Const(value, node.proto.output[0]))
        return
    y = terms[0]
    for t in terms[1:]:
        y = node.emit(_VARIADIC[node.op_type], [y, t], _broadcast(node, shape_of(y), shape_of(t)))
    if node.op_type == "Mean" and len(terms) > 1:
        count = node.scalar(len(terms), element_type_of(node.value(y)), "count")
        y = node.emit(nn.DivOp, [y, count], shape_of(y))
    node.set_output(0, y)


@converts("Pow")
def _pow(node: Node) -> None:
    x, exponent = node.input(0), node.input(1)
    dtype = numpy_dtype(element_type_of(x)) if _is_float(x) else None
    if isinstance(exponent, Const) and dtype is not None and exponent.array.dtype != dtype:
        exponent = node.importer.derive(exponent, ("as", str(dtype)), lambda a: a.astype(dtype))
    shape = _broadcast(node, shape_of(x), shape_of(exponent))
    node.set_output(0, node.emit(nn.PowOp, [x, exponent], shape))


@converts("PRelu")
def _prelu(node: Node) -> None:
    x, slope = node.input(0), node.input(1)
    xs = shape_of(x)
    if node.version < 7 and len(shape_of(slope)) == 1 and len(xs) > 2 and shape_of(slope)[0] == xs[1]:
        slope = node.reshape(slope, (xs[1],) + (1,) * (len(xs) - 2))  # one slope per channel
    if _broadcast(node, xs, shape_of(slope)) != tuple(xs):
        node.fail(f"the slope's shape {list(shape_of(slope))} does not broadcast to the input's {list(xs)}")
    node.set_output(0, node.emit(nn.PreluOp, [x, slope], xs))


def _no_properties(node: Node) -> dict[str, Attribute]:
    return {}


def _float_attrs(node: Node, **defaults: float) -> dict[str, Attribute]:
    """The node's float attributes of these names, as f32 values (ONNX
    attributes are float32), the defaults where absent."""
    return {
        name: f64_attr(float(np.float32(node.attr(name, default))))
        for name, default in defaults.items()
    }


@dataclass(frozen=True)
class Elementwise:
    """An ONNX op that is an nn elementwise function of its one input: the
    nn op, and its properties from the node's attributes."""

    op: type[nn.ElementwiseFunctionOp]
    properties: Callable[[Node], dict[str, Attribute]] = _no_properties

    def function(self, node: Node) -> Callable[[np.ndarray], np.ndarray]:
        """The float function of `node` (for a lookup table of it)."""
        return self.op.function_with(self.properties(node))


ELEMENTWISE: dict[str, Elementwise] = {
    "Relu": Elementwise(nn.ReluOp),
    "Sigmoid": Elementwise(nn.SigmoidOp),
    "Tanh": Elementwise(nn.TanhOp),
    "LeakyRelu": Elementwise(
        nn.LeakyReluOp, lambda node: {"alpha": f64_attr(node.attr("alpha", 0.01))}
    ),
    "Erf": Elementwise(nn.ErfOp),
    "Sqrt": Elementwise(nn.SqrtOp),
    "Exp": Elementwise(nn.ExpOp),
    "Log": Elementwise(nn.LogOp),
    "Reciprocal": Elementwise(nn.ReciprocalOp),
    "Neg": Elementwise(nn.NegOp),
    "Abs": Elementwise(nn.AbsOp),
    "Floor": Elementwise(nn.FloorOp),
    "Ceil": Elementwise(nn.CeilOp),
    "Round": Elementwise(nn.RoundOp),
    "Sign": Elementwise(nn.SignOp),
    "Sin": Elementwise(nn.SinOp),
    "Cos": Elementwise(nn.CosOp),
    "Tan": Elementwise(nn.TanOp),
    "Asin": Elementwise(nn.AsinOp),
    "Acos": Elementwise(nn.AcosOp),
    "Atan": Elementwise(nn.AtanOp),
    "Sinh": Elementwise(nn.SinhOp),
    "Cosh": Elementwise(nn.CoshOp),
    "Asinh": Elementwise(nn.AsinhOp),
    "Acosh": Elementwise(nn.AcoshOp),
    "Atanh": Elementwise(nn.AtanhOp),
    "Swish": Elementwise(nn.SwishOp, lambda node: _float_attrs(node, alpha=1.0)),
    "Softplus": Elementwise(nn.SoftplusOp),
    "Softsign": Elementwise(nn.SoftsignOp),
    "Mish": Elementwise(nn.MishOp),
    "HardSwish": Elementwise(nn.HardSwishOp),
    "HardSigmoid": Elementwise(nn.HardSigmoidOp, lambda node: _float_attrs(node, alpha=0.2, beta=0.5)),
    "Elu": Elementwise(nn.EluOp, lambda node: _float_attrs(node, alpha=1.0)),
    "Celu": Elementwise(nn.CeluOp, lambda node: _float_attrs(node, alpha=1.0)),
    "Selu": Elementwise(
        nn.SeluOp,
        lambda node: _float_attrs(node, alpha=1.67326319217681884765625, gamma=1.05070102214813232421875),
    ),
    "ThresholdedRelu": Elementwise(nn.ThresholdedReluOp, lambda node: _float_attrs(node, alpha=1.0)),
    "Shrink": Elementwise(nn.ShrinkOp, lambda node: _float_attrs(node, bias=0.0, lambd=0.5)),
    "Gelu": Elementwise(nn.GeluOp),
}
"""The ONNX op types that are one nn elementwise function, by op type."""


@converts(*ELEMENTWISE)
def _elementwise(node: Node) -> None:
    conversion = ELEMENTWISE[node.op_type]
    if node.op_type == "Gelu" and node.attr("approximate", "none") != "none":
        if node.attr("approximate") != "tanh":
            node.fail(f"approximate '{node.attr('approximate')}' is not supported; Gelu supports none and tanh")
        conversion = Elementwise(nn.GeluTanhOp)
    x = node.input(0)
    if isinstance(x, Const) and not _is_float(x):  # shape arithmetic: at import
        y = conversion.function(node)(x.array)
        node.set_output(0, Const(np.asarray(y, x.array.dtype), node.proto.output[0]))
        return
    y = node.emit(conversion.op, [x], node.shape(0), conversion.properties(node))
    node.set_output(0, y)


@converts("Clip")
def _clip(node: Node) -> None:
    props = {}
    if node.version < 11:
        bounds = {"min": node.attr("min"), "max": node.attr("max")}
    else:
        bounds = {}
        for i, what in ((1, "min"), (2, "max")):
            if node.has_input(i):
                value = node.const(i, f"the {what} bound")
                if value.size != 1:
                    node.fail(f"the {what} bound must be a scalar, got shape {list(value.shape)}")
                bounds[what] = float(value.reshape(-1)[0])
    for what, value in bounds.items():
        if value is not None:
            props[what] = f64_attr(value)
    node.set_output(0, node.emit(nn.ClipOp, [node.input(0)], node.shape(0), props))


@converts("Softmax")
def _softmax(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    if node.version >= 13:
        axis = int(node.attr("axis", -1))
        _axis(node, axis, len(xs))
        props = {"axis": i64_attr(axis)} if axis != -1 else {}
        node.set_output(0, node.emit(nn.SoftmaxOp, [x], xs, props))
        return
    # Before opset 13: softmax of the input coerced to 2-D at `axis` (the
    # same as nn.softmax on the last axis when `axis` is the last one).
    axis = _axis(node, int(node.attr("axis", 1)), len(xs))
    if axis == len(xs) - 1:
        node.set_output(0, node.emit(nn.SoftmaxOp, [x], xs))
        return
    flat = (math.prod(xs[:axis]), math.prod(xs[axis:]))
    y = node.emit(nn.SoftmaxOp, [node.reshape(x, flat)], flat)
    node.set_output(0, node.reshape(y, xs))


@converts("LRN")
def _lrn(node: Node) -> None:
    props = {
        "size": i64_attr(node.attr("size", 0)),
        "alpha": f64_attr(node.attr("alpha", 1e-4)),
        "beta": f64_attr(node.attr("beta", 0.75)),
        "bias": f64_attr(node.attr("bias", 1.0)),
    }
    if not node.has_attr("size"):
        node.fail("the size attribute is required")
    node.set_output(0, node.emit(nn.LrnOp, [node.input(0)], node.shape(0), props))


@converts("BatchNormalization")
def _batchnorm(node: Node) -> None:
    if node.version < 9 and not node.attr("spatial", 1):
        node.fail("spatial=0 (statistics per element) is not supported; use spatial=1")
    if node.version >= 14 and node.attr("training_mode", 0):
        node.fail("training_mode=1 is not supported; BatchNormalization is imported for inference")
    for i in range(1, node.num_outputs):
        if node.output_used(i):
            node.fail(
                "only the first output is supported (running statistics are "
                "training outputs)"
            )
    operands = [node.input(i) for i in range(5)]
    props = {"epsilon": f64_attr(node.attr("epsilon", 1e-5))}
    node.set_output(0, node.emit(nn.BatchnormOp, operands, node.shape(0), props))


@converts("ArgMax", "ArgMin")
def _argmax(node: Node) -> None:
    """ArgMin is ArgMax of the input reversed in order: negated (exact on
    floats), or on integers complemented (`~x`, which reverses signed and
    unsigned orders alike, where negation would wrap at the minimum), so the
    first or last extreme index is the same."""
    x, xs = node.input(0), node.shape(0)
    if node.op_type == "ArgMin":
        reverse = nn.NegOp if _is_float(x) else nn.BitwiseNotOp
        x = node.emit(reverse, [x], xs)
    axis = _axis(node, int(node.attr("axis", 0)), len(xs))
    keepdims = bool(node.attr("keepdims", 1))
    last = bool(node.attr("select_last_index", 0))
    shape = list(xs)
    if keepdims:
        shape[axis] = 1
    else:
        del shape[axis]
    props = {
        "axis": i64_attr(axis),
        "keepdims": bool_attr(keepdims),
        "select_last_index": bool_attr(last),
    }
    node.set_output(0, node.emit(nn.ArgmaxOp, [x], shape, props, element_type=i64))


_FLOAT_DTYPES = {1: np.float32, 10: np.float16, 11: np.float64}


CAST_INTEGER_TYPES = frozenset(
    getattr(onnx.TensorProto, name)
    for name in ("INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64", "BOOL")
)
"""The integer and boolean ONNX types a run-time Cast converts to."""


@converts("Cast")
def _cast(node: Node) -> None:
    cast_to(node, node.input(0), int(node.attr("to", 0)))


def cast_to(node: Node, x: Tensor, to: int) -> None:
    """Bind output 0 to `x` cast to the ONNX type `to`: a constant in numpy,
    a run-time tensor by nn.cast (or itself, for its own type)."""
    if isinstance(x, Const):
        try:
            dtype = onnx.helper.tensor_dtype_to_np_dtype(to)
        except Exception:
            node.fail(f"cannot cast to ONNX type {to}")
        node.set_output(0, node.importer.derive(x, ("cast", dtype), lambda a: a.astype(dtype)))
        return
    if to in ONNX_FLOAT_TYPES:
        target = ONNX_FLOAT_TYPES[to]()
    elif to in CAST_INTEGER_TYPES:
        target = element_type_for(onnx.helper.tensor_dtype_to_np_dtype(to))
    else:
        name = onnx.TensorProto.DataType.Name(to) if to in onnx.TensorProto.DataType.values() else to
        node.fail(
            f"a cast to {name} is not supported; Cast is supported between float "
            "types (FLOAT16, BFLOAT16, FLOAT, DOUBLE), integers (INT8 to INT64, UINT8 "
            "to UINT64) and BOOL"
        )
    if element_type_of(x) == target:
        node.set_output(0, x)
    else:
        node.set_output(0, node.emit(nn.CastOp, [x], shape_of(x), element_type=target))


# --------------------------------------------------------------------------
# Shapes and layout
# --------------------------------------------------------------------------


def _bind_reshaped(node: Node, shape: Sequence[int]) -> None:
    """Bind output 0 to input 0 reshaped (a constant keeps its name)."""
    x = node.input(0)
    if math.prod(shape) != math.prod(shape_of(x)):
        node.fail(f"cannot reshape {list(shape_of(x))} to {list(shape)}")
    node.set_output(0, node.reshape(x, shape))


@converts("Reshape")
def _reshape(node: Node) -> None:
    xs = node.shape(0)
    if node.version < 5:
        target = node.ints_attr("shape", [])
    else:
        target = [int(d) for d in node.const(1, "the shape").reshape(-1)]
    allowzero = node.version >= 14 and bool(node.attr("allowzero", 0))
    shape = []
    for i, d in enumerate(target):
        if d == 0 and not allowzero:
            if i >= len(xs):
                node.fail(f"shape {target} copies axis {i}, which the input {list(xs)} lacks")
            d = xs[i]
        shape.append(d)
    if shape.count(-1) > 1 or any(d < -1 for d in shape):
        node.fail(f"shape {target} is not a valid Reshape target")
    if -1 in shape:
        known = math.prod(d for d in shape if d != -1)
        if known == 0 or math.prod(xs) % known:
            node.fail(f"cannot reshape {list(xs)} to {target}")
        shape[shape.index(-1)] = math.prod(xs) // known
    _bind_reshaped(node, shape)


@converts("Flatten")
def _flatten(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    axis = int(node.attr("axis", 1))
    if not -len(xs) <= axis <= len(xs):
        node.fail(f"axis {axis} is out of range for a tensor of rank {len(xs)}")
    if axis < 0:
        axis += len(xs)
    shape = (math.prod(xs[:axis]), math.prod(xs[axis:]))
    if isinstance(x, Const):
        node.set_output(0, node.reshape(x, shape))
    elif shape == xs:
        node.set_output(0, x)
    else:
        props = {"axis": i64_attr(axis)} if axis != 1 else {}
        node.set_output(0, node.emit(nn.FlattenOp, [x], shape, props))


def _axes(node: Node, input_index: int, rank: int, required: bool) -> list[int] | None:
    """Squeeze/Unsqueeze axes: an attribute before opset 13, an input since."""
    if node.version < 13:
        axes = node.ints_attr("axes")
    elif node.has_input(input_index):
        axes = [int(a) for a in node.const(input_index, "axes").reshape(-1)]
    else:
        axes = None
    if axes is None and required:
        node.fail("axes are required")
    if axes is not None:
        axes = [_axis(node, a, rank) for a in axes]
        if len(set(axes)) != len(axes):
            node.fail(f"axes {axes} repeat an axis")
    return axes


@converts("Squeeze")
def _squeeze(node: Node) -> None:
    xs = node.shape(0)
    axes = _axes(node, 1, len(xs), required=False)
    if axes is None:
        axes = [i for i, d in enumerate(xs) if d == 1]
    for a in axes:
        if xs[a] != 1:
            node.fail(f"cannot squeeze axis {a} of shape {list(xs)}: its size is not 1")
    _bind_reshaped(node, [d for i, d in enumerate(xs) if i not in axes])


@converts("Unsqueeze")
def _unsqueeze(node: Node) -> None:
    xs = node.shape(0)
    if node.version < 13:
        count = len(node.ints_attr("axes", []))
    else:
        count = node.const(1, "axes").size
    rank = len(xs) + count
    axes = _axes(node, 1, rank, required=True)
    rest = iter(xs)
    _bind_reshaped(node, [1 if i in axes else next(rest) for i in range(rank)])


@converts("Transpose")
def _transpose(node: Node) -> None:
    xs = node.shape(0)
    perm = node.ints_attr("perm", list(range(len(xs)))[::-1])
    if sorted(perm) != list(range(len(xs))):
        node.fail(f"perm {perm} is not a permutation of the {len(xs)} axes")
    node.set_output(0, node.transpose(node.input(0), perm))


@converts("Concat")
def _concat(node: Node) -> None:
    parts = node.inputs()
    if not parts:
        node.fail("Concat needs at least one input")
    rank = len(shape_of(parts[0]))
    axis = _axis(node, int(node.attr("axis", 1)), rank)
    if all(isinstance(p, Const) for p in parts) and not all(_is_float(p) for p in parts):
        arrays = [p.array for p in parts]  # type: ignore[union-attr]
        node.set_output(0, Const(np.concatenate(arrays, axis=axis), node.proto.output[0]))
        return
    shape = list(shape_of(parts[0]))
    shape[axis] = sum(shape_of(p)[axis] for p in parts)
    if len(parts) == 1:
        node.set_output(0, parts[0])
        return
    node.set_output(0, node.emit(nn.ConcatOp, parts, shape, {"axis": i64_attr(axis)}))


@converts("Pad")
def _pad(node: Node) -> None:
    xs = node.shape(0)
    rank = len(xs)
    mode = node.attr("mode", "constant")
    if mode not in nn.PAD_MODES:
        node.fail(f"mode '{mode}' is not supported; Pad supports modes {', '.join(nn.PAD_MODES)}")
    if node.version < 11:
        pads = node.ints_attr("pads", node.ints_attr("paddings"))
        if pads is None:
            node.fail("the pads attribute is required")
        value = float(node.attr("value", 0.0))
    else:
        pads = [int(p) for p in node.const(1, "pads").reshape(-1)]
        value = 0.0
        if node.has_input(2):
            constant = node.const(2, "the constant value")
            if constant.size != 1:
                node.fail("the constant value must be a scalar")
            value = float(constant.reshape(-1)[0])
        if node.has_input(3):
            axes = [_axis(node, int(a), rank) for a in node.const(3, "axes").reshape(-1)]
            if len(pads) != 2 * len(axes):
                node.fail(f"pads must have {2 * len(axes)} values for axes {axes}")
            full = [0] * (2 * rank)
            for j, a in enumerate(axes):
                full[a], full[rank + a] = pads[j], pads[len(axes) + j]
            pads = full
    if len(pads) != 2 * rank:
        node.fail(f"pads must have {2 * rank} values for a tensor of rank {rank}, got {len(pads)}")
    if any(p < 0 for p in pads):
        node.fail(f"negative pads {pads} (cropping) are not supported")
    shape = [xs[i] + pads[i] + pads[rank + i] for i in range(rank)]
    if not any(pads):
        node.set_output(0, node.input(0))
        return
    props = {"pads": i64_array(pads), "mode": nn.StringAttr(mode)}
    if mode == "constant":
        props["value"] = f64_attr(value)
    node.set_output(0, node.emit(nn.PadOp, [node.input(0)], shape, props))


@converts("Identity")
def _identity(node: Node) -> None:
    node.set_output(0, node.input(0))


@converts("Dropout")
def _dropout(node: Node) -> None:
    if node.version >= 12 and node.has_input(2):
        training = node.const(2, "training_mode")
        if bool(training.reshape(-1)[0]):
            node.fail("training_mode=true is not supported; Dropout is imported for inference")
    if node.output_used(1):
        node.fail(
            "the mask output is not supported (nn has no boolean tensors); Dropout is "
            "imported for inference, as its data input"
        )
    node.set_output(0, node.input(0))


# --------------------------------------------------------------------------
# Import-time constants
# --------------------------------------------------------------------------


@converts("Constant")
def _constant(node: Node) -> None:
    for name, dtype in (
        ("value", None),
        ("value_float", np.float32),
        ("value_floats", np.float32),
        ("value_int", np.int64),
        ("value_ints", np.int64),
    ):
        if node.has_attr(name):
            value = node.attr(name)
            array = value if dtype is None else np.array(value, dtype=dtype)
            node.set_output(0, Const(array, node.proto.output[0]))
            return
    node.fail(
        "only tensor, float and int values are supported (value, value_float(s), "
        "value_int(s)); sparse and string constants are not"
    )


@converts("ConstantOfShape")
def _constant_of_shape(node: Node) -> None:
    shape = [int(d) for d in node.const(0, "the shape").reshape(-1)]
    if any(d < 0 for d in shape):
        node.fail(f"shape {shape} has a negative dimension")
    value = node.attr("value")
    fill = np.zeros((), np.float32) if value is None else value.reshape(-1)[:1].reshape(())
    node.set_output(0, Const(np.broadcast_to(fill, shape), node.proto.output[0]))


@converts("Shape")
def _shape(node: Node) -> None:
    xs = node.shape(0)
    start, end = 0, len(xs)
    if node.version >= 15:
        start = int(node.attr("start", 0))
        end = int(node.attr("end", len(xs)))
    dims = np.array(xs[slice(start, end)], dtype=np.int64)
    node.set_output(0, Const(dims, node.proto.output[0]))


def import_time_only(node: Node) -> None:
    """Fail unless every input of the node is known at import time."""
    for i in range(node.num_inputs):
        if node.has_input(i) and not node.is_const(i):
            node.fail(
                f"input '{node.input_name(i)}' is computed at run time, but "
                f"{node.op_type} is supported on import-time constants only (shape "
                "computations)"
            )
