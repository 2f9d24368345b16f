"""The progress `asic-sim` shows on a terminal (`asic.progress`): a
spinner with the elapsed time while Verilator builds a design, and a bar
over the frames while a batch streams through the testbench.

The testbench reports the frames that came out when `ASIC_SIM_PROGRESS` is
set in its environment (a line `frames N` on stderr, every hundredth of
the batch); `run_testbench` sets it only when the bar is shown and reads
those lines as they come. Without a terminal (pytest, lit, pipes) or with
`--quiet` the testbench runs as it always did, output captured.
"""

from __future__ import annotations

import os
import subprocess
from contextlib import AbstractContextManager

from asic import progress

PROGRESS_LINE = "frames "


def verilator_build() -> AbstractContextManager[None]:
    """The spinner around a Verilator build."""
    return progress.spinner("asic-sim: building with Verilator")


def run_testbench(command: list[str], frames: int) -> tuple[int, str]:
    """Run the testbench; its exit status and what it said on stderr
    (else stdout), without the progress lines."""
    if not progress.enabled():
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        return result.returncode, (result.stderr or result.stdout).strip()
    environment = {**os.environ, "ASIC_SIM_PROGRESS": "1"}
    said = []
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment
    ) as process:
        assert process.stdout is not None
        shown = progress.counter("asic-sim: simulating", total=frames, unit="frame")
        done = 0
        for line in process.stdout:
            if line.startswith(PROGRESS_LINE):
                now = int(line[len(PROGRESS_LINE) :])
                shown.update(now - done)
                done = now
            else:
                said.append(line)
        shown.close()
    return process.returncode, "".join(said).strip()
