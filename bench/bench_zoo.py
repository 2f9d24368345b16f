"""The zoo (`asic.examples.zoo`) in one table: per network, its parameters
and multiply-accumulates per image (from its ONNX graph: Conv and Gemm
nodes), top-1 on the 540 held-out images in float (numpy), and in the qnt
interpreter at W8A8 and W4A4 (`asic.examples.zoo.pipeline.BITS`); then per
multiplier budget the W8A8 accelerator's interval and latency in cycles as
the dataflow interpreter predicts them (`tile`, `schedule`), its MACs per
cycle over the budget (utilization), or the diagnostic of
`lower-qnt-to-dataflow` for a network it cannot map yet.

    python bench/bench_zoo.py [--budgets 16 64 256] [--cache DIR]

Not a timed test: prints a table. `--cache` keeps the trained weights
between runs (as the tests do in pytest's cache).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
import onnx
from onnx import shape_inference

from asic.diagnostics import UserError
from asic.examples.zoo import MODELS, Trained, trained
from asic.examples.zoo.pipeline import BITS, hardware, outputs, quantized
from asic.interp.dataflow import predict_timing


def macs(model: onnx.ModelProto) -> int:
    """Multiply-accumulates of one image: each Conv's output elements times
    its weight's input channels and kernel size, each Gemm's weight size."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    model.graph.input[0].type.tensor_type.shape.dim[0].dim_value = 1
    inferred = shape_inference.infer_shapes(model)
    shapes = {
        v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
        for v in list(inferred.graph.value_info) + list(inferred.graph.output)
    }
    weights = {i.name: list(i.dims) for i in model.graph.initializer}
    total = 0
    for node in model.graph.node:
        if node.op_type == "Conv":
            w = weights[node.input[1]]
            total += int(np.prod(shapes[node.output[0]])) * int(np.prod(w[1:]))
        elif node.op_type == "Gemm":
            total += int(np.prod(weights[node.input[1]]))
    return total


def parameters(model: Trained) -> int:
    return sum(p.size for layer in model.network.body.layers() for p in layer.params.values())


def hardware_row(model: Trained, qnt_module, budget: int, work: int) -> str:
    try:
        graph = next(
            op for op in hardware(qnt_module, budget).walk() if op.name == "dataflow.graph"
        )
    except UserError as error:
        return f"not mapped: {str(error).split(';')[0]}"
    interval, latency = predict_timing(graph, 3)
    return f"interval {interval}, latency {latency}, utilization {work / (interval * budget):.2f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budgets", type=int, nargs="+", default=[16, 64, 256])
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args(argv)
    print(f"{'network':10} {'params':>7} {'MACs':>7} {'float':>6} {'W8A8':>6} {'W4A4':>6}")
    notes = []
    with tempfile.TemporaryDirectory(prefix="bench-zoo.") as work:
        for name in MODELS:
            model = trained(name, args.cache)
            x, y = model.data.x_test, model.data.y_test
            modules = {bits: quantized(model, bits, Path(work)) for bits in BITS}
            top1 = [float((outputs(m, model, x).argmax(1) == y).mean()) for m in modules.values()]
            work_per_image = macs(model.onnx)
            print(
                f"{name:10} {parameters(model):7d} {work_per_image:7d} {model.float_accuracy():6.4f} "
                + " ".join(f"{t:6.4f}" for t in top1)
            )
            for budget in args.budgets:
                notes.append(f"{name} W8A8 at {budget} multipliers: "
                             + hardware_row(model, modules["w8a8"], budget, work_per_image))  # fmt: skip
    print()
    print("\n".join(notes))


if __name__ == "__main__":
    main()
