"""`lower-qnt-to-dataflow`: the integer ops of a qnt function become one
`dataflow.graph` of streaming engines; the float boundary stays on the host.

    asic-opt mlp.qnt.mlir -p 'lower-qnt-to-dataflow,tile{multipliers=64},schedule'

In every function holding qnt integer ops, those ops (everything of qnt but
`qnt.constant`, `qnt.quantize` and `qnt.dequantize`) are the hardware. They
are replaced by one `dataflow.graph` whose inputs are the quantized tensors
they take from the host (`qnt.quantize` results, quantized arguments) and
whose results are the tensors the host uses (what `qnt.dequantize` or
`func.return` reads). The host keeps the quantization of the inputs, the
dequantization of the outputs and any float op (a final softmax): what
feeds the accelerator's input stream quantizes, what reads its output
stream dequantizes.

Op by op:

- `qnt.dense` whose only user is a `qnt.requantize` of it (per tensor or
  per output channel), and a `qnt.clamp` that is the requantization's only
  user: one `dataflow.mvu`. The clamp folds into the requantization's
  bounds (`clamp(clamp(v, a, b), c, d) = clamp(v, clamp(a, c, d), clamp(b,
  c, d))`). The weights and bias `qnt.constant`s move into the graph (the
  ROMs); the accumulator type is the dense result's. `pe` and `simd` are
  those of `dataflow.pe` / `dataflow.simd` attributes on the `qnt.dense`
  (kept by `tile`), else left for `tile` to choose (1 until then).
- `qnt.flatten`, `qnt.reshape`: `dataflow.reshape` (nothing when the shape
  does not change).
- `qnt.argmax` of a frame whose elements all lie along the reduced axis:
  `dataflow.argmax`, an index stream the host widens to the `i64` result.

Streams get the lanes their engines need (`dataflow.legalize_lanes`); FIFOs
come later (`schedule`). Anything else is a diagnostic naming the op (`qnt.
conv2d is not mapped to hardware yet`), as is a function whose integer ops
a float op splits into two accelerators, a stream used twice (fan-out) and
weights that are not constants. The graph is named after the function and
its streams after the function's arguments and results (`nn.name`, else
`arg<i>` / `result<i>`), the stream contract's port prefixes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import IntegerAttr, IntegerType, ModuleOp, TensorType
from xdsl.ir import Block, BlockArgument, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from asic.diagnostics import UserError
from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.dialects.dynamic_quantization import require_static_quantization
from asic.dialects.function_names import input_names, output_names
from asic.dialects.nn import ints, shape_of
from asic.dialects.qnt import UniformQuantizedType, quantized_type_of
from asic.dialects.rtl import port_prefix

PASS = "lower-qnt-to-dataflow"

PE_ATTR, SIMD_ATTR = "dataflow.pe", "dataflow.simd"
"""Attributes of a `qnt.dense` that fix the folding of its MVU."""

_HOST = (qnt.ConstantOp, qnt.QuantizeOp, qnt.DequantizeOp)


def _is_hardware(op: Operation) -> bool:
    return op.name.startswith("qnt.") and not isinstance(op, _HOST)


def _where(op: Operation) -> str:
    name = op.results[0].name_hint if op.results and op.results[0].name_hint else None
    return f"{op.name} %{name}" if name else op.name


def _fail(message: str) -> None:
    raise UserError(f"{PASS}: {message}")


def _not_mapped(op: Operation, why: str = "") -> None:
    name = op.results[0].name_hint if op.results and op.results[0].name_hint else None
    where = f" (%{name})" if name else ""
    _fail(
        f"{op.name} is not mapped to hardware yet{where}{why}; the engines cover qnt.dense "
        "with its qnt.requantize and qnt.clamp, qnt.flatten, qnt.reshape and qnt.argmax"
    )


def _only_user(value: SSAValue) -> Operation | None:
    uses = list(value.uses)
    return uses[0].operation if len(uses) == 1 else None


def _compose_bounds(inner: tuple[int, int], outer: tuple[int, int]) -> tuple[int, int]:
    """`[a', b']` with `clamp(clamp(v, a, b), c, d) = clamp(v, a', b')`."""
    (a, b), (c, d) = inner, outer
    return min(max(a, c), d), min(max(b, c), d)


def _bounds(op: Operation, qtype: UniformQuantizedType) -> tuple[int, int]:
    lo, hi = op.properties.get("min"), op.properties.get("max")
    return (
        lo.value.data if isinstance(lo, IntegerAttr) else qtype.qmin,
        hi.value.data if isinstance(hi, IntegerAttr) else qtype.qmax,
    )


def _factor(op: Operation, name: str, size: int, what: str, rows: int) -> int | None:
    """A folding factor given on the qnt op: in [1, size], and a divisor of
    `size` when a frame has several rows (`dataflow.mvu`)."""
    attr = op.attributes.get(name)
    if attr is None:
        return None
    if not isinstance(attr, IntegerAttr):
        _fail(f"{_where(op)}: {name} must be an integer, got {attr}")
    value = attr.value.data  # pyright: ignore
    if not 1 <= value <= size:
        _fail(f"{_where(op)}: {name} = {value} must be in [1, {size}] (the {size} {what})")
    if rows > 1 and size % value:
        _fail(f"{_where(op)}: {name} = {value} must divide the {size} {what} ({rows} rows per frame)")
    return value


@dataclass
class _Mvu:
    """A dense layer and the ops fused into its MVU."""

    dense: qnt.DenseOp
    requantize: qnt.RequantizeOp
    clamp: qnt.ClampOp | None

    @property
    def result(self) -> SSAValue:
        return (self.clamp or self.requantize).result

    @classmethod
    def match(cls, dense: qnt.DenseOp) -> _Mvu:
        requantize = _only_user(dense.result)
        if not isinstance(requantize, qnt.RequantizeOp):
            _not_mapped(dense, ": its accumulator must go to exactly one qnt.requantize")
        assert isinstance(requantize, qnt.RequantizeOp)
        n = shape_of(dense.result)[-1]
        rank = len(shape_of(dense.result))
        if len(ints(requantize.multipliers)) > 1 or len(ints(requantize.shifts)) > 1:
            if requantize.axis.value.data % rank != rank - 1:
                _not_mapped(requantize, ": per-channel requantization must be along the last axis")
        clamp = _only_user(requantize.result)
        return cls(dense, requantize, clamp if isinstance(clamp, qnt.ClampOp) else None)

    @property
    def ops(self) -> list[Operation]:
        return [op for op in (self.dense, self.requantize, self.clamp) if op is not None]


def _constant(value: SSAValue | None, what: str, op: Operation) -> qnt.ConstantOp | None:
    if value is None:
        return None
    owner = value.owner
    if not isinstance(owner, qnt.ConstantOp):
        _fail(f"{_where(op)}: its {what} must be a qnt.constant to be stored in a ROM")
    assert isinstance(owner, qnt.ConstantOp)
    return owner


class _GraphBuilder:
    """Builds the graph of one function (see the module docstring)."""

    def __init__(self, function: func.FuncOp, hardware: list[Operation]):
        self.function = function
        self.hardware = hardware
        self.in_hardware = set(hardware)
        self.block = Block()
        self.streams: dict[SSAValue, SSAValue] = {}
        self.constants: dict[qnt.ConstantOp, qnt.ConstantOp] = {}
        self.inputs: list[SSAValue] = []
        self.fused: set[Operation] = set()

    def stream(self, value: SSAValue, user: Operation) -> SSAValue:
        """The stream carrying `value` into the graph."""
        if value in self.streams:
            return self.streams[value]
        owner = value.owner
        if isinstance(owner, Operation) and owner in self.in_hardware:
            _fail(f"{_where(user)} uses a value the graph has not produced yet")
        if isinstance(owner, qnt.ConstantOp):
            _fail(
                f"{_where(user)} takes the constant '{owner.sym_name.data}' as its data "
                "input: fold constant computations first (fold-constants)"
            )
        ty = value.type
        if not isinstance(ty, TensorType) or not isinstance(ty.get_element_type(), UniformQuantizedType):
            _fail(f"{_where(user)}: its input {ty} is not a quantized tensor")
        assert isinstance(ty, TensorType)
        arg = self.block.insert_arg(df.StreamType(ty.get_element_type(), 1, ty.get_shape()), len(self.block.args))
        self.inputs.append(value)
        self.streams[value] = arg
        return arg

    def weight(self, constant: qnt.ConstantOp | None) -> SSAValue | None:
        if constant is None:
            return None
        if constant not in self.constants:
            clone = constant.clone()
            clone.result.name_hint = constant.result.name_hint
            self.block.add_op(clone)
            self.constants[constant] = clone
        return self.constants[constant].result

    def add(self, op: Operation) -> SSAValue:
        self.block.add_op(op)
        return op.results[0]

    def single_use(self, value: SSAValue, op: Operation) -> None:
        """A stream has one consumer: an engine, or the host."""
        users = {u.operation for u in value.uses}
        engines = sum(u in self.in_hardware for u in users)
        if engines + (len(users) > engines) > 1:
            _fail(
                f"the result of {_where(op)} has {len(users)} users: a stream has one "
                "consumer (fan-out is not mapped to hardware yet)"
            )

    def build(self) -> None:
        for op in self.hardware:
            if op in self.fused:
                continue
            if isinstance(op, qnt.DenseOp):
                self.mvu(_Mvu.match(op))
            elif isinstance(op, (qnt.FlattenOp, qnt.ReshapeOp)):
                x = self.stream(op.input, op)
                shape = shape_of(op.result)
                if shape != shape_of(op.input):
                    x = self.add(df.ReshapeOp(x, shape))
                    x.name_hint = op.result.name_hint
                self.produce(op.result, x)
            elif isinstance(op, qnt.ArgmaxOp):
                self.argmax(op)
            elif isinstance(op, qnt.RequantizeOp):
                _not_mapped(op, ": only the requantization of a qnt.dense is")
            elif isinstance(op, qnt.ClampOp):
                _not_mapped(op, ": only a clamp right after the requantization of a qnt.dense is")
            else:
                _not_mapped(op)

    def produce(self, value: SSAValue, stream: SSAValue) -> None:
        owner = value.owner
        assert isinstance(owner, Operation)
        self.single_use(value, owner)
        self.streams[value] = stream

    def mvu(self, layer: _Mvu) -> None:
        dense, requantize = layer.dense, layer.requantize
        self.fused.update(layer.ops)
        for op in layer.ops[:-1]:
            self.single_use(op.results[0], op)
        n, k = shape_of(dense.weight)
        x = self.stream(dense.input, dense)
        rows = math.prod(df.stream_type_of(x).frame_shape[:-1])
        pe = _factor(dense, PE_ATTR, n, "output channels", rows)
        simd = _factor(dense, SIMD_ATTR, k, "inputs", rows)
        weight = self.weight(_constant(dense.weight, "weight", dense))
        bias = self.weight(_constant(dense.bias, "bias", dense))
        assert weight is not None
        output = quantized_type_of(layer.result)
        bounds = _bounds(requantize, output)
        if layer.clamp is not None:
            bounds = _compose_bounds(bounds, _bounds(layer.clamp, output))
        accumulator = dense.result.type.get_element_type()  # pyright: ignore
        assert isinstance(accumulator, IntegerType)
        lo = bounds[0] if bounds[0] != output.qmin else None
        hi = bounds[1] if bounds[1] != output.qmax else None
        mvu = df.MvuOp(
            x, weight, bias, output, accumulator,
            ints(requantize.multipliers), ints(requantize.shifts),
            pe=pe, simd=simd, min=lo, max=hi,
        )
        self.add(mvu)
        mvu.result.name_hint = layer.result.name_hint
        self.produce(layer.result, mvu.result)

    def argmax(self, op: qnt.ArgmaxOp) -> None:
        shape = shape_of(op.input)
        axis = op.axis.value.data % len(shape)
        if any(d != 1 for i, d in enumerate(shape) if i != axis):
            _not_mapped(
                op, f": the argmax engine reduces whole frames, not axis {axis} of {list(shape)}"
            )
        x = self.stream(op.input, op)
        result = self.add(df.ArgmaxOp(x, shape_of(op.result), select_last_index=bool(op.select_last_index.value.data)))
        result.name_hint = op.result.name_hint
        self.produce(op.result, result)


def _stream_names(function: func.FuncOp, inputs: Sequence[SSAValue], outputs: Sequence[SSAValue]) -> tuple[list[str], list[str]]:
    """Names of the graph's streams: the function argument an input
    quantizes, the function result an output flows into (through host ops),
    else the value's name; distinct port prefixes."""
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


