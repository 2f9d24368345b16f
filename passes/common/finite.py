"""Non-finite constants where a pass computes with a weight's values.

At the float level a constant follows IEEE (a NaN weight gives NaN
results). But a pass that derives something from the values cannot use a
NaN or an infinity: `quantize` and `choose-bits` turn the constants of the
ops they quantize (weights, biases, batchnorm parameters, the constant
operand of an add or mul) into integers through scales computed from them
(a NaN weight made a bias of INT32_MAX; "Non-finite values" in
`asic.dialects.qnt`), `prune` ranks and refits weights, `low-rank` takes
their SVD (which does not converge on a NaN). Each says so with a
diagnostic naming the constant, the op and the first such element.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from xdsl.ir import Operation

from asic.diagnostics import UserError
from asic.passes.common.constants import constant_array, constant_of
from asic.passes.quantization.params import describe_op

FINITE_TO_QUANTIZE = "the constants of a quantized op must be finite to have an integer form"


def check_finite_constants(pass_name: str, ops: Iterable[Operation], why: str) -> None:
    """A `UserError` for the first float `nn.constant` operand of `ops`
    holding a NaN or an infinity; `why` says what the pass needs them for."""
    for op in ops:
        for index, operand in enumerate(op.operands):
            constant = constant_of(operand)
            array = constant_array(operand)
            if constant is None or array is None or array.dtype.kind != "f":
                continue
            bad = ~np.isfinite(array)
            if bad.any():
                where = tuple(int(i) for i in np.argwhere(bad)[0])
                raise UserError(
                    f"{pass_name}: constant '{constant.sym_name.data}' (operand {index} of "
                    f"{describe_op(op)}) holds {array[where]} at index {list(where)}: {why} "
                    f"({int(bad.sum())} of its {array.size} elements are not)"
                )
