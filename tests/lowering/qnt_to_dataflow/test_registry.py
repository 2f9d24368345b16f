"""The engine patterns of `lower-qnt-to-dataflow` are a registry a module
outside the compiler can extend: this one maps `qnt.transpose` of axes of
size 1 (which keeps the row-major order of the elements, so the stream's
beats) to the existing `dataflow.reshape`, without editing the pass.

- Unregistered, the transpose is "not mapped to hardware yet".
- Registered, the graph holds a `dataflow.reshape` where the transpose was,
  and the dataflow interpreter gives the qnt interpreter's integers.
- Its refusal (a transpose that moves a longer axis) is the diagnostic, and
  the "not mapped" list names what it covers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import numpy as np
import pytest
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation
from xdsl.pattern_rewriter import PatternRewriter

from asic.diagnostics import UserError
from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.dialects.nn import ints, shape_of
from asic.interp.runner import run_function
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass
from asic.lowering.qnt_to_dataflow.engine_pattern import (
    EnginePattern,
    OnStream,
    on_stream,
    replace_by_engine,
)
from asic.lowering.qnt_to_dataflow.errors import NotMapped, enumeration
from asic.lowering.qnt_to_dataflow.registry import ENGINE_PATTERNS, engines_cover
from support.dataflow_models import parse_any, random_float_inputs

UnitTranspose = OnStream[qnt.TransposeOp]


class UnitTransposePattern(EnginePattern[UnitTranspose]):
    """`qnt.transpose` that moves only axes of size 1 to `dataflow.reshape`."""

    covers: ClassVar[tuple[str, ...]] = ("qnt.transpose of unit axes",)

    def match(self, op: Operation) -> UnitTranspose | None:
        if not isinstance(op, qnt.TransposeOp):
            return None
        shape = shape_of(op.input)
        long_axes = [axis for axis in ints(op.perm) if shape[axis] != 1]
        if long_axes != sorted(long_axes):
            raise NotMapped(op, ": only a transpose of unit axes keeps the stream's order")
        return on_stream(op, op.input)

    def rewrite(self, match: UnitTranspose, rewriter: PatternRewriter) -> None:
        reshape = df.ReshapeOp(match.input, shape_of(match.op.result))
        replace_by_engine(rewriter, [match.op], reshape)


def model(shape: str, perm: str, flat: str) -> ModuleOp:
    """quantize -> transpose -> flatten -> dense + requantize -> dequantize
    of `shape` (6 elements) transposed by `perm` to `flat`."""
    return parse_any(f"""
!qx = !qnt.uniform<i8:f32, 0.05:3>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.02>
!qy = !qnt.uniform<i8:f32, 0.1>
func.func @main(%x: tensor<{shape}xf32>) -> tensor<1x2xf32> {{
  %q = qnt.quantize %x : (tensor<{shape}xf32>) -> tensor<{shape}x!qx>
  %t = qnt.transpose %q perm [{perm}] : (tensor<{shape}x!qx>) -> tensor<{flat}x!qx>
  %f = qnt.flatten %t : (tensor<{flat}x!qx>) -> tensor<1x6x!qx>
  %w = qnt.constant "fc.weight" dense<[[1, -2, 3, 0, 7, 1], [-4, 5, -6, 2, 0, -1]]> : tensor<2x6x!qw>
  %a = qnt.dense %f, %w : (tensor<1x6x!qx>, tensor<2x6x!qw>) -> tensor<1x2xi18>
  %y = qnt.requantize %a multipliers [1374389535] shifts [36] : (tensor<1x2xi18>) -> tensor<1x2x!qy>
  %d = qnt.dequantize %y : (tensor<1x2x!qy>) -> tensor<1x2xf32>
  func.return %d : tensor<1x2xf32>
}}
""")


@pytest.fixture
def with_unit_transpose() -> Iterator[None]:
    pattern = UnitTransposePattern()
    ENGINE_PATTERNS.append(pattern)
    yield
    ENGINE_PATTERNS.remove(pattern)


def lower(module: ModuleOp) -> None:
    LowerQntToDataflowPass().apply(Context(), module)


def diagnostic(module: ModuleOp) -> str:
    with pytest.raises(UserError) as error:
        lower(module)
    return str(error.value)


def test_every_pattern_covers_something_once():
    covered = engines_cover()
    assert all(pattern.covers for pattern in ENGINE_PATTERNS)
    assert len(set(covered)) == len(covered)
    assert enumeration(["a"]) == "a" and enumeration(["a", "b", "c"]) == "a, b and c"


def test_an_unregistered_op_is_not_mapped():
    assert "qnt.transpose of unit axes" not in engines_cover()
    assert diagnostic(model("1x6x1", "0, 2, 1", "1x1x6")) == (
        "lower-qnt-to-dataflow: qnt.transpose is not mapped to hardware yet (%t); the engines "
        f"cover {enumeration(engines_cover())}"
    )


def test_a_registered_pattern_builds_its_engine(with_unit_transpose):
    module = model("1x6x1", "0, 2, 1", "1x1x6")
    x = random_float_inputs(module, 16, seed=2)
    expected = run_function(module, {"arg0": x})
    lower(module)
    module.verify()
    graph = next(op for op in module.walk() if isinstance(op, df.GraphOp))
    kinds = [op.name for op in graph.engines()]
    # the transpose's reshape and the flatten's fold into one (the
    # canonicalization of `dataflow.reshape` chains)
    assert kinds == ["dataflow.reshape", "dataflow.mvu"]
    reshape = next(iter(graph.engines()))
    assert df.stream_type_of(reshape.operands[0]).frame_shape == (1, 6, 1)
    assert df.stream_type_of(reshape.results[0]).frame_shape == (1, 6)
    assert not any(op.name.startswith("qnt.") and op.name != "qnt.constant" for op in graph.walk())
    got = run_function(module, {"arg0": x})
    np.testing.assert_array_equal(got["result0"], expected["result0"])


def test_a_registered_pattern_refuses_with_its_reason(with_unit_transpose):
    covered = engines_cover()
    assert covered[-1] == "qnt.transpose of unit axes"
    assert diagnostic(model("1x3x2", "0, 2, 1", "1x2x3")) == (
        "lower-qnt-to-dataflow: qnt.transpose is not mapped to hardware yet (%t): only a "
        f"transpose of unit axes keeps the stream's order; the engines cover {enumeration(covered)}"
    )
