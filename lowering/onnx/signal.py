"""ONNX signal-processing and matrix ops in the frontend.

- DFT -> nn.dft: `axis` an attribute before opset 20 (default 1), a
  constant input since (default -2, counted in the input's rank, whose last
  axis holds the parts); `dft_length` a constant input, by default the
  axis' size (twice the size - 1 for an inverse one-sided transform).
- Det -> nn.det.
- BitCast -> nn.bitcast (a constant is reinterpreted with numpy).
- SwiGLU -> `swish_alpha(A) * B` (nn.swish, nn.mul).
- CausalConvWithState -> nn.concat of the past state and the input, a
  depthwise nn.conv2d, nn.swish for the SiLU activation; the present state
  an nn.slice (see the converter).
"""

from __future__ import annotations

import numpy as np
import onnx

from asic.dialects import nn
from asic.dialects.attributes import element_type_for, numpy_dtype
from asic.dialects.nn import bool_attr, f64_attr, i64_attr
from asic.lowering.onnx.graph import Const, Node, element_type_of, shape_of
from asic.lowering.onnx.indexing import slice_tensor
from asic.lowering.onnx.ops import _axis, converts, convolve
from asic.lowering.onnx.positional import _scalar_int


@converts("DFT")
def _dft(node: Node) -> None:
    x, xs = node.input(0), node.shape(0)
    if len(xs) < 2 or xs[-1] not in (1, 2):
        node.fail(f"the input's last axis must hold 1 or 2 parts (real, imaginary), got shape {list(xs)}")
    if node.version < 20:
        axis = int(node.attr("axis", 1))
    else:
        axis = _scalar_int(node, 2, "axis") if node.has_input(2) else -2
    axis = _axis(node, axis, len(xs))
    if axis == len(xs) - 1:
        node.fail(f"axis {axis} is the parts' axis; the signal axis is another")
    inverse, onesided = bool(node.attr("inverse", 0)), bool(node.attr("onesided", 0))
    if node.has_input(1):
        length = _scalar_int(node, 1, "dft_length")
    else:
        length = 2 * (xs[axis] - 1) if inverse and onesided else xs[axis]
    if length < 1:
        node.fail(f"the DFT length must be >= 1, got {length}")
    size = length // 2 + 1 if onesided and not inverse else length
    shape = [size if a == axis else d for a, d in enumerate(xs[:-1])] + [1 if inverse and onesided else 2]
    props = {
        "axis": i64_attr(axis), "length": i64_attr(length),
        "inverse": bool_attr(inverse), "onesided": bool_attr(onesided),
    }
    node.set_output(0, node.emit(nn.DftOp, [x], shape, props))


@converts("Det")
def _det(node: Node) -> None:
    xs = node.shape(0)
    node.set_output(0, node.emit(nn.DetOp, [node.input(0)], xs[:-2]))


@converts("BitCast")
def _bitcast(node: Node) -> None:
    to = int(node.attr("to", 0))
    try:
        dtype = onnx.helper.tensor_dtype_to_np_dtype(to)
        target = element_type_for(dtype)
    except (KeyError, ValueError, TypeError):
        name = onnx.TensorProto.DataType.Name(to) if to in onnx.TensorProto.DataType.values() else to
        node.fail(f"a bit cast to {name} is not supported; BitCast is supported to float and integer types and BOOL")
    x = node.input(0)
    if isinstance(x, Const):
        if x.array.dtype.itemsize != dtype.itemsize:
            node.fail(f"{x.array.dtype} and {dtype} differ in width")
        value = np.array(x.array, order="C").view(dtype).reshape(x.shape)
        node.set_output(0, Const(value, node.proto.output[0]))
        return
    node.set_output(0, node.emit(nn.BitcastOp, [x], node.shape(0), element_type=target))


@converts("SwiGLU")
def _swiglu(node: Node) -> None:
    gate, value = node.input(0), node.input(1)
    if node.shape(0) != node.shape(1):
        node.fail(f"the gate {list(node.shape(0))} and the value {list(node.shape(1))} must have one shape")
    alpha = {"alpha": f64_attr(float(np.float32(node.attr("alpha", 1.0))))}
    swish = node.emit(nn.SwishOp, [gate], node.shape(0), alpha)
    node.set_output(0, node.emit(nn.MulOp, [swish, value], node.shape(0)))


@converts("CausalConvWithState")
def _causal_conv_with_state(node: Node) -> None:
    """The input after its past state (zeros when absent) along the
    sequence, a depthwise nn.conv2d (valid, the channels as groups), the
    optional SiLU (nn.swish); the present state the last `k - 1` positions
    of the padded input (nn.slice)."""
    x, xs, ws = node.input(0), node.shape(0), node.shape(1)
    if len(xs) != 3 or ws != (xs[1], 1, ws[-1] if ws else 0) or ws[-1] < 1:
        node.fail(f"the input [batch, channels, length] {list(xs)} needs a weight [channels, 1, k], got {list(ws)}")
    activation = node.attr("activation", "none")
    if activation not in ("none", "silu", "swish"):
        node.fail(f"activation '{activation}' is not supported; supported are none, silu, swish")
    k = ws[-1]
    element = element_type_of(node.value(x))
    if node.has_input(3):
        past = node.input(3)
    else:
        past = Const(np.zeros((xs[0], xs[1], k - 1), numpy_dtype(element)), f"{node.proto.name or node.proto.output[0]}.past")
    if shape_of(past) != (xs[0], xs[1], k - 1):
        node.fail(f"the past state must be {[xs[0], xs[1], k - 1]}, got {list(shape_of(past))}")
    padded = x
    if k > 1:
        padded = node.emit(nn.ConcatOp, [past, x], (xs[0], xs[1], xs[2] + k - 1), {"axis": i64_attr(2)})
    bias = node.input(2) if node.has_input(2) else None
    y = convolve(node, padded, node.input(1), bias, xs[1])
    if activation != "none":
        y = node.emit(nn.SwishOp, [y], xs)
    node.set_output(0, y)
    node.set_output(1, slice_tensor(node, padded, {2: (xs[2], xs[2] + k - 1, 1)}))
