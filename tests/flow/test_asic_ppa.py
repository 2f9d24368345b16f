"""asic-ppa's other targets and options, and what it says when the Debian
packages are missing (the input diagnostics are lit tests in
filecheck/tools/asic_ppa)."""

from __future__ import annotations

import json
import os
import subprocess

import numpy as np
import pytest

from support.flow_designs import BIN, alternating_frames, tool


def _without_debian_tools() -> dict[str, str]:
    """An environment whose PATH has only this Python's tools: no sta, no
    native yosys, no iverilog."""
    return {**os.environ, "PATH": str(BIN)}


def test_missing_opensta_is_a_diagnostic_and_generic_still_counts(folded, tmp_path) -> None:
    out = tmp_path / "r.json"
    result = subprocess.run(
        [str(BIN / "asic-ppa"), str(folded.sv), "--json", str(out)],
        capture_output=True, text=True, env=_without_debian_tools(),
    )  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "OpenSTA ('sta') is not installed" in result.stderr
    assert "apt-get install opensta qflow-tech-osu018" in result.stderr
    assert not out.exists()
    result = subprocess.run(
        [str(BIN / "asic-ppa"), str(folded.sv), "--target", "generic", "--json", str(out)],
        capture_output=True, text=True, env=_without_debian_tools(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text())
    assert report["target"] == "generic" and list(report["engines"]) == ["u_f", "u_o"]
    assert report["cells"] == sum(e["cells"] for e in report["engines"].values()) > 0
    assert any(kind.startswith("$_") for kind in report["types"])


def test_missing_default_library_is_a_diagnostic(folded, tmp_path, monkeypatch, capsys) -> None:
    from asic.flow import liberty
    from asic.tools import asic_ppa

    monkeypatch.setattr(liberty, "DEFAULT_LIBERTY", tmp_path / "osu018_stdcells.lib")
    with pytest.raises(SystemExit) as exit_:
        asic_ppa.main([str(folded.sv), "--json", str(tmp_path / "r.json")])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "is not installed: it comes with Debian's qflow-tech-osu018 package" in err
    assert "apt-get install opensta qflow-tech-osu018" in err and "--target generic" in err
    assert not (tmp_path / "r.json").exists()


def test_xilinx_target(folded, tmp_path) -> None:
    out = tmp_path / "x.json"
    result = tool("asic-ppa", folded.sv, "--target", "xilinx", "--json", out)
    report = json.loads(out.read_text())
    assert report["target"] == "xilinx"
    engines = report["engines"]
    assert report["luts"] == sum(e["luts"] for e in engines.values()) > 0
    assert report["flip_flops"] == sum(e["flip_flops"] for e in engines.values()) > 0
    assert engines["u_o"]["luts"] > engines["u_f"]["luts"]
    assert "LUT" in result.stdout and "BRAM36" in result.stdout


def test_activity_file_and_clock(accumulator, tmp_path) -> None:
    np.savez(tmp_path / "in.npz", x=alternating_frames(6))
    act = tmp_path / "act.npz"
    tool(
        "asic-sim",
        accumulator.sv,
        "--inputs",
        tmp_path / "in.npz",
        "--output",
        tmp_path / "o.npz",
        "--activity",
        act,
    )
    out = tmp_path / "r.json"
    result = tool("asic-ppa", accumulator.sv, "--activity", act, "--clock-ns", "50", "--json", out)
    report = json.loads(out.read_text())
    # 16 steps, the last one's beat 3 cycles later plus 2 pipeline registers
    # (the registered product and the requantization's one chunk of
    # addition, which adds the carry-save pair of its few terms)
    assert report["cycles"] == {
        "interval": 16,
        "latency": 20,
        "source": "measured in the simulation of 6 frames (--activity)",
    }
    flops = report["area"]["flip_flops"]
    assert report["power"]["activity"] == f"{flops} of {flops} flip-flops measured"
    assert report["clock_ns"] == 50 and report["slack_ns"] == pytest.approx(
        50 - report["critical_path"]["period_ns"]
    )
    assert "clock 50 ns: slack" in result.stdout and "(met)" in result.stdout
