"""The `qnt.dynamic_quantization` unit attribute of a function: its
activation scales are computed per input at run time (the semantics are
`asic.interp.qnt_dynamic`'s), not taken from the static types.

    func.func @main(%x: tensor<1x4xf32>) -> tensor<1x2xf32> attributes {qnt.dynamic_quantization} {

Only the interpreter implements it: the hardware has fixed scales,
multipliers and shifts, so a hardware lowering (`lower-qnt-to-dataflow`,
`asic-sim`) first runs `require_static_quantization`.
"""

from __future__ import annotations

from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp, UnitAttr

from asic.diagnostics import UserError

DYNAMIC_ATTR = "qnt.dynamic_quantization"
"""Unit attribute of a function that runs with dynamic quantization."""


def is_dynamic(function: func.FuncOp) -> bool:
    """Whether `function` asks for dynamic quantization."""
    return DYNAMIC_ATTR in function.attributes


def mark_dynamic(function: func.FuncOp) -> None:
    function.attributes[DYNAMIC_ATTR] = UnitAttr()


def require_static_quantization(module: ModuleOp, what: str) -> None:
    """Fail (a `UserError` naming `what`, the caller) if a function of
    `module` is marked for dynamic quantization: hardware has static scales."""
    for op in module.ops:
        if isinstance(op, func.FuncOp) and is_dynamic(op):
            raise UserError(
                f"{what}: function '{op.sym_name.data}' is marked {DYNAMIC_ATTR} (activation "
                "scales computed per input at run time), which only the interpreter "
                "implements: the hardware has fixed scales, multipliers and shifts. Remove "
                "the attribute to build it with the static scales of its types"
            )
