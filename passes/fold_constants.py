"""`fold-constants`: evaluate nn ops on constants at compile time, and drop
arithmetic identities.

Folding. An nn op other than `nn.constant` that has the `Pure` trait and
whose operands are all `nn.constant`s is replaced by an `nn.constant` holding
its result, computed by the nn interpreter (`asic.interp.runner.evaluate_op`,
the executable semantics of the dialect, so a folded value is exactly what
the op would have produced at run time). The walk reaches a fixpoint: a
chain of ops on constants folds to one constant. Constants the fold leaves
without users are erased.

- The new constant is named after the op's result: its SSA name (name hint)
  when it has one, otherwise `<first operand's constant name>.<op>` (for
  instance `fc.weight.transpose`); a name already taken in the module gets
  a `.1`, `.2`, ... suffix. The SSA name is kept.
- A result whose elements are all equal is stored as a splat (`dense<v>`).
- `max-elements` (default 65536) bounds what folding may materialize: a
  result with more elements than that folds only if it has no more elements
  than its operands together (so transposing or reshaping a large weight
  folds, broadcasting a small constant into a large tensor does not). A
  splat result counts as one element. `max-elements=0` folds only results
  that are no larger than their operands.
- An op is left as it is when its element type has no numpy equivalent
  (bf16) or the interpreter cannot evaluate it.

Identities. With `identities=true` (the default), an elementwise op with one
constant operand whose every element makes it the identity is replaced by its
other operand, provided the result has exactly that operand's type (the
constant does not broadcast it to a larger shape): `x * 1`, `1 * x`,
`x / 1`, `x - (+0.0)`, `x + (-0.0)` and `(-0.0) + x`. These are exact in IEEE
arithmetic for every `x`, NaNs included. `x + (+0.0)` is deliberately not
among them: it turns `-0.0` into `+0.0`, which a later `nn.div` can observe
(`1 / -0.0 = -inf`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, TensorType
from xdsl.ir import Operation, SSAValue
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
)
from xdsl.traits import ConstantLike, Pure
from xdsl.utils.exceptions import InterpretationError

from asic.dialects.nn import AddOp, BinaryElementwiseOp, ConstantOp, DivOp, MulOp, SubOp
from asic.interp.runner import evaluate_op
from asic.pass_options import OptionsPass
from asic.passes.common.constants import (
    ConstantNames,
    constant_array,
    constant_of,
    erase_unused_constants,
    has_numpy_dtype,
    is_splat,
    make_constant,
)


def _stored_elements(array: np.ndarray) -> int:
    """How many elements a constant holding `array` stores."""
    return 1 if is_splat(array) else array.size


def _derived_name(op: Operation, first: ConstantOp) -> str:
    if op.results[0].name_hint:
        return op.results[0].name_hint
    return f"{first.sym_name.data}.{op.name.removeprefix('nn.')}"


@dataclass
class FoldConstantOp(RewritePattern):
    """Replace an nn op on constants by the constant of its result."""

    names: ConstantNames
    max_elements: int

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        if op.dialect_name() != "nn" or op.has_trait(ConstantLike) or not op.has_trait(Pure):
            return
        if len(op.results) != 1 or not op.operands:
            return
        result_type = op.results[0].type
        if not isinstance(result_type, TensorType):
            return
        element_type = result_type.get_element_type()
        if not has_numpy_dtype(element_type):
            return
        inputs = [constant_array(v) for v in op.operands]
        if any(a is None for a in inputs):
            return
        value = self._evaluate(op, inputs)
        if value is None or tuple(value.shape) != tuple(result_type.get_shape()):
            return
        stored = _stored_elements(value)
        if stored > self.max_elements and stored > sum(_stored_elements(a) for a in inputs):
            return
        first = constant_of(op.operands[0])
        assert first is not None
        constant = make_constant(value, element_type, self.names.fresh(_derived_name(op, first)))
        operands = list(op.operands)
        rewriter.replace(op, constant)
        erase_unused_constants(rewriter, operands)

    @staticmethod
    def _evaluate(op: Operation, inputs: list[np.ndarray]) -> np.ndarray | None:
        try:
            (value,) = evaluate_op(op, inputs)
        except InterpretationError:
            return None
        return np.asarray(value)


def _all_equal(array: np.ndarray, scalar: float) -> bool:
    """Every element equals `scalar`, including the sign of a zero."""
    negative = math.copysign(1.0, scalar) < 0
    return bool(np.all(array == scalar) and np.all(np.signbit(array) == negative))


def _forward(op: Operation, kept: SSAValue, rewriter: PatternRewriter) -> None:
    """Replace `op` by its operand `kept` when that has the result's type."""
    if kept.type != op.results[0].type:
        return
    operands = list(op.operands)
    rewriter.replace(op, [], [kept])
    erase_unused_constants(rewriter, operands)


def _is(value: SSAValue, scalar: float) -> bool:
    array = constant_array(value)
    return array is not None and _all_equal(array, scalar)


@dataclass(frozen=True)
class DropIdentity(RewritePattern):
    """`x <op> identity` -> `x`, and `identity <op> x` -> `x` when the
    identity works `on_either_side` (see the module docstring)."""

    op_type: type[BinaryElementwiseOp]
    identity: float
    on_either_side: bool

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, self.op_type):
            return
        if _is(op.rhs, self.identity):
            _forward(op, op.lhs, rewriter)
        elif self.on_either_side and _is(op.lhs, self.identity):
            _forward(op, op.rhs, rewriter)


IDENTITIES = (
    DropIdentity(MulOp, 1.0, on_either_side=True),
    DropIdentity(DivOp, 1.0, on_either_side=False),
    DropIdentity(AddOp, -0.0, on_either_side=True),
    DropIdentity(SubOp, 0.0, on_either_side=False),
)


@dataclass(frozen=True)
class FoldConstantsPass(OptionsPass):
    """Evaluate nn ops whose operands are all constants and remove exact
    arithmetic identities."""

    name = "fold-constants"

    max_elements: int = 65536
    """Largest result (in elements) that folding may create beyond the size
    of the op's operands."""

    identities: bool = True
    """Also replace `x * 1`, `x / 1`, `x - 0.0`, `x + -0.0` by `x`."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        patterns: list[RewritePattern] = [FoldConstantOp(ConstantNames(op), self.max_elements)]
        if self.identities:
            patterns += IDENTITIES
        walker = PatternRewriteWalker(
            GreedyRewritePatternApplier(patterns, dce_enabled=False),
            apply_recursively=True,
        )
        walker.rewrite_module(op)
