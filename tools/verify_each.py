"""`--verify-each`: check every pass against the interpreters.

Before a pass runs, the module is cloned, remembering which value of the clone
each value of the module is. After the pass, both versions run on the same
inputs (an .npz file, or seeded random inputs) with a listener recording
every op's results. Values that survived the pass (the pass left their
defining op in place) are compared in program order, and the first op whose
results diverge is reported, followed by the function's outputs. A pass that
replaces an op is thereby checked at the first surviving op that uses it, and
always at the function's results.

Float results diverge when `max|after - before| > rtol * max|before|` (a
relative tolerance on the tensor, so values near zero do not count more than
their neighbours); integer results must be identical. A tensor quantized at
run time (dynamic quantization, `asic.interp.qnt_dynamic.Dynamic`) is
compared by the reals it stands for, as a float result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.interpreter import Interpreter
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass

from asic.diagnostics import UserError
from asic.interp.inputs import read_arrays
from asic.interp.qnt_dynamic import Dynamic
from asic.interp.runner import entry_function, random_inputs, run_function


class PassDivergence(UserError):
    """A pass changed what the program computes."""


@dataclass
class _Recorder(Interpreter.Listener):
    values: dict[SSAValue, Any] = field(default_factory=dict)

    def did_interpret_op(self, op: Operation, results: Sequence[Any]) -> None:
        for value, result in zip(op.results, results):
            self.values[value] = result


def divergence(before: Any, after: Any, rtol: float) -> str | None:
    """Why `after` is not `before` within tolerance, or None if it is."""
    a, b = (np.asarray(v.real() if isinstance(v, Dynamic) else v) for v in (after, before))
    if a.shape != b.shape:
        return f"shape changed from {list(b.shape)} to {list(a.shape)}"
    if a.dtype.kind in "iub" and b.dtype.kind in "iub":
        mismatches = int(np.count_nonzero(a != b))
        if mismatches:
            return f"{mismatches} of {a.size} integers differ"
        return None
    diff = float(np.max(np.abs(a.astype(np.float64) - b), initial=0.0))
    scale = float(np.max(np.abs(b), initial=0.0))
    if not diff <= rtol * scale or np.isnan(diff):
        return (
            f"max abs difference {diff:.6g} exceeds {rtol:g} x max abs value "
            f"{scale:.6g}"
        )
    return None


def _describe(op: Operation) -> str:
    names = ", ".join(f"%{r.name_hint}" for r in op.results if r.name_hint)
    return f"'{op.name}'" + (f" (result {names})" if names else "")


@dataclass
class PassVerifier:
    inputs: Mapping[str, np.ndarray] | Sequence[np.ndarray]
    rtol: float

    @staticmethod
    def for_module(
        module: ModuleOp, inputs_path: str | None, rtol: float
    ) -> PassVerifier:
        if inputs_path is None:
            inputs = random_inputs(entry_function(module))
        else:
            inputs = read_arrays(inputs_path, "--verify-inputs")
        return PassVerifier(inputs, rtol)

    def _run(self, module: ModuleOp) -> tuple[dict[SSAValue, Any], dict[str, Any]]:
        recorder = _Recorder()
        outputs = run_function(module, self.inputs, listeners=(recorder,))
        return recorder.values, outputs

    def apply_and_check(
        self, ctx: Context, module_pass: ModulePass, module: ModuleOp
    ) -> None:
        clone_of: dict[SSAValue, SSAValue] = {}
        before = module.clone(value_mapper=clone_of)
        before_values, before_outputs = self._run(before)
        module_pass.apply(ctx, module)
        module.verify()
        after_values, after_outputs = self._run(module)

        where = f"--verify-each: pass '{module_pass.name}' changed the results"
        for op in entry_function(module).walk():
            for value in op.results:
                old = clone_of.get(value)
                if old is None or old not in before_values or value not in after_values:
                    continue
                reason = divergence(before_values[old], after_values[value], self.rtol)
                if reason is not None:
                    raise PassDivergence(f"{where} of op {_describe(op)}: {reason}")
        for name, old in before_outputs.items():
            reason = divergence(old, after_outputs.get(name), self.rtol)
            if reason is not None:
                raise PassDivergence(f"{where} of output '{name}': {reason}")
