"""Concatenation in hardware (`dataflow.concat` on forked branches, the
join FIFOs `schedule` sizes): random inception-style MLPs (a hidden layer
forked into two dense branches, concatenated with or without the hidden
layer itself, then a dense layer) quantized from float, with random widths,
bits and multiplier budgets: no deadlock, the dataflow and RTL
interpreters give the qnt interpreter's integers, the RTL interpreter the
timing model's cycles frame for frame under gaps and stalls; one such
model lints silently and agrees in Verilator."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asic.dialects import dataflow as df
from asic.interp.dataflow import predict_timing, simulate_timing
from asic.interp.rtl import simulate
from asic.interp.runner import evaluate_op
from support.compiled_models import Compiled, check_verilator, lint, write_model

PATTERNS = (("1", "1"), ("110", "1"), ("1", "0110"), ("10", "0111"))


def inception_onnx(k: int, hidden: int, widths: tuple[int, int], with_hidden: bool, seed: int):
    """x [N, k] -> h = Relu(Gemm) -> a = Relu(Gemm(h)), b = Gemm(h) ->
    Concat([h,] a, b) -> Gemm -> logits [N, 3]."""
    from onnx import TensorProto, checker, helper, numpy_helper

    rng = np.random.default_rng(seed)

    def gemm(name: str, x: str, n: int, m: int, out: str) -> tuple[list, list]:
        w = (rng.standard_normal((n, m)) / np.sqrt(m)).astype(np.float32)
        b = rng.standard_normal(n).astype(np.float32) * 0.1
        inits = [numpy_helper.from_array(w, f"{name}.weight"), numpy_helper.from_array(b, f"{name}.bias")]
        return [helper.make_node("Gemm", [x, f"{name}.weight", f"{name}.bias"], [out], name=name, transB=1)], inits

    nodes, inits = [], []
    for part in (gemm("fc0", "x", hidden, k, "a0"), ([helper.make_node("Relu", ["a0"], ["h"])], []),
                 gemm("fca", "h", widths[0], hidden, "pa"), ([helper.make_node("Relu", ["pa"], ["a"])], []),
                 gemm("fcb", "h", widths[1], hidden, "b")):  # fmt: skip
        nodes += part[0]
        inits += part[1]
    joined = ["h", "a", "b"] if with_hidden else ["a", "b"]
    nodes.append(helper.make_node("Concat", joined, ["c"], name="concat", axis=1))
    total = sum(widths) + (hidden if with_hidden else 0)
    head, head_inits = gemm("fc1", "c", 3, total, "logits")
    graph = helper.make_graph(
        nodes + head, "inception",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", k])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 3])],
        inits + head_inits,
    )  # fmt: skip
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    checker.check_model(model)
    return model


def compiled_inception(directory, k, hidden, widths, with_hidden, bits, budget, seed) -> Compiled:
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (64, k)).astype(np.float32)
    write_model(directory, inception_onnx(k, hidden, widths, with_hidden, seed), x, x[:8], np.zeros(8, np.int64))
    return Compiled(directory, bits, bits, budget)


def check_in_rtl(compiled: Compiled, x: np.ndarray) -> None:
    """The dataflow and RTL interpreters give the qnt interpreter's integers;
    the RTL interpreter's frames start and end as the timing model says."""
    xq = compiled.quantized(x)
    expected = compiled.qnt_outputs(x)
    (out,) = evaluate_op(compiled.graph, [xq])
    np.testing.assert_array_equal(np.asarray(out).reshape(expected.shape), expected)
    for valid, ready in PATTERNS:
        timing = simulate_timing(compiled.graph, len(x), valid_pattern=valid, ready_pattern=ready)
        result = simulate(compiled.rtl, xq, valid_pattern=valid, ready_pattern=ready, timeout=5000)
        (out,) = result.outputs.values()
        np.testing.assert_array_equal(out.reshape(expected.shape), expected)
        np.testing.assert_array_equal(result.frame_start, timing.start)
        np.testing.assert_array_equal(result.frame_end, timing.end)


@settings(max_examples=6)
@given(
    k=st.sampled_from([4, 6]), hidden=st.sampled_from([4, 6]),
    widths=st.tuples(st.sampled_from([2, 4, 6]), st.sampled_from([2, 4, 6])),
    with_hidden=st.booleans(), bits=st.sampled_from([4, 8]), budget=st.sampled_from([12, 24, 1000]),
    seed=st.integers(0, 100),
)  # fmt: skip
def test_random_inception_graphs(tmp_path_factory, k, hidden, widths, with_hidden, bits, budget, seed):
    compiled = compiled_inception(tmp_path_factory.mktemp("inception"), k, hidden, widths, with_hidden, bits, budget, seed)
    kinds = [op.name for op in compiled.graph.engines()]
    assert kinds.count("dataflow.concat") == 1
    assert kinds.count("dataflow.fork") == (2 if with_hidden else 1)
    assert predict_timing(compiled.graph)[0] == compiled.graph.attributes["dataflow.ii"].value.data  # pyright: ignore
    check_in_rtl(compiled, np.random.default_rng(seed).uniform(-1, 1, (5, k)).astype(np.float32))


def test_inception_in_verilator(tmp_path):
    compiled = compiled_inception(tmp_path, 6, 6, (4, 2), True, 8, 24, 1)
    (concat,) = [op for op in compiled.graph.engines() if isinstance(op, df.ConcatOp)]
    assert len(concat.input_values) == 3
    lint(compiled.rtl, tmp_path)
    x = np.random.default_rng(1).uniform(-1, 1, (16, 6)).astype(np.float32)
    check_verilator(compiled, x, compiled.qnt_outputs(x).argmax(1))


@pytest.mark.parametrize("lanes", [1, 2])
def test_concat_cost_and_timing_alone(lanes):
    from support.dataflow_models import parse_any

    q = "!qnt.uniform<i8:f32, 0.1>"
    s4, s6, s10 = (f"!dataflow.stream<{q}, lanes {lanes}, shape [1, {c}]>" for c in (4, 6, 10))
    module = parse_any(f"""
    func.func @main(%a: tensor<1x4x{q}>) -> tensor<1x10x{q}> {{
      %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x4x{q}>) -> tensor<1x10x{q}> {{
      ^bb0(%x: {s4}):
        %l, %r = dataflow.fork %x : ({s4}) -> ({s4}, {s4})
        %o = dataflow.concat %l, %r lanes {lanes} multipliers [1, 1] shifts [0, 0] : ({s4}, {s4}) -> !dataflow.stream<{q}, lanes {lanes}, shape [1, 8]>
        dataflow.yield %o : !dataflow.stream<{q}, lanes {lanes}, shape [1, 8]>
      }}
      func.return %y : tensor<1x10x{q}>
    }}""".replace("1x10", "1x8"))
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    concat = next(op for op in graph.engines() if isinstance(op, df.ConcatOp))
    # latency: the beats and 2 pipeline registers (the moving beat, one chunk of 13 bits, which adds the
    # carry-save pair of the requantizer's three terms in the same cycle)
    assert concat.timing_alone() == (concat.cost("cycles"), concat.cost("latency")) == (8 // lanes, 8 // lanes + 2)
    assert concat.cost("multipliers") == 0
    x = np.arange(-3, 5).reshape(2, 4)
    (y,) = evaluate_op(graph, [x])
    np.testing.assert_array_equal(np.asarray(y), np.concatenate([x, x], axis=1))
