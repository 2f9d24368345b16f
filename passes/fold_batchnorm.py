"""`fold-batchnorm`: remove every `nn.batchnorm` whose parameters are constants.

With `a = scale / sqrt(var + epsilon)` per channel, a batchnorm computes
`y = a * x + (bias - a * mean)`. The pass rewrites each `nn.batchnorm` whose
four parameters (`scale`, `bias`, `mean`, `var`) are `nn.constant`s:

1. Fold into the producer. When the batchnorm's input is the result of an
   `nn.conv2d` or `nn.dense` whose weight is an `nn.constant`, whose bias is
   absent or an `nn.constant`, and whose result has no other user, the
   producer is replaced by the same op with
       `w'[o, ...] = w[o, ...] * a[o]`   (per output channel: axis 0 of the
                                          OIHW or [N, K] weight)
       `b'[o]      = (b[o] - mean[o]) * a[o] + bias[o]`   (`b = 0` if absent)
   and the batchnorm disappears. Grouped and depthwise convolutions fold the
   same way: output channel `o` owns the weight slice `w[o]` whatever the
   groups, so scaling that slice scales exactly that channel.
2. Otherwise (another producer, a producer with other users, non-constant
   weight or bias), and when the `scale-shift` option is true (the default),
   the batchnorm becomes `nn.mul` by `a` then `nn.add` of `bias - a * mean`,
   both constants of shape `[C, 1, ..., 1]` (rank of the input minus one:
   `[C]` for rank 2, `[C, 1, 1]` for rank 4), which broadcast along axis 1.
   With `scale-shift=false` such a batchnorm is left as it is.

The scale-shift form is final: a later run does not fold an `nn.mul` +
`nn.add` into a convolution. So when weights are computed from constants
(an exporter's `nn.transpose` of a stored weight), run `fold-constants`
first, which makes them `nn.constant`s.

A batchnorm is left unchanged when a parameter is not a constant, when
`var + epsilon` is not positive or `a` not finite somewhere (the folded form
would not reproduce its NaNs and infinities), or when the element type has no
numpy equivalent (bf16).

Arithmetic: parameters and weights are read in float64, combined in float64
and rounded once to the tensor's element type.

Names: a new constant takes the name of the constant it replaces plus
`.bn_folded`: the folded weight `<weight>.bn_folded`, the folded bias
`<conv or dense bias>.bn_folded`, or `<batchnorm bias>.bn_folded` when the
producer had no bias; the scale-shift form uses `<batchnorm scale>.bn_folded`
for the multiplier and `<batchnorm bias>.bn_folded` for the addend. A name
already taken in the module gets a further `.1`, `.2`, ... suffix. Folding
again into an already folded op (two batchnorms in a row) does not stack
suffixes: a `*.bn_folded[.N]` constant that only the folded op uses hands its
name on to its replacement. The new result keeps the batchnorm's SSA name.
Constants that the rewrite leaves without users (the old weight, bias and
batchnorm parameters, unless shared) are erased.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, TensorType
from xdsl.ir import Attribute, SSAValue
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.rewriter import InsertPoint

from asic.dialects.nn import (
    AddOp,
    BatchnormOp,
    ConstantOp,
    Conv2dOp,
    DenseOp,
    MulOp,
    element_type_of,
)
from asic.pass_options import OptionsPass
from asic.passes.common.constants import (
    ConstantNames,
    constant_array,
    constant_of,
    erase_unused_constants,
    has_numpy_dtype,
    make_constant,
)

SUFFIX = ".bn_folded"
_FOLDED_NAME = re.compile(r"(.*)\.bn_folded(\.[0-9]+)?")


def _scale_and_shift(bn: BatchnormOp) -> tuple[np.ndarray, np.ndarray] | None:
    """`(a, bias - a * mean)` in float64, or None when a parameter is not a
    constant or `a` is not finite."""
    arrays = [constant_array(v) for v in (bn.scale, bn.bias, bn.mean, bn.var)]
    if any(a is None for a in arrays):
        return None
    scale, bias, mean, var = (np.asarray(a, dtype=np.float64) for a in arrays)
    denominator = var + bn.epsilon.value.data
    if not np.all(denominator > 0):
        return None
    a = scale / np.sqrt(denominator)
    if not np.all(np.isfinite(a)):
        return None
    return a, bias - a * mean


def _foldable_producer(bn: BatchnormOp) -> Conv2dOp | DenseOp | None:
    """The conv2d or dense that can absorb `bn`: its result feeds only `bn`,
    its weight is a constant and its bias absent or a constant."""
    producer = bn.input.owner
    if not isinstance(producer, Conv2dOp | DenseOp):
        return None
    if producer.result.get_user_of_unique_use() is not bn:
        return None
    if constant_array(producer.weight) is None:
        return None
    if producer.bias is not None and constant_array(producer.bias) is None:
        return None
    return producer


@dataclass
class FoldBatchnormPattern(RewritePattern):
    names: ConstantNames
    scale_shift: bool

    @op_type_rewrite_pattern
    def match_and_rewrite(self, bn: BatchnormOp, rewriter: PatternRewriter) -> None:
        element_type = element_type_of(bn.result)
        if not has_numpy_dtype(element_type):
            return
        factors = _scale_and_shift(bn)
        if factors is None:
            return
        a, shift = factors
        producer = _foldable_producer(bn)
        if producer is not None:
            self._fold_into(producer, bn, a, rewriter)
        elif self.scale_shift:
            self._scale_shift(bn, a, shift, element_type, rewriter)

    def _name(self, old: ConstantOp) -> str:
        """`<old name>.bn_folded`, made unique; a constant this pass already
        derived and that is about to go (one user) passes its name on."""
        name = old.sym_name.data
        match = _FOLDED_NAME.fullmatch(name)
        if match is None:
            return self.names.fresh(name + SUFFIX)
        if old.result.has_one_use():
            return name
        return self.names.fresh(match.group(1) + SUFFIX)

    def _constant(
        self,
        array: np.ndarray,
        element_type: Attribute,
        replaces: SSAValue,
        rewriter: PatternRewriter,
    ) -> SSAValue:
        """A new constant, named after the one defining `replaces` and
        inserted right before it (so it dominates every use of it)."""
        old = constant_of(replaces)
        assert old is not None
        new = make_constant(array, element_type, self._name(old))
        rewriter.insert(new, InsertPoint.before(old))
        new.result.name_hint = replaces.name_hint
        return new.result

    def _fold_into(
        self,
        producer: Conv2dOp | DenseOp,
        bn: BatchnormOp,
        a: np.ndarray,
        rewriter: PatternRewriter,
    ) -> None:
        element_type = element_type_of(producer.weight)
        weight = np.asarray(constant_array(producer.weight), dtype=np.float64)
        channel = a.reshape((-1,) + (1,) * (weight.ndim - 1))
        new_weight = self._constant(weight * channel, element_type, producer.weight, rewriter)

        mean = np.asarray(constant_array(bn.mean), dtype=np.float64)
        bn_bias = np.asarray(constant_array(bn.bias), dtype=np.float64)
        if producer.bias is not None:
            bias = np.asarray(constant_array(producer.bias), dtype=np.float64)
            bias_source = producer.bias
        else:
            bias = np.zeros_like(mean)
            bias_source = bn.bias
        new_bias = self._constant((bias - mean) * a + bn_bias, element_type, bias_source, rewriter)

        folded = type(producer).create(
            operands=[producer.input, new_weight, new_bias],
            result_types=[bn.result.type],
            properties=dict(producer.properties),
            attributes=dict(producer.attributes),
        )
        old_operands = [*producer.operands, *bn.operands[1:]]
        rewriter.replace(bn, folded)
        rewriter.erase(producer)
        erase_unused_constants(rewriter, old_operands)

    def _scale_shift(
        self,
        bn: BatchnormOp,
        a: np.ndarray,
        shift: np.ndarray,
        element_type: Attribute,
        rewriter: PatternRewriter,
    ) -> None:
        ty = bn.result.type
        assert isinstance(ty, TensorType)
        shape = (-1,) + (1,) * (len(ty.get_shape()) - 2)
        multiplier = self._constant(a.reshape(shape), element_type, bn.scale, rewriter)
        addend = self._constant(shift.reshape(shape), element_type, bn.bias, rewriter)
        mul = MulOp.create(operands=[bn.input, multiplier], result_types=[ty])
        add = AddOp.create(operands=[mul.result, addend], result_types=[ty])
        if bn.result.name_hint is not None:
            mul.result.name_hint = bn.result.name_hint + "_scaled"
        old_operands = list(bn.operands[1:])
        rewriter.replace(bn, [mul, add])
        erase_unused_constants(rewriter, old_operands)


@dataclass(frozen=True)
class FoldBatchnormPass(OptionsPass):
    """Fold `nn.batchnorm` into the preceding conv2d/dense, or rewrite it as a
    per-channel `nn.mul` + `nn.add`."""

    name = "fold-batchnorm"

    scale_shift: bool = True
    """Rewrite a batchnorm that cannot fold into its producer as mul + add."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        pattern = FoldBatchnormPattern(ConstantNames(op), self.scale_shift)
        PatternRewriteWalker(pattern, apply_recursively=True).rewrite_module(op)
