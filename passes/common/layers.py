"""The layers that compression passes work on, and their cost.

A *layer* is an `nn.conv2d` or `nn.dense` whose weight is an `nn.constant`
(bias absent or constant); it is named by its weight constant's name, the
name `exclude=` patterns and the report use.

Compression sees every layer as a stack of matrices `[G, N, K]`: one per
group (a dense layer has one group), one row per output channel of the group,
one column per input of its dot product, in *reduction order*: for a
convolution, kernel position major and input channel fastest
(`k = (u * kw + v) * I + c`), the order in which a streaming engine consumes
a window, so that N:M groups run along input channels. `rows(x)` turns a
batch of layer inputs into the matching stack of input rows `[G, P, K]`
(im2col patches for a convolution), so `y = rows(x) @ W^T + b`.

Cost model of one layer, per sample: `params` = weight and bias elements,
`nonzeros` = non-zero ones, `macs` = multiply-accumulates of the dense
computation (`N*K` for dense; `O * I*kh*kw * Ho*Wo` for conv), `sparse_macs`
= those whose weight is non-zero (a zero weight needs no multiplier in a
fully parallel engine).
"""

from __future__ import annotations

import fnmatch
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation, SSAValue
from xdsl.rewriter import InsertPoint, Rewriter
from xdsl.utils.exceptions import PassFailedException

from asic.dialects.nn import ConstantOp, Conv2dOp, DenseOp, element_type_of, ints, shape_of
from asic.passes.common.constants import (
    ConstantNames,
    constant_array,
    constant_of,
    has_numpy_dtype,
    make_constant,
)

LayerOp = Conv2dOp | DenseOp


