"""What part of a simulation `asic-sim --vcd` records.

`--vcd-frames A:B` records the frames A to B-1 (0-based, B excluded, as a
Python slice; `A:` to the last, `:B` from the first): from the cycle frame
A's first input beat moves (from the reset when A is 0) to the cycle frame
B-1's last output beat moves. `--vcd-scope SCOPE` records the signals of
one instance and those below it, named by its hierarchy from the top
module (`main.u_fifo0`, or `main` for everything), as Verilator's
`dumpvars` does. By default the whole run and every signal are recorded.

`frame_range(text, frames)` reads the range (a `UserError` for a range
outside the batch), `trace_scope(scope)` gives Verilator's name of the
scope, and `check_scope(vcd, scope)` says so when a scope matched no
signal (a misspelled instance).
"""

from __future__ import annotations

import os
from pathlib import Path

from asic.diagnostics import UserError


def frame_range(text: str | None, frames: int) -> tuple[int, int]:
    """`(first, end)` of `--vcd-frames` over a batch of `frames` frames."""
    if text is None:
        return 0, frames
    first, colon, end = text.partition(":")
    try:
        if not colon:
            raise ValueError
        a = int(first) if first.strip() else 0
        b = int(end) if end.strip() else frames
    except ValueError:
        raise UserError(f"--vcd-frames takes a range A:B of frames (0-based, B excluded), got '{text}'") from None
    if not 0 <= a < b <= frames:
        raise UserError(f"--vcd-frames {text}: the batch has frames 0 to {frames - 1}, so 0 <= A < B <= {frames}")
    return a, b


def trace_scope(scope: str | None) -> str:
    """Verilator's hierarchical name of a scope (under its `TOP`); '' for all."""
    if not scope:
        return ""
    return scope if scope == "TOP" or scope.startswith("TOP.") else f"TOP.{scope}"


def check_scope(vcd: str | os.PathLike, scope: str | None) -> None:
    """A `UserError` (and no VCD) when the scope matched no signal."""
    if not scope:
        return
    path = Path(vcd)
    with path.open() as f:
        for line in f:
            if line.lstrip().startswith("$var"):
                return
            if line.startswith("$enddefinitions"):
                break
    path.unlink()
    raise UserError(
        f"--vcd-scope {scope}: no signal is in this scope; a scope is the top module's name "
        "and the instances below it, joined by dots (main.u_fifo0)"
    )
