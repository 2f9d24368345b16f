"""Many small rtl-level designs simulated in one Verilator build: their
modules renamed apart (each design's under a prefix of its own) and put
in one file under a top module that holds every design's stream ports, the
`k`-th design's prefixed `d<k>_`. The testbench of `asic.tools.asic_sim.
designs_testbench` then runs one design at a time while the others stay
idle, so a batch of a few dozen geometries costs one build (the build
dominates a small design's simulation) instead of one each."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from xdsl.dialects import hw
from xdsl.dialects.builtin import FlatSymbolRefAttr, ModuleOp, StringAttr, i1

from asic.dialects.rtl import STREAMS_ATTR, StreamAttr
from asic.interp.rtl import SimResult, find_top
from asic.lowering.rtl.builder import ModuleBuilder


def _renamed(module: ModuleOp, prefix: str) -> list[hw.HWModuleOp]:
    """The hw.modules of `module`, each name and every instance's callee
    prefixed."""
    for op in module.walk():
        if isinstance(op, hw.HWModuleOp):
            op.sym_name = StringAttr(prefix + op.sym_name.data)
        elif isinstance(op, hw.InstanceOp):
            op.module_name = FlatSymbolRefAttr(prefix + op.module_name.string_value())
    modules = [op for op in module.ops if isinstance(op, hw.HWModuleOp)]
    for op in modules:
        op.detach()
    return modules


def _stream(stream: StreamAttr, prefix: str) -> StreamAttr:
    return StreamAttr(
        prefix + stream.prefix, stream.direction.data, stream.element, stream.lane_count,
        stream.beat_count, stream.frame_shape, stream.axis_order,
    )  # fmt: skip


class DesignBatch:
    """The rtl-level `designs` (each with one top module under the stream
    contract, one input and one output stream) built together in
    Verilator."""

    TOP = "design_batch"

    def __init__(self, designs: Sequence[ModuleOp]):
        from asic.lowering.rtl_to_sv import sv_text
        from asic.tools.asic_sim import build_designs

        b = ModuleBuilder(self.TOP)
        clk, rst = b.clock(), b.reset()
        modules: list[hw.HWModuleOp] = []
        self.streams: list[list[StreamAttr]] = []
        for k, design in enumerate(designs):
            design = design.clone()
            top = find_top(design)
            source, sink = sorted(top.attributes[STREAMS_ATTR], key=lambda s: not s.is_input)  # pyright: ignore
            modules += _renamed(design, f"d{k}_")
            p = f"d{k}_"
            x = b.input(f"{p}{source.prefix}_data", source.data_width)
            xv = b.input(f"{p}{source.prefix}_valid", i1)
            yr = b.input(f"{p}{sink.prefix}_ready", i1)
            ports = {f"{source.prefix}_data": x, f"{source.prefix}_valid": xv, f"{sink.prefix}_ready": yr}
            outs = b.instance(top, f"design{k}", clk=clk, rst=rst, **ports)
            for port in (f"{source.prefix}_ready", f"{sink.prefix}_data", f"{sink.prefix}_valid"):
                b.output(p + port, outs[port])
            self.streams.append([_stream(source, p), _stream(sink, p)])
        self.sv = sv_text(ModuleOp([*modules, b.finish()]))
        self.binary: Path = build_designs(self.sv, self.TOP, self.streams)

    def simulate(self, k: int, inputs: np.ndarray, **options) -> SimResult:
        """Design `k` on `inputs` (its input stream's frames), as
        `asic.tools.asic_sim.simulate_sv` would run it alone."""
        from asic.tools.asic_sim import simulate_built

        return simulate_built(self.binary, self.streams[k], inputs, design=k, **options)
