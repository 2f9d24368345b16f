"""The zoo (`asic.examples.zoo`) in hardware: each network, quantized W8A8
and W4A4 (`asic.examples.zoo.pipeline.BITS`), through `lower-qnt-to-dataflow`, `tile` at
each of `BUDGETS` multipliers and `schedule`, then `lower-dataflow-to-rtl`
and Verilator (`asic.tools.asic_sim`, in process).

- default run: the dataflow interpreter's integers equal the qnt
  interpreter's on `FAST_IMAGES` held-out images, at both widths and every
  budget; Verilator (W8A8, the smallest budget, `VERILATOR_IMAGES`
  images): the same integers, and the measured interval and latency equal
  the dataflow interpreter's prediction;
- slow: every width and budget in Verilator on the whole held-out split
  (540 images): integers identical to the qnt interpreter's on every image,
  interval and latency as predicted, top-1 equal to the qnt interpreter's
  (printed with the float top-1).

The integers are those the accelerator streams out: the qnt function cut
in front of its `qnt.dequantize` (`support.boundary.integer_outputs`).
"""

from __future__ import annotations

import numpy as np
import pytest

from asic.examples.zoo import MODELS, trained
from asic.examples.zoo.pipeline import BITS, apply, hardware, quantized
from asic.interp.dataflow import predict_timing
from asic.tools.asic_sim import design_sv, host_of, simulate_sv
from support.boundary import integer_outputs

BUDGETS = (32, 256)
FAST_IMAGES = 8
VERILATOR_IMAGES = 4


@pytest.fixture(scope="module", params=[(m, b) for m in MODELS for b in BITS], ids="-".join)
def model_bits(request, zoo_cache, tmp_path_factory):
    name, bits = request.param
    model = trained(name, zoo_cache)
    return model, bits, quantized(model, bits, tmp_path_factory.mktemp(f"{name}-{bits}"))


class Accelerator:
    """A quantized network's dataflow level at a budget, its SystemVerilog,
    and what its host streams in for a batch of images."""

    def __init__(self, model, qnt_module, budget: int):
        self.model, self.qnt = model, qnt_module
        self.dataflow = hardware(qnt_module, budget)
        self.host = host_of(self.dataflow, f"{model.name} at {budget} multipliers")
        self.graph = next(op for op in self.dataflow.walk() if op.name == "dataflow.graph")

    def inputs(self, count: int | None) -> dict[str, np.ndarray]:
        return {"input": self.model.network.inputs(self.model.data.x_test[:count])}

    def simulate(self, count: int | None):
        """Verilator's output integers (one row per image) and its cycles."""
        inputs = self.inputs(count)
        sv, top, streams = design_sv(apply(self.dataflow.clone(), "lower-dataflow-to-rtl"))
        result = simulate_sv(sv, top, streams, self.host.quantize(inputs))
        (frames,) = result.outputs.values()
        return np.asarray(frames).reshape(len(inputs["input"]), -1), result


@pytest.mark.parametrize("budget", BUDGETS)
def test_dataflow_interpreter_equals_qnt(model_bits, budget):
    model, _, qnt_module = model_bits
    accelerator = Accelerator(model, qnt_module, budget)
    inputs = accelerator.inputs(FAST_IMAGES)
    np.testing.assert_array_equal(
        integer_outputs(accelerator.dataflow, inputs), integer_outputs(qnt_module, inputs)
    )


def _check_verilator(accelerator: Accelerator, count: int | None) -> tuple[np.ndarray, object]:
    hardware_integers, result = accelerator.simulate(count)
    reference = integer_outputs(accelerator.qnt, accelerator.inputs(count))
    np.testing.assert_array_equal(hardware_integers, reference)
    interval, latency = predict_timing(accelerator.graph, len(reference))
    assert (result.interval, result.latency) == (interval, latency)
    np.testing.assert_array_equal(hardware_integers.argmax(1), reference.argmax(1))
    return hardware_integers, result


@pytest.mark.parametrize("name", MODELS)
def test_verilator_few_images(name, zoo_cache, tmp_path):
    model = trained(name, zoo_cache)
    accelerator = Accelerator(model, quantized(model, "w8a8", tmp_path), BUDGETS[0])
    _check_verilator(accelerator, VERILATOR_IMAGES)


@pytest.mark.slow
@pytest.mark.parametrize("budget", BUDGETS)
def test_verilator_whole_split(model_bits, budget, capsys):
    model, bits, qnt_module = model_bits
    accelerator = Accelerator(model, qnt_module, budget)
    integers, result = _check_verilator(accelerator, None)
    labels = model.data.y_test
    assert len(labels) == 540
    accuracy = float((integers.argmax(1) == labels).mean())
    with capsys.disabled():
        print(
            f"\n{model.name} {bits} at {budget} multipliers: interval {result.interval} cycles, "
            f"latency {result.latency}; top-1 hardware {accuracy:.4f} (= qnt), "
            f"float {model.float_accuracy():.4f}"
        )


def test_harness_on_a_network_that_maps_today(tmp_path):
    """The harness itself, on a network of the zoo's layers whose ops have
    engines already (dense and ReLU): Verilator's integers and cycles as the
    checks above want them."""
    from asic.examples.digits import load_digits_split
    from asic.examples.zoo import Trained
    from asic.examples.zoo.layers import Activation, Dense, Sequential
    from asic.examples.zoo.network import Network

    rng = np.random.default_rng(0)
    network = Network("relu_mlp", Sequential(Dense("fc1", 64, 16, rng), Activation("relu"), Dense("fc2", 16, 10, rng)),
                      (64,), epochs=4)  # fmt: skip
    model = Trained(network, load_digits_split())
    network.train(model.data)
    accelerator = Accelerator(model, quantized(model, "w8a8", tmp_path), BUDGETS[0])
    integers, result = _check_verilator(accelerator, VERILATOR_IMAGES)
    assert integers.shape == (VERILATOR_IMAGES, 10) and result.interval > 0
