"""The zoo (`asic.examples.zoo`) in hardware: every network (`MAPPED`:
the engines cover them all, depthwise convolutions included), quantized
(`asic.examples.zoo.pipeline.BITS`), through `lower-qnt-to-dataflow`,
`tile` at a multiplier budget and `schedule`, then `lower-dataflow-to-rtl`
and Verilator (`asic.tools.asic_sim`, in process).

- default run, per network: W8A8 at `BUDGETS[-1]` multipliers, one
  Verilator build: the dataflow interpreter's integers equal the qnt
  interpreter's on `FAST_IMAGES` held-out images, Verilator's on
  `VERILATOR_IMAGES`, and the measured interval and latency equal the
  dataflow interpreter's prediction;
- slow: each width of `BITS` at one of `BUDGETS` (`SLOW_PAIRS`: every
  width and every budget once per network, which keeps the slow set
  within the suite's time) in Verilator on the whole held-out split (540
  images): integers identical to the qnt interpreter's on every image,
  interval and latency as predicted, top-1 equal to the qnt interpreter's
  (printed with the float top-1); the cases of `TOO_SLOW` run at the
  largest budget instead.

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

MAPPED = tuple(MODELS)
BUDGETS = (32, 256)
TOO_SLOW = {("resnet", 32)}
"""(network, budget) moved to the largest budget in the slow run: ResNet-style at 32
multipliers has an interval of 24576 cycles, which Verilator runs for 540
images (25 s) after a 35 s build."""
FAST_IMAGES = 8
VERILATOR_IMAGES = 4


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


def _check_dataflow_interpreter(accelerator: Accelerator, count: int) -> None:
    inputs = accelerator.inputs(count)
    np.testing.assert_array_equal(
        integer_outputs(accelerator.dataflow, inputs), integer_outputs(accelerator.qnt, inputs)
    )


def _check_verilator(accelerator: Accelerator, count: int | None) -> tuple[np.ndarray, object]:
    hardware_integers, result = accelerator.simulate(count)
    reference = integer_outputs(accelerator.qnt, accelerator.inputs(count))
    np.testing.assert_array_equal(hardware_integers, reference)
    interval, latency = predict_timing(accelerator.graph, len(reference))
    assert (result.interval, result.latency) == (interval, latency)
    np.testing.assert_array_equal(hardware_integers.argmax(1), reference.argmax(1))
    return hardware_integers, result


@pytest.mark.parametrize("name", MAPPED)
def test_few_images(name, zoo_cache, tmp_path):
    model = trained(name, zoo_cache)
    accelerator = Accelerator(model, quantized(model, "w8a8", tmp_path), BUDGETS[-1])
    _check_dataflow_interpreter(accelerator, FAST_IMAGES)
    _check_verilator(accelerator, VERILATOR_IMAGES)


SLOW_PAIRS = tuple(zip(BITS, BUDGETS))
SLOW_CASES = [(m, bits, BUDGETS[-1] if (m, b) in TOO_SLOW else b) for m in MAPPED for bits, b in SLOW_PAIRS]


@pytest.fixture(scope="module")
def zoo_quantized(zoo_cache, tmp_path_factory):
    """(name, bits) -> the trained network and its quantized module, each
    quantized once per module."""
    done = {}

    def get(name: str, bits: str):
        if (name, bits) not in done:
            model = trained(name, zoo_cache)
            done[name, bits] = model, quantized(model, bits, tmp_path_factory.mktemp(f"{name}-{bits}"))
        return done[name, bits]

    return get


@pytest.mark.slow
@pytest.mark.parametrize(("name", "bits", "budget"), SLOW_CASES, ids=[f"{m}-{w}-{b}" for m, w, b in SLOW_CASES])
def test_whole_split(name, bits, budget, zoo_quantized, capsys):
    model, qnt_module = zoo_quantized(name, bits)
    accelerator = Accelerator(model, qnt_module, budget)
    _check_dataflow_interpreter(accelerator, FAST_IMAGES)
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


PARALLEL_TAPS = {"dscnn": BUDGETS[-1], "mobilenet": 1024}
"""Networks and budgets at which every depthwise convolution takes several
taps per beat (`dataflow.vvu`'s `parallel_taps`): DS-CNN at the default
run's budget (2 taps of its 16 channels, windows padded to 10 taps: in
Verilator in `test_few_images`), MobileNetV2-style at 1024 (3 taps of 48
channels)."""

WHOLE_WINDOWS = ("dscnn", 1024, 32)
"""A network, a budget at which its depthwise convolutions take a whole
window per beat (no ring of partial sums) and the held-out images the slow
run streams through Verilator."""


@pytest.mark.parametrize("name", PARALLEL_TAPS)
def test_depthwise_convolutions_take_parallel_taps(name, zoo_cache, tmp_path):
    model = trained(name, zoo_cache)
    accelerator = Accelerator(model, quantized(model, "w8a8", tmp_path), PARALLEL_TAPS[name])
    vvus = [op for op in accelerator.graph.walk() if op.name == "dataflow.vvu" and op.tap_count > 1]
    assert vvus and all(op.parallel_taps_value > 1 and op.simd_value == op.channels for op in vvus)


@pytest.mark.slow
def test_whole_windows_per_beat(zoo_quantized):
    """Depthwise convolutions at one window per cycle: Verilator's integers
    equal the qnt interpreter's on held-out images, interval and latency as
    predicted."""
    name, budget, images = WHOLE_WINDOWS
    model, qnt_module = zoo_quantized(name, "w8a8")
    accelerator = Accelerator(model, qnt_module, budget)
    vvus = [op for op in accelerator.graph.walk() if op.name == "dataflow.vvu"]
    assert vvus and all(op.parallel_taps_value == op.tap_count > 1 for op in vvus)
    _check_dataflow_interpreter(accelerator, FAST_IMAGES)
    _check_verilator(accelerator, images)


RESNET_PIXELS = (20000, 32, 4)
"""A budget at which the ResNet-style net takes 2 pixels per beat through
every engine (window generators, MVUs, forks, adds, the global average
pool), the interval it reaches and the held-out images Verilator streams."""


@pytest.mark.slow
def test_resnet_below_one_pixel_per_beat(zoo_quantized):
    """The ResNet-style net at an interval below its 64 pixels: Verilator's
    integers equal the qnt interpreter's on held-out images, interval and
    latency as predicted (its build takes minutes)."""
    budget, interval, images = RESNET_PIXELS
    model, qnt_module = zoo_quantized("resnet", "w8a8")
    accelerator = Accelerator(model, qnt_module, budget)
    assert accelerator.graph.attributes["dataflow.ii"].value.data == interval
    pools = [op for op in accelerator.graph.walk() if op.name == "dataflow.pool"]
    assert pools and all(op.pixels_value > 1 for op in pools)
    _check_dataflow_interpreter(accelerator, FAST_IMAGES)
    _, result = _check_verilator(accelerator, images)
    assert result.interval == interval


def test_every_network_is_mapped():
    assert {"mobilenet", "dscnn"} <= set(MAPPED)
    assert {name for name, _ in TOO_SLOW} <= set(MAPPED)
