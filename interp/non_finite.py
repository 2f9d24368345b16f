"""The run-time rule for non-finite floats entering the integer levels
("Non-finite values" in `asic.dialects.qnt`): `qnt.quantize` of a NaN (and,
under dynamic quantization, of an infinity) is an error naming the op and
the first such element. Kept apart from `asic.interp.qnt` and
`asic.dialects.qnt_kernels`, whose integer code calls no float function
outside their float boundary (a test scans them).
"""

from __future__ import annotations

import numpy as np
from xdsl.ir import Operation
from xdsl.utils.exceptions import InterpretationError


def refuse_non_finite(op: Operation, x: np.ndarray, *, infinities: bool) -> None:
    """An `InterpretationError` when `x`, the float input `op` quantizes,
    holds a NaN (or, with `infinities`, an infinity): "Non-finite values" in
    `asic.dialects.qnt`."""
    bad = np.isnan(x) | (np.isinf(x) if infinities else False)
    if bad.any():
        where = [int(i) for i in np.argwhere(bad)[0]]
        what = "NaN or infinite" if infinities else "NaN"
        hint = f" %{op.results[0].name_hint}" if op.results and op.results[0].name_hint else ""
        raise InterpretationError(
            f"{op.name}{hint}: its input holds {int(bad.sum())} {what} value(s), the first "
            f"{x[tuple(where)]} at index {where}: a {what} float has no quantized value"
        )
