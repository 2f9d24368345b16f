"""The accelerator's boundary: which ops of a function are hardware, the
`dataflow.graph` they move into, and the casts between the host's tensors
and the graph's streams.

`outline` moves the hardware ops of a function (every qnt op but
`qnt.constant`, `qnt.quantize` and `qnt.dequantize`) into a new
`dataflow.graph`, in their order:

- each quantized tensor they take from the host (a `qnt.quantize` result,
  a quantized argument) becomes an operand of the graph, a stream argument
  of its body (its element and frame shape from the tensor type, 1 lane
  for now) and, for the ops inside, a cast of that stream back to the
  tensor:

      ^bb0(%0: !dataflow.stream<!qx, lanes 1, shape [1, 6]>):
        %q = builtin.unrealized_conversion_cast %0 : !dataflow.stream<!qx, lanes 1, shape [1, 6]> to tensor<1x6x!qx>

  Any other host value (an integer tensor, a quantized weight the host
  computes) stays where it is, used from inside the graph until the
  pattern of its user refuses it (no stream carries it, no ROM holds it);

- a `qnt.constant` they use is copied in, before its first user (a ROM's
  contents); the host's copy goes when nothing else uses it;
- each of their results the host uses becomes a result of the graph, the
  tensor the body's `dataflow.yield` gives. While the engine patterns run,
  the yield lists these tensors; `close` makes it yield the streams they
  travel as by then and removes the casts.

It fails (a diagnostic) on a hardware op inside a region, a function whose
integer ops give the host nothing, and host ops that would sit between two
parts of the graph (one accelerator per function). The streams are named after the function's
arguments and results (`nn.name`, else `arg<i>` / `result<i>`): an input
after the argument it quantizes, an output after the first function
result it flows into through host ops, else after the value; distinct as
port prefixes (`rtl.port_prefix`).
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import func
from xdsl.dialects.builtin import TensorType, UnrealizedConversionCastOp
from xdsl.ir import Block, BlockArgument, Operation, Region, SSAValue
from xdsl.rewriter import InsertPoint, Rewriter

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.dialects.function_names import input_names, output_names
from asic.dialects.qnt import UniformQuantizedType
from asic.dialects.rtl import port_prefix
from asic.lowering.qnt_to_dataflow.engine_pattern import stream_behind
from asic.lowering.qnt_to_dataflow.errors import fail, where

_HOST = (qnt.ConstantOp, qnt.QuantizeOp, qnt.DequantizeOp)


def is_hardware(op: Operation) -> bool:
    return op.name.startswith("qnt.") and not isinstance(op, _HOST)


def _stream_names(
    function: func.FuncOp, inputs: Sequence[SSAValue], outputs: Sequence[SSAValue]
) -> tuple[list[str], list[str]]:
    """Names of the graph's streams (module docstring)."""
    args, results = input_names(function), output_names(function)
    returned = function.get_return_op()

    def input_name(i: int, value: SSAValue) -> str:
        source = value.owner.input if isinstance(value.owner, qnt.QuantizeOp) else value
        if isinstance(source, BlockArgument) and source.block is function.body.block:
            return args[source.index]
        return value.name_hint or f"in{i}"

    def output_name(i: int, value: SSAValue) -> str:
        # The first function result the value flows into through host ops.
        seen: set[SSAValue] = set()
        frontier = [value]
        while frontier:
            current = frontier.pop(0)
            if current in seen:
                continue
            seen.add(current)
            for use in current.uses:
                if use.operation is returned:
                    return results[use.index]
                frontier += list(use.operation.results)
        return value.name_hint or f"out{i}"

    names = [input_name(i, v) for i, v in enumerate(inputs)]
    names += [output_name(i, v) for i, v in enumerate(outputs)]
    taken: set[str] = set()
    unique = []
    for name in names:
        candidate, n = name, 0
        while port_prefix(candidate) in taken:
            n += 1
            candidate = f"{name}_{n}"
        taken.add(port_prefix(candidate))
        unique.append(candidate)
    return unique[: len(inputs)], unique[len(inputs) :]


def _host_inputs(hardware: Sequence[Operation]) -> list[SSAValue]:
    """The values the hardware takes from the host (not constants)."""
    in_hardware = set(hardware)
    inputs: dict[SSAValue, None] = {}
    for op in hardware:
        for value in op.operands:
            owner = value.owner
            if owner not in in_hardware and not isinstance(owner, qnt.ConstantOp):
                inputs[value] = None
    return list(inputs)


def _stream_type(value: SSAValue) -> df.StreamType | None:
    """The stream carrying a quantized tensor, else None."""
    ty = value.type
    if not isinstance(ty, TensorType) or not isinstance(ty.get_element_type(), UniformQuantizedType):
        return None
    return df.StreamType(ty.get_element_type(), 1, ty.get_shape())


