"""The check of `asic.interp.runner`'s batching: a stacked batch gives,
sample by sample, what each sample gives alone, and a batch-polymorphic
function runs each op once for the whole batch, any other once per sample."""

from __future__ import annotations

from collections import Counter

import numpy as np
from xdsl.dialects.builtin import ModuleOp
from xdsl.interpreter import Interpreter
from xdsl.ir import Operation

from asic.interp.runner import (
    entry_function,
    is_batch_polymorphic,
    output_names,
    random_inputs,
    run_function,
)


class OpCounter(Interpreter.Listener):
    """How many times the interpreter ran each op, by name."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def did_interpret_op(self, op: Operation, results: object) -> None:
        self.counts[op.name] += 1


def check_batch_equals_samples(module: ModuleOp, polymorphic: bool, batch: int, seed: int = 0) -> None:
    """Run `batch` random samples of `module`'s entry function alone and
    stacked: equal results (exactly for integer and boolean ones, within
    float rounding of a vectorized reduction for float ones), `polymorphic`
    as the analysis says, and the number of op runs it implies."""
    function = entry_function(module)
    assert is_batch_polymorphic(function) is polymorphic
    samples = [random_inputs(function, seed=seed + i) for i in range(batch)]
    alone = [run_function(module, s) for s in samples]
    stacked = {k: np.stack([s[k] for s in samples]) for k in samples[0]}
    counter = OpCounter()
    batched = run_function(module, stacked, listeners=[counter])
    assert list(batched) == output_names(function)
    for key, value in batched.items():
        expected = np.stack([a[key] for a in alone])
        assert value.shape == expected.shape and value.dtype == expected.dtype
        if value.dtype.kind == "f":
            np.testing.assert_allclose(value, expected, rtol=1e-6, atol=1e-7)
        else:
            np.testing.assert_array_equal(value, expected)
    ops = len(list(function.body.block.ops))
    assert sum(counter.counts.values()) == (ops if polymorphic else batch * ops)
