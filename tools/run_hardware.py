"""`asic-run` of rtl-level IR: what `lower-dataflow-to-rtl` leaves (only
`hw.module`s), run by the RTL interpreter (`asic.interp.rtl.simulate`), so
every level runs with the same command.

The two modes of `asic-sim` (`asic.tools.asic_sim`), chosen by the IR given,
never guessed from the inputs:

- *host mode*, with `--host HOST` naming the IR the design was compiled
  from (qnt level, or dataflow level): the inputs and outputs are the host
  function's, by name, bit for bit `asic-run HOST`'s; the interpreters run
  the host's ops before the graph (`qnt.quantize`), the frames stream
  through the top module in the RTL interpreter, and the host's ops after
  the graph run on the frames that come out;
- *frames mode*, without `--host` (or with `--frames`): the inputs are the
  input stream's integer frames, keyed by its name, and the outputs the
  output stream's frames, keyed by its name.

The top module is the one with `rtl.streams` (or `--top`). The frames run
side by side, one copy of the design per frame (`instances`), which gives
each frame the integers of a run of its own; the cycle counts are
`asic-sim`'s to measure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from xdsl.dialects import func, hw
from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.exceptions import InterpretationError

from asic.diagnostics import UserError
from asic.dialects.rtl import check_top
from asic.interp.rtl import find_top, simulate
from asic.tools.asic_sim import Design, check_frames, check_host, load_host

MAX_INSTANCES = 1024
"""The most copies of the design run side by side (frames beyond run after)."""


def is_hardware(module: ModuleOp) -> bool:
    """Whether `module` holds hardware and no function: rtl level."""
    ops = list(module.ops)
    return any(isinstance(op, hw.HWModuleOp) for op in ops) and not any(
        isinstance(op, func.FuncOp) for op in ops
    )


def run_hardware(
    module: ModuleOp,
    inputs: Mapping[str, np.ndarray] | Sequence[np.ndarray],
    *,
    host: str | None = None,
    top: str | None = None,
) -> dict[str, np.ndarray]:
    """The outputs of the rtl-level `module` for `inputs` (module docstring):
    the host function's with `host` (the path of its IR), else the output
    stream's frames."""
    try:
        top_op = find_top(module, top)
        streams = check_top(top_op)
    except (InterpretationError, ValueError) as error:
        raise UserError(str(error)) from None
    source = next(s for s in streams if s.is_input)
    sink = next(s for s in streams if not s.is_input)
    name = top_op.sym_name.data
    if host is None:
        frames = check_frames(source, inputs)
        return _simulate(module, name, source.stream, frames)
    found = load_host(host)
    check_host(found, Design(sv="", top=name, streams=streams))  # compares the streams
    out = _simulate(module, name, source.stream, found.quantize(inputs))
    return found.finish(out[sink.stream])


def _simulate(module: ModuleOp, top: str, source: str, frames: np.ndarray) -> dict[str, np.ndarray]:
    try:
        result = simulate(module, {source: frames}, top=top, instances=MAX_INSTANCES)
    except InterpretationError as error:
        raise UserError(str(error)) from None
    return result.outputs
