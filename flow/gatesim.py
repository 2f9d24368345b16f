"""Gate-level and timing simulation of a mapped netlist in Icarus Verilog.

The netlist (`asic-ppa --netlist`) runs with the library's Verilog cell
models (for OSU 0.18 um, `osu018_stdcells.v` from qflow-tech-osu018) under
a generated Verilog testbench that drives the stream contract of
`asic.dialects.rtl` exactly as asic-sim's Verilator testbench does: reset
for `RESET_CYCLES` cycles, then the input beats back to back (the source
offers a beat in cycle t when `valid_pattern[t % len]` is 1, the sink
accepts when `ready_pattern[t % len]` is 1), the same cycle counting, the
same timeout. `GateLevel.run_frames` takes and gives what
`asic.tools.asic_sim.run_frames` does, so asic-sim's host side, input
checks and output files are the same for RTL and netlist.

Two modes:

- *gate level* (no SDF): the cells' specify blocks are ignored
  (`-gno-specify`), every gate has zero delay: the netlist's function,
  cycle by cycle.
- *timing* (`sdf`): OpenSTA's SDF (`asic-ppa --sdf`) annotates every cell
  arc (`$sdf_annotate`; the maximum delays, the ones the critical path
  was computed with: `maximum_delays`), and the clock runs at
  `period_ns`. Inputs change 1 ps after a rising edge and outputs are
  sampled 1 ps before the next one; the cell models are compiled with a
  1 ps time precision (their own `timescale` says 10 ps, which would round
  every annotated delay to 10 ps). A path slower than the period delivers
  its value after the edge that should have captured it, and the
  integers come out wrong. (Icarus does not evaluate timing checks: the
  flip-flops' setup time is not enforced, so the simulation passes up to
  one setup time, ~0.2 ns, below the period STA requires.)

A 0 or 1 is needed on every data lane of an output beat: an unknown (x)
one, from a register never written or a timing failure, is a
`SimulationError`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from asic.diagnostics import UserError
from asic.dialects.rtl import RESET_CYCLES, StreamAttr, beats_to_frames, frames_to_beats
from asic.flow.liberty import INSTALL_HINT, FlowToolMissing

DEFAULT_PERIOD_NS = 10.0
"""The clock of a gate-level (zero-delay) simulation: any period works."""


class SimulationError(UserError):
    """The netlist simulation failed: timeout, or unknown output values."""


@dataclass
class GateLevel:
    netlist: Path
    cell_models: Path
    sdf: Path | None = None
    period_ns: float = DEFAULT_PERIOD_NS

    def run_frames(
        self,
        top: str,
        streams: Sequence[StreamAttr],
        frames: np.ndarray,
        *,
        valid_pattern: str = "1",
        ready_pattern: str = "1",
        timeout: int = 100_000,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
        """Stream `frames` through the netlist: (output frames, frame start
        cycles, frame end cycles, total cycles, stall cycles: output beats
        the sink did not take)."""
        source = next(s for s in streams if s.is_input)
        sink = next(s for s in streams if not s.is_input)
        for pattern, what in (
            (valid_pattern, "--valid-pattern"),
            (ready_pattern, "--ready-pattern"),
        ):
            if not pattern or set(pattern) - {"0", "1"} or "1" not in pattern:
                raise UserError(
                    f"{what} must be a string of 0s and 1s with at least one 1, got '{pattern}'"
                )
        if self.period_ns <= 0.004:
            raise UserError(f"the clock period must be longer than 4 ps, got {self.period_ns} ns")
        iverilog = shutil.which("iverilog")
        vvp = shutil.which("vvp")
        if iverilog is None or vvp is None:
            raise FlowToolMissing(
                f"Icarus Verilog ('iverilog', 'vvp') is not installed: gate-level and timing simulation "
                f"need Debian's iverilog package ({INSTALL_HINT})"
            )
        count = frames.shape[0]
        beats = frames_to_beats(source, frames).reshape(-1)
        with tempfile.TemporaryDirectory(prefix="asic-gatesim.") as tmp:
            work = Path(tmp)
            (work / "in.hex").write_text("".join(f"{int(b):x}\n" for b in beats) or "0\n")
            (work / "tb.v").write_text(
                testbench(top, source, sink, count, valid_pattern, ready_pattern, timeout, self)
            )
            models = work / "cells.v"
            text = self.cell_models.read_text(errors="replace")
            models.write_text(re.sub(r"`timescale\s+\S+\s*/\s*\S+", "`timescale 1ns/1ps", text))
            shutil.copyfile(self.netlist, work / "netlist.v")
            if self.sdf is not None:
                (work / "design.sdf").write_text(
                    maximum_delays(self.sdf.read_text(errors="replace"))
                )
            flags = ["-gspecify"] if self.sdf is not None else ["-gno-specify"]
            compiled = subprocess.run(
                [iverilog, "-g2005", *flags, "-o", "sim.vvp", "-s", "asic_tb", "tb.v", "netlist.v", "cells.v"],
                cwd=work, capture_output=True, text=True,
            )  # fmt: skip
            if compiled.returncode != 0:
                errors = [
                    line
                    for line in (compiled.stderr + compiled.stdout).splitlines()
                    if "error" in line.lower()
                ]
                shown = "\n".join(errors[:10]) or compiled.stderr.strip()
                raise UserError(f"Icarus Verilog could not compile the netlist:\n{shown}")
            ran = subprocess.run([vvp, "-n", "sim.vvp"], cwd=work, capture_output=True, text=True)
            output = (work / "out.txt").read_text() if (work / "out.txt").exists() else ""
            if ran.returncode != 0 and "T " not in output:
                raise SimulationError(
                    f"the netlist simulation failed: {(ran.stderr or ran.stdout).strip()[-2000:]}"
                )
        return _parse(output, source, sink, count, beats.shape[0], timeout)


def maximum_delays(sdf: str) -> str:
    """The SDF with every `(min::max)` triple (OpenSTA leaves out the
    typical value) as `(max:max:max)`: Icarus Verilog annotates the typical
    value, and an empty one annotates nothing."""
    return re.sub(r"\((-?[\d.]+)::(-?[\d.]+)\)", r"(\2:\2:\2)", sdf)


def _parse(
    output: str, source: StreamAttr, sink: StreamAttr, count: int, in_beats: int, timeout: int
):
    lines = output.splitlines()
    timeout_line = next((line for line in lines if line.startswith("TIMEOUT")), None)
    if timeout_line is not None:
        _, cycle, done = timeout_line.split()
        raise SimulationError(
            f"simulation timeout: no beat moved for {timeout} cycles (cycle {cycle}); {done} of {count} "
            "frames came out of the netlist, the design is deadlocked or a frame never comes out"
        )
    bits, lanes = sink.bits, sink.lane_count
    frame_size = int(np.prod(sink.frame_shape))
    values: list[int] = []
    start = np.full(count, -1, dtype=np.int64)
    end = np.full(count, -1, dtype=np.int64)
    total = stalls = -1
    for line in lines:
        kind, _, rest = line.partition(" ")
        if kind == "O":
            text = rest.strip().lower()
            beat = len(values)
            used = min(lanes, frame_size - (beat % sink.beat_count) * lanes)
            width = len(text)
            for lane in range(used):
                lane_bits = text[width - (lane + 1) * bits : width - lane * bits]
                if "x" in lane_bits or "z" in lane_bits:
                    raise SimulationError(
                        f"output beat {beat} of the netlist has unknown (x) bits in lane {lane}: a "
                        "register read before it was written, or a timing failure"
                    )
            values.append(int(re.sub("[xz]", "0", text), 2))
        elif kind == "S":
            f, cycle = rest.split()
            start[int(f)] = int(cycle)
        elif kind == "E":
            f, cycle = rest.split()
            end[int(f)] = int(cycle)
        elif kind == "T":
            total, stalls = (int(x) for x in rest.split())
    if len(values) != count * sink.beat_count or total < 0:
        raise SimulationError(f"the netlist simulation stopped early ({len(values)} output beats)")
    out = np.array(values, dtype=object if sink.data_width > 64 else np.uint64)
    frames = beats_to_frames(sink, out.reshape(count, sink.beat_count))
    return frames, start, end, total, stalls


def testbench(
    top: str, source: StreamAttr, sink: StreamAttr, frames: int,
    valid_pattern: str, ready_pattern: str, timeout: int, sim: GateLevel,
) -> str:  # fmt: skip
    """The Verilog testbench (module docstring)."""
    i, o = source.prefix, sink.prefix
    iw, ow = source.data_width, sink.data_width
    in_beats, out_beats = frames * source.beat_count, frames * sink.beat_count
    period = sim.period_ns
    sdf = '    $sdf_annotate("design.sdf", dut);\n' if sim.sdf is not None else ""
    return f"""// asic-ppa gate-level testbench (generated): stream contract of asic.dialects.rtl.
