"""The digits MLP through the physical flow: asic-ppa with the activity of
real test images, then its mapped netlist in gate-level simulation gives
what asic-run gives, bit for bit (the verification ladder's fifth rung on
a real model)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from support.flow_designs import tool


@pytest.mark.slow
def test_digits_mlp_ppa_and_gate_level(digits, tmp_path) -> None:
    q, df, sv = tmp_path / "q.mlir", tmp_path / "df.mlir", tmp_path / "mlp.sv"
    tool("asic-opt", digits / "mlp.onnx", "--onnx-outputs", "probabilities", "-p",
         f'fuse-bias,calibrate{{data="{digits / "calib.npz"}"}},quantize{{weight-bits=8 act-bits=8 requantize=shift}}',
         "-o", q)  # fmt: skip
    tool("asic-opt", q, "-p", "lower-qnt-to-dataflow,tile{multipliers=16},schedule", "-o", df)
    tool("asic-opt", df, "-p", "lower-dataflow-to-rtl", "-t", "sv", "-o", sv)
    images = tmp_path / "images.npz"
    np.savez(images, X=np.load(digits / "test.npz")["X"][:8])
    report_path, netlist = tmp_path / "ppa.json", tmp_path / "mlp.v"
    result = tool(
        "asic-ppa", sv, "--ir", df, "--inputs", images, "--json", report_path, "--netlist", netlist
    )
    report = json.loads(report_path.read_text())
    assert report["cycles"]["interval"] == 320 and "measured" in report["cycles"]["source"]
    mvus = [e for e in report["engines"].values() if e["module"].startswith("dataflow.mvu")]
    assert [e["module"] for e in mvus] == [
        "dataflow.mvu 64x64 pe 1 simd 13",
        "dataflow.mvu 10x64 pe 1 simd 2",
    ]
    for engine in mvus:
        parts = engine["area"]["parts_um2"]
        assert parts["arithmetic"] > 0 and parts["memories"] > 0 and parts["registers"] > 0
    flops = report["area"]["flip_flops"]
    assert report["power"]["activity"] == f"{flops} of {flops} flip-flops measured"
    figures = report["figures"]
    assert 0.3 < figures["area_mm2"] < 3 and 50 < report["fmax_mhz"] < 500
    assert figures["energy_per_frame_nj"] > 0 and "M frames/s" in result.stdout
    # the netlist, gate by gate, against the interpreters
    gates, interpreted = tmp_path / "gates.npz", tmp_path / "run.npz"
    tool("asic-sim", df, "--inputs", images, "--output", gates, "--netlist", netlist)
    tool("asic-run", df, "--inputs", images, "--output", interpreted)
    with np.load(gates) as g, np.load(interpreted) as r:
        np.testing.assert_array_equal(g["probabilities"], r["probabilities"])
        assert int(g["cycles_interval"]) == 320
