"""The nn interpreter against onnxruntime, on light_resnet50 (one image) and
on the digits MLP with a batch of 512. Goal: at most 5x onnxruntime's time.
And the batch mode on a graph of indexing ops (TopK, GatherElements,
ScatterElements, CumSum, Trilu, ReduceSum) with a batch of 512, vectorized
against one run per sample. Goal: at most 0.1x the per-sample time.

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
from asic.interp.runner import entry_function, is_batch_polymorphic, run_function
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


def _indexing_model() -> onnx.ModelProto:
    """Per sample `[1, 16]`: the 4 largest values by TopK and GatherElements,
    their running sum, written back by ScatterElements, the lower triangle of
    the result as `[1, 4, 4]`, summed by rows."""
    h = onnx.helper
    consts = {
        "k": np.array([4], np.int64),
        "axis": np.array(1, np.int64),
        "square": np.array([1, 4, 4], np.int64),
        "rows": np.array([2], np.int64),
    }
    nodes = [
        h.make_node("TopK", ["x", "k"], ["values", "indices"], axis=1),
        h.make_node("GatherElements", ["x", "indices"], ["picked"], axis=1),
        h.make_node("CumSum", ["picked", "axis"], ["running"]),
        h.make_node("ScatterElements", ["x", "positions", "running"], ["written"], axis=1),
        h.make_node("Reshape", ["written", "square"], ["matrix"]),
        h.make_node("Trilu", ["matrix"], ["lower"], upper=0),
        h.make_node("ReduceSum", ["lower", "rows"], ["y"], keepdims=0),
    ]
    inits = [onnx.numpy_helper.from_array(v, n) for n, v in consts.items()]
    inits.append(onnx.numpy_helper.from_array(np.array([[0, 5, 10, 15]], np.int64), "positions"))
    graph = h.make_graph(
        nodes, "indexing", [h.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1, 16])],
        [h.make_tensor_value_info("y", onnx.TensorProto.FLOAT, None)], inits,
    )
    return h.make_model(graph, opset_imports=[h.make_opsetid("", 18)])


def bench_indexing_batch() -> None:
    module = import_onnx(_indexing_model())
    assert is_batch_polymorphic(entry_function(module))
    x = np.random.default_rng(0).standard_normal((512, 1, 16)).astype(np.float32)
    ours = best_time(lambda: run_function(module, {"x": x}), repeat=5)
    per_sample = best_time(lambda: [run_function(module, {"x": s}) for s in x], repeat=3)
    report("indexing ops, batch 512", ours, per_sample, "one run per sample", 0.1)


def main() -> None:
    bench_resnet50()
    bench_digits_mlp()
    bench_indexing_batch()


if __name__ == "__main__":
    sys.exit(main())
