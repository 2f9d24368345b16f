"""The mapped netlist in simulation (`asic-sim --netlist`): gate level, the
same integers and cycles as the RTL in Verilator; with the SDF delays at
the reported Fmax still exact, and 25% faster wrong."""

from __future__ import annotations

import numpy as np

from support.flow_designs import alternating_frames, random_frames, tool


def _sim(run, tmp_path, inputs: np.ndarray, name: str, *extra) -> dict[str, np.ndarray]:
    np.savez(tmp_path / f"{name}.in.npz", x=inputs)
    out = tmp_path / f"{name}.npz"
    result = tool("asic-sim", run.sv, "--inputs", tmp_path / f"{name}.in.npz", "--output", out, *extra)
    with np.load(out) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["stalls"] = np.array([line for line in result.stdout.splitlines() if "stalls" in line])
    return arrays


def test_gate_level_equals_rtl(folded, tmp_path) -> None:
    frames = random_frames(30, (1, 4), seed=3)
    patterns = ("--valid-pattern", "110", "--ready-pattern", "1101")
    rtl = _sim(folded, tmp_path, frames, "rtl", *patterns)
    gates = _sim(folded, tmp_path, frames, "gates", "--netlist", folded.netlist, *patterns)
    for key in rtl:  # outputs, cycles, and the stall cycles of the summary
        np.testing.assert_array_equal(gates[key], rtl[key], err_msg=key)
    assert "cycles with an output beat the sink did not take" in str(gates["stalls"])


def test_timing_simulation_at_fmax_is_exact_and_fails_faster(accumulator, tmp_path) -> None:
    frames = alternating_frames(12, seed=5)
    period = accumulator.report["period_ns"]
    rtl = _sim(accumulator, tmp_path, frames, "rtl")
    timed = _sim(accumulator, tmp_path, frames, "fmax", "--netlist", accumulator.netlist,
                 "--sdf", accumulator.sdf, "--clock-ns", f"{period}")  # fmt: skip
    for key in rtl:
        np.testing.assert_array_equal(timed[key], rtl[key], err_msg=key)
    fast = _sim(accumulator, tmp_path, frames, "fast", "--netlist", accumulator.netlist,
                "--sdf", accumulator.sdf, "--clock-ns", f"{period / 1.25:.4f}")  # fmt: skip
    wrong = fast["y"] != rtl["y"]
    assert wrong.any(), "a clock 25% faster than Fmax should break the carry chain"
    # the cycles are those of the control, which is fast enough
    np.testing.assert_array_equal(fast["cycles_frame_end"], rtl["cycles_frame_end"])


def test_netlist_flags_are_checked(accumulator, tmp_path) -> None:
    np.savez(tmp_path / "in.npz", x=alternating_frames(2))
    args = [
        "asic-sim",
        accumulator.sv,
        "--inputs",
        tmp_path / "in.npz",
        "--output",
        tmp_path / "o.npz",
    ]
    cases = {
        ("--sdf", accumulator.sdf): "--sdf is for the netlist simulation: give --netlist too",
        ("--netlist", accumulator.netlist, "--sdf", accumulator.sdf): "--sdf needs --clock-ns",
        ("--netlist", tmp_path / "none.v"): "no such file",
        ("--netlist", accumulator.netlist, "--cells", tmp_path / "none.v"): "no cell models",
        ("--netlist", accumulator.netlist, "--activity", tmp_path / "a.npz"): "not with --netlist",
    }
    for extra, message in cases.items():
        result = tool(*args, *extra, check=False)
        assert (
            result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
        )
        assert not (tmp_path / "o.npz").exists()
