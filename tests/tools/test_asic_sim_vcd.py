"""asic-sim --vcd-frames and --vcd-scope: the waveform holds the frames
and the signals asked for, and nothing else."""

from __future__ import annotations

import re

import numpy as np
import pytest

from asic.dialects.rtl import RESET_CYCLES
from asic.tools import asic_sim
from support.dataflow_models import random_float_inputs
from support.drawn_designs import design_file, scheduled_mlp


def _vcd(path):
    """The scopes holding each $var, and the dump times."""
    scopes, holders, times = [], set(), []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("$scope"):
            scopes.append(line.split()[2])
        elif line.startswith("$upscope"):
            scopes.pop()
        elif line.startswith("$var"):
            holders.add(".".join(scopes))
        elif re.fullmatch(r"#\d+", line):
            times.append(int(line[1:]))
    return holders, times


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    directory = tmp_path_factory.mktemp("vcd")
    design = design_file(directory)
    np.savez(directory / "in.npz", arg0=random_float_inputs(scheduled_mlp(), 4))

    def simulate(name: str, *options: str):
        for stale in directory.glob(f"{name}.*"):
            stale.unlink()
        asic_sim.main([str(design), "--inputs", str(directory / "in.npz"), "--output",
                       str(directory / f"{name}.npz"), "--vcd", str(directory / f"{name}.vcd"), *options])  # fmt: skip
        return np.load(directory / f"{name}.npz"), directory / f"{name}.vcd"

    simulate.directory = directory  # pyright: ignore[reportFunctionMemberAccess]
    return simulate


def test_the_whole_run_by_default(run):
    result, vcd = run("all")
    holders, times = _vcd(vcd)
    assert times[0] == 0 and times[-1] == 2 * (RESET_CYCLES + int(result["cycles_frame_end"][-1])) + 1
    assert len({h.split(".")[2] for h in holders if h.count(".") >= 2}) >= 3  # several instances


def test_a_frame_range_and_a_scope(run):
    whole, _ = _vcd(run("all")[1])
    instance = min(h for h in whole if h.count(".") == 2)  # TOP.main.u_...
    scope = instance.removeprefix("TOP.")
    result, vcd = run("part", "--vcd-frames", "1:3", "--vcd-scope", scope)
    holders, times = _vcd(vcd)
    assert holders == {h for h in whole if h == instance or h.startswith(instance + ".")}
    start, end = int(result["cycles_frame_start"][1]), int(result["cycles_frame_end"][2])
    assert times[0] == 2 * (RESET_CYCLES + start) + 1  # the edge taking frame 1's first beat
    assert times[-1] == 2 * (RESET_CYCLES + end) + 1  # the edge taking frame 2's last beat
    assert len(times) == 2 * (end - start) + 1


@pytest.mark.parametrize(
    "options, message",
    [
        (["--vcd-frames", "3:9"], "--vcd-frames 3:9: the batch has frames 0 to 3, so 0 <= A < B <= 4"),
        (["--vcd-frames", "two"], "--vcd-frames takes a range A:B of frames"),
        (["--vcd-scope", "main.u_nowhere"], "--vcd-scope main.u_nowhere: no signal is in this scope"),
    ],
)
def test_mistakes_are_diagnostics_with_no_files(run, capsys, options, message):
    directory = run.directory
    with pytest.raises(SystemExit) as exit:
        run("bad", *options)
    assert exit.value.code == 1 and message in capsys.readouterr().err
    assert not list(directory.glob("bad.*"))


def test_the_options_need_vcd(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit:
        asic_sim.main(["d.mlir", "--inputs", "i.npz", "--output", "o.npz", "--vcd-frames", "0:1"])
    assert exit.value.code == 1 and "give --vcd" in capsys.readouterr().err
