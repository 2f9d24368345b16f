"""What a function's arguments and results are called: the `nn.name`
argument / result attribute (the ONNX tensor name, set by the ONNX
frontend), else `arg<i>` and `result<i>`.

    func.func @main(%x: tensor<1x64xf32> {nn.name = "X"}) -> (tensor<1x10xf32> {nn.name = "probabilities"})

The tools name input and output arrays this way (`asic-run`, `asic-sim`)
and `lower-qnt-to-dataflow` names the accelerator's streams after them.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import func
from xdsl.dialects.builtin import StringAttr
from xdsl.ir import Attribute

NAME_ATTR = "nn.name"
"""Argument / result attribute holding the ONNX tensor name of a value."""


def _names(attrs: Sequence[Attribute] | None, count: int, default: str) -> list[str]:
    names = [f"{default}{i}" for i in range(count)]
    for i, attr_dict in enumerate(attrs or ()):
        name = attr_dict.data.get(NAME_ATTR)  # pyright: ignore[reportAttributeAccessIssue]
        if isinstance(name, StringAttr):
            names[i] = name.data
    return names


def input_names(function: func.FuncOp) -> list[str]:
    """Names of the function's arguments: `nn.name`, else `arg<i>`."""
    attrs = function.arg_attrs.data if function.arg_attrs is not None else None
    return _names(attrs, len(function.function_type.inputs), "arg")


def output_names(function: func.FuncOp) -> list[str]:
    """Names of the function's results: `nn.name`, else `result<i>`."""
    attrs = function.res_attrs.data if function.res_attrs is not None else None
    return _names(attrs, len(function.function_type.outputs), "result")