`timescale 1ns/1ps
module asic_tb;
  localparam integer IN_BEATS = {max(in_beats, 1)}, OUT_BEATS = {out_beats};
  localparam integer IN_BPF = {source.beat_count}, OUT_BPF = {sink.beat_count};
  localparam integer TIMEOUT = {timeout};
  localparam [{len(valid_pattern) - 1}:0] VPAT = {len(valid_pattern)}'b{valid_pattern[::-1]};
  localparam [{len(ready_pattern) - 1}:0] RPAT = {len(ready_pattern)}'b{ready_pattern[::-1]};
  reg clk, rst, in_valid, out_ready;
  reg [{iw - 1}:0] in_data;
  wire in_ready, out_valid;
  wire [{ow - 1}:0] out_data;
  reg [{iw - 1}:0] beats [0:IN_BEATS-1];
  integer fd, cycle, beat_in, beat_out, last_progress, stalls, r;
  reg offer, accept, moved_in, moved_out;

  {top} dut (
    .clk(clk), .rst(rst),
    .{i}_data(in_data), .{i}_valid(in_valid), .{i}_ready(in_ready),
    .{o}_data(out_data), .{o}_valid(out_valid), .{o}_ready(out_ready)
  );

  initial begin
{sdf}    $readmemh("in.hex", beats);
    fd = $fopen("out.txt", "w");
    clk = 0; rst = 1; in_valid = 0; out_ready = 0; in_data = 0;
    for (r = 0; r < {RESET_CYCLES}; r = r + 1) begin
      #({period / 2:.4f}) clk = 1;
      #({period / 2:.4f}) clk = 0;
    end
    #0.001 rst = 0;
    cycle = 0; beat_in = 0; beat_out = 0; last_progress = 0; stalls = 0;
    while (beat_out < OUT_BEATS) begin
      // inputs of this cycle, 1 ps after the edge that ended the last one
      offer = beat_in < {in_beats} && VPAT[cycle % {len(valid_pattern)}];
      accept = RPAT[cycle % {len(ready_pattern)}];
      in_valid = offer;
      in_data = beats[beat_in < {in_beats} ? beat_in : IN_BEATS - 1];
      out_ready = accept;
      #({period / 2 - 0.001:.4f}) clk = 0;
      #({period / 2 - 0.001:.4f});
      // 1 ps before the rising edge that ends this cycle
      moved_in = offer && in_ready === 1'b1;
      moved_out = out_valid === 1'b1 && accept;
      if (out_valid === 1'b1 && !accept) stalls = stalls + 1;
      if (moved_in) begin
        if (beat_in % IN_BPF == 0) $fdisplay(fd, "S %0d %0d", beat_in / IN_BPF, cycle);
        beat_in = beat_in + 1;
      end
      if (moved_out) begin
        $fdisplay(fd, "O %b", out_data);
        if (beat_out % OUT_BPF == OUT_BPF - 1) $fdisplay(fd, "E %0d %0d", beat_out / OUT_BPF, cycle);
        beat_out = beat_out + 1;
      end
      #0.001 clk = 1;
      if (moved_in || moved_out) last_progress = cycle;
      else if (cycle - last_progress >= TIMEOUT) begin
        $fdisplay(fd, "TIMEOUT %0d %0d", cycle, beat_out / OUT_BPF);
        $fclose(fd);
        $finish;
      end
      cycle = cycle + 1;
      #0.001;
    end
    $fdisplay(fd, "T %0d %0d", cycle, stalls);
    $fclose(fd);
    $finish;
  end
endmodule
"""