@dataclass
class Layer:
    op: LayerOp

    @property
    def name(self) -> str:
        constant = constant_of(self.op.weight)
        assert constant is not None
        return constant.sym_name.data

    @property
    def is_conv(self) -> bool:
        return isinstance(self.op, Conv2dOp)

    @property
    def groups(self) -> int:
        return self.op.groups.value.data if isinstance(self.op, Conv2dOp) else 1

    def weight(self) -> np.ndarray:
        """The weight in its IR layout, float64."""
        return np.array(constant_array(self.op.weight), dtype=np.float64)

    def bias(self) -> np.ndarray | None:
        if self.op.bias is None:
            return None
        return np.array(constant_array(self.op.bias), dtype=np.float64)

    # -- matrix view -------------------------------------------------------

    def to_matrices(self, weight: np.ndarray) -> np.ndarray:
        """`[G, N/G, K]` in reduction order from an IR-layout weight."""
        g = self.groups
        if weight.ndim == 2:
            return weight[None]
        o, i, kh, kw = weight.shape
        return weight.transpose(0, 2, 3, 1).reshape(g, o // g, kh * kw * i)

    def from_matrices(self, matrices: np.ndarray) -> np.ndarray:
        """Inverse of `to_matrices`."""
        shape = shape_of(self.op.weight)
        if len(shape) == 2:
            return matrices[0]
        o, i, kh, kw = shape
        return matrices.reshape(o, kh, kw, i).transpose(0, 3, 1, 2)

    def rows(self, x: np.ndarray) -> np.ndarray:
        """Input rows `[G, P, K]` of a batch of layer inputs `x`."""
        if not isinstance(self.op, Conv2dOp):
            return np.asarray(x).reshape(1, x.shape[0], -1)
        return conv_rows(np.asarray(x), self.op)

    # -- cost ----------------------------------------------------------------

    def output_pixels(self) -> int:
        shape = shape_of(self.op.result)
        return math.prod(shape[2:]) if self.is_conv else 1


def conv_rows(x: np.ndarray, op: Conv2dOp) -> np.ndarray:
    """im2col of a batch of conv inputs `[B, C, H, W]`: `[G, B*Ho*Wo, kh*kw*I]`
    with kernel position major and channel fastest."""
    _, _, kh, kw = shape_of(op.weight)
    sh, sw = ints(op.strides)
    dh, dw = ints(op.dilations)
    top, left, bottom, right = ints(op.pads)
    g = op.groups.value.data
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    span_h, span_w = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    win = sliding_window_view(xp, (span_h, span_w), axis=(2, 3))
    win = win[:, :, ::sh, ::sw, ::dh, ::dw]  # [B, C, Ho, Wo, kh, kw]
    b, c, ho, wo = win.shape[:4]
    i = c // g
    win = win.reshape(b, g, i, ho, wo, kh, kw).transpose(1, 0, 3, 4, 5, 6, 2)
    return win.reshape(g, b * ho * wo, kh * kw * i)


def _layer_of(op: Operation) -> Layer | None:
    if not isinstance(op, Conv2dOp | DenseOp):
        return None
    if constant_of(op.weight) is None or not has_numpy_dtype(element_type_of(op.weight)):
        return None
    if constant_array(op.weight) is None:
        return None
    if op.bias is not None and constant_array(op.bias) is None:
        return None
    return Layer(op)


def find_layers(module: ModuleOp) -> list[Layer]:
    """Every layer of `module`, in program order."""
    return [layer for op in module.walk() if (layer := _layer_of(op)) is not None]


def select_layers(layers: Sequence[Layer], exclude: Sequence[str], what: str) -> list[Layer]:
    """`layers` minus those whose name matches an `exclude` pattern
    (fnmatch syntax). A pattern that matches no layer is a
    PassFailedException, so that a typo does not go unnoticed."""
    for pattern in exclude:
        if not any(fnmatch.fnmatchcase(layer.name, pattern) for layer in layers):
            names = ", ".join(f"'{layer.name}'" for layer in layers) or "none"
            raise PassFailedException(
                f"{what}: exclude pattern '{pattern}' matches no layer; layers are {names}"
            )
    return [
        layer
        for layer in layers
        if not any(fnmatch.fnmatchcase(layer.name, p) for p in exclude)
    ]


def replace_constant(
    operand_owner: Operation, index: int, array: np.ndarray, names: ConstantNames, suffix: str
) -> SSAValue:
    """Make operand `index` of `operand_owner` an `nn.constant` holding `array`
    (in the old constant's element type). The old constant is replaced in
    place, keeping its name, when this is its only use (and erased when it
    has no use left); otherwise a new constant named `<old name><suffix>`
    is inserted before it."""
    value = operand_owner.operands[index]
    old = constant_of(value)
    assert old is not None
    element_type = element_type_of(value)
    if old.result.has_one_use():
        new = make_constant(array, element_type, old.sym_name.data)
        new.attributes.update(old.attributes)
        Rewriter.insert_op(new, InsertPoint.before(old))
        new.result.name_hint = value.name_hint
        operand_owner.operands[index] = new.result
        Rewriter.erase_op(old)
    else:
        new = make_constant(array, element_type, names.fresh(old.sym_name.data + suffix))
        Rewriter.insert_op(new, InsertPoint.before(old))
        new.result.name_hint = value.name_hint
        operand_owner.operands[index] = new.result
    return new.result


# --------------------------------------------------------------------------
# Cost
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Cost:
    params: int = 0
    nonzeros: int = 0
    macs: int = 0
    sparse_macs: int = 0

    def __add__(self, other: Cost) -> Cost:
        return Cost(
            self.params + other.params,
            self.nonzeros + other.nonzeros,
            self.macs + other.macs,
            self.sparse_macs + other.sparse_macs,
        )


def cost_of(op: LayerOp) -> Cost:
    """The cost of one conv2d/dense per sample (weights must be constants to
    count non-zeros; otherwise every weight counts as non-zero)."""
    weight = constant_array(op.weight)
    w_shape = shape_of(op.weight)
    n_weights = math.prod(w_shape)
    nz_weights = n_weights if weight is None else int(np.count_nonzero(weight))
    params, nonzeros = n_weights, nz_weights
    if op.bias is not None:
        bias = constant_array(op.bias)
        n_bias = math.prod(shape_of(op.bias))
        params += n_bias
        nonzeros += n_bias if bias is None else int(np.count_nonzero(bias))
    pixels = math.prod(shape_of(op.result)[2:]) if isinstance(op, Conv2dOp) else 1
    return Cost(params, nonzeros, n_weights * pixels, nz_weights * pixels)


__all__ = [
    "ConstantOp",
    "Cost",
    "Layer",
    "LayerOp",
    "conv_rows",
    "cost_of",
    "find_layers",
    "replace_constant",
    "select_layers",
]
