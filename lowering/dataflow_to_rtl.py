"""`lower-dataflow-to-rtl`: every `dataflow.graph` becomes RTL, hw / comb /
seq / rtl `hw.module`s, cycle for cycle its timing model and bit for bit its
integers (`asic.dialects.dataflow`).

- one `hw.module` per engine parameterization, shared by every engine of
  the same kind with the same one: the engine's RTL builder, registered for
  its op class (`asic.lowering.rtl.registry`; `rtl.mvu`, `rtl.argmax`,
  `rtl.dwc`, `rtl.fifo` register theirs), says what the module depends on
  (a digest of all the parameters, weights included, for an MVU; bits and
  depth for a FIFO; ...) and builds it;
- a top module named after the graph that instantiates them in topological
  order, each engine input port's `in_data` / `in_valid` driven by the
  output port of the engine producing its stream and its `in_ready` driving
  that port's `out_ready` (engines that are wires, `dataflow.reshape`, join
  the streams on their two sides), with the stream contract of
  `asic.dialects.rtl`: `clk`, `rst` (synchronous, active high), every graph
  input's `P_data / P_valid / P_ready` and every output's, and the
  `rtl.streams` attribute from the graph's stream types (`top_streams`).
  An engine module's stream ports are `in_*` / `out_*`, numbered `in0_*`,
  `in1_*`, ... when it has several (`registry.stream_port`).

The module afterwards holds only `hw.module`s: the host side of the
function (`qnt.quantize` of the input, `qnt.dequantize` of the output, the
widening of argmax indices) is what the driver of the top module does, so
the function is dropped. The top module's stream contract has one input
and one output stream: so must the graph (it may fork and join inside).
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func, hw
from xdsl.dialects.builtin import ModuleOp, UnrealizedConversionCastOp, i1
from xdsl.ir import SSAValue

from asic.diagnostics import UserError
from asic.dialects import dataflow as df
from asic.dialects.rtl import StreamAttr, port_prefix
from asic.lowering.rtl import add, argmax, concat, dwc, fifo, fork, lut, mvu, skid, swg, vvu, window_reduce
from asic.lowering.rtl.builder import ModuleBuilder
from asic.lowering.rtl.registry import EngineModule, engine_module, stream_port
from asic.pass_options import OptionsPass

BUILDER_MODULES = (add, argmax, concat, dwc, fifo, fork, lut, mvu, skid, swg, vvu, window_reduce)
"""The modules of the engines' RTL builders, which register them when
imported (`asic.lowering.rtl.registry`); a new engine's module joins them."""


class _Modules:
    """The engine modules of one design, deduplicated by parameterization."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.by_key: dict[tuple, hw.HWModuleOp] = {}
        self.order: list[hw.HWModuleOp] = []
        self.names: set[str] = set()

    def _name(self, base: str) -> str:
        name, n = f"{self.prefix}_{base}", 0
        while name in self.names:
            n += 1
            name = f"{self.prefix}_{base}_{n}"
        self.names.add(name)
        return name

    def for_engine(self, op: df.EngineOp) -> hw.HWModuleOp:
        return self._module(type(op), engine_module(op))

    def _module(self, kind: type, engine: EngineModule) -> hw.HWModuleOp:
        key = (kind, engine.key)
        module = self.by_key.get(key)
        if module is None:
            parts = [self._module(kind, part) for part in engine.parts]
            module = engine.build(self._name(engine.name), *parts)
            self.by_key[key] = module
            self.order.append(module)
        return module


def top_streams(graph: df.GraphOp) -> list[StreamAttr]:
    """The `#rtl.stream`s of the graph's top module: inputs, then outputs."""
    streams = [
        StreamAttr.from_stream(df.stream_type_of(arg), name, "in")
        for arg, name in zip(graph.body.block.args, graph.stream_input_names)
    ]
    streams += [
        StreamAttr.from_stream(df.stream_type_of(v), name, "out")
        for v, name in zip(graph.yield_op.operands, graph.stream_output_names)
    ]
    return streams


