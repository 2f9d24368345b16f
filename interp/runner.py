"""Running a module: the entry points the tools and passes use.

- `make_interpreter(module)`: an xDSL `Interpreter` knowing the ops of every
  level (`_function_sets` is the one place where a level registers its
  `InterpreterFunctions`).
- `entry_function`: which function runs; `input_names`, `output_names`
  (`asic.dialects.function_names`): what its inputs and outputs are called
  (the `nn.name` argument and result attribute, set by the ONNX frontend,
  else `arg0, ...` and `result0, ...`).
- `run_function(module, inputs)`: validate the inputs, run, return the
  outputs by name, with batching (below).
- `random_inputs(func)`: sample inputs (`--verify-each`).
- `evaluate_op(op, arrays)`: run one op on arrays (constant folding).

Batching. An input whose shape equals its declared shape is one sample. An
input of shape `(B,) + declared` is a batch of `B` samples ("stacked"); so is
an input of shape `(B,) + declared[1:]` when the declared dim 0 is 1
("merged"). All inputs must give the same `B` in the same layout. The
outputs come back in that layout: `(B,) + declared` for stacked inputs,
`(B,) + declared[1:]` for merged ones (a result whose declared dim 0 is not 1
stays `(B,) + declared`).

A batch runs vectorized, in one interpretation of the function with the
batch in dim 0, when the function is batch-polymorphic
(`is_batch_polymorphic`): every argument has a declared dim 0 of 1, and
every op keeps a batch it receives in dim 0 (`_BATCH_RULES`). Otherwise the
function runs once per sample, a Python loop over the batch (the only loop
over samples in the interpreters): for functions with an argument whose
declared dim 0 is not 1, or whose ops move or mix dim 0 (a transpose or
reshape across it, a softmax, concat, reduction or cumulative sum along it,
indices that address it, a weight computed from an input, ...).

Inputs are converted to the declared element type: any real array for a
float type (rounded to nearest even), an integer array whose values fit for
an integer type, and for a `!qnt.uniform` type an integer array of stored
values in its `[qmin, qmax]` (held as int64, as the qnt interpreter wants);
anything else is a `UserError`, as are unknown, missing or misshapen inputs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import IntegerType, ModuleOp, TensorType
from xdsl.interpreter import Interpreter, InterpreterFunctions
from xdsl.ir import Attribute, Operation, SSAValue

from asic.diagnostics import UserError
from asic.dialects import dataflow, nn, qnt
from asic.dialects.attributes import MAX_CONSTANT_ELEMENTS, numpy_dtype
from asic.dialects.function_names import input_names, output_names
from asic.dialects.nn import ints, shape_of
from asic.interp.dataflow import DataflowFunctions
from asic.interp.func import FuncFunctions
from asic.interp.nn import NnFunctions
from asic.interp.qnt import QntFunctions
from asic.interp.rtl import RtlFunctions

# --------------------------------------------------------------------------
# Interpreter
# --------------------------------------------------------------------------


def _function_sets() -> list[InterpreterFunctions]:
    """The interpreter functions of every level; later levels (qnt,
    dataflow, ...) append theirs here."""
    return [FuncFunctions(), NnFunctions(), QntFunctions(), DataflowFunctions(), RtlFunctions()]


def make_interpreter(
    module: ModuleOp,
    listeners: Sequence[Interpreter.Listener] = (),
    *,
    dynamic_quantization: bool = False,
) -> Interpreter:
    """An interpreter of `module` that runs the ops of every level; with
    `dynamic_quantization`, qnt ops compute their activations' scales per
    sample (`asic.interp.qnt_dynamic`)."""
    interpreter = Interpreter(module, listeners=tuple(listeners))
    for functions in _function_sets():
        interpreter.register_implementations(functions)
    if dynamic_quantization:
        from asic.interp.qnt_dynamic import DynamicQntFunctions

        interpreter.register_implementations(DynamicQntFunctions(), override=True)
    return interpreter


def evaluate_op(op: Operation, inputs: Sequence[np.ndarray]) -> tuple[np.ndarray, ...]:
    """The results of `op` on the operand values `inputs`."""
    interpreter = make_interpreter(ModuleOp([]))
    return tuple(interpreter.run_op(op, tuple(inputs)))


# --------------------------------------------------------------------------
# Entry function and names
# --------------------------------------------------------------------------


def entry_function(module: ModuleOp, name: str | None = None) -> func.FuncOp:
    """The function named `name`; by default `main` if there is one, else the
    only function of the module."""
    functions = [op for op in module.ops if isinstance(op, func.FuncOp)]
    names = ", ".join(f"'{f.sym_name.data}'" for f in functions) or "none"
    if name is None:
        mains = [f for f in functions if f.sym_name.data == "main"]
        if mains:
            chosen = mains[0]
        elif len(functions) == 1:
            chosen = functions[0]
        elif not functions:
            raise UserError("the module has no function to run")
        else:
            raise UserError(
                f"the module has several functions ({names}) and none is named "
                "'main': name the one to run (asic-run --entry NAME)"
            )
    else:
        matches = [f for f in functions if f.sym_name.data == name]
        if not matches:
            raise UserError(f"no function named '{name}' in the module (functions: {names})")
        chosen = matches[0]
    if chosen.is_declaration:
        raise UserError(f"function '{chosen.sym_name.data}' is a declaration without a body")
    return chosen


# --------------------------------------------------------------------------
# Batch polymorphism
# --------------------------------------------------------------------------

BatchRule = Callable[[Operation, Sequence[bool]], bool]
"""Whether `op`, some of whose operands carry the batch in dim 0 (the flags),
computes each sample independently and leaves the batch in dim 0 of its
results. The result's declared dim 0 must be 1 on top of this (checked by
`_batched_values`)."""


def _keeps(op: Operation, batched: Sequence[bool]) -> bool:
    return True


def _first_operand_only(op: Operation, batched: Sequence[bool]) -> bool:
    """Data input batched, parameters (weights, bias, statistics) not."""
    return not any(batched[1:])


def _same_rank_as_result(op: Operation, batched: Sequence[bool]) -> bool:
    """Broadcasting: a batched operand of lower rank would line its dim 0 up
    with a later axis of the result."""
    rank = len(shape_of(op.results[0]))
    return all(len(shape_of(v)) == rank for v, b in zip(op.operands, batched) if b)


def _matmul(op: Operation, batched: Sequence[bool]) -> bool:
    # A batched rhs of rank 2 would carry the batch in its contracted axis.
    rhs_ok = not batched[1] or len(shape_of(op.operands[1])) >= 3
    return rhs_ok and _same_rank_as_result(op, batched)


def _axis(op: Operation) -> int:
    axis = op.axis.value.data  # pyright: ignore[reportAttributeAccessIssue]
    return axis + len(shape_of(op.operands[0])) if axis < 0 else axis


def _axis_not_batch(op: Operation, batched: Sequence[bool]) -> bool:
    return _axis(op) != 0


def _flatten(op: Operation, batched: Sequence[bool]) -> bool:
    return _axis(op) >= 1


def _body_batched(op: Operation, batched: Sequence[bool]) -> bool:
    """An op with a region that runs its body on the whole batch at once
    (`dataflow.graph`: its engines are vectorized over the frames of dim 0)."""
    return True


def _transpose(op: nn.TransposeOp | qnt.TransposeOp, batched: Sequence[bool]) -> bool:
    return ints(op.perm)[0] == 0


def _leading_axis(op: Operation, batched: Sequence[bool]) -> bool:
    """An op on the last two axes (matrices): dim 0 is a batch axis when
    the input has more."""
    return len(shape_of(op.operands[0])) >= 3


def _reduction(op: nn.ReduceOp, batched: Sequence[bool]) -> bool:
    return 0 not in op.reduced_axes()


def _slice(op: nn.SliceOp, batched: Sequence[bool]) -> bool:
    """All of dim 0 (the interpreter lets a batch through it)."""
    return op.index()[0] == slice(0, 1, 1)


def _gather(op: nn.GatherOp, batched: Sequence[bool]) -> bool:
    """Batched indices would put their batch at `axis` of the result."""
    return not batched[1] and _axis(op) != 0


def _einsum(op: nn.EinsumOp, batched: Sequence[bool]) -> bool:
    """The output's first letter is the first of every batched operand and
    appears once there (an operand computed once has it of size 1, which
    einsum broadcasts, or not at all)."""
    inputs, _, output = op.equation.data.replace(" ", "").partition("->")
    terms = inputs.split(",")
    if not output or len(terms) != len(batched):
        return False
    return all(t[:1] == output[0] and t.count(output[0]) == 1 for t, b in zip(terms, batched) if b)


def _gather_nd(op: nn.GatherNdOp, batched: Sequence[bool]) -> bool:
    """Dim 0 among the batch dims; without them the indices address it."""
    return op.batch_dims.value.data >= 1


_BATCH_RULES: dict[type[Operation], BatchRule] = {
    nn.UnaryElementwiseOp: _keeps,
    nn.CastOp: _keeps,
    nn.SoftmaxOp: _axis_not_batch,
    nn.BinaryElementwiseOp: _same_rank_as_result,
    nn.Conv2dOp: _first_operand_only,
    nn.DenseOp: _first_operand_only,
    nn.BatchnormOp: _first_operand_only,
    nn.MatmulOp: _matmul,
    nn.Pool2dOp: _keeps,
    nn.GlobalAvgpool2dOp: _keeps,
    nn.FlattenOp: _flatten,
    nn.ReshapeOp: _keeps,  # declared dim 0 is 1 in (batched) and out (checked)
    nn.TransposeOp: _transpose,
    nn.ConcatOp: _axis_not_batch,
    nn.PadOp: _keeps,  # padding dim 0 makes it > 1: rejected by the dim-0 check
    nn.ArgmaxOp: _axis_not_batch,
    nn.ConvTranspose2dOp: _first_operand_only,
    nn.ReduceOp: _reduction,
    nn.SliceOp: _slice,
    nn.GatherOp: _gather,
    nn.EinsumOp: _einsum,
    nn.CompareOp: _same_rank_as_result,
    nn.LogicalOp: _same_rank_as_result,
    nn.WhereOp: _same_rank_as_result,
    nn.NotOp: _keeps,
    nn.BitwiseNotOp: _keeps,
    nn.IsInfOp: _keeps,
    nn.IsNanOp: _keeps,
    nn.BitcastOp: _keeps,
    # The indexing ops broadcast the leading axes of indices, updates and
    # grids computed once over the batch (`asic.interp.nn._batch_broadcast`);
    # ScatterND's indices address dim 0.
    nn.GatherElementsOp: _axis_not_batch,
    nn.ScatterElementsOp: _axis_not_batch,
    nn.GatherNdOp: _gather_nd,
    nn.GridSampleOp: _keeps,
    nn.TopKOp: _axis_not_batch,
    nn.CumulativeOp: _axis_not_batch,
    nn.TriluOp: _leading_axis,
    nn.DetOp: _leading_axis,
    nn.DftOp: _axis_not_batch,
    # Per-channel quantization parameters along dim 0 cannot occur on a
    # batched value: its declared dim 0 is 1, so there is one channel.
    qnt.QuantizeOp: _keeps,
    qnt.DequantizeOp: _keeps,
    qnt.Conv2dOp: _first_operand_only,
    qnt.DenseOp: _first_operand_only,
    qnt.MatmulOp: _matmul,
    qnt.RequantizeOp: _keeps,
    qnt.AddOp: _same_rank_as_result,
    qnt.ClampOp: _keeps,
    qnt.LutOp: _keeps,
    qnt.Maxpool2dOp: _keeps,
    qnt.Avgpool2dOp: _keeps,
    qnt.GlobalAvgpool2dOp: _keeps,
    qnt.ReshapeOp: _keeps,  # declared dim 0 is 1 in (batched) and out (checked)
    qnt.FlattenOp: _flatten,
    qnt.TransposeOp: _transpose,
    qnt.ConcatOp: _axis_not_batch,
    qnt.ArgmaxOp: _axis_not_batch,
    dataflow.GraphOp: _body_batched,
    func.ReturnOp: _keeps,
}
"""Batch rule of each op kind (looked up along the op class's MRO, so a base
class covers its subclasses); ops not listed are assumed to mix samples.
Later levels add their ops here."""


def _rule(op: Operation) -> BatchRule | None:
    for cls in type(op).__mro__:
        if cls in _BATCH_RULES:
            return _BATCH_RULES[cls]
    return None


def _batched_values(function: func.FuncOp) -> set[SSAValue] | None:
    """The values that carry the batch in dim 0 when every argument does, or
    None when the function is not batch-polymorphic."""
    if len(function.body.blocks) != 1:
        return None
    batched: set[SSAValue] = set()
    for arg in function.args:
        if not isinstance(arg.type, TensorType) or shape_of(arg)[:1] != (1,):
            return None
        batched.add(arg)
    for op in function.body.block.ops:
        flags = [v in batched for v in op.operands]
        if not any(flags):
            continue  # independent of the inputs: computed once, broadcast
        rule = _rule(op)
        if rule is None or (op.regions and rule is not _body_batched) or not rule(op, flags):
            return None
        for result in op.results:
            if not isinstance(result.type, TensorType) or shape_of(result)[:1] != (1,):
                return None
            batched.add(result)
    return batched


def is_batch_polymorphic(function: func.FuncOp) -> bool:
    """Whether running `function` on inputs whose dim 0 (declared 1) holds B
    samples computes every sample as if it ran alone, with the samples in
    dim 0 of every result derived from the inputs."""
    return _batched_values(function) is not None


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


def _declared(function: func.FuncOp) -> list[tuple[tuple[int, ...], Attribute]]:
    """Shape and element type of each argument."""
    out = []
    for name, ty in zip(input_names(function), function.function_type.inputs):
        if not isinstance(ty, TensorType):
            raise UserError(f"input '{name}' has type {ty}: only tensor inputs can be given")
        out.append((tuple(ty.get_shape()), ty.get_element_type()))
    return out


def _match_inputs(
    function: func.FuncOp,
    inputs: Mapping[str, np.ndarray] | Sequence[np.ndarray] | np.ndarray,
) -> list[np.ndarray]:
    """The input arrays in argument order, found by name or position."""
    names = input_names(function)
    expected = ", ".join(f"'{n}'" for n in names) or "none"
    if isinstance(inputs, np.ndarray):
        inputs = [inputs]
    if isinstance(inputs, Mapping):
        if len(names) == 1 and len(inputs) == 1:
            return [next(iter(inputs.values()))]
        for key in inputs:
            if key not in names:
                raise UserError(f"unknown input '{key}' (the function's inputs are {expected})")
        missing = [n for n in names if n not in inputs]
        if missing:
            raise UserError(
                f"missing input '{missing[0]}' (the function's inputs are {expected})"
            )
        return [inputs[n] for n in names]
    arrays = list(inputs)
    if len(arrays) != len(names):
        raise UserError(
            f"expected {len(names)} inputs ({expected}), got {len(arrays)}"
        )
    return arrays


def _convert(name: str, value: np.ndarray, element_type: Attribute) -> np.ndarray:
    """`value` in the dtype of `element_type`: floats accept any real array
    (rounded to nearest even), integers an integer array whose values fit."""
    dtype = _input_dtype(name, element_type)
    array = np.asarray(value)
    if array.dtype == dtype and dtype.kind == "f":
        return array
    # An integer array is checked even in the right dtype: i12 or a
    # !qnt.uniform storage range is narrower than its numpy dtype.
    if dtype.kind == "f" and array.dtype.kind in "fiub":
        return array.astype(dtype)
    if dtype.kind in "iu" and array.dtype.kind in "iub":
        low, high = _integer_range(element_type)
        if array.size == 0 or (array.min() >= low and array.max() <= high):
            return array.astype(dtype, copy=False)
        raise UserError(f"input '{name}' has values outside the range of {element_type}")
    raise UserError(f"input '{name}' has dtype {array.dtype}, expected {element_type}")


def _input_dtype(name: str, element_type: Attribute) -> np.dtype:
    if isinstance(element_type, qnt.UniformQuantizedType):
        return np.dtype(np.int64)  # the stored integers
    try:
        return numpy_dtype(element_type)
    except ValueError:
        raise UserError(
            f"input '{name}' has element type {element_type}, which the numpy "
            "interpreter does not support (numpy has no bfloat16)"
        ) from None


def _integer_range(element_type: Attribute) -> tuple[int, int]:
    if isinstance(element_type, qnt.UniformQuantizedType):
        return element_type.qmin, element_type.qmax
    assert isinstance(element_type, IntegerType)
    width = element_type.width.data
    if element_type.signedness.data.name == "UNSIGNED" or width == 1:  # i1: booleans
        return 0, 2**width - 1
    return -(2 ** (width - 1)), 2 ** (width - 1) - 1


@dataclass(frozen=True)
class _Batch:
    size: int
    merged: bool
    """True for inputs `(B,) + declared[1:]`, False for `(B,) + declared`."""


def _batch_of(
    names: Sequence[str],
    arrays: Sequence[np.ndarray],
    declared: Sequence[tuple[int, ...]],
) -> tuple[_Batch | None, list[np.ndarray]]:
    """The batch the inputs hold (None for one sample) and the inputs
    stacked as `(B,) + declared`."""
    layouts: list[tuple[str, str, int]] = []  # (name, layout, size)
    for name, array, shape in zip(names, arrays, declared):
        given = array.shape
        if given == shape:
            layouts.append((name, "sample", 1))
        elif given[1:] == shape and given:
            layouts.append((name, "stacked", given[0]))
        elif shape[:1] == (1,) and len(given) == len(shape) and given[1:] == shape[1:]:
            layouts.append((name, "merged", given[0]))
        else:
            batch_shapes = _shape_text(("B", *shape))
            if shape[:1] == (1,):
                batch_shapes += " or " + _shape_text(("B", *shape[1:]))
            raise UserError(
                f"input '{name}' has shape {_shape_text(given)}, expected "
                f"{_shape_text(shape)} for one sample, or {batch_shapes} for a batch of B"
            )
    batched = [l for l in layouts if l[1] != "sample"]
    if not batched:
        return None, list(arrays)
    size = batched[0][2]
    for name, layout, n in layouts:
        if layout == "sample" and size != 1:
            raise UserError(
                f"input '{name}' holds one sample but input '{batched[0][0]}' holds "
                f"a batch of {size}: give every input the batch"
            )
        if layout != "sample" and n != size:
            raise UserError(
                f"inputs '{batched[0][0]}' and '{name}' hold batches of different "
                f"sizes ({size} and {n})"
            )
    if len({l[1] for l in batched}) > 1:
        raise UserError(
            "inputs mix the two batch layouts, (B, *shape) and (B, *shape[1:]): "
            "use one for every input"
        )
    if size == 0:
        raise UserError(f"input '{batched[0][0]}' holds an empty batch")
    stacked = [a.reshape((size, *shape)) for a, shape in zip(arrays, declared)]
    return _Batch(size, batched[0][1] == "merged"), stacked


def _shape_text(shape: Sequence[int | str]) -> str:
    """A shape as Python prints a tuple: `(2, 3)`, `(3,)`, `()`."""
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------


def run_function(
    module: ModuleOp,
    inputs: Mapping[str, np.ndarray] | Sequence[np.ndarray],
    entry: str | None = None,
    listeners: Sequence[Interpreter.Listener] = (),
    *,
    dynamic_quantization: bool | None = None,
) -> dict[str, np.ndarray]:
    """Run the entry function on `inputs` (by name, or by position for a
    sequence) and return its outputs by name, in result order.

    Inputs are converted to the declared element type (a float array of
    another precision is rounded). A batch of samples (see the module
    docstring) runs vectorized when the function is batch-polymorphic, else
    as a Python loop over the samples. `dynamic_quantization` computes the
    scales of quantized activations per sample at run time
    (`asic.interp.qnt_dynamic`); None does so when the function has the
    `qnt.dynamic_quantization` attribute.
    """
    function = entry_function(module, entry)
    if dynamic_quantization is None:
        from asic.dialects.dynamic_quantization import is_dynamic

        dynamic_quantization = is_dynamic(function)
    if dynamic_quantization:
        from asic.interp.qnt_dynamic import require_qnt_level

        require_qnt_level(function)
    names = input_names(function)
    declared = _declared(function)
    arrays = [
        _convert(name, array, element)
        for name, array, (_, element) in zip(names, _match_inputs(function, inputs), declared)
    ]
    batch, stacked = _batch_of(names, arrays, [shape for shape, _ in declared])
    interpreter = make_interpreter(module, listeners, dynamic_quantization=dynamic_quantization)
    result_shapes = [shape_of(t) for t in function.function_type.outputs]

    if batch is None:
        results = _call(interpreter, function, arrays)
    else:
        batched = _batched_values(function)
        if batched is not None:
            merged = [a.reshape((batch.size, *a.shape[2:])) for a in stacked]
            outputs = _call(interpreter, function, merged)
            returned = function.get_return_op()
            assert returned is not None
            results = [
                r.reshape((batch.size, *shape))  # was (B,) + declared[1:]
                if value in batched
                else np.broadcast_to(r, (batch.size, *shape))  # input-independent
                for r, shape, value in zip(outputs, result_shapes, returned.operands)
            ]
        else:
            samples = [
                _call(interpreter, function, [a[i] for a in stacked])
                for i in range(batch.size)
            ]
            results = [np.stack(per_result) for per_result in zip(*samples)]
        if batch.merged:
            results = [
                r.reshape((batch.size, *shape[1:])) if shape[:1] == (1,) else r
                for r, shape in zip(results, result_shapes)
            ]
    results = [r if r.flags.writeable else r.copy() for r in results]
    return dict(zip(output_names(function), results))


def _call(
    interpreter: Interpreter, function: func.FuncOp, arrays: Sequence[np.ndarray]
) -> list[np.ndarray]:
    return [np.asarray(r) for r in interpreter.call_op(function, tuple(arrays))]


def random_inputs(function: func.FuncOp, seed: int = 0) -> dict[str, np.ndarray]:
    """One sample of inputs: standard normal float32 values in the declared
    shapes (cast to the declared float type; integers are uniform over
    their type's range), of at most `MAX_CONSTANT_ELEMENTS` elements in all."""
    rng = np.random.default_rng(seed)
    inputs: dict[str, np.ndarray] = {}
    declared = _declared(function)
    count = sum(math.prod(shape) for shape, _ in declared)
    if count > MAX_CONSTANT_ELEMENTS:
        raise UserError(
            f"the inputs of function '{function.sym_name.data}' hold {count} elements; random "
            f"inputs are made for at most {MAX_CONSTANT_ELEMENTS}: give the inputs in a file"
        )
    for name, (shape, element) in zip(input_names(function), declared):
        dtype = _input_dtype(name, element)
        if dtype.kind == "f":
            inputs[name] = rng.standard_normal(shape, dtype=np.float32).astype(dtype)
        else:
            low, high = _integer_range(element)
            inputs[name] = rng.integers(low, high, size=shape, endpoint=True).astype(dtype)
    return inputs
