"""The `xdsl.universe` entry point: makes asic-opt's dialects, passes and
targets visible to plain `xdsl-opt` (and to `asic-opt`, which reads the same
registry).

Every entry is a factory that imports its module only when called, so a run
imports only the dialects and passes it uses (no sympy without `tile`'s
report, no onnx without an `.onnx` input). `PASSES` is in the order of
a pipeline; `asic-opt --help` lists them so. `dialect_context` is the
context of every registered dialect, which the tools parse IR with.

Loading the registry also makes an xDSL tool (`xdsl-opt` running our
passes) report an uncaught `DiagnosticException`, the class of our
`UserError`s and of xDSL's verifier errors, as asic-opt does: the message on
stderr after `<tool>: error:`, no traceback, exit status 1. Other exceptions
keep their traceback.
"""

import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from xdsl.context import Context
from xdsl.ir import Dialect
from xdsl.passes import ModulePass
from xdsl.universe import Universe
from xdsl.utils.exceptions import DiagnosticException
from xdsl.utils.target import Target

from asic.diagnostics import format_error


def _nn() -> Dialect:
    from asic.dialects.nn import NN

    return NN


def _qnt() -> Dialect:
    from asic.dialects.qnt import QNT

    return QNT


def _dataflow() -> Dialect:
    from asic.dialects.dataflow import DATAFLOW

    return DATAFLOW


def _lower_qnt_to_dataflow() -> type[ModulePass]:
    from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass

    return LowerQntToDataflowPass


def _tile() -> type[ModulePass]:
    from asic.passes.tile import TilePass

    return TilePass


def _schedule() -> type[ModulePass]:
    from asic.passes.schedule import SchedulePass

    return SchedulePass


def _lower_dataflow_to_rtl() -> type[ModulePass]:
    from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass

    return LowerDataflowToRtlPass


def _fold_batchnorm() -> type[ModulePass]:
    from asic.passes.fold_batchnorm import FoldBatchnormPass

    return FoldBatchnormPass


def _fuse_bias() -> type[ModulePass]:
    from asic.passes.fuse_bias import FuseBiasPass

    return FuseBiasPass


def _fold_constants() -> type[ModulePass]:
    from asic.passes.fold_constants import FoldConstantsPass

    return FoldConstantsPass


def _remove_dead_code() -> type[ModulePass]:
    from asic.passes.remove_dead_code import RemoveDeadCodePass

    return RemoveDeadCodePass


def _prune() -> type[ModulePass]:
    from asic.passes.prune import PrunePass

    return PrunePass


def _low_rank() -> type[ModulePass]:
    from asic.passes.low_rank import LowRankPass

    return LowRankPass


def _rtl() -> Dialect:
    from asic.dialects.rtl import RTL

    return RTL


def _calibrate() -> type[ModulePass]:
    from asic.passes.calibrate import CalibratePass

    return CalibratePass


def _quantize() -> type[ModulePass]:
    from asic.passes.quantize import QuantizePass

    return QuantizePass


def _choose_bits() -> type[ModulePass]:
    from asic.passes.choose_bits import ChooseBitsPass

    return ChooseBitsPass


DIALECTS: dict[str, Callable[[], Dialect]] = {
    "nn": _nn,
    "qnt": _qnt,
    "dataflow": _dataflow,
    "rtl": _rtl,
}

PASSES: dict[str, Callable[[], type[ModulePass]]] = {
    "fuse-bias": _fuse_bias,
    "fold-batchnorm": _fold_batchnorm,
    "fold-constants": _fold_constants,
    "remove-dead-code": _remove_dead_code,
    "prune": _prune,
    "low-rank": _low_rank,
    "calibrate": _calibrate,
    "choose-bits": _choose_bits,
    "quantize": _quantize,
    "lower-qnt-to-dataflow": _lower_qnt_to_dataflow,
    "tile": _tile,
    "schedule": _schedule,
    "lower-dataflow-to-rtl": _lower_dataflow_to_rtl,
}


def _sv() -> type[Target]:
    from asic.lowering.rtl_to_sv import SVTarget

    return SVTarget


TARGETS: dict[str, Callable[[], type[Target]]] = {"sv": _sv}

ASIC_UNIVERSE = Universe(all_dialects=DIALECTS, all_passes=PASSES, all_targets=TARGETS)


def dialect_context() -> Context:
    """A context with every dialect of the `xdsl.universe` registry (ours
    and those of every other installed universe, xDSL's own included), each
    loaded when a parser first meets it: what the tools parse IR with."""
    ctx = Context()
    for name, factory in Universe.get_multiverse().all_dialects.items():
        ctx.register_dialect(name, factory)
    return ctx


def _report_diagnostics(
    kind: type[BaseException], error: BaseException, traceback: TracebackType | None
) -> None:
    if isinstance(error, DiagnosticException):
        print(f"{Path(sys.argv[0]).name}: error: {format_error(error)}", file=sys.stderr)
    else:
        sys.__excepthook__(kind, error, traceback)


if sys.excepthook is sys.__excepthook__:
    sys.excepthook = _report_diagnostics
