"""asic-report: one self-contained HTML page with the schedule and cost
tables, the drawing, the timeline and, given asic-ppa's JSON, the PPA
figures."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from asic.tools import asic_report
from support.drawn_designs import design_file

PPA = {
    "target": "asic",
    "library": "/usr/share/qflow/tech/osu018/osu018_stdcells.lib",
    "engines": {"u_fc0": {"module": "dataflow.mvu 8x16 pe 1 simd 6", "area": {"um2": 12345.0, "cells": 321}, "power": {"total_mw": 1.5}}},
    "critical_path": {"start": "u_fc0/acc[3]", "end": "u_fc0/out_q[1]"},
    "cycles": {"interval": 24, "latency": 53, "source": "predicted by the dataflow timing model"},
    "figures": {"fmax_mhz": 123.4, "frames_per_s": 5141666.0, "latency_us": 0.43, "energy_per_frame_nj": 2.5,
                "power_mw": 12.9, "area_mm2": 0.0123},
}


def test_the_report_gathers_every_piece(tmp_path):
    design = design_file(tmp_path)
    (tmp_path / "ppa.json").write_text(json.dumps(PPA))
    out = tmp_path / "report.html"
    asic_report.main([str(design), "--ppa", str(tmp_path / "ppa.json"), "-o", str(out)])
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not re.search(r"<(script|link|img)\b", page), "self-contained: nothing loaded from elsewhere"
    assert "pipeline: interval 24 cycles per frame" in page
    engines = page.split('<table class="engines">', 1)[1].split("</table>", 1)[0]
    assert engines.count("<tr>") == 1 + 5  # header and the five engines
    assert "<td>fc0.weight</td><td>dataflow.mvu</td><td>R 1 N 8 K 16 w_bits 8 pe 1 simd 6</td><td>24</td>" in engines
    assert "tile: dataflow.mvu cost model" in page and "total: 8 multipliers" in page
    drawing = '<figure class="drawing"><svg' if shutil.which("dot") else '<pre class="dot">digraph'
    assert drawing in page
    assert '<figure class="timeline"><svg' in page
    assert "<td>Fmax</td><td>123.4 MHz</td>" in page and "<td>area</td><td>0.012 mm2</td>" in page
    assert "u_fc0/acc[3] -&gt; u_fc0/out_q[1]" in page


def test_without_ppa_there_is_no_ppa_section(tmp_path):
    design = design_file(tmp_path)
    asic_report.main([str(design), "-o", str(tmp_path / "r.html"), "--frames", "1"])
    page = (tmp_path / "r.html").read_text()
    assert "Power, performance, area" not in page and "first 1 frames" in page


@pytest.mark.parametrize("text", ["not json", json.dumps({"target": "generic"})])
def test_a_bad_ppa_file_is_a_diagnostic_with_no_report(tmp_path, capsys, text):
    design = design_file(tmp_path)
    (tmp_path / "ppa.json").write_text(text)
    with pytest.raises(SystemExit) as exit:
        asic_report.main([str(design), "--ppa", str(tmp_path / "ppa.json"), "-o", str(tmp_path / "r.html")])
    assert exit.value.code == 1
    assert "asic-report: error: " in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
