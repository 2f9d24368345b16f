"""`dataflow.graph` and `dataflow.yield`: the accelerator as a function of
streams, and the queries on its engines and streams that passes and
lowerings share.

    %y = dataflow.graph "main" inputs ["x"] outputs ["y"] (%q) : (tensor<1x64x!qa>) -> tensor<1x1xi64> {
    ^bb0(%x: !dataflow.stream<!qa, lanes 1, shape [1, 64]>):
      %w = qnt.constant "fc.weight" dense<...> : tensor<10x64x!qw>
      %l = dataflow.mvu %x, %w accumulator i20 multipliers [1518500250] shifts [38] : (...) -> !dataflow.stream<!qy, lanes 1, shape [1, 10]>
      %i = dataflow.argmax %l : (!dataflow.stream<!qy, lanes 1, shape [1, 10]>) -> !dataflow.stream<ui4, lanes 1, shape [1, 1]>
      dataflow.yield %i : !dataflow.stream<ui4, lanes 1, shape [1, 1]>
    }

The graph holds the engines of one accelerator and the streams between
them; its operands and results are the quantized integer tensors of the
enclosing (host) function. Block argument `i` is the stream of operand `i`
(same shape; same element type), `dataflow.yield` gives the result streams.
A stream element of an integer type (`ui4`) may meet a wider signless
integer tensor (`i64`, what `qnt.argmax` returns): the host widens.
`inputs`/`outputs` name the streams (the top module's port prefixes,
`asic.dialects.streams.port_prefix`; distinct). The region is isolated from
above and holds only engines (`EngineOp`), `qnt.constant` weights (the ROM
contents) and the yield, in an order where every stream is defined before
its consumer: the block order is a topological order of the engines. Every
stream has exactly one producer and one consumer (fan-out is a
`dataflow.fork`). The float boundary stays on the host:
`qnt.quantize` of the input and `qnt.dequantize` of the output are ops of
the enclosing function, executed by whatever feeds and reads the
accelerator.

Queries: `GraphOp.engines()` (topological order), `wired_source` (the
stream a value carries through wires), `producer_of` (the engine making a
stream's beats, through data movers), and `legalize_lanes`, which makes
every stream's lanes agree with its engines after folding factors change.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from xdsl.dialects.builtin import ArrayAttr, StringAttr, TensorType
from xdsl.ir import Attribute, Block, BlockArgument, Operation, Region, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    prop_def,
    region_def,
    traits_def,
    var_operand_def,
    var_result_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.rewriter import InsertPoint, Rewriter
from xdsl.traits import HasParent, IsolatedFromAbove, IsTerminator

from asic.dialects import qnt
from asic.dialects.checks import fail
from asic.dialects.dataflow.dwc import DwcOp, converter_route
from asic.dialects.dataflow.engine import EngineOp, Producer
from asic.dialects.dataflow.stream import StreamType, boundary_problem, stream_type_of
from asic.dialects.streams import port_prefix


def _string_list(parser: Parser, what: str) -> list[str]:
    return parser.parse_comma_separated_list(
        parser.Delimiter.SQUARE, lambda: parser.parse_str_literal(f" (a {what} stream name)"),
        f" (the {what} stream names)",
    )


def _names(attr: ArrayAttr) -> tuple[str, ...]:
    return tuple(s.data for s in attr.data)  # pyright: ignore[reportAttributeAccessIssue]


@irdl_op_definition
class GraphOp(IRDLOperation):
    """Engines and the streams between them, a function of streams from the
    operand tensors to the result tensors (module docstring)."""

    name = "dataflow.graph"

    inputs = var_operand_def(TensorType)
    sym_name = prop_def(StringAttr, prop_name="name")
    input_names = prop_def(ArrayAttr[StringAttr], prop_name="inputs")
    output_names = prop_def(ArrayAttr[StringAttr], prop_name="outputs")
    body = region_def("single_block")
    outputs = var_result_def(TensorType)
    traits = traits_def(IsolatedFromAbove())

    def __init__(
        self,
        name: str,
        inputs: Sequence[SSAValue],
        input_names: Sequence[str],
        output_types: Sequence[Attribute],
        output_names: Sequence[str],
        body: Region,
    ):
        super().__init__(
            operands=[list(inputs)],
            result_types=[list(output_types)],
            properties={
                "name": StringAttr(name),
                "inputs": ArrayAttr(StringAttr(n) for n in input_names),
                "outputs": ArrayAttr(StringAttr(n) for n in output_names),
            },
            regions=[body],
        )

    # Python views ------------------------------------------------------------
    @property
    def graph_name(self) -> str:
        return self.sym_name.data

    @property
    def stream_input_names(self) -> tuple[str, ...]:
        return _names(self.input_names)

    @property
    def stream_output_names(self) -> tuple[str, ...]:
        return _names(self.output_names)

    @property
    def block(self) -> Block:
        return self.body.block

    @property
    def yield_op(self) -> YieldOp:
        last = self.body.block.last_op
        assert isinstance(last, YieldOp)
        return last

    def engines(self) -> Iterator[EngineOp]:
        """The engines of the graph (not the constants or the yield), in
        block order, which is a topological order."""
        for op in self.body.block.ops:
            if isinstance(op, EngineOp):
                yield op

    # Verification ----------------------------------------------------------------
    def verify_(self) -> None:
        block = self.body.block
        if not self.graph_name:
            fail("graph name must not be empty")
        in_names, out_names = self.stream_input_names, self.stream_output_names
        if len(in_names) != len(self.inputs) or len(out_names) != len(self.outputs):
            fail(
                f"expected {len(self.inputs)} input and {len(self.outputs)} output stream "
                f"names, got {len(in_names)} and {len(out_names)}"
            )
        names = in_names + out_names
        for name in names:
            if not name:
                fail("stream names must not be empty")
        prefixes = [port_prefix(n) for n in names]
        if len(set(prefixes)) != len(prefixes):
            quoted = ", ".join(f'"{n}"' for n in names)
            fail(f"stream names [{quoted}] give the clashing port prefixes [{', '.join(prefixes)}]")
        if len(block.args) != len(self.inputs):
            fail(
                f"the body has {len(block.args)} stream arguments for "
                f"{len(self.inputs)} inputs"
            )
        for i, (operand, arg) in enumerate(zip(self.inputs, block.args)):
            if not isinstance(arg.type, StreamType):
                fail(f"body argument {i} must be a !dataflow.stream, got {arg.type}")
            problem = boundary_problem(operand.type, arg.type)
            if problem is not None:
                fail(f"input {i} ({operand.type}) cannot feed the stream {arg.type}: {problem}")
        terminator = block.last_op
        if not isinstance(terminator, YieldOp):
            fail("the body must end with dataflow.yield")
        assert isinstance(terminator, YieldOp)
        if len(terminator.operands) != len(self.outputs):
            fail(
                f"dataflow.yield gives {len(terminator.operands)} streams for "
                f"{len(self.outputs)} results"
            )
        for i, (value, result) in enumerate(zip(terminator.operands, self.outputs)):
            problem = boundary_problem(result.type, stream_type_of(value))
            if problem is not None:
                fail(f"result {i} ({result.type}) cannot take the stream {value.type}: {problem}")
        for op in block.ops:
            if not isinstance(op, (EngineOp, qnt.ConstantOp, YieldOp)):
                fail(
                    f"a dataflow.graph holds engines, qnt.constant weights and "
                    f"dataflow.yield, got {op.name}"
                )
        streams: list[SSAValue] = list(block.args)
        produced = set(streams)
        for op in block.ops:
            for value in op.operands:
                if isinstance(value.type, StreamType) and value not in produced:
                    fail(
                        f"{op.name} consumes {_describe(value)} before it is produced: the "
                        "engines come in stream order (a topological order)"
                    )
            results = [r for r in op.results if isinstance(r.type, StreamType)]
            streams += results
            produced.update(results)
        for value in streams:
            uses = value.uses.get_length()
            if uses != 1:
                what = _describe(value)
                if uses == 0:
                    fail(f"{what} has no consumer: every stream must be consumed")
                fail(
                    f"{what} has {uses} consumers: a stream joins one producer to one "
                    "consumer (fan-out needs a dataflow.fork)"
                )

    # Syntax --------------------------------------------------------------------
    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_string_literal(self.graph_name)
        printer.print_string(" inputs [")
        printer.print_list(self.stream_input_names, printer.print_string_literal)
        printer.print_string("] outputs [")
        printer.print_list(self.stream_output_names, printer.print_string_literal)
        printer.print_string("] (")
        printer.print_list(self.inputs, printer.print_operand)
        printer.print_string(")")
        printer.print_op_attributes(self.attributes, print_keyword=True)
        printer.print_string(" : ")
        printer.print_function_type(
            [v.type for v in self.inputs], [r.type for r in self.outputs]
        )
        printer.print_string(" ")
        printer.print_region(self.body)

    @classmethod
    def parse(cls, parser: Parser) -> GraphOp:
        name = parser.parse_str_literal(" (the graph's name)")
        parser.parse_keyword("inputs", " before the input stream names")
        input_names = _string_list(parser, "input")
        parser.parse_keyword("outputs", " before the output stream names")
        output_names = _string_list(parser, "output")
        operands = parser.parse_comma_separated_list(
            parser.Delimiter.PAREN, parser.parse_unresolved_operand, " (the graph's inputs)"
        )
        attributes = parser.parse_optional_attr_dict_with_keyword()
        parser.parse_punctuation(":")
        pos = parser.pos
        function_type = parser.parse_function_type()
        inputs = parser.resolve_operands(operands, function_type.inputs.data, pos)
        body = parser.parse_region()
        op = cls(name, inputs, input_names, function_type.outputs.data, output_names, body)
        if attributes is not None:
            op.attributes |= attributes.data
        return op


def _describe(value: SSAValue) -> str:
    if isinstance(value, BlockArgument):
        return f"the input stream {value.index}"
    owner = value.owner
    assert isinstance(owner, Operation)
    return f"the stream of {owner.name}"


@irdl_op_definition
class YieldOp(IRDLOperation):
    """The output streams of a `dataflow.graph`."""

    name = "dataflow.yield"
    values = var_operand_def(StreamType)
    traits = traits_def(IsTerminator(), HasParent(GraphOp))
    assembly_format = "attr-dict ($values^ `:` type($values))?"

    def __init__(self, values: Sequence[SSAValue]):
        super().__init__(operands=[list(values)])


# --------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------


def _port(values: Sequence[SSAValue], value: SSAValue) -> int:
    return next(i for i, v in enumerate(values) if v is value)


def wired_source(value: SSAValue) -> SSAValue:
    """The stream whose beats `value` carries in the same cycle: `value`
    itself, or, behind engines that are wires (`EngineOp.WIRES`), the
    stream they pass on."""
    while isinstance(owner := value.owner, EngineOp) and owner.WIRES:
        value = owner.input_values[_port(owner.output_values, value)]
    return value


def producer_of(value: SSAValue) -> Producer | None:
    """The engine whose beats reach `value` through data movers
    (`EngineOp.DATA_MOVER`: FIFOs, converters, reshapes), None for a graph
    input."""
    owner = value.owner
    while isinstance(owner, EngineOp) and owner.DATA_MOVER:
        value = owner.input_values[0]
        owner = value.owner
    if not isinstance(owner, EngineOp):
        return None
    return Producer(owner, _port(owner.output_values, value), stream_type_of(value).lane_count)


def consumer_of(value: SSAValue) -> tuple[Operation, int] | None:
    """The op consuming a stream and the port (or yield operand index), None
    unless exactly one."""
    if value.uses.get_length() != 1:
        return None
    use = next(iter(value.uses))
    user = use.operation
    if isinstance(user, EngineOp):
        return user, _port(user.input_values, value)
    return user, use.index


# --------------------------------------------------------------------------
# Making lanes agree
# --------------------------------------------------------------------------


def _passes_lanes(op: EngineOp, port: int) -> bool:
    """Whether input `port` of `op` sets the lanes of its outputs."""
    return port == 0 and all(op.output_lanes(p) is None for p in range(len(op.output_values)))


def needed_lanes(value: SSAValue) -> int | None:
    """The lanes the consumer of `value` needs: its own requirement, or, for
    an engine that passes its input's lanes on, what its outputs need (when
    they agree); None when any lanes do."""
    consumer = consumer_of(value)
    if consumer is None or not isinstance(consumer[0], EngineOp):
        return None  # unconsumed, fanned out (the verifier says so), or the host
    op, port = consumer
    need = op.required_input_lanes(port)
    if need is not None or not _passes_lanes(op, port):
        return need
    needs = {n for n in map(needed_lanes, op.output_values) if n is not None}
    return needs.pop() if len(needs) == 1 else None


def _settle(value: SSAValue, have: int) -> None:
    """Give `value` `have` lanes and, when its consumer needs others,
    converters right in front of the consumer (`converter_route`)."""
    ty = stream_type_of(value).with_lanes(have)
    if value.type != ty:
        value = Rewriter.replace_value_with_new_type(value, ty)
    need = needed_lanes(value)
    if need is None or need == have:
        return
    consumer = next(iter(value.uses)).operation
    for lanes in converter_route(have, need, ty.frame_size):
        dwc = DwcOp(value, lanes)
        Rewriter.insert_op(dwc, InsertPoint.before(consumer))
        for use in [u for u in value.uses if u.operation is not dwc]:
            use.operation.operands[use.index] = dwc.result
        value = dwc.result


def remove_converters(graph: GraphOp) -> None:
    """Remove every `dataflow.dwc` (each consumer then reads its producer's
    stream directly, whatever the lanes, until `legalize_lanes`)."""
    for op in list(graph.body.block.ops):
        if isinstance(op, DwcOp):
            op.result.replace_all_uses_with(op.input)
            op.detach()
            op.erase()


def legalize_lanes(graph: GraphOp) -> None:
    """Make every stream's lanes agree with its engines after folding
    factors changed: `dataflow.dwc`s are removed; then, in topological
    order, a graph input takes the lanes its consumer needs, an engine's
    output the lanes the engine decides (`EngineOp.output_lanes`; else
    those of its first input), and where a consumer needs other lanes
    (`EngineOp.required_input_lanes`) converters go in front of it. An
    engine that passes its input's lanes on (FIFOs, reshapes) gets the
    converters in front of it instead, so it carries the lanes its consumer
    needs."""
    remove_converters(graph)
    block = graph.body.block
    for index in range(len(block.args)):
        arg = block.args[index]
        need = needed_lanes(arg)
        _settle(arg, need if need is not None else stream_type_of(arg).lane_count)
    for op in [op for op in block.ops if isinstance(op, EngineOp)]:
        for port in range(len(op.output_values)):
            have = op.output_lanes(port)
            if have is None:
                have = stream_type_of(op.input_values[0]).lane_count
            _settle(op.output_values[port], have)
