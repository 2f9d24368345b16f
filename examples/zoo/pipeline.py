"""The zoo's networks (`asic.examples.zoo`) through the compiler, in
process: ONNX import, `fuse-bias,fold-batchnorm,calibrate,quantize` (the
calibration data: the first `CALIBRATION_IMAGES` training images), and the
hardware path `lower-qnt-to-dataflow,tile{multipliers=B},schedule`, then
`lower-dataflow-to-rtl`.

The tests (`tests/test_zoo.py`, `tests/test_zoo_hardware.py`) and
`bench/bench_zoo.py` run this pipeline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import PassPipeline

from asic.examples.zoo import Trained
from asic.interp.runner import run_function
from asic.universe import PASSES, dialect_context

CALIBRATION_IMAGES = 256
BITS = {
    "w8a8": "calibrate{data=DATA},quantize{weight-bits=8 act-bits=8}",
    "w4a4": "calibrate{data=DATA method=mse bits=4},quantize{weight-bits=4 act-bits=4 rounding=gptq data=DATA}",
}
"""name: its calibrate and quantize passes (DATA: the calibration images),
the settings of `bench/bench_quantize.py`. At 4 bits the activation ranges
are those of least squared error on a 4-bit grid and the weights are
rounded by GPTQ on the calibration images (min-max ranges and
round-to-nearest weights lose up to 15 points of top-1 on these networks,
GPTQ and mse ranges at most 2)."""


def apply(module: ModuleOp, pipeline: str) -> ModuleOp:
    """`module` after the pass pipeline (in place), verified."""
    PassPipeline.parse_spec(PASSES, pipeline).apply(dialect_context(), module)
    module.verify()
    return module


def imported(trained: Trained) -> ModuleOp:
    from asic.lowering.onnx.importer import import_onnx

    return import_onnx(trained.onnx)


def quantized(trained: Trained, bits: str, directory: Path) -> ModuleOp:
    """The network imported and quantized with the options of `bits` (a key
    of `BITS`)."""
    calibration = directory / f"{trained.name}-calib.npz"
    np.savez(calibration, input=trained.network.inputs(trained.data.x_train[:CALIBRATION_IMAGES]))
    return apply(
        imported(trained),
        "fuse-bias,fold-batchnorm," + BITS[bits].replace("DATA", f'"{calibration}"'),
    )


def hardware(qnt_module: ModuleOp, budget: int) -> ModuleOp:
    """The dataflow level of a quantized module, tiled at `budget`
    multipliers and scheduled (a copy)."""
    return apply(qnt_module.clone(), f"lower-qnt-to-dataflow,tile{{multipliers={budget}}},schedule")


def outputs(module: ModuleOp, trained: Trained, x: np.ndarray) -> np.ndarray:
    """The module's logits for flat images `x`, [N, 10]."""
    (logits,) = run_function(module, {"input": trained.network.inputs(x)}).values()
    return np.asarray(logits).reshape(len(x), -1)
