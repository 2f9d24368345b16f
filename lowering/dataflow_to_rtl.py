"""`lower-dataflow-to-rtl`: every `dataflow.graph` becomes RTL, hw / comb /
seq / rtl `hw.module`s, cycle for cycle its timing model and bit for bit its
integers (`asic.dialects.dataflow`).

- one `hw.module` per engine parameterization, shared by every engine with
  the same one (a digest of all the parameters, weights included, for an
  MVU; bits and depth for a FIFO; ...): `rtl.mvu.mvu_module`,
  `rtl.engines.argmax_module` / `gather_module` / `scatter_module`,
  `rtl.builder.fifo_module` with the depth `schedule` chose;
- a top module named after the graph that instantiates them in stream
  order, engine `j`'s `out_ready` wired to engine `j+1`'s `in_ready`
  (`dataflow.reshape` is wires), with the stream contract of
  `asic.dialects.rtl`: `clk`, `rst` (synchronous, active high), the graph
  input's `P_data / P_valid / P_ready` and the output's, and the
  `rtl.streams` attribute from the graph's stream types.

The module afterwards holds only `hw.module`s: the host side of the
function (`qnt.quantize` of the input, `qnt.dequantize` of the output, the
widening of argmax indices) is what the driver of the top module does, so
the function is dropped. The graphs must be chains of engines from one
input to one output (what the timing model handles).
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import func, hw
from xdsl.dialects.builtin import ModuleOp, UnrealizedConversionCastOp, i1
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.utils.exceptions import InterpretationError

from asic.diagnostics import UserError
from asic.dialects import dataflow as df
from asic.dialects.rtl import port_prefix
from asic.lowering.rtl.builder import ModuleBuilder, fifo_module
from asic.lowering.rtl.engines import argmax_module, gather_module, scatter_module
from asic.lowering.rtl.mvu import mvu_module, mvu_spec


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

    def get(self, key: tuple, base: str, build) -> hw.HWModuleOp:
        module = self.by_key.get(key)
        if module is None:
            module = build(self._name(base))
            self.by_key[key] = module
            self.order.append(module)
        return module

    def for_engine(self, op: Operation) -> hw.HWModuleOp:
        if isinstance(op, df.MvuOp):
            spec = mvu_spec(op)
            base = port_prefix(op.weight_name.removesuffix(".weight").removesuffix("_weight"))
            return self.get(("mvu", spec.key()), f"mvu_{base}", lambda n: mvu_module(n, spec))
        x = op.input_stream
        if isinstance(op, df.FifoOp):
            bits, depth = x.lane_count * x.bits, op.depth_value
            return self.get(("fifo", bits, depth), f"fifo_w{bits}_d{depth}", lambda n: fifo_module(n, bits, depth))
        if isinstance(op, df.ArgmaxOp):
            y = op.output_stream
            args = (x.beat_count, x.lane_count, x.bits, x.signed, y.bits, op.last, x.frame_size)
            return self.get(("argmax", *args), f"argmax_{x.frame_size}", lambda n: argmax_module(n, *args))
        if isinstance(op, df.DwcOp):
            a, r = x.lane_count * x.bits, op.ratio
            b = op.output_stream.lane_count * x.bits
            if op.is_gather:
                beats = x.beat_count if x.beat_count % r else r  # r | B: no frame counter
                key, base = ("gather", a, r, beats, b), f"dwc_gather_w{a}_r{r}"
                return self.get(key, base, lambda n: gather_module(n, a, r, beats, b))
            beats = op.output_stream.beat_count if op.output_stream.beat_count % r else r
            key, base = ("scatter", b, r, beats, a), f"dwc_scatter_w{b}_r{r}"
            return self.get(key, base, lambda n: scatter_module(n, b, r, beats, a))
        raise UserError(f"lower-dataflow-to-rtl: {op.name} has no hardware yet")


def _chain(graph: df.GraphOp) -> list[Operation]:
    from asic.interp.dataflow import pipeline

    try:
        return pipeline(graph)
    except InterpretationError as error:
        raise UserError(f"lower-dataflow-to-rtl: graph '{graph.graph_name}': {error}") from None


def lower_graph(graph: df.GraphOp) -> list[hw.HWModuleOp]:
    """The engine modules and the top module (last) of one graph."""
    name = port_prefix(graph.graph_name)
    modules = _Modules(name)
    streams = graph.rtl_streams()
    source, sink = streams[0], streams[1]
    top = ModuleBuilder(name)
    clk, rst = top.clock(), top.reset()
    data = top.input(f"{source.prefix}_data", source.data_width)
    valid = top.input(f"{source.prefix}_valid", i1)
    out_ready = top.input(f"{sink.prefix}_ready", i1)
    # Each instance's `out_ready` is the next one's `in_ready`, which exists
    # only once that instance does: a placeholder until then.
    pending: UnrealizedConversionCastOp | None = None
    first_ready: SSAValue | None = None
    count: dict[str, int] = {}
    for op in _chain(graph):
        if isinstance(op, df.ReshapeOp):
            continue
        module = modules.for_engine(op)
        placeholder = UnrealizedConversionCastOp.get([], [i1])
        top.block.add_op(placeholder)
        kind = op.name.split(".")[1]
        hint = op.results[0].name_hint
        inst_name = hint or f"{kind}{count.get(kind, 0)}"
        count[kind] = count.get(kind, 0) + 1
        outs = top.instance(
            module, f"u_{port_prefix(inst_name)}",
            clk=clk, rst=rst, in_data=data, in_valid=valid, out_ready=placeholder.results[0],
        )
        if pending is None:
            first_ready = outs["in_ready"]
        else:
            pending.results[0].replace_all_uses_with(outs["in_ready"])
            pending.detach()
            pending.erase()
        pending = placeholder
        data, valid = outs["out_data"], outs["out_valid"]
    if pending is None:
        first_ready = out_ready
    else:
        pending.results[0].replace_all_uses_with(out_ready)
        pending.detach()
        pending.erase()
    assert first_ready is not None
    top.output(f"{source.prefix}_ready", first_ready)
    top.output(f"{sink.prefix}_data", data)
    top.output(f"{sink.prefix}_valid", valid)
    return [*modules.order, top.finish(streams=streams)]


@dataclass(frozen=True)
class LowerDataflowToRtlPass(ModulePass):
    """Every dataflow.graph to hw.modules (module docstring)."""

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


__all__ = ["LowerDataflowToRtlPass", "lower_graph"]
