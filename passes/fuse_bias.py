"""`fuse-bias`: move a constant added after a dense layer or a convolution
into that layer's bias.

Exporters often write a layer as a product followed by an add (skl2onnx's
`MatMul` + `Add`, a bias-free `Conv` + `Add`); the hardware, like the qnt
level, adds the bias inside the accumulator. The pass rewrites

    %y = nn.dense %x, %w            : ... -> tensor<BxN>
    %z = nn.add %y, %c              (or nn.add %c, %y)

into `%z = nn.dense %x, %w, %b` when `%c` is an `nn.constant` equal along
every axis but the channel axis (shape `[N]`, `[1, N]`, or a splat), and
likewise for `nn.conv2d` with a constant of shape `[O]`, `[O, 1, 1]`,
`[1, O, 1, 1]` or a splat (the channel axis is 1). The result type must not
change (the add does not broadcast the layer's result to a larger shape).

If the layer already has a constant bias `b`, the new bias is `b + c`,
computed in float64 and rounded once to the element type (the unfused form
rounds twice, after the product and after the add, so the fused layer may
differ from it by one rounding of the bias-sized term; in exact arithmetic
they are equal). A layer whose result has other users, or whose bias is not a
constant, is left alone. The new bias constant is named after the added
constant when the layer had no bias (taking over its name when the add was
its only user), else `<old bias>.fused`; constants left without users are erased. The fused
result keeps the add's SSA name.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import SSAValue
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.rewriter import InsertPoint

from asic.dialects import nn
from asic.dialects.nn import element_type_of, shape_of
from asic.pass_options import OptionsPass
from asic.passes.common.constants import (
    ConstantNames,
    constant_array,
    constant_of,
    erase_unused_constants,
    make_constant,
)

_CHANNEL_AXIS = {nn.DenseOp: 1, nn.Conv2dOp: 1}


def per_channel(addend: np.ndarray, result_shape: tuple[int, ...], axis: int) -> np.ndarray | None:
    """`addend` as a vector over `axis` of `result_shape`, if adding it to a
    tensor of that shape adds one value per channel; None otherwise."""
    if addend.ndim > len(result_shape):
        return None
    full = (1,) * (len(result_shape) - addend.ndim) + addend.shape
    channels = result_shape[axis]
    if any(d != 1 for i, d in enumerate(full) if i != axis) or full[axis] not in (1, channels):
        return None
    return np.broadcast_to(addend.reshape(-1), (channels,))


@dataclass
class FuseAddIntoLayer(RewritePattern):
    names: ConstantNames

    @op_type_rewrite_pattern
    def match_and_rewrite(self, add: nn.AddOp, rewriter: PatternRewriter) -> None:
        for layer_value, addend in ((add.lhs, add.rhs), (add.rhs, add.lhs)):
            layer = layer_value.owner
            if type(layer) in _CHANNEL_AXIS and self._fuse(add, layer, addend, rewriter):
                return

    def _fuse(
        self,
        add: nn.AddOp,
        layer: nn.DenseOp | nn.Conv2dOp,
        addend: SSAValue,
        rewriter: PatternRewriter,
    ) -> bool:
        values = constant_array(addend)
        if values is None or not layer.result.has_one_use() or add.result.type != layer.result.type:
            return False
        vector = per_channel(values, shape_of(layer.result), _CHANNEL_AXIS[type(layer)])
        if vector is None:
            return False
        old_bias = layer.bias
        if old_bias is not None:
            previous = constant_array(old_bias)
            if previous is None:
                return False
            vector = previous.astype(np.float64) + vector
            name = self.names.fresh(f"{constant_of(old_bias).sym_name.data}.fused")
        elif addend.has_one_use():  # the addend is erased: its name is free
            name = constant_of(addend).sym_name.data
        else:
            name = self.names.fresh(constant_of(addend).sym_name.data)
        bias = make_constant(vector, element_type_of(layer.result), name)
        bias.result.name_hint = (old_bias or addend).name_hint
        operands = [layer.operands[0], layer.operands[1], bias.result]
        fused = type(layer).create(
            operands=operands,
            result_types=[layer.result.type],
            properties=dict(layer.properties),
            attributes=dict(layer.attributes),
        )
        rewriter.insert(bias, InsertPoint.before(layer))
        rewriter.replace(layer, fused)
        fused.result.name_hint = add.result.name_hint
        rewriter.replace(add, [], new_results=[fused.result])
        erase_unused_constants(rewriter, [addend] + ([old_bias] if old_bias else []))
        return True


@dataclass(frozen=True)
class FuseBiasPass(OptionsPass):
    """Move a constant added after a dense layer or a convolution into that
    layer's bias."""

    name = "fuse-bias"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PatternRewriteWalker(FuseAddIntoLayer(ConstantNames(op))).rewrite_module(op)