def _after(outputs: Sequence[SSAValue], in_hardware: set[Operation]) -> set[Operation]:
    """The host ops that use the hardware's results, directly or not."""
    after: set[Operation] = set()
    frontier = [u.operation for v in outputs for u in v.uses if u.operation not in in_hardware]
    while frontier:
        op = frontier.pop()
        if op in after:
            continue
        after.add(op)
        frontier += [u.operation for r in op.results for u in r.uses if u.operation not in in_hardware]
    return after


def _boundary(
    function: func.FuncOp, hardware: Sequence[Operation]
) -> tuple[list[SSAValue], list[SSAValue], Operation]:
    """The host values the hardware takes (not constants), its results the
    host uses, and the host op before which the graph goes (the first that
    reads a result); fails on what cannot be one graph."""
    block = function.body.block
    for op in function.body.walk():
        if is_hardware(op) and op.parent_block() is not block:
            fail(f"{where(op)} is inside a region: the graph takes a function's top-level ops")
    in_hardware = set(hardware)
    outputs = [
        r for op in hardware for r in op.results
        if any(u.operation not in in_hardware for u in r.uses)
    ]
    if not outputs:
        fail(f"no result of the integer ops of @{function.sym_name.data} is used")
    inputs = _host_inputs(hardware)
    after = _after(outputs, in_hardware)
    for value in inputs:
        if isinstance(value.owner, Operation) and value.owner in after:
            fail(
                f"{where(value.owner)} sits between integer ops of @{function.sym_name.data}: "
                "they would need two accelerators (one dataflow.graph per function)"
            )
    anchor = next(op for op in block.ops if op in after)
    for value in inputs:
        owner = value.owner
        if isinstance(owner, Operation) and not owner.is_before_in_block(anchor):
            fail(f"{where(owner)} is defined after the first use of the accelerator's results")
    return inputs, outputs, anchor


def _body(
    hardware: Sequence[Operation], streams: dict[SSAValue, df.StreamType], outputs: Sequence[SSAValue]
) -> Block:
    """The hardware ops moved into a block of stream arguments, on casts
    of them, with copies of their constants (module docstring)."""
    in_hardware = set(hardware)
    host = hardware[0].parent_block()
    body = Block(arg_types=streams.values())
    for value, arg in zip(streams, body.args):
        cast, tensor = UnrealizedConversionCastOp.cast_one(arg, value.type)
        tensor.name_hint = value.name_hint
        body.add_op(cast)
        value.replace_uses_with_if(tensor, lambda use: use.operation in in_hardware)
    for op in hardware:
        for value in op.operands:
            constant = value.owner
            if isinstance(constant, qnt.ConstantOp) and constant.parent_block() is host:
                copy = constant.clone()
                copy.result.name_hint = constant.result.name_hint
                body.add_op(copy)
                constant.result.replace_uses_with_if(
                    copy.result, lambda use: use.operation in in_hardware
                )
                if not constant.result.uses:
                    Rewriter.erase_op(constant)
        op.detach()
        body.add_op(op)
    body.add_op(df.YieldOp(outputs))  # the tensors, until `close`
    return body


def outline(function: func.FuncOp) -> df.GraphOp | None:
    """Move the hardware ops of `function` into a `dataflow.graph` (module
    docstring); None when it has none."""
    block = function.body.block
    hardware = [op for op in block.ops if is_hardware(op)]
    if not hardware:
        return None
    inputs, outputs, anchor = _boundary(function, hardware)
    streams = {value: ty for value in inputs if (ty := _stream_type(value)) is not None}
    in_names, out_names = _stream_names(function, list(streams), outputs)
    graph = df.GraphOp(
        function.sym_name.data, list(streams), in_names, [v.type for v in outputs], out_names,
        Region(_body(hardware, streams, outputs)),
    )
    Rewriter.insert_op(graph, InsertPoint.before(anchor))
    for value, result in zip(outputs, graph.outputs):
        result.name_hint = value.name_hint
        value.replace_uses_with_if(result, lambda use: use.operation.parent_block() is block)
    return graph


def close(graph: df.GraphOp) -> None:
    """Once every hardware op is an engine: the yield gives the streams the
    results travel as, and the casts and unused constants go."""
    yield_op = graph.yield_op
    streams = [stream_behind(value) for value in yield_op.operands]
    assert all(s is not None for s in streams), "close before every op is converted"
    Rewriter.replace_op(yield_op, df.YieldOp(streams))  # pyright: ignore[reportArgumentType]
    for op in reversed(list(graph.block.ops)):
        if isinstance(op, (UnrealizedConversionCastOp, qnt.ConstantOp)) and not any(
            r.uses for r in op.results
        ):
            Rewriter.erase_op(op)
