"""The nn interpreter against onnxruntime, on light_resnet50 (one image) and
on the digits MLP with a batch of 512. Goal: at most 5x onnxruntime's time.

Both sides run the same imported graph on the same inputs; the interpreter
is timed through `run_function`, the way `asic-run` calls it (module parsed
and imported once, outside the timing, as onnxruntime's session is created
outside it).
"""

from __future__ import annotations

import sys

import numpy as np
import onnx
import onnxruntime as ort
from common import best_time, onnx_light_model, report

from asic.examples.digits import PROBABILITIES, train_digits_mlp
from asic.interp.runner import run_function
from asic.lowering.onnx.importer import import_onnx


def _session(model: onnx.ModelProto) -> ort.InferenceSession:
    # Default session options: onnxruntime uses every core, as numpy's BLAS does.
    options = ort.SessionOptions()
    options.log_severity_level = 3
    return ort.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )


def bench_resnet50() -> None:
    model = onnx.load(onnx_light_model("resnet50"))
    module = import_onnx(model)
    shape = (1, 3, 224, 224)
    n = int(np.prod(shape))
    x = (np.arange(n, dtype=np.float32) / np.float32(n)).reshape(shape)
    session = _session(model)
    name = session.get_inputs()[0].name
    ours = best_time(lambda: run_function(module, {name: x}), repeat=3)
    baseline = best_time(lambda: session.run(None, {name: x}), repeat=3)
    report("light_resnet50, 1 image", ours, baseline, "onnxruntime", 5.0)


def bench_digits_mlp() -> None:
    model, data = train_digits_mlp()
    model = onnx.utils.Extractor(model).extract_model(["X"], [PROBABILITIES])
    module = import_onnx(model)
    x = np.resize(data.x_test, (512, 64)).astype(np.float32)
    session = _session(model)
    ours = best_time(lambda: run_function(module, {"X": x}), repeat=20)
    baseline = best_time(lambda: session.run(None, {"X": x}), repeat=20)
    report("digits MLP, batch 512", ours, baseline, "onnxruntime", 5.0)


def main() -> None:
    bench_resnet50()
    bench_digits_mlp()


if __name__ == "__main__":
    sys.exit(main())
