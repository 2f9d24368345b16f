"""The demo (`./run demo`, `python -m asic.examples.demo`): its summary
reads the figures from the files the tools wrote, and the whole job runs
on a small configuration and leaves every file in its folder."""

from __future__ import annotations

import json

import numpy as np
import pytest

from asic.examples import demo


def _outputs(folder, labels, hits):
    """Probabilities whose argmax is right on the first `hits` images."""
    wrong = (labels + 1) % 10
    chosen = np.where(np.arange(len(labels)) < hits, labels, wrong)
    return np.eye(10, dtype=np.float32)[chosen]


def test_summary_reads_every_figure(tmp_path):
    labels = np.arange(8) % 10
    np.savez(tmp_path / "labels.npz", y=labels)
    for name, hits in (("float", 8), ("quantized", 6), ("hardware", 6)):
        extra = {"cycles_interval": np.int64(80), "cycles_latency": np.int64(160)} if name == "hardware" else {}
        np.savez(tmp_path / f"{name}.npz", probabilities=_outputs(tmp_path, labels, hits), **extra)
    text = demo.summary(tmp_path, 8, ppa=False)
    assert "top-1      float 1.0000, quantized 0.7500, hardware 0.7500" in text
    assert "interval   80 cycles, latency 160 cycles = 1.6 us at 100 MHz" in text
    assert "throughput 1,250,000 frames/s at 100 MHz" in text
    figures = {"fmax_mhz": 62.5, "frames_per_s": 781250.0, "latency_us": 2.56, "energy_per_frame_nj": 250.7, "area_mm2": 2.379}
    (tmp_path / "ppa.json").write_text(json.dumps({"figures": figures}))
    text = demo.summary(tmp_path, 8, ppa=True)
    assert "throughput 781,250 frames/s at Fmax 62.5 MHz" in text
    assert "area       2.379 mm2 (OSU 0.18 um), energy 250.7 nJ/frame" in text
    assert "latency 160 cycles = 2.56 us at Fmax" in text


@pytest.mark.slow
def test_the_demo_runs_end_to_end(tmp_path, capsys):
    folder = tmp_path / "digits"
    demo.main([str(folder), "--images", "24", "--multipliers", "32", "--no-ppa"])
    out = capsys.readouterr().out
    assert "simulate in Verilator ..." in out and out.rstrip().endswith("(no PPA report: --no-ppa)")
    for name in ("mlp.onnx", "mlp.qnt.mlir", "mlp.df.mlir", "mlp.sv", "hardware.npz", "graph.svg", "timeline.svg", "report.html", "log.txt"):
        assert (folder / name).exists(), name
    assert (folder / "summary.txt").read_text() in out
    hardware, quantized = np.load(folder / "hardware.npz"), np.load(folder / "quantized.npz")
    np.testing.assert_array_equal(hardware["probabilities"], quantized["probabilities"])
    assert "24 held-out images" in out


def test_bad_options_are_diagnostics(capsys):
    with pytest.raises(SystemExit) as exit:
        demo.main(["--images", "1"])
    assert exit.value.code == 1 and "--images" in capsys.readouterr().err
