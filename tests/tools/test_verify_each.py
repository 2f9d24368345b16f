"""--verify-each: a pass that changes what the program computes is caught at
the first op whose results diverge; a correct pass goes through."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from xdsl.context import Context
from xdsl.dialects.builtin import Builtin, ModuleOp
from xdsl.dialects.func import Func
from xdsl.parser import Parser
from xdsl.passes import ModulePass
from xdsl.rewriter import Rewriter

from asic.dialects import nn
from asic.tools.verify_each import PassDivergence, PassVerifier, divergence

PROGRAM = """
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %a = nn.relu %x : tensor<1x4xf32>
  %b = nn.sigmoid %a : tensor<1x4xf32>
  %c = nn.tanh %b : tensor<1x4xf32>
  func.return %c : tensor<1x4xf32>
}
"""


def _context() -> Context:
    ctx = Context()
    for dialect in (Builtin, Func, nn.NN):
        ctx.load_dialect(dialect)
    return ctx


def _module() -> ModuleOp:
    return Parser(_context(), PROGRAM).parse_module()


@dataclass(frozen=True)
class SigmoidToTanh(ModulePass):
    """A wrong rewrite: replaces the op computing %b by tanh in place."""

    name = "sigmoid-to-tanh"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for sigmoid in [o for o in op.walk() if isinstance(o, nn.SigmoidOp)]:
            tanh = nn.TanhOp.create(operands=[sigmoid.input], result_types=[sigmoid.result.type])
            Rewriter.replace_op(sigmoid, tanh)


@dataclass(frozen=True)
class RenameNothing(ModulePass):
    name = "identity"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        pass


def test_wrong_pass_is_reported_at_first_surviving_user() -> None:
    module = _module()
    verifier = PassVerifier({"arg0": np.linspace(-1, 1, 4, dtype=np.float32)[None]}, rtol=1e-6)
    with pytest.raises(PassDivergence, match=r"pass 'sigmoid-to-tanh' .* op 'nn.tanh' \(result %c\)"):
        verifier.apply_and_check(_context(), SigmoidToTanh(), module)


def test_correct_pass_goes_through() -> None:
    module = _module()
    verifier = PassVerifier.for_module(module, None, rtol=0.0)
    verifier.apply_and_check(_context(), RenameNothing(), module)


def test_divergence_rules() -> None:
    a = np.array([1.0, 2.0, 4.0], dtype=np.float32)
    assert divergence(a, a + 1e-7, 1e-6) is None
    assert "exceeds" in divergence(a, a + 1e-3, 1e-6)
    assert "shape changed" in divergence(a, a[:2], 1.0)
    ints = np.array([1, 2, 3], dtype=np.int32)
    assert divergence(ints, ints.copy(), 0.0) is None
    assert "1 of 3 integers differ" == divergence(ints, ints + np.array([0, 0, 1]), 1.0)
    assert divergence(a, np.array([np.nan, 2, 4], dtype=np.float32), 1.0) is not None