def lower_function(function: func.FuncOp) -> df.GraphOp | None:
    """Replace the integer ops of `function` by a `dataflow.graph` (module
    docstring); None when it has none."""
    block = function.body.block
    hardware = [op for op in block.ops if _is_hardware(op)]
    if not hardware:
        return None
    for op in function.body.walk():
        if _is_hardware(op) and op.parent_block() is not block:
            _fail(f"{_where(op)} is inside a region: the graph takes a function's top-level ops")
    builder = _GraphBuilder(function, hardware)
    builder.build()
    in_hardware = builder.in_hardware
    outputs = [
        r for op in hardware for r in op.results
        if any(u.operation not in in_hardware for u in r.uses)
    ]
    if not outputs:
        _fail(f"no result of the integer ops of @{function.sym_name.data} is used")
    # One accelerator: no host op may sit between two integer ops.
    after: set[Operation] = set()
    frontier = [u.operation for v in outputs for u in v.uses if u.operation not in in_hardware]
    while frontier:
        op = frontier.pop()
        if op in after:
            continue
        after.add(op)
        frontier += [u.operation for r in op.results for u in r.uses if u.operation not in in_hardware]
    for value in builder.inputs:
        if isinstance(value.owner, Operation) and value.owner in after:
            _fail(
                f"{_where(value.owner)} sits between integer ops of @{function.sym_name.data}: "
                "they would need two accelerators (one dataflow.graph per function)"
            )
    in_names, out_names = _stream_names(function, builder.inputs, outputs)
    builder.block.add_op(df.YieldOp([builder.streams[v] for v in outputs]))
    graph = df.GraphOp(
        function.sym_name.data, builder.inputs, in_names, [v.type for v in outputs], out_names,
        Region(builder.block),
    )
    anchor = next(op for op in block.ops if op in after)
    for value in builder.inputs:
        owner = value.owner
        if isinstance(owner, Operation) and not owner.is_before_in_block(anchor):
            _fail(f"{_where(owner)} is defined after the first use of the accelerator's results")
    Rewriter.insert_op(graph, InsertPoint.before(anchor))
    for value, result in zip(outputs, graph.outputs):
        result.name_hint = value.name_hint
        value.replace_uses_with_if(result, lambda use: use.operation not in in_hardware)
    for op in reversed(hardware):
        op.detach()
        op.erase(safe_erase=False)
    for constant in builder.constants:
        if not constant.result.uses:
            constant.detach()
            constant.erase()
    df.legalize_lanes(graph)
    return graph


@dataclass(frozen=True)
class LowerQntToDataflowPass(ModulePass):
    """qnt integer ops to a `dataflow.graph` per function (module docstring)."""

    name = "lower-qnt-to-dataflow"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        require_static_quantization(op, PASS)
        for function in [f for f in op.ops if isinstance(f, func.FuncOp)]:
            if not function.is_declaration:
                lower_function(function)
