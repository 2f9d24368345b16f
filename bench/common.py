"""Timing helpers shared by the benchmarks.

Machines here are shared and noisy, so every benchmark measures its baseline
in the same run, repeats both sides, keeps the best time of each, and prints
the ratio; no absolute time is a pass/fail criterion.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Sequence

import onnx


def best_time(action: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Best wall-clock seconds of `repeat` calls after `warmup` calls."""
    for _ in range(warmup):
        action()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def run_command(argv: Sequence[str]) -> None:
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)


def onnx_light_model(name: str) -> str:
    """Path of one of the light_* models shipped in the onnx package."""
    return os.path.join(
        os.path.dirname(onnx.__file__), "backend", "test", "data", "light", f"light_{name}.onnx"
    )


def report(title: str, ours: float, baseline: float, baseline_name: str, goal: float) -> None:
    ratio = ours / baseline
    verdict = "meets" if ratio <= goal else "MISSES"
    print(
        f"{title}: asic-opt {ours * 1e3:.2f} ms, {baseline_name} {baseline * 1e3:.2f} ms, "
        f"ratio {ratio:.2f} ({verdict} the goal of <= {goal:g}x)"
    )
