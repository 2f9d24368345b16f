"""How the interpreters give xDSL's `Interpreter` the ops that compute one
result: one mechanism for the nn, qnt and rtl (comb) interpreters.

xDSL dispatches an op to a method of an `InterpreterFunctions` class marked
`@impl(OpClass)`, called as `(self, interpreter, op, args)` and returning
the tuple of the op's results. Most ops of these levels compute a single
result from the op and its operands, so they are written as

    @computes(nn.AddOp)
    def run_add(op: nn.AddOp, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a + b

in a subclass of `OpFunctions` decorated with `@register_op_impls`. The
class states its level's value rules once, in `evaluate(op, compute, args)`
(the float interpreter's dtypes and IEEE 754 behaviour, the integer
interpreter's int64 check, the comb ops' masking), instead of in each op.
`@computes(A, B, ...)` gives several op classes one implementation: the
ops whose behaviour the op itself carries (an nn elementwise function's
`float_function`, a comb op's value), so that a new op of such a family
needs nothing here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from xdsl.dialects.builtin import TensorType
from xdsl.interpreter import Interpreter, InterpreterFunctions, impl, register_impls
from xdsl.ir import Attribute, Operation
from xdsl.utils.exceptions import InterpretationError

from asic.dialects.attributes import numpy_dtype

Compute = Callable[..., Any]
"""`compute(op, *operands)`: the value of the op's single result."""


class OpFunctions(InterpreterFunctions):
    """Base of the interpreter classes whose ops are `@computes` functions."""

    def evaluate(self, op: Operation, compute: Compute, args: tuple[Any, ...]) -> Any:
        """The result of `op` from the interpreter's values of its operands
        (`args`); a level overrides it to convert the operands it receives
        and check the result it returns."""
        return compute(op, *args)


@dataclass(frozen=True)
class _Computes:
    """A `compute` function waiting for `register_op_impls` to make it the
    implementation of each of `op_types`."""

    op_types: tuple[type[Operation], ...]
    compute: Compute


def computes(*op_types: type[Operation]) -> Callable[[Compute], Any]:
    """Mark `compute(op, *operands)` as the implementation of `op_types` in
    an `OpFunctions` class (see the module docstring)."""

    def mark(compute: Compute) -> _Computes:
        return _Computes(op_types, compute)

    return mark


def _implementation(op_type: type[Operation], compute: Compute, name: str) -> Any:
    @impl(op_type)
    def run(
        self: OpFunctions, interpreter: Interpreter, op: Operation, args: tuple[Any, ...]
    ) -> tuple[Any]:
        return (self.evaluate(op, compute, args),)

    run.__name__ = run.__qualname__ = name
    run.__doc__ = compute.__doc__
    return run


_FT = TypeVar("_FT", bound=OpFunctions)


def register_op_impls(cls: type[_FT]) -> type[_FT]:
    """xDSL's `register_impls` for an `OpFunctions` class, after turning each
    `@computes` function into one `@impl` method per op class (named after
    the function, and after the op when it implements several)."""
    for name, value in list(vars(cls).items()):
        if not isinstance(value, _Computes):
            continue
        delattr(cls, name)
        for op_type in value.op_types:
            method = name
            if len(value.op_types) > 1:
                method = f"{name}_{op_type.name.replace('.', '_')}"
            setattr(cls, method, _implementation(op_type, value.compute, method))
    return register_impls(cls)


def tensor_dtype(op: Operation, ty: Attribute) -> np.dtype:
    """The numpy dtype of a tensor type of `op`; bf16 (and any other element
    type numpy cannot hold) is an InterpretationError naming the op."""
    assert isinstance(ty, TensorType)
    element = ty.get_element_type()
    try:
        return numpy_dtype(element)
    except ValueError:
        raise InterpretationError(
            f"{op.name}: element type {element} is not supported by the numpy "
            "interpreter (numpy has no bfloat16); use f16, f32 or f64"
        ) from None
