"""`asic-ppa DESIGN [--ir IR.mlir] [--target asic|xilinx|generic] [--liberty FILE]
[--clock-ns X] [--activity FROM.npz | --inputs IN.npz] [--json OUT.json]
[--netlist OUT.v] [--sdf OUT.sdf]`: power, performance and area of a design
in a real standard-cell library, and the figures accelerators are compared
by.

DESIGN is the `.sv` of `asic-opt -t sv` (its top module is the one with the
`// rtl.streams` contract, or `--top`), or the dataflow- or rtl-level
`.mlir` it came from (emitted here as asic-sim does).

`--target asic` (default), the open flow of `asic.flow.ppa`: Yosys maps the
design onto the library (default OSU 0.18 um from Debian's
qflow-tech-osu018, `--liberty FILE` for another) with its flip-flops and
ABC with fanout buffering; OpenSTA times it and estimates its power. The
report, as a table and with `--json` as JSON:

- area in um2 and cells, per engine (each instance of the top module) and
  in total, split into registers, arithmetic, memories and control as
  `asic.flow.area` defines them from the netlist and the RTL's registers;
- the critical path, with its start and end points named as the RTL's
  register bits or ports, Fmax, and the slowest path ending in each engine
  (`asic.flow.sta`);
- power at Fmax: internal + switching (dynamic) and leakage, per engine
  and in total, with the switching activity of a simulation when one is
  given: `--activity FROM.npz` (written by `asic-sim ... --activity`) or
  `--inputs IN.npz` (simulated here in Verilator, as asic-sim would); the
  activity measured on every register and input is applied there and
  OpenSTA propagates it through the logic (`asic.flow.activity`);
- frames/s = Fmax / interval, latency in us, energy per frame in nJ,
  area in mm2, from the design's cycles per frame: measured by the
  simulation when there is one, else predicted by the dataflow timing
  model from the dataflow-level IR (DESIGN or `--ir`), else measured in
  Verilator on three frames of zeros.

`--clock-ns X` is the clock the design should meet: ABC's delay target
and the clock the slack is reported against (power and the per-frame
figures stay at Fmax). `--netlist OUT.v` and `--sdf OUT.sdf` keep the
mapped netlist and its delays, for `asic-sim --netlist ... [--sdf ...]`
(gate-level and timing simulation).

`--target generic` counts Yosys' generic gates per engine (no library, no
OpenSTA needed); `--target xilinx` reports LUTs, flip-flops, DSPs and block
RAMs from Yosys' `synth_xilinx` (`asic.flow.xilinx`).

Without OpenSTA or the default library the ASIC target stops before any
work with a diagnostic naming the Debian packages (`apt-get install
opensta qflow-tech-osu018`). Every error is a diagnostic, exit status 1,
and no output file is written.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from xdsl.dialects import hw

from asic.diagnostics import ArgumentParser, UserError, fail, run_reporting_errors
from asic.flow.ppa import Cycles
from asic.progress import set_quiet

TOOL = "asic-ppa"


def _argument_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog=TOOL,
        description="Power, performance and area of a design in a standard-cell library (OpenSTA, "
        "Yosys), or its FPGA resources or generic cell counts.",
    )
    parser.add_argument(
        "design", help="the design: .sv (asic-opt -t sv), or dataflow- or rtl-level .mlir"
    )
    parser.add_argument(
        "--ir", default=None,
        help="the dataflow- or rtl-level .mlir the .sv came from: the dataflow timing model's "
        "cycles per frame, the engines' parameters, the host function for --inputs",
    )  # fmt: skip
    parser.add_argument(
        "--top", default=None, help="top module (default: the one with rtl.streams)"
    )
    parser.add_argument(
        "--target", choices=("asic", "xilinx", "generic"), default="asic",
        help="asic: the standard-cell library and OpenSTA (default); xilinx: LUT/FF/DSP/BRAM "
        "of synth_xilinx; generic: Yosys' gate counts, no library needed",
    )  # fmt: skip
    parser.add_argument(
        "--liberty", default=None, help="the standard-cell library (default: OSU 0.18 um)"
    )
    parser.add_argument("--clock-ns", type=float, default=None, help="target clock period in ns")
    activity = parser.add_mutually_exclusive_group()
    activity.add_argument(
        "--activity", default=None, help="switching activity from asic-sim --activity"
    )
    activity.add_argument(
        "--inputs", default=None,
        help="simulate these inputs (asic-sim's) for the switching activity and the cycles",
    )  # fmt: skip
    parser.add_argument("--json", default=None, help="write the report as JSON to this file")
    parser.add_argument("--quiet", action="store_true", help="no progress spinners on the terminal")
    parser.add_argument(
        "--netlist", default=None, help="write the mapped netlist (Verilog) to this file"
    )
    parser.add_argument("--sdf", default=None, help="write the netlist's delays (SDF) to this file")
    parser.add_argument(
        "--work",
        default=None,
        help="keep the flow's files (scripts, logs, netlists) in this directory",
    )
    return parser


# --------------------------------------------------------------------------
# The design, its cycles and its engines
# --------------------------------------------------------------------------


def load(args: argparse.Namespace):
    """(Design of asic-sim, the IR module or None)."""
    from asic.tools.asic_sim import Design, load_design, streams_in_sv
    from asic.tools.model_files import dataflow_graphs, parse_module, read_text

    path = args.design
    if not Path(path).is_file():
        raise UserError(f"no such file '{path}'")
    if path.endswith((".sv", ".v")):
        text = read_text(path, ".sv")
        try:
            top, streams = streams_in_sv(text, args.top)
            design = Design(text, top, streams)
        except UserError:
            if args.top is None or not _defines(text, args.top):
                raise
            design = Design(text, args.top, [])
        module = None
    elif path.endswith(".mlir"):
        design = load_design(path, args.top)
        module = parse_module(path, read_text(path, ".mlir"))
        if not dataflow_graphs(module):
            module = None
    else:
        raise UserError(f"'{path}' is neither SystemVerilog (.sv) nor IR (.mlir)")
    if args.ir is not None:
        if module is not None:
            raise UserError(
                f"'{path}' is at the dataflow level and holds its IR: --ir is for an .sv design"
            )
        module = parse_module(args.ir, read_text(args.ir, ".mlir"))
        if not dataflow_graphs(module) and not any(isinstance(op, hw.HWModuleOp) for op in module.ops):
            raise UserError(
                f"'{args.ir}' holds no dataflow.graph and no hw.module: --ir takes the IR the design "
                "was compiled from at the dataflow level (after tile and schedule) or the rtl level"
            )
        compiled = load_design(args.ir, design.top)
        if _lines(compiled.sv) != _lines(design.sv):
            raise UserError(
                f"'{path}' is not the SystemVerilog of '{args.ir}' (asic-opt -t sv of it differs): "
                "--ir takes the IR the design was compiled from"
            )
        design.host = compiled.host
        if not dataflow_graphs(module):
            module = None  # rtl level: the SV says all it says
    return design, module


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def _defines(text: str, top: str) -> bool:
    import re

    return re.search(rf"^\s*module\s+{re.escape(top)}\b", text, re.MULTILINE) is not None


def _graph(module):
    from asic.tools.model_files import dataflow_graphs

    graphs = dataflow_graphs(module)
    if len(graphs) != 1:
        raise UserError(
            f"the IR has {len(graphs)} dataflow.graphs; asic-ppa measures one accelerator"
        )
    return graphs[0]


def predicted_cycles(module) -> Cycles:
    from xdsl.utils.exceptions import InterpretationError

    from asic.interp.dataflow import predict_timing

    try:
        interval, latency = predict_timing(_graph(module))
    except InterpretationError as error:  # a deadlock, an unsupported engine
        raise UserError(f"the dataflow timing model failed on the IR: {error}") from None
    return Cycles(interval, latency, "predicted by the dataflow timing model")


def engine_descriptions(module) -> dict[str, str]:
    """Instance name -> the engine op, its size and folding, from the
    dataflow IR (the lowering instantiates the graph's engines in their
    order, those that are only wires excepted)."""
    from asic.dialects.dataflow.engine import shown_factors
    from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
    from asic.universe import dialect_context

    graph = _graph(module)
    ops = [op for op in graph.engines() if not op.WIRES]
    lowered = module.clone()
    LowerDataflowToRtlPass().apply(dialect_context(), lowered)
    tops = [
        op
        for op in lowered.walk()
        if isinstance(op, hw.HWModuleOp) and "rtl.streams" in op.attributes
    ]
    if len(tops) != 1:
        return {}
    instances = [op for op in tops[0].body.walk() if isinstance(op, hw.InstanceOp)]
    if len(instances) != len(ops):
        return {}
    out = {}
    for inst, op in zip(instances, ops):
        parts = [op.name]
        rows, columns = getattr(op, "out_features", None), getattr(op, "in_features", None)
        if rows and columns:
            parts.append(f"{rows}x{columns}")
        parts += [f"{name} {value}" for name, value in shown_factors(op)]
        depth = getattr(op, "depth_value", None)
        if depth is not None:
            parts.append(f"depth {depth}")
        out[inst.instance_name.data] = " ".join(parts)
    return out


def measured_cycles(design) -> Cycles | None:
    """Interval and latency of three frames of zeros in Verilator."""
    from asic.tools.asic_sim import ToolchainMissing, simulate_sv

    source = next(s for s in design.streams if s.is_input)
    frames = np.zeros((3, *source.frame_shape), dtype=np.int64)
    try:
        result = simulate_sv(design.sv, design.top, design.streams, frames)
    except ToolchainMissing:
        return None
    return Cycles(result.interval, result.latency, "measured in Verilator on 3 frames")


def simulated_activity(design, inputs_path: str):
    """Activity and cycles of the design on the inputs (asic-sim's run)."""
    from asic.flow.activity import read_simulation_vcd
    from asic.tools.asic_sim import check_frames, simulate_host, simulate_sv
    from asic.tools.model_files import load_inputs

    inputs = load_inputs(inputs_path)
    with tempfile.TemporaryDirectory(prefix="asic-ppa-vcd.") as tmp:
        vcd = str(Path(tmp) / "activity.vcd")
        if design.host is None:
            check_frames(next(s for s in design.streams if s.is_input), inputs)
            result = simulate_sv(design.sv, design.top, design.streams, inputs, vcd=vcd)  # pyright: ignore[reportArgumentType]
        else:
            _, result = simulate_host(design, inputs, vcd=vcd)
        activity = read_simulation_vcd(vcd, result.frame_start, result.frame_end)
    frames = len(result.frame_end)
    return activity, Cycles(
        result.interval, result.latency, f"measured in Verilator on {frames} frames"
    )


def loaded_activity(path: str):
    from asic.flow import activity

    loaded = activity.load(path)
    cycles = None
    if "cycles_interval" in loaded.extra and "cycles_latency" in loaded.extra:
        interval, latency = (
            int(loaded.extra["cycles_interval"]),
            int(loaded.extra["cycles_latency"]),
        )
        frames = len(loaded.extra.get("cycles_frame_end", []))
        cycles = Cycles(
            interval, latency, f"measured in the simulation of {frames} frames (--activity)"
        )
    return loaded, cycles


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------


def run(args: argparse.Namespace) -> tuple[str, dict, dict[str, Path]]:
    """(table, JSON, files to write: destination -> source)."""
    from asic.flow import report
    from asic.flow.liberty import find_library, require_program

    if args.target == "asic":
        library = find_library(args.liberty)
        require_program("sta", "OpenSTA")
    elif args.liberty or args.activity or args.inputs or args.netlist or args.sdf or args.clock_ns:
        raise UserError(
            f"--liberty, --clock-ns, --activity, --inputs, --netlist and --sdf are for --target asic, "
            f"not {args.target}"
        )
    design, module = load(args)
    if args.inputs is not None and not design.streams:
        raise UserError(
            f"--inputs needs the stream contract of module '{design.top}' (// rtl.streams)"
        )
    engines = engine_descriptions(module) if module is not None else {}
    source = (
        args.design
        if args.design.endswith((".sv", ".v"))
        else f"the SystemVerilog of {args.design}"
    )
    work = (Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="asic-ppa."))).resolve()
    try:
        if args.target == "generic":
            from asic.flow.ppa import run_generic

            result = run_generic(design.sv, design.top, work, engines=engines, source=source)
            return report.generic_text(result), report.generic_json(result), {}
        if args.target == "xilinx":
            from asic.flow import xilinx

            synthesis, per_engine, total = xilinx.synthesize(
                design.sv, design.top, work / "synth", source=source
            )
            from asic.flow.netlist import read_netlist
            from asic.flow.ppa import _in_order

            names = _in_order(
                dict(read_netlist(synthesis.json, None, design.top).engines()), engines, design.sv
            )
            args_ = (design.top, names, per_engine, total, synthesis.seconds)
            return report.xilinx_text(*args_), report.xilinx_json(*args_), {}
        activity = cycles = None
        if args.activity is not None:
            activity, cycles = loaded_activity(args.activity)
        elif args.inputs is not None:
            activity, cycles = simulated_activity(design, args.inputs)
        if cycles is None and module is not None:
            cycles = predicted_cycles(module)
        from asic.flow.ppa import run_asic

        sdf = work / "design.sdf" if args.sdf else None
        result = run_asic(
            design.sv, design.top, library, work, clock_ns=args.clock_ns, activity=activity,
            cycles=cycles, sdf=sdf, engines=engines, source=source,
        )  # fmt: skip
        if result.cycles is None and design.streams:
            result.cycles = measured_cycles(design)
        files = {}
        if args.netlist:
            assert result.synthesis.verilog is not None
            files[Path(args.netlist)] = result.synthesis.verilog
        if sdf is not None:
            files[Path(args.sdf)] = sdf
        # copy before the work directory goes
        kept = {}
        for destination, source in files.items():
            copy = Path(tempfile.mkdtemp(prefix="asic-ppa-out.")) / source.name
            shutil.copyfile(source, copy)
            kept[destination] = copy
        return report.asic_text(result), report.asic_json(result), kept
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


def write_outputs(args: argparse.Namespace, table: dict, files: dict[Path, Path]) -> None:
    if args.json:
        Path(args.json).write_text(json.dumps(table, indent=2) + "\n")
    for destination, source in files.items():
        shutil.move(str(source), destination)
        shutil.rmtree(source.parent, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> None:
    args = _argument_parser().parse_args(argv)
    set_quiet(args.quiet)
    if args.clock_ns is not None and not args.clock_ns > 0:
        fail(TOOL, f"--clock-ns must be > 0, got {args.clock_ns}")
    text, table, files = run_reporting_errors(TOOL, lambda: run(args))
    run_reporting_errors(TOOL, lambda: write_outputs(args, table, files))
    print(text)


if __name__ == "__main__":
    main()
