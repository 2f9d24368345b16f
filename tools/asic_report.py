"""`asic-report DESIGN.mlir [--ppa PPA.json] [--frames N] -o REPORT.html`:
one self-contained HTML page about the accelerator of a dataflow-level
design (no external files, scripts or styles: the pictures are inline).

It gathers, in order:

1. the schedule: the interval and latency of the whole pipeline (the
   dataflow interpreter's timing model, 256 frames back to back, as
   `schedule` and `asic-ppa` predict them) and a table of the engines in
   pipeline order (kind, parameters and folding factors, interval and
   latency alone, multipliers, ROM and RAM bits, and the share of the
   timeline's cycles each was busy and stalled);
2. the cost model of every tiled kind of engine with the chosen factors
   (the table `tile{report=true}` prints);
3. the drawing of the accelerator (`asic.tools.drawing`, Graphviz' SVG;
   without `dot` the page keeps the dot text and says so);
4. the pipeline timeline of the first `--frames` frames (default 4;
   `asic.tools.timeline`, matplotlib's SVG);
5. with `--ppa` (the JSON of `asic-ppa --json`), the PPA figures: area,
   Fmax, frames/s, latency, power and energy per frame, the critical path,
   and area and power per engine.

Errors (an unreadable or invalid design, no graph or several, a PPA file
that is not `asic-ppa`'s JSON) are diagnostics with status 1 and no file.
"""

from __future__ import annotations

import argparse
import html
import json
from collections.abc import Sequence
from pathlib import Path

from asic.diagnostics import UserError, run_reporting_errors
from asic.dialects import dataflow as df

TOOL = "asic-report"

STYLE = """
body { font-family: Helvetica, Arial, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; }
figure { margin: 0 0 1.5em; } svg { max-width: 100%; height: auto; }
"""


