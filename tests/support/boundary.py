"""The integers at an accelerator's boundary: the qnt interpreter's values
in front of the function's `qnt.dequantize` (the float tail, a dequantize
and perhaps a softmax, stays on the host), which is what the accelerator
streams out and what the hardware's integers are compared with."""

from __future__ import annotations

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp

from asic.dialects import qnt
from asic.interp.runner import entry_function, run_function


def integer_outputs(
    module: ModuleOp, inputs: dict[str, np.ndarray] | list[np.ndarray]
) -> np.ndarray:
    """The integers in front of the entry function's `qnt.dequantize`, one
    row per sample: the qnt interpreter's for a qnt-level module, the
    dataflow interpreter's graph for a dataflow-level one."""
    module = module.clone()
    function = entry_function(module)
    dequantize = next(op for op in function.body.block.ops if isinstance(op, qnt.DequantizeOp))
    ret = function.get_return_op()
    assert ret is not None
    ret.operands[0] = dequantize.input
    function.function_type = func.FunctionType.from_lists(
        function.function_type.inputs.data, [dequantize.input.type]
    )
    for op in reversed(list(function.body.block.ops)):
        if op is not ret and not op.results[0].uses:
            op.detach()
            op.erase()
    (result,) = run_function(module, inputs).values()
    result = np.asarray(result)
    return result.reshape(len(result), -1)
