"""The channel-wise multiply-add end to end: batchnorms left unfolded on
the network input, after a residual add, a concat, a max pool and a dense
layer (rank 2), and a per-channel Mul and Add (`support.channelwise_
models`), imported, calibrated, quantized, lowered, tiled and scheduled.
Each becomes a one-tap `dataflow.vvu` on the pixels, with no window
generator in front; the dataflow interpreter's integers equal the qnt
interpreter's, and the RTL interpreter (a few inputs) and Verilator
(slow) give them with the interval and latency the dataflow interpreter
predicts."""

from __future__ import annotations

import numpy as np
import pytest

from asic.dialects import dataflow as df
from asic.dialects.nn import ints
from asic.interp.dataflow import predict_timing
from asic.interp.rtl import simulate
from support.boundary import integer_outputs
from support.channelwise_models import BATCHNORMS, INPUT_SHAPE, channelwise_net
from support.compiled_models import Compiled, check_verilator, write_model


def _compiled(tmp_path, bits: int, budget: int) -> tuple[Compiled, np.ndarray]:
    rng = np.random.default_rng(1)
    x = rng.normal(0, 1, (96, *INPUT_SHAPE)).astype(np.float32)
    write_model(tmp_path, channelwise_net(), x[:64], x[64:], np.zeros(32, np.int64))
    return Compiled(tmp_path, bits, bits, budget), x[64:]


def _channelwise_engines(graph: df.GraphOp) -> list[df.VvuOp]:
    """The one-tap VVUs, each fed by no window generator."""
    engines = [op for op in graph.engines() if isinstance(op, df.VvuOp)]
    assert all(op.tap_count == 1 for op in engines)
    windows = [op for op in graph.engines() if isinstance(op, df.SwgOp)]
    assert all(ints(swg.kernel) != (1, 1) for swg in windows)
    return engines


def _producer(op: df.EngineOp) -> object:
    """The op whose beats reach `op`'s input, through FIFOs and skid buffers."""
    source = op.input_values[0].owner
    while isinstance(source, (df.FifoOp, df.SkidOp)):
        source = source.input.owner
    return source


def test_dataflow_and_rtl_interpreters(tmp_path):
    """W4A4 under 64 multipliers."""
    compiled, x = _compiled(tmp_path, 4, 64)
    engines = _channelwise_engines(compiled.graph)
    assert len(engines) == BATCHNORMS + 1
    for vvu in engines:
        assert vvu.cost("multipliers") == vvu.simd_value
        assert vvu.cost("memory_bits") == 0
    # the rank-2 batchnorm's reshapes around its engine fold into one each side
    reshapes = [op for op in compiled.graph.engines() if isinstance(op, df.ReshapeOp)]
    assert not any(isinstance(_producer(op), df.ReshapeOp) for op in reshapes)
    reference = compiled.qnt_outputs(x)
    np.testing.assert_array_equal(integer_outputs(compiled.dataflow, [x]).reshape(reference.shape), reference)
    result = simulate(compiled.rtl, compiled.quantized(x[:2]))
    (out,) = result.outputs.values()
    np.testing.assert_array_equal(out.reshape(2, -1), reference[:2])
    assert (result.interval, result.latency) == predict_timing(compiled.graph, 2)


@pytest.mark.slow
def test_verilator(tmp_path):
    """W8A8 under 16 multipliers (channels folded)."""
    compiled, x = _compiled(tmp_path, 8, 16)
    check_verilator(compiled, x, np.zeros(len(x), np.int64))
