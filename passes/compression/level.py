"""The IR the compression passes (`prune`, `low-rank`) work on.

They compress float layers (`asic.passes.common.layers`: nn.conv2d and
nn.dense with constant weights), so they belong before `quantize`. A module
without such a layer is never passed over in silence: below the nn level
(its layers are qnt, dataflow or rtl ops) it is an error that says where
the pass belongs; at the nn level, a remark that there is nothing to
compress.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects.builtin import ModuleOp

from asic.diagnostics import UserError
from asic.passes.common.layers import Layer
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