class _Nets:
    """The signals of the top module's streams, one net per stream (wires
    join the streams on their two sides): the producer's `data` and `valid`
    and the consumer's `ready`. A producer instantiated before its consumer
    drives its `out_ready` from a placeholder, replaced when the consumer's
    `in_ready` exists."""

    def __init__(self, top: ModuleBuilder):
        self.top = top
        self.forward: dict[SSAValue, tuple[SSAValue, SSAValue]] = {}
        self.ready: dict[SSAValue, SSAValue] = {}
        self.pending: dict[SSAValue, UnrealizedConversionCastOp] = {}

    def drive(self, stream: SSAValue, data: SSAValue, valid: SSAValue) -> None:
        self.forward[df.wired_source(stream)] = (data, valid)

    def signals(self, stream: SSAValue) -> tuple[SSAValue, SSAValue]:
        return self.forward[df.wired_source(stream)]

    def ready_of(self, stream: SSAValue) -> SSAValue:
        """The consumer's `ready`, or a placeholder for it."""
        net = df.wired_source(stream)
        if net in self.ready:
            return self.ready[net]
        placeholder = UnrealizedConversionCastOp.get([], [i1])
        self.top.block.add_op(placeholder)
        self.pending[net] = placeholder
        return placeholder.results[0]

    def take_ready(self, stream: SSAValue, ready: SSAValue) -> None:
        net = df.wired_source(stream)
        self.ready[net] = ready
        placeholder = self.pending.pop(net, None)
        if placeholder is not None:
            placeholder.results[0].replace_all_uses_with(ready)
            placeholder.detach()
            placeholder.erase()


def lower_graph(graph: df.GraphOp) -> list[hw.HWModuleOp]:
    """The engine modules and the top module (last) of one graph."""
    block = graph.body.block
    outputs = graph.yield_op.operands
    if len(block.args) != 1 or len(outputs) != 1:
        raise UserError(
            f"lower-dataflow-to-rtl: graph '{graph.graph_name}' has {len(block.args)} input and "
            f"{len(outputs)} output streams: the top module's stream contract has one of each"
        )
    name = port_prefix(graph.graph_name)
    modules = _Modules(name)
    streams = top_streams(graph)
    sources, sinks = streams[: len(block.args)], streams[len(block.args) :]
    top = ModuleBuilder(name)
    clk, rst = top.clock(), top.reset()
    nets = _Nets(top)
    for arg, source in zip(block.args, sources):
        nets.drive(arg, top.input(f"{source.prefix}_data", source.data_width), top.input(f"{source.prefix}_valid", i1))
    for value, sink in zip(outputs, sinks):
        nets.take_ready(value, top.input(f"{sink.prefix}_ready", i1))
    count: dict[str, int] = {}
    for op in graph.engines():
        if op.WIRES:
            continue
        module = modules.for_engine(op)
        ins, outs = op.input_values, op.output_values
        ports: dict[str, SSAValue] = {"clk": clk, "rst": rst}
        for port, value in enumerate(outs):
            ports[f"{stream_port('out', port, len(outs))}_ready"] = nets.ready_of(value)
        for port, value in enumerate(ins):
            prefix = stream_port("in", port, len(ins))
            ports[f"{prefix}_data"], ports[f"{prefix}_valid"] = nets.signals(value)
        kind = op.name.split(".")[1]
        inst_name = op.results[0].name_hint or f"{kind}{count.get(kind, 0)}"
        count[kind] = count.get(kind, 0) + 1
        results = top.instance(module, f"u_{port_prefix(inst_name)}", **ports)
        for port, value in enumerate(ins):
            nets.take_ready(value, results[f"{stream_port('in', port, len(ins))}_ready"])
        for port, value in enumerate(outs):
            prefix = stream_port("out", port, len(outs))
            nets.drive(value, results[f"{prefix}_data"], results[f"{prefix}_valid"])
    for arg, source in zip(block.args, sources):
        top.output(f"{source.prefix}_ready", nets.ready[df.wired_source(arg)])
    for value, sink in zip(outputs, sinks):
        data, valid = nets.signals(value)
        top.output(f"{sink.prefix}_data", data)
        top.output(f"{sink.prefix}_valid", valid)
    return [*modules.order, top.finish(streams=streams)]


@dataclass(frozen=True)
class LowerDataflowToRtlPass(OptionsPass):
    """Lower every `dataflow.graph` to hw modules of the rtl level."""

    name = "lower-dataflow-to-rtl"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        graphs = [g for g in op.walk() if isinstance(g, df.GraphOp)]
        if not graphs:
            raise UserError(
                "lower-dataflow-to-rtl: the module has no dataflow.graph: run "
                "lower-qnt-to-dataflow (and tile, schedule) first"
            )
        if len(graphs) > 1:
            names = ", ".join(f"'{g.graph_name}'" for g in graphs)
            raise UserError(f"lower-dataflow-to-rtl: one graph per design, got {names}")
        modules = lower_graph(graphs[0])
        for child in list(op.ops):
            if isinstance(child, (func.FuncOp, df.GraphOp)) or not isinstance(child, hw.HWModuleOp):
                child.detach()
                child.erase(safe_erase=False)
        op.body.block.add_ops(modules)


__all__ = ["LowerDataflowToRtlPass", "lower_graph", "top_streams"]
