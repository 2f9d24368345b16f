"""`remove-dead-code`: erase operations whose results nobody uses and that
have no other effect.

An operation is dead when it is not a terminator, not a symbol (a
`func.func` is kept even if nothing calls it: functions are entry points),
has no side effects (the `Pure` trait, or memory effects that only read or
only allocate its own values) and none of its results is used by a live
operation. This is a liveness fixpoint over whole regions: a chain
`nn.constant -> nn.transpose -> nn.relu` whose end is unused goes at once,
whatever the order of the ops. Non-entry blocks left without live ops are
erased too. The analysis is xDSL's own
(`xdsl.transforms.dead_code_elimination.region_dce`, built on
`is_trivially_dead`'s criteria), applied to every region of the module.

Every nn op has the `Pure` trait, so an unused weight or a layer whose
output is never returned disappears; function arguments are never removed
(the function's signature is its interface).

xDSL's generic passes work on nn IR as well: `dce` runs the same analysis,
and `canonicalize` erases trivially dead ops as it walks (nn ops declare no
canonicalization patterns or folders, so on nn IR it does nothing else).
This pass exists for the canonical pipeline name and this documentation.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.pattern_rewriter import PatternRewriterListener
from xdsl.transforms.dead_code_elimination import region_dce

from asic.pass_options import OptionsPass


@dataclass(frozen=True)
class RemoveDeadCodePass(OptionsPass):
    """Erase side-effect-free operations whose results are unused."""

    name = "remove-dead-code"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        region_dce(op.body, PatternRewriterListener())
