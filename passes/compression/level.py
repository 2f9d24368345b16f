"""The IR the compression passes (`prune`, `low-rank`) work on.

They compress float layers (`asic.passes.common.layers`: nn.conv2d and
nn.dense with constant weights), so they belong before `quantize`. A module
without such a layer is never passed over in silence: below the nn level
(its layers are qnt, dataflow or rtl ops) it is an error that says where
the pass belongs; at the nn level, a remark that there is nothing to
compress. `layers_to_compress` is where both passes start: the module's
layers, checked so, with finite weights, less those a user excludes.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects.builtin import ModuleOp

from asic.diagnostics import UserError
from asic.passes.common.finite import check_finite_constants
from asic.passes.common.layers import Layer, find_layers, select_layers
from asic.passes.compression.report import remark

LOWER_LEVELS = ("qnt", "dataflow", "hw", "comb", "seq", "rtl")
"""Dialects of the levels below nn."""

LAYER_NAMES = ("conv2d", "dense", "matmul", "mvu")


def require_layers(module: ModuleOp, layers: Sequence[Layer], pass_name: str) -> None:
    """Nothing when `layers` (the module's layers) is not empty; else the
    error or remark of the module docstring."""
    if layers:
        return
    lower = [op for op in module.walk() if op.dialect_name() in LOWER_LEVELS]
    if lower:
        # Name a quantized layer if there is one (qnt.dense, dataflow.mvu, ...).
        layer = next((op for op in lower if op.name.split(".")[1] in LAYER_NAMES), lower[0])
        raise UserError(
            f"{pass_name}: the module is below the nn level (it holds {layer.name}): "
            f"{pass_name} compresses float layers (nn.conv2d, nn.dense with constant "
            "weights); run it before quantize"
        )
    remark(pass_name, "no layer (nn.conv2d or nn.dense with a constant weight) to compress")


def layers_to_compress(module: ModuleOp, pass_name: str, exclude: Sequence[str], why_finite: str) -> list[Layer]:
    """The module's layers (`require_layers`), their weights finite (else
    the error of `check_finite_constants`, with `why_finite`), but those
    `exclude` names (`select_layers`)."""
    found = find_layers(module)
    require_layers(module, found, pass_name)
    check_finite_constants(pass_name, [layer.op for layer in found], why_finite)
    return select_layers(found, exclude, pass_name)
