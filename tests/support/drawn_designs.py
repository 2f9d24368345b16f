"""A small scheduled dataflow design (two MVUs, a width converter and a
FIFO between them) for the tests of the drawings and the report."""

from __future__ import annotations

from pathlib import Path

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp

from asic.dialects import dataflow as df
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.passes.schedule import SchedulePass
from asic.passes.tile import TilePass
from support.dataflow_models import MlpSpec, qnt_mlp


def scheduled_mlp(multipliers: int = 8) -> ModuleOp:
    """A 16-8-6 MLP ending in an argmax, tiled and scheduled."""
    ctx = Context()
    module = qnt_mlp(MlpSpec([16, 8, 6], seed=3))
    LowerQntToDataflowPass().apply(ctx, module)
    TilePass(multipliers=multipliers).apply(ctx, module)
    SchedulePass().apply(ctx, module)
    return module


def graph_of(module: ModuleOp) -> df.GraphOp:
    return next(op for op in module.walk() if isinstance(op, df.GraphOp))


def design_file(directory: Path, multipliers: int = 8) -> Path:
    """The design written as dataflow-level IR."""
    path = directory / "design.df.mlir"
    path.write_text(str(scheduled_mlp(multipliers)))
    return path
