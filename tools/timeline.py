"""A pipeline timeline: what each engine of an accelerator does, cycle by
cycle, over its first frames.

`record_activity(graph, frames)` runs the dataflow interpreter's timing
model (`asic.interp.dataflow.simulate_timing`, with back-to-back frames
and an always-ready sink, as `asic-sim` drives the hardware by default)
for `frames` frames, recording every cycle up to the last one's end, and
returns the `Timing` with each engine's `Activity`. `timeline_image` draws it
with matplotlib: one row per engine (top to bottom in pipeline order),
green where it is busy, red where an output beat waits for its consumer
(stalled), blank where it is idle, and a tick at every frame's end.
"""

from __future__ import annotations

import io

from asic.dialects import dataflow as df
from asic.interp.dataflow import BUSY, IDLE, STALLED, Timing, simulate_timing

COLORS = {BUSY: "#3a9d5d", STALLED: "#d9534f"}


def record_activity(graph: df.GraphOp, frames: int) -> Timing:
    """The timing of `frames` frames with every cycle recorded (module docstring)."""
    first = simulate_timing(graph, frames)
    return simulate_timing(graph, frames, record=first.cycles)


def timeline_image(timing: Timing, title: str = "", format: str = "svg") -> str | bytes:
    """The timeline of a recorded timing (module docstring): SVG text, or
    PNG bytes for `format="png"`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    rows = timing.activity
    figure, axes = plt.subplots(figsize=(10, 0.5 * len(rows) + 1.4))
    for row, activity in enumerate(rows):
        for what, color in COLORS.items():
            spans = [(first, end - first) for first, end, kind in activity.runs if kind == what]
            axes.broken_barh(spans, (row - 0.35, 0.7), facecolors=color)
    axes.set_yticks(range(len(rows)), [_row_label(a.engine, a.kind) for a in rows])
    axes.invert_yaxis()
    axes.set_xlim(0, timing.cycles)
    for end in timing.end:
        axes.axvline(int(end), color="#555555", linewidth=0.6, linestyle=":")
    axes.set_xlabel("cycle (dotted: a frame's last output beat)")
    axes.legend(
        handles=[Patch(color=c, label=w) for w, c in COLORS.items()] + [Patch(facecolor="white", edgecolor="#999999", label=IDLE)],
        loc="upper center", bbox_to_anchor=(0.5, -0.35 if len(rows) < 4 else -0.2), ncol=3, frameon=False,
    )  # fmt: skip
    if title:
        axes.set_title(title)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format=format, dpi=120)
    plt.close(figure)
    return out.getvalue().decode() if format == "svg" else out.getvalue()



def _row_label(engine: str, kind: str) -> str:
    short = kind.removeprefix("dataflow.")
    return short if engine == kind else f"{engine} ({short})"
