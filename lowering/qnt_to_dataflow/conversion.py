"""The `lower-qnt-to-dataflow` pass: per function, outline the hardware
ops into a `dataflow.graph`, convert them to engines with one rewrite
pattern per engine kind, check that every op was converted, close the
graph, fold chains of reshapes (`dataflow.reshape`'s canonicalization) and
make the lanes of its streams agree (the package docstring
states the result)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp, UnrealizedConversionCastOp
from xdsl.ir import Operation
from xdsl.pattern_rewriter import GreedyRewritePatternApplier, PatternRewriteWalker

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.dialects.dataflow.reshape import FoldReshapeChain
from asic.dialects.dynamic_quantization import require_static_quantization
from asic.lowering.qnt_to_dataflow.boundary import close, outline
from asic.lowering.qnt_to_dataflow.engine_pattern import EnginePattern
from asic.lowering.qnt_to_dataflow.errors import PASS, Refusal, fail, not_mapped
from asic.lowering.qnt_to_dataflow.registry import ENGINE_PATTERNS, engines_cover
from asic.pass_options import OptionsPass


def _is_converted(op: Operation) -> bool:
    """An op a graph may hold once its hardware ops are engines (the casts
    go when the graph is closed)."""
    converted = isinstance(op, (qnt.ConstantOp, UnrealizedConversionCastOp))
    return converted or op.dialect_name() == "dataflow"


def _check_converted(graph: df.GraphOp, patterns: Sequence[EnginePattern]) -> None:
    """Fail on the first op of `graph` no pattern converted: its pattern's
    refusal, else "not mapped to hardware yet"."""
    covered = engines_cover(patterns)
    for op in graph.block.ops:
        if _is_converted(op):
            continue
        for pattern in patterns:
            try:
                match = pattern.match(op)
            except Refusal as refusal:
                fail(refusal.diagnostic(covered))
            assert match is None, f"{type(pattern).__name__} matches {op.name} but left it"
        fail(not_mapped(op, "", covered))


def lower_function(
    function: func.FuncOp, patterns: Sequence[EnginePattern] | None = None
) -> df.GraphOp | None:
    """Replace the integer ops of `function` by a `dataflow.graph` of the
    engines `patterns` (by default the registry's `ENGINE_PATTERNS`) make of
    them; None when it has none."""
    graph = outline(function)
    if graph is None:
        return None
    patterns = list(ENGINE_PATTERNS if patterns is None else patterns)
    applier = GreedyRewritePatternApplier(patterns, dce_enabled=False)  # dead ops are reported
    PatternRewriteWalker(applier).rewrite_region(graph.body)
    _check_converted(graph, patterns)
    close(graph)
    PatternRewriteWalker(FoldReshapeChain()).rewrite_region(graph.body)
    df.insert_forks(graph.body.block)
    df.legalize_lanes(graph)
    return graph


@dataclass(frozen=True)
class LowerQntToDataflowPass(OptionsPass):
    """Lower the integer qnt ops of every function to a `dataflow.graph` of
    streaming engines."""

    name = PASS

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        require_static_quantization(op, PASS)
        for function in [f for f in op.ops if isinstance(f, func.FuncOp)]:
            if not function.is_declaration:
                lower_function(function)
