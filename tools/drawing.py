"""The accelerator of a `dataflow.graph` drawn as a Graphviz graph.

`graph_dot(graph)` is the dot text: one box per engine of the graph
(`GraphOp.engines()`, in order; an engine that is only wires is dashed),
an ellipse for the graph's input and one for its output (the host), and
one edge per stream, from its producer to its consumer. Everything on it
comes from the `EngineOp` interface, whatever the kind:

- an engine's box: its name (`engine_label`) and kind (the op name); the
  parameters its cost model tabulates (`R N K w_bits` of an MVU) or, for a
  kind that tabulates none, the values of its cost symbols other than its
  input stream's (the `depth` of a FIFO, the lanes of a width converter);
  its folding factors with their values (`pe 4 simd 13`); `interval` and
  `latency` of the engine alone in cycles (`timing_alone`); its
  multipliers and memory bits (ROM and RAM) when it has any;
- a stream's edge: its lanes, element type and width in bits (lanes x
  element bits), and its frame shape.

`render(dot, format)` runs Graphviz' `dot` (the Debian package `graphviz`)
and returns the SVG text or the PNG bytes; without `dot` it is a
`UserError` naming the package.
"""

from __future__ import annotations

import shutil
import subprocess

from xdsl.ir import BlockArgument, SSAValue

from asic.diagnostics import UserError
from asic.dialects import dataflow as df
from asic.dialects.dataflow.cost import stream_values
from asic.dialects.dataflow.engine import shown_factors


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def engine_parameters(op: df.EngineOp) -> list[tuple[str, int]]:
    """The parameters of an engine's box, then its folding factors (module
    docstring)."""
    model = op.cost_model()
    values = op.cost_values()
    factors = op.folding_factors()
    folded = {f.name for f in factors}
    if model.parameters:
        shown = [p for p in model.parameters if p not in folded]
    else:
        stream = set(stream_values(op.input_stream)) if op.input_values else set()
        shown = [name for name in values if name not in stream and name not in folded]
    return [(name, values[name]) for name in shown] + shown_factors(op)


def engine_memory(op: df.EngineOp) -> list[tuple[str, int]]:
    """The multipliers and memory bits an engine has, those that are not 0."""
    costs = (("multipliers", "multipliers"), ("ROM bits", "rom_bits"), ("RAM bits", "memory_bits"))
    return [(what, op.cost(cost)) for what, cost in costs if not op.WIRES and op.cost(cost)]


def engine_lines(op: df.EngineOp) -> list[str]:
    """The lines of an engine's box (module docstring)."""
    lines = [op.engine_label] if op.engine_label != op.name else []
    lines.append(op.name)
    parameters = engine_parameters(op)
    factors = len(shown_factors(op))
    shown, folding = parameters[: len(parameters) - factors], parameters[len(parameters) - factors :]
    for group in (shown, folding):
        if group:
            lines.append(" ".join(f"{name} {value}" for name, value in group))
    if op.WIRES:
        lines.append("wires")
        return lines
    interval, latency = op.timing_alone()
    lines.append(f"interval {interval}, latency {latency}")
    extras = [f"{value} {what}" if what == "multipliers" else f"{what.split()[0]} {value} bits" for what, value in engine_memory(op)]
    if extras:
        lines.append(", ".join(extras))
    return lines


def stream_label(value: SSAValue) -> str:
    """A stream's edge label: lanes, element, width, frame shape."""
    stream = df.stream_type_of(value)
    element = stream.element_type
    storage = stream.storage
    name = getattr(element, "storage_type", storage)
    shape = "x".join(str(d) for d in stream.frame_shape)
    return f"{stream.lane_count} x {name} = {stream.lane_count * stream.bits} bits\nframe {shape}"


def graph_dot(graph: df.GraphOp) -> str:
    """The dot text of the accelerator (module docstring)."""
    block = graph.body.block
    engines = list(graph.engines())
    node: dict[object, str] = {op: f"e{i}" for i, op in enumerate(engines)}
    lines = [
        f"digraph {_quoted(graph.graph_name)} {{",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    for i, (arg, name) in enumerate(zip(block.args, graph.stream_input_names)):
        node[arg] = f"in{i}"
        lines.append(f'  in{i} [label={_quoted(name)}, shape=ellipse, fillcolor="#ffffff"];')
    for op in engines:
        style = ', style="rounded,dashed"' if op.WIRES else ""
        lines.append(f"  {node[op]} [label={_quoted(chr(10).join(engine_lines(op)))}{style}];")
    for i, name in enumerate(graph.stream_output_names):
        lines.append(f'  out{i} [label={_quoted(name)}, shape=ellipse, fillcolor="#ffffff"];')

    def source(value: SSAValue) -> str:
        return node[value] if isinstance(value, BlockArgument) else node[value.owner]

    for op in engines:
        for value in op.input_values:
            lines.append(f"  {source(value)} -> {node[op]} [label={_quoted(stream_label(value))}];")
    for i, value in enumerate(graph.yield_op.operands):
        lines.append(f"  {source(value)} -> out{i} [label={_quoted(stream_label(value))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(dot: str, format: str = "svg") -> str | bytes:
    """`dot -T<format>` of the text: SVG as text, PNG as bytes."""
    program = shutil.which("dot")
    if program is None:
        raise UserError(
            "Graphviz' dot is not installed (Debian: apt-get install graphviz); "
            "write the dot text instead (-o FILE.dot)"
        )
    result = subprocess.run([program, f"-T{format}"], check=False, input=dot.encode(), capture_output=True)
    if result.returncode != 0:
        raise UserError(f"dot failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout.decode() if format == "svg" else result.stdout
