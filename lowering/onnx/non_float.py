"""ONNX ops of integer and boolean tensors in the frontend.

On inputs all known at import time each op is evaluated with numpy; on a
run-time tensor (the integer semantics of `asic.dialects.nn`):

- Mod -> nn.mod (`fmod` as the node's attribute; integer or float).
- BitShift -> nn.bit_shift (`direction` LEFT or RIGHT).
- BitwiseAnd, BitwiseOr, BitwiseXor -> nn.bitwise; BitwiseNot ->
  nn.bitwise_not (integers).
- IsInf -> nn.is_inf (`detect_positive`, `detect_negative`), IsNaN ->
  nn.is_nan: i1 results of float tensors.
"""

from __future__ import annotations

import numpy as np
from xdsl.dialects.builtin import StringAttr, i1

from asic.dialects import nn
from asic.dialects.nn import bool_attr
from asic.lowering.onnx.graph import Const, Node, shape_of
from asic.lowering.onnx.ops import _broadcast, converts

_BITWISE = {"BitwiseAnd": "and", "BitwiseOr": "or", "BitwiseXor": "xor"}


def _folded(node: Node, function) -> bool:
    """Bind output 0 to `function` of the inputs when all are constants."""
    inputs = node.inputs()
    if not all(isinstance(t, Const) for t in inputs):
        return False
    with np.errstate(all="ignore"):
        value = np.asarray(function(*[t.array for t in inputs]))  # type: ignore[union-attr]
    node.set_output(0, Const(value, node.proto.output[0]))
    return True


def _binary(node: Node, op_type: type, function, properties: dict) -> None:
    if _folded(node, function):
        return
    a, b = node.input(0), node.input(1)
    shape = _broadcast(node, shape_of(a), shape_of(b))
    node.set_output(0, node.emit(op_type, [a, b], shape, properties))


@converts("Mod")
def _mod(node: Node) -> None:
    fmod = bool(node.attr("fmod", 0))
    _binary(node, nn.ModOp, np.fmod if fmod else np.mod, {"fmod": bool_attr(fmod)})


@converts("BitShift")
def _bit_shift(node: Node) -> None:
    direction = str(node.attr("direction", "")).lower()
    if direction not in nn.SHIFT_DIRECTIONS:
        node.fail(f"direction '{node.attr('direction', '')}' is not supported; BitShift supports LEFT and RIGHT")
    shift = lambda x, amount: nn.bit_shift(x, amount, direction)  # noqa: E731
    _binary(node, nn.BitShiftOp, shift, {"direction": StringAttr(direction)})


@converts(*_BITWISE)
def _bitwise(node: Node) -> None:
    kind = _BITWISE[node.op_type]
    _binary(node, nn.BitwiseOp, nn.BITWISE[kind], {"kind": StringAttr(kind)})


@converts("BitwiseNot")
def _bitwise_not(node: Node) -> None:
    if not _folded(node, np.invert):
        node.set_output(0, node.emit(nn.BitwiseNotOp, [node.input(0)], node.shape(0)))


@converts("IsInf")
def _is_inf(node: Node) -> None:
    positive, negative = bool(node.attr("detect_positive", 1)), bool(node.attr("detect_negative", 1))

    def is_inf(x: np.ndarray) -> np.ndarray:
        return (np.isposinf(x) & positive) | (np.isneginf(x) & negative)

    if _folded(node, is_inf):
        return
    props = {"detect_positive": bool_attr(positive), "detect_negative": bool_attr(negative)}
    node.set_output(0, node.emit(nn.IsInfOp, [node.input(0)], node.shape(0), props, element_type=i1))


@converts("IsNaN")
def _is_nan(node: Node) -> None:
    if not _folded(node, np.isnan):
        node.set_output(0, node.emit(nn.IsNanOp, [node.input(0)], node.shape(0), element_type=i1))
