"""Helpers shared by the passes: reading and creating `nn.constant` ops.

- `constant_of(value)`: the `nn.constant` that defines `value`, if any.
- `constant_array(value)`: its elements as a numpy array (read-only view).
- `ConstantNames`: hands out constant names that are unique in a module, so a
  name derived from another (`"conv1.weight" + ".bn_folded"`) never collides
  with an existing one; a clash gets the first free suffix `.1`, `.2`, ...
- `make_constant(array, element_type, name)`: an `nn.constant` holding
  `array` converted to `element_type`; an array whose elements are all
  bitwise equal is stored as a splat (one element), as the parser does for
  `dense<0.5>`.
- `erase_unused_constants(rewriter, values)`: erase the `nn.constant`s among
  the definitions of `values` that a rewrite left without users.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from xdsl.dialects.builtin import BytesAttr, DenseIntOrFPElementsAttr, ModuleOp, TensorType
from xdsl.ir import Attribute, SSAValue
from xdsl.pattern_rewriter import PatternRewriter

from asic.dialects.attributes import array_from_dense, numpy_dtype
from asic.dialects.names import UniqueNames
from asic.dialects.nn import ConstantOp


def constant_of(value: SSAValue) -> ConstantOp | None:
    """The `nn.constant` defining `value`, or None."""
    owner = value.owner
    return owner if isinstance(owner, ConstantOp) else None


def constant_array(value: SSAValue) -> np.ndarray | None:
    """The elements of the `nn.constant` defining `value`, or None when `value`
    is not defined by one (or its element type has no numpy dtype)."""
    op = constant_of(value)
    if op is None:
        return None
    try:
        return array_from_dense(op.value)
    except ValueError:
        return None


def has_numpy_dtype(element_type: Attribute) -> bool:
    """Whether `element_type` has an exact numpy dtype (bf16 has none)."""
    try:
        numpy_dtype(element_type)
    except ValueError:
        return False
    return True


class ConstantNames(UniqueNames):
    """The names of the `nn.constant`s of a module, to derive fresh ones
    (`fresh(base)`: `base`, or `base.N` with the smallest N >= 1 that is
    free)."""

    def __init__(self, module: ModuleOp):
        super().__init__(op.sym_name.data for op in module.walk() if isinstance(op, ConstantOp))


def is_splat(array: np.ndarray) -> bool:
    """Whether all elements are bitwise equal (so -0.0 and 0.0 differ)."""
    if array.size <= 1:
        return True
    flat = np.ascontiguousarray(array).reshape(-1)
    raw = flat.view(np.dtype(f"u{flat.dtype.itemsize}"))
    return bool(np.all(raw == raw[0]))


def make_constant(array: np.ndarray, element_type: Attribute, name: str) -> ConstantOp:
    """An `nn.constant` named `name` holding `array` as `element_type`
    (a splat when all elements are equal)."""
    data = np.ascontiguousarray(array, dtype=numpy_dtype(element_type))
    ty = TensorType(element_type, data.shape)
    stored = data.reshape(-1)[:1] if data.size > 1 and is_splat(data) else data
    return ConstantOp(DenseIntOrFPElementsAttr(ty, BytesAttr(stored.tobytes())), name)


def erase_unused_constants(rewriter: PatternRewriter, values: Iterable[SSAValue]) -> None:
    """Erase the `nn.constant`s defining `values` that have no users left."""
    seen: set[int] = set()
    for value in values:
        op = constant_of(value)
        if op is None or id(op) in seen or op.parent is None:
            continue
        seen.add(id(op))
        if not op.result.uses:
            rewriter.erase(op)
