"""Simulation speed: Verilator (the asic-sim testbench) against the RTL
interpreter, in simulated clock cycles per second, on a small streaming
design (register stage -> RAM FIFO -> MAC with a weight ROM; ~60 ops).

The interpreter is timed twice: one copy of the design (what a cycle costs in
Python) and 256 copies side by side (its vectorized mode, counted as
copy-cycles per second). Verilator's build is excluded (cached by asic-sim);
its time includes the testbench's process start and file I/O, so it streams
enough frames to make those negligible.

Then one copy of the digits MLP accelerator (`tile{multipliers=64}`, about
1100 comb ops, 13-lane ROM words of 416 bits): the fast path (Python ints,
the default for one copy) against the reference path (the vectorized
simulator on arrays of one entry, `simulate(..., fast=False)`), in the same
run, compilation included. Goal: 10000 cycles/s or more for the fast path.

    python bench/bench_sim.py [--frames N] [--digits-frames N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))

from asic.interp.rtl import simulate
from asic.lowering.rtl_to_sv import sv_text
from asic.tools.asic_sim import build, run_frames, streams_in_sv
from support.rtl_designs import chain_design


def digits_accelerator(work: Path):
    """The digits MLP through the README's pipeline down to the rtl level."""
    from xdsl.parser import Parser

    from asic.examples.digits import main as digits_main
    from asic.universe import dialect_context

    digits_main([str(work)])
    pipeline = (
        'fuse-bias,calibrate{data="calib.npz"},quantize{weight-bits=8 act-bits=8},'
        "lower-qnt-to-dataflow,tile{multipliers=64},schedule,lower-dataflow-to-rtl"
    )
    subprocess.run(
        ["asic-opt", "mlp.onnx", "--onnx-outputs", "probabilities", "-p", pipeline, "-o", "rtl.mlir"],
        cwd=work, check=True, capture_output=True,
    )  # fmt: skip
    return Parser(dialect_context(), (work / "rtl.mlir").read_text()).parse_module()


def digits_one_copy(frames: int) -> None:
    from asic.dialects.rtl import check_top
    from asic.interp.rtl import find_top

    module = digits_accelerator(Path(tempfile.mkdtemp(prefix="bench_sim.")))
    source = next(s for s in check_top(find_top(module)) if s.is_input)
    # values valid for a signed or an unsigned stream
    x = np.random.default_rng(0).integers(0, 1 << (source.bits - 1), size=(frames, *source.frame_shape))
    fast_rate = 0.0
    for _ in range(3):
        start = time.perf_counter()
        fast = simulate(module, x)
        fast_rate = max(fast_rate, fast.cycles / (time.perf_counter() - start))
    few = x[: max(2, frames // 30)]
    start = time.perf_counter()
    reference = simulate(module, few, fast=False)
    reference_rate = reference.cycles / (time.perf_counter() - start)
    verdict = "meets" if fast_rate >= 10000 else "MISSES"
    print(f"digits MLP (tile{{multipliers=64}}), one copy: fast path {fast_rate:,.0f} cycles/s "
          f"({fast.cycles} cycles), reference {reference_rate:,.0f} cycles/s ({reference.cycles} cycles): "
          f"{fast_rate / reference_rate:.0f}x ({verdict} the goal of >= 10,000 cycles/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=20000, help="frames streamed through Verilator")
    parser.add_argument("--digits-frames", type=int, default=300, help="frames through the digits MLP")
    args = parser.parse_args()
    design, _ = chain_design()
    text = sv_text(design.module)
    top, streams = streams_in_sv(text)
    rng = np.random.default_rng(0)

    binary = build(text, top, streams)
    x = rng.integers(-128, 128, size=(args.frames, 1, 8))
    start = time.perf_counter()
    _, _, _, cycles, _ = run_frames(binary, streams, x)
    verilator_rate = cycles / (time.perf_counter() - start)

    design, _ = chain_design()
    frames = 200
    x1 = rng.integers(-128, 128, size=(frames, 1, 8))
    start = time.perf_counter()
    one = simulate(design.module, {"x": x1})
    interp_rate = one.cycles / (time.perf_counter() - start)

    copies = 256
    xb = rng.integers(-128, 128, size=(copies * 4, 1, 8))
    start = time.perf_counter()
    many = simulate(design.module, {"x": xb}, instances=copies)
    batched_rate = many.cycles * copies / (time.perf_counter() - start)

    print(f"design: chain (stage -> FIFO -> MAC), {len(text.splitlines())} lines of SV")
    print(f"Verilator            {verilator_rate:14,.0f} cycles/s ({cycles} cycles, {args.frames} frames)")
    print(f"interpreter, 1 copy  {interp_rate:14,.0f} cycles/s ({one.cycles} cycles)")
    print(f"interpreter, {copies} copies {batched_rate:12,.0f} copy-cycles/s")
    print(f"Verilator / interpreter: {verilator_rate / interp_rate:,.0f}x (one copy), "
          f"{verilator_rate / batched_rate:,.1f}x (vectorized)")
    digits_one_copy(args.digits_frames)


if __name__ == "__main__":
    main()
