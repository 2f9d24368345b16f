"""The lookup-table engine (`dataflow.lut`): alone on a padded stream, the
dataflow interpreter gives `qnt.lut`'s integers and the RTL interpreter
its integers and the timing model's cycles under gaps and stalls; and an
MLP with sigmoid, tanh and leaky-ReLU trained on the digits, W8A8 and
W4A4, through every level to Verilator: the integers of the qnt
interpreter on every image, the predicted interval and latency, the same
top-1 (a few held-out images in the default run, the whole split in a slow
test)."""

from __future__ import annotations

import numpy as np
import pytest
from xdsl.context import Context

from asic.dialects import dataflow as df
from asic.dialects.qnt_kernels import lut
from asic.examples.digits import export_digits_activation_mlp, train_digits_activation_mlp
from asic.interp.dataflow import predict_timing, simulate_timing
from asic.interp.rtl import simulate
from asic.interp.runner import evaluate_op, run_function
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
from support.compiled_models import check_few_images, check_whole_split, digits_model_fixtures
from support.dataflow_models import parse_any

PATTERNS = (("1", "1"), ("110", "1"), ("1", "0110"))

TABLE = [7, 0, 3, 3, 5, 1, 6, 2]
ALONE = f"""
!qx = !qnt.uniform<i3:f32, 0.5>
!qy = !qnt.uniform<u3:f32, 0.125>
func.func @main(%a: tensor<1x10x!qx>) -> tensor<1x10x!qy> {{
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%a) : (tensor<1x10x!qx>) -> tensor<1x10x!qy> {{
  ^bb0(%x: !dataflow.stream<!qx, lanes 4, shape [1, 10]>):
    %o = dataflow.lut %x table {TABLE} : (!dataflow.stream<!qx, lanes 4, shape [1, 10]>) -> !dataflow.stream<!qy, lanes 4, shape [1, 10]>
    dataflow.yield %o : !dataflow.stream<!qy, lanes 4, shape [1, 10]>
  }}
  func.return %y : tensor<1x10x!qy>
}}"""


def test_lut_alone_in_the_interpreters_and_rtl():
    module = parse_any(ALONE)
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    (engine,) = graph.engines()
    assert engine.timing_alone() == (engine.cost("cycles"), engine.cost("latency")) == (3, 3)
    assert engine.cost("rom_bits") == 4 * 8 * 3
    # the ROM words: addressed by the raw bits of i3 (4..7 are -4..-1)
    assert engine.rom_words().tolist() == [TABLE[4], TABLE[5], TABLE[6], TABLE[7], TABLE[0], TABLE[1], TABLE[2], TABLE[3]]
    x = np.random.default_rng(0).integers(-4, 4, (9, 1, 10))
    (got,) = run_function(module, [x.reshape(-1, 10)]).values()
    np.testing.assert_array_equal(np.asarray(got).reshape(x.shape), lut(x, -4, TABLE))
    timings = [simulate_timing(graph, len(x), valid_pattern=v, ready_pattern=r) for v, r in PATTERNS]
    assert (timings[0].interval, timings[0].latency) == (3, 3)
    LowerDataflowToRtlPass().apply(Context(), module)
    module.verify()
    for (valid, ready), timing in zip(PATTERNS, timings):
        result = simulate(module, x, valid_pattern=valid, ready_pattern=ready)
        (out,) = result.outputs.values()
        np.testing.assert_array_equal(out.reshape(x.shape), lut(x, -4, TABLE))
        np.testing.assert_array_equal(result.frame_start, timing.start)
        np.testing.assert_array_equal(result.frame_end, timing.end)


# --------------------------------------------------------------------------
# The digits MLP with sigmoid, tanh and leaky ReLU
# --------------------------------------------------------------------------

activation_digits, compiled = digits_model_fixtures(
    "activation_digits", train_digits_activation_mlp, export_digits_activation_mlp
)


def test_activation_mlp_lowers_every_lut_and_the_rtl_interpreter_agrees(compiled, activation_digits):
    assert len([op for op in compiled.graph.engines() if isinstance(op, df.LutOp)]) == 3
    x = np.load(activation_digits / "test.npz")["x"][:3]
    (logits,) = evaluate_op(compiled.graph, [compiled.quantized(x)])
    np.testing.assert_array_equal(np.asarray(logits).reshape(3, -1), compiled.qnt_outputs(x))
    result = simulate(compiled.rtl, compiled.quantized(x))
    (out,) = result.outputs.values()
    np.testing.assert_array_equal(out.reshape(3, -1), compiled.qnt_outputs(x))
    assert (result.interval, result.latency) == predict_timing(compiled.graph, 3)


def test_activation_mlp_in_verilator_few_images(compiled, activation_digits, tmp_path):
    """Verilator lints the design silently and agrees on 24 images."""
    check_few_images(compiled, activation_digits, tmp_path)


@pytest.mark.slow
def test_activation_mlp_in_verilator_whole_test_split(compiled, activation_digits):
    check_whole_split(compiled, activation_digits)
