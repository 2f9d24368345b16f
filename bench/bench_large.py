"""Verilator build time of large MLPs: weight ROMs printed as arrays filled
by an `initial` block (the `sv` target's form) against the `case`
statement per ROM that the target printed before (kept here as the
baseline), measured in the same run.

Each model is a random W8A8 MLP (`support.dataflow_models.qnt_mlp`) through
`lower-qnt-to-dataflow`, `tile{multipliers=M}`, `schedule` and
`lower-dataflow-to-rtl`. Each build is `asic-sim`'s (Verilator, then make
with two jobs) in an empty cache, in a child process, timed by wall clock
and by the CPU time of all its processes (the figure to compare on a
loaded machine); its peak memory is the largest resident set of any
process of the build (Verilator or one compiler). A baseline build that
runs longer than `--baseline-timeout` is stopped and reported as at least
that long.

    python bench/bench_large.py [--sizes 784-512-256-10 1024-1024-1024-10]
                                [--multipliers 256] [--baseline-timeout 900]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))

from xdsl.context import Context  # noqa: E402

from asic.dialects.rtl import RomOp, rom_word_values  # noqa: E402
from asic.lowering import rtl_to_sv  # noqa: E402
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass  # noqa: E402
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass  # noqa: E402
from asic.passes.schedule import SchedulePass  # noqa: E402
from asic.passes.tile import TilePass  # noqa: E402
from support.dataflow_models import MlpSpec, qnt_mlp  # noqa: E402


def case_rom(self, op: RomOp, decls: list[str]) -> list[str]:
    """The baseline: a ROM as a `case` on the address inside `always_ff`,
    one item per non-zero word."""
    q = self.names[op.data]
    words = rom_word_values(op)
    abits = rtl_to_sv._width(op.addr.type)
    wbits = rtl_to_sv._width(op.data.type)
    lines = [f"  always_ff @(posedge {self.ref(op.clk)}) begin", f"    case ({self.ref(op.addr)})"]
    for address, word in enumerate(words):
        if word:
            lines.append(f"      {rtl_to_sv.literal(address, abits)}: {q} <= {rtl_to_sv.literal(word, wbits)};")
    if len(lines) == 2 or 0 in words or len(words) < (1 << abits):
        lines.append(f"      default: {q} <= '0;")
    return [*lines, "    endcase", "  end"]


def design(sizes: list[int], multipliers: int):
    module = qnt_mlp(MlpSpec(sizes, seed=0))  # 8-bit weights and activations
    ctx = Context()
    for step in (LowerQntToDataflowPass(), TilePass(multipliers=multipliers), SchedulePass(), LowerDataflowToRtlPass()):
        step.apply(ctx, module)
    return module


def build_one(sv_path: str) -> None:
    """Child process: build `sv_path` as asic-sim does, in the (empty)
    cache `$ASIC_SIM_CACHE`; print wall seconds, CPU seconds and peak
    memory (MB) as JSON."""
    from asic.tools.asic_sim import build, streams_in_sv

    sv = Path(sv_path).read_text()
    top, streams = streams_in_sv(sv)
    start = time.perf_counter()
    build(sv, top, streams)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": usage.ru_maxrss / 1024}))


def timed_build(sv_path: Path, timeout: float) -> dict[str, float] | None:
    cache = tempfile.mkdtemp(prefix="bench_large.")
    child = subprocess.Popen(
        [sys.executable, __file__, "--build-one", str(sv_path)],
        stdout=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "ASIC_SIM_CACHE": cache},
    )  # fmt: skip
    try:
        out, _ = child.communicate(timeout=None if timeout == float("inf") else timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)  # the build's Verilator and compilers too
        child.communicate()
        return None
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    if child.returncode != 0:
        raise RuntimeError(f"the build of {sv_path} failed")
    return json.loads(out.strip().splitlines()[-1])


def describe(figures: dict[str, float] | None, timeout: float) -> str:
    if figures is None:
        return f"> {timeout:.0f} s (stopped)"
    return (
        f"{figures['seconds']:7.1f} s wall, {figures['cpu']:7.1f} s CPU, "
        f"peak {figures['peak_mb']:6.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["784-512-256-10", "1024-1024-1024-10"])
    parser.add_argument("--multipliers", type=int, default=256)
    parser.add_argument("--baseline-timeout", type=float, default=900.0)
    parser.add_argument("--build-one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_one:
        build_one(args.build_one)
        return
    work = Path(tempfile.mkdtemp(prefix="bench_large."))
    for text in args.sizes:
        sizes = [int(s) for s in text.split("-")]
        module = design(sizes, args.multipliers)
        new = work / f"{text}.sv"
        new.write_text(rtl_to_sv.sv_text(module.clone()))
        old = work / f"{text}.case.sv"
        with mock.patch.object(rtl_to_sv._ModulePrinter, "rom", case_rom):
            old.write_text(rtl_to_sv.sv_text(module.clone()))
        ours = timed_build(new, float("inf"))
        baseline = timed_build(old, args.baseline_timeout)
        size = new.stat().st_size / 1e6
        print(f"MLP {text}, tile{{multipliers={args.multipliers}}}, {size:.1f} MB of SV:")
        print(f"  ROMs as initialized arrays {describe(ours, 0)}")
        print(f"  ROMs as case statements    {describe(baseline, args.baseline_timeout)}", flush=True)
        if baseline is None:
            print(f"  speed-up >= {args.baseline_timeout / ours['seconds']:.1f}x (wall)", flush=True)
        else:
            print(
                f"  speed-up {baseline['seconds'] / ours['seconds']:.1f}x (wall), "
                f"{baseline['cpu'] / ours['cpu']:.1f}x (CPU)", flush=True,
            )  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