def _table(rows: Sequence[Sequence[object]], cls: str) -> str:
    head, *body = rows
    cells = ["<tr>" + "".join(f"<th>{html.escape(str(c))}</th>" for c in head) + "</tr>"]
    cells += ["<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in body]
    return f'<table class="{cls}">\n' + "\n".join(cells) + "\n</table>"


def _inline_svg(svg: str) -> str:
    """An SVG document as an element of the page (without its XML prologue)."""
    return svg[svg.index("<svg") :]


def schedule_section(graph: df.GraphOp, timing, frames: int) -> str:
    from asic.interp.dataflow import BUSY, STALLED, predict_timing
    from asic.tools.drawing import engine_memory, engine_parameters

    interval, latency = predict_timing(graph)
    activity = iter(timing.activity)  # of the engines that are not wires, in order
    rows: list[list[object]] = [
        ["engine", "kind", "parameters", "interval", "latency", "multipliers", "ROM bits", "RAM bits", "busy", "stalled"]
    ]
    for op in graph.engines():
        memory = dict(engine_memory(op))
        alone = ("-", "-") if op.WIRES else op.timing_alone()
        recorded = None if op.WIRES else next(activity)
        shares = (
            [f"{100 * recorded.cycles(what) / timing.cycles:.0f}%" for what in (BUSY, STALLED)]
            if recorded is not None else ["-", "-"]
        )  # fmt: skip
        rows.append([
            op.engine_label, op.name, " ".join(f"{n} {v}" for n, v in engine_parameters(op)), *alone,
            memory.get("multipliers", 0), memory.get("ROM bits", 0), memory.get("RAM bits", 0), *shares,
        ])  # fmt: skip
    return (
        "<h2>Schedule</h2>\n"
        f'<p class="pipeline">pipeline: interval {interval} cycles per frame, latency {latency} cycles '
        f"(dataflow timing model, frames back to back); busy and stalled: shares of the "
        f"{timing.cycles} cycles of the first {frames} frames.</p>\n" + _table(rows, "engines")
    )


def cost_section(graph: df.GraphOp) -> str:
    from asic.passes.tile import report

    if not any(op.folding_factors() for op in graph.engines()):
        return ""
    return "<h2>Cost model</h2>\n<pre class=\"cost\">" + html.escape(report(graph, "tile", None)) + "</pre>"


def drawing_section(graph: df.GraphOp) -> str:
    from asic.tools.drawing import graph_dot, render

    dot = graph_dot(graph)
    try:
        picture = f'<figure class="drawing">{_inline_svg(str(render(dot)))}</figure>'
    except UserError as error:
        picture = f"<p>{html.escape(str(error))}</p>\n<pre class=\"dot\">{html.escape(dot)}</pre>"
    return "<h2>Accelerator</h2>\n" + picture


def timeline_section(timing, title: str) -> str:
    from asic.tools.timeline import timeline_image

    svg = str(timeline_image(timing, title))
    return f'<h2>Pipeline timeline</h2>\n<figure class="timeline">{_inline_svg(svg)}</figure>'


def load_ppa(path: str) -> dict:
    from asic.tools.model_files import read_text

    try:
        data = json.loads(read_text(path, "the JSON of asic-ppa --json"))
    except json.JSONDecodeError as error:
        raise UserError(f"{path}: not JSON ({error})") from None
    if not isinstance(data, dict) or data.get("target") != "asic" or "figures" not in data:
        raise UserError(f"{path}: not the JSON of `asic-ppa --json` for the ASIC target (no 'figures')")
    return data


def ppa_section(ppa: dict) -> str:
    figures = ppa["figures"]
    rows = [
        ["figure", "value"],
        ["area", f"{figures['area_mm2']:.3f} mm2"],
        ["Fmax", f"{figures['fmax_mhz']:.1f} MHz"],
        ["frames/s at Fmax", f"{figures['frames_per_s']:,.0f}"],
        ["latency", f"{figures['latency_us']:.3g} us"],
        ["power at Fmax", f"{figures['power_mw']:.3g} mW"],
        ["energy per frame", f"{figures['energy_per_frame_nj']:.4g} nJ"],
    ]
    engines = [["instance", "module", "area um2", "cells", "power mW"]]
    for name, engine in ppa.get("engines", {}).items():
        power = engine.get("power", {}).get("total_mw")
        engines.append([name, engine.get("module", ""), f"{engine['area']['um2']:.0f}", engine["area"]["cells"],
                        "-" if power is None else f"{power:.3g}"])  # fmt: skip
    path = ppa.get("critical_path", {})
    cycles = ppa.get("cycles", {})
    notes = html.escape(
        f"{Path(ppa.get('library', '')).name}; critical path {path.get('start', '?')} -> {path.get('end', '?')}; "
        f"interval {cycles.get('interval', '?')} cycles, latency {cycles.get('latency', '?')} cycles ({cycles.get('source', '')})"
    )
    return "<h2>Power, performance, area</h2>\n" + _table(rows, "ppa") + f"\n<p>{notes}</p>\n" + _table(engines, "ppa-engines")


def report_html(graph: df.GraphOp, design: str, frames: int, ppa: dict | None) -> str:
    from asic.tools.asic_draw import recorded_timing

    timing = recorded_timing(graph, frames)
    sections = [
        schedule_section(graph, timing, frames),
        cost_section(graph),
        drawing_section(graph),
        timeline_section(timing, f"{graph.graph_name}: the first {frames} frames"),
        ppa_section(ppa) if ppa is not None else "",
    ]
    title = html.escape(f"{graph.graph_name}: {Path(design).name}")
    body = "\n".join(s for s in sections if s)
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n{body}\n</body>\n</html>\n"
    )


def run(args: argparse.Namespace) -> str:
    from asic.tools.asic_draw import load_graph

    ppa = load_ppa(args.ppa) if args.ppa is not None else None
    return report_html(load_graph(args.design), args.design, args.frames, ppa)


def _argument_parser() -> argparse.ArgumentParser:
    from asic.tools.asic_draw import design_parser

    parser = design_parser(TOOL, "One self-contained HTML report on the accelerator of a dataflow-level design.")
    parser.add_argument("-o", "--output", required=True, help="the HTML file")
    parser.add_argument("--ppa", default=None, help="the JSON of asic-ppa --json, for the PPA figures")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = _argument_parser().parse_args(argv)
    page = run_reporting_errors(TOOL, lambda: run(args))
    run_reporting_errors(TOOL, lambda: Path(args.output).write_text(page))


if __name__ == "__main__":
    main()
