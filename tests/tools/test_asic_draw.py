"""asic-draw: the dot text has a node per engine labelled through the
EngineOp interface and an edge per stream; the CLI writes the formats its
suffixes say, and its mistakes are diagnostics with no file."""

from __future__ import annotations

import re

import pytest

from asic.dialects.dataflow import stream_type_of
from asic.dialects.dataflow.engine import shown_factors
from asic.tools import asic_draw
from asic.tools.drawing import graph_dot
from support.drawn_designs import design_file, graph_of, scheduled_mlp


@pytest.fixture(scope="module")
def graph():
    return graph_of(scheduled_mlp())


def _nodes(dot: str) -> dict[str, str]:
    return {m[1]: m[2].replace("\\n", "\n") for m in re.finditer(r'^  (e\d+) \[label="((?:[^"\\]|\\.)*)"', dot, re.MULTILINE)}


def test_one_node_per_engine_with_its_interface_facts(graph):
    dot = graph_dot(graph)
    nodes = _nodes(dot)
    engines = list(graph.engines())
    assert len(nodes) == len(engines)
    for i, op in enumerate(engines):
        label = nodes[f"e{i}"].splitlines()
        assert op.name in label
        interval, latency = op.timing_alone()
        assert f"interval {interval}, latency {latency}" in label
        factors = " ".join(f"{name} {value}" for name, value in shown_factors(op))
        if factors:
            assert factors in label
        rom = op.cost("rom_bits")
        assert (f"ROM {rom} bits" in nodes[f"e{i}"]) == bool(rom)
    fifo = next(label for label in nodes.values() if "dataflow.fifo" in label)
    depth = next(op.depth_value for op in engines if op.name == "dataflow.fifo")
    assert f"depth {depth}" in fifo


def test_one_edge_per_stream_with_lanes_and_width(graph):
    dot = graph_dot(graph)
    edges = re.findall(r"^  (\w+) -> (\w+) \[label=\"([^\"]*)\"\]", dot, re.MULTILINE)
    streams = list(graph.body.block.args) + [v for op in graph.engines() for v in op.output_values]
    assert len(edges) == len(streams)
    assert edges[0][0] == "in0" and edges[-1][1] == "out0"
    for value, (_, _, label) in zip(streams, edges):  # a chain: the streams in order
        stream = stream_type_of(value)
        assert label.startswith(f"{stream.lane_count} x ") and f"= {stream.lane_count * stream.bits} bits" in label


def test_cli_writes_svg_png_dot_and_timeline(tmp_path):
    design = design_file(tmp_path)
    asic_draw.main([str(design), "-o", str(tmp_path / "g.svg"), "--timeline", str(tmp_path / "t.svg")])
    asic_draw.main([str(design), "-o", str(tmp_path / "g.png"), "--timeline", str(tmp_path / "t.png"), "--frames", "2"])
    asic_draw.main([str(design), "-o", str(tmp_path / "g.dot")])
    assert "<svg" in (tmp_path / "g.svg").read_text() and "fc0.weight" in (tmp_path / "g.svg").read_text()
    assert "<svg" in (tmp_path / "t.svg").read_text()
    for png in ("g.png", "t.png"):
        assert (tmp_path / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "g.dot").read_text().startswith('digraph "main"')


@pytest.mark.parametrize(
    "args, message",
    [
        (["-o", "{tmp}/g.pdf"], "-o {tmp}/g.pdf: the file's suffix says the format, one of .svg, .png, .dot"),
        (["--timeline", "{tmp}/t.dot"], "--timeline {tmp}/t.dot: the file's suffix says the format, one of .svg, .png"),
        (["--timeline", "{tmp}/t.svg", "--frames", "0"], "--frames must be >= 1, got 0"),
    ],
)
def test_mistakes_are_diagnostics_with_no_file(tmp_path, capsys, args, message):
    design = design_file(tmp_path)
    with pytest.raises(SystemExit) as exit:
        asic_draw.main([str(design), *(a.format(tmp=tmp_path) for a in args)])
    assert exit.value.code == 1
    assert f"asic-draw: error: {message.format(tmp=tmp_path)}" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["design.df.mlir"]


def test_a_design_without_a_graph_is_a_diagnostic(tmp_path, capsys):
    path = tmp_path / "empty.mlir"
    path.write_text("builtin.module {}\n")
    with pytest.raises(SystemExit):
        asic_draw.main([str(path), "-o", str(tmp_path / "g.dot")])
    assert "0 dataflow.graph ops; asic-draw draws one accelerator" in capsys.readouterr().err
    assert not (tmp_path / "g.dot").exists()
