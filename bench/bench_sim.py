"""Simulation speed: Verilator (the asic-sim testbench) against the RTL
interpreter, in simulated clock cycles per second, on a small streaming
design (register stage -> RAM FIFO -> MAC with a weight ROM; ~60 ops).

The interpreter is timed twice: one copy of the design (what a cycle costs in
Python) and 256 copies side by side (its vectorized mode, counted as
copy-cycles per second). Verilator's build is excluded (cached by asic-sim);
its time includes the testbench's process start and file I/O, so it streams
enough frames to make those negligible.

    python bench/bench_sim.py [--frames N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))

from asic.interp.rtl import simulate  # noqa: E402
from asic.lowering.rtl_to_sv import sv_text  # noqa: E402
from asic.tools.asic_sim import build, run_frames, streams_in_sv  # noqa: E402
from support.rtl_designs import chain_design  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=20000, help="frames streamed through Verilator")
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


if __name__ == "__main__":
    main()
