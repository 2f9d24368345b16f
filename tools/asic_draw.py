"""`asic-draw DESIGN.mlir -o GRAPH.svg|.png|.dot [--timeline FILE.svg|.png]
[--frames N]`: pictures of the accelerator of a dataflow-level design.

`-o` draws the `dataflow.graph` (`asic.tools.drawing`: a box per engine with
its kind, parameters, folding factors, interval, latency, multipliers and
memory; an edge per stream with its lanes and width): the dot text for
`.dot`, rendered by Graphviz' `dot` for `.svg` and `.png`. `--timeline`
draws what each engine does over the first `--frames` frames (default 4)
in the dataflow interpreter's timing model (`asic.tools.timeline`: busy,
stalled or idle, cycle by cycle).

DESIGN is a dataflow-level `.mlir` with one `dataflow.graph` (`asic-opt
... -p lower-qnt-to-dataflow,tile,schedule`). Errors (an unreadable or
invalid file, no graph or several, an unknown output suffix, `dot`
missing, a timing model that deadlocks) are diagnostics with status 1 and
no output file.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from asic.diagnostics import ArgumentParser, UserError, run_reporting_errors
from asic.dialects import dataflow as df

TOOL = "asic-draw"
SUFFIXES = (".svg", ".png", ".dot")


def load_graph(path: str) -> df.GraphOp:
    """The one `dataflow.graph` of a dataflow-level .mlir file."""
    from asic.tools.model_files import dataflow_graphs, parse_module, read_text

    module = parse_module(path, read_text(path, "dataflow-level IR"))
    graphs = dataflow_graphs(module)
    if len(graphs) != 1:
        raise UserError(
            f"{path}: {len(graphs)} dataflow.graph ops; {TOOL} draws one accelerator "
            f"(a dataflow-level design: asic-opt -p lower-qnt-to-dataflow,tile,schedule)"
        )
    return graphs[0]


def recorded_timing(graph: df.GraphOp, frames: int):
    """The timing of `frames` frames with each engine's activity recorded."""
    from xdsl.utils.exceptions import InterpretationError

    from asic.tools.timeline import record_activity

    if frames < 1:
        raise UserError(f"--frames must be >= 1, got {frames}")
    try:
        return record_activity(graph, frames)
    except InterpretationError as error:
        raise UserError(f"the dataflow timing model failed: {error}") from None


def run(args: argparse.Namespace) -> None:
    for option, path, allowed in (("-o", args.output, SUFFIXES), ("--timeline", args.timeline, (".svg", ".png"))):
        if path is not None and Path(path).suffix not in allowed:
            raise UserError(f"{option} {path}: the file's suffix says the format, one of {', '.join(allowed)}")
    from asic.tools.drawing import graph_dot, render

    graph = load_graph(args.design)
    outputs: list[tuple[str, str | bytes]] = []
    if args.output is not None:
        dot = graph_dot(graph)
        suffix = Path(args.output).suffix
        outputs.append((args.output, dot if suffix == ".dot" else render(dot, suffix[1:])))
    if args.timeline is not None:
        from asic.tools.timeline import timeline_image

        timing = recorded_timing(graph, args.frames)
        title = f"{graph.graph_name}: the first {args.frames} frames"
        outputs.append((args.timeline, timeline_image(timing, title, Path(args.timeline).suffix[1:])))
    for path, data in outputs:  # every picture made before any file is written
        if isinstance(data, bytes):
            Path(path).write_bytes(data)
        else:
            Path(path).write_text(data)


def design_parser(tool: str, description: str) -> argparse.ArgumentParser:
    """The arguments of the tools that picture a design: the design and the
    frames of its timeline."""
    parser = ArgumentParser(prog=tool, description=description)
    parser.add_argument("design", help="dataflow-level .mlir (one dataflow.graph)")
    parser.add_argument("--frames", type=int, default=4, help="frames on the timeline (default 4)")
    return parser


def _argument_parser() -> argparse.ArgumentParser:
    parser = design_parser(TOOL, "Draw the accelerator of a dataflow-level design and its pipeline timeline.")
    parser.add_argument("-o", "--output", default=None, help="the drawing: .svg, .png (Graphviz dot) or .dot (its text)")
    parser.add_argument("--timeline", default=None, help="the pipeline timeline: .svg or .png (matplotlib)")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = _argument_parser().parse_args(argv)
    if args.output is None and args.timeline is None:
        _argument_parser().error("nothing to draw: give -o and/or --timeline")
    run_reporting_errors(TOOL, lambda: run(args))


if __name__ == "__main__":
    main()
