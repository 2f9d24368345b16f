"""The summary `asic-sim` prints when a simulation succeeds: what went
through, and the figures accelerators are compared by.

From the measured cycles of F frames (`asic.interp.rtl.SimResult`, cycle 0
the first after reset):

- latency: the first frame's first input beat to its last output beat, in
  cycles and in microseconds at a clock of f MHz;
- interval: the steady-state cycles per frame (the last two frames' ends
  apart), and the throughput it gives, `f * 1e6 / interval` frames per
  second; none with a single frame;
- stall cycles: the cycles in which the sink did not take a valid output
  beat, which stall the whole pipeline (none with the default
  `--ready-pattern 1`).
"""

from __future__ import annotations

from asic.interp.rtl import SimResult


def summary(result: SimResult, clock_mhz: float, output: str) -> str:
    frames = len(result.frame_end)
    head = f"asic-sim: {frames} frame{'s' if frames != 1 else ''} in {result.cycles} cycles"
    latency = f"{result.latency} cycles = {result.latency / clock_mhz:.3g} us at {clock_mhz:g} MHz"
    lines = [f"{head}, written to {output}", f"  latency   {latency}"]
    if result.interval > 0:
        fps = clock_mhz * 1e6 / result.interval
        lines.append(
            f"  interval  {result.interval} cycles per frame = {fps:,.0f} frames/s at {clock_mhz:g} MHz"
        )
    else:
        lines.append("  interval  - (one frame)")
    if result.stall_cycles is None:
        lines.append("  stalls    not counted (gate-level simulation)")
    else:
        stalls = result.stall_cycles
        lines.append(f"  stalls    {stalls} cycles with an output beat the sink did not take")
    return "\n".join(lines)
