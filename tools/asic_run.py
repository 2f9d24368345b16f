"""`asic-run MODEL --inputs in.npz --output out.npz`: run a model with the
interpreter of its level.

MODEL is textual IR at any level (any dialect of the `xdsl.universe`
registry, ours included) or an `.onnx` file (imported to nn by
`asic.lowering.onnx.importer`, with `--onnx-outputs` and `--batch-size` as
in asic-opt). IR after `lower-dataflow-to-rtl` (only `hw.module`s) runs in
the RTL interpreter, with the host function of `--host HOST` around it or
on the streams' integer frames (`asic.tools.run_hardware`). The inputs are an
`.npz` keyed by input name (an `.npy`, or an `.npz` with one array, feeds a
single-input function whatever the key); a leading batch axis runs every
sample (see `asic.interp.runner`). The output `.npz` is keyed by output name
(the ONNX tensor names for an imported model, else `result0, ...`).
`--dynamic-quantization` runs quantized ops with activation scales computed
per sample at run time (`asic.interp.qnt_dynamic`), as does a function with
the `qnt.dynamic_quantization` attribute.

Errors (unreadable or invalid files, a model that does not parse or verify,
inputs of the wrong name, shape or dtype) are diagnostics on stderr with exit
status 1, and the output file is written only when everything succeeded.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import numpy as np

from asic.diagnostics import ArgumentParser, UserError, run_reporting_errors
from asic.interp.runner import run_function
from asic.tools.asic_sim import add_hardware_arguments
from asic.tools.model_files import load_inputs, load_model, save_outputs
from asic.tools.run_hardware import is_hardware, run_hardware

__all__ = ["load_inputs", "load_model", "main", "save_outputs"]

TOOL = "asic-run"


def _argument_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog=TOOL,
        description="Run a model (.mlir at any level, or .onnx) with asic-opt's interpreters.",
    )
    parser.add_argument("model", help="textual IR (.mlir) or an ONNX model (.onnx)")
    parser.add_argument("--inputs", required=True, help=".npz of inputs keyed by input name (or one .npy)")
    parser.add_argument("--output", required=True, help=".npz written with the outputs, keyed by output name")
    parser.add_argument("--entry", default=None, help="function to run (default: main, or the only function)")
    parser.add_argument(
        "--onnx-outputs",
        type=lambda s: [n for n in s.split(",") if n],
        default=None,
        help="comma-separated ONNX tensor names to make the outputs (.onnx models only)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=None,
        help="size given to a symbolic batch dimension of ONNX inputs (default 1; .onnx models only)",
    )
    parser.add_argument(
        "--keep-qdq",
        action="store_true",
        help="run a QDQ-quantized ONNX model as float fake quantization instead of "
        "importing it to integer qnt ops (.onnx models only)",
    )
    parser.add_argument(
        "--dynamic-quantization",
        action="store_true",
        help="compute the scale and zero point of every quantized activation per "
        "sample from its values at run time instead of using the static types "
        "(interpreter only; see asic.interp.qnt_dynamic)",
    )
    add_hardware_arguments(
        parser.add_argument_group("rtl-level IR (after lower-dataflow-to-rtl)"),
        host_help="the IR the design was compiled from (qnt or dataflow level): run its host "
        "function around the hardware, taking and giving what asic-run HOST does",
        frames_help="inputs and outputs are the streams' integer frames (the default without --host)",
    )
    return parser


def run(args: argparse.Namespace) -> dict[str, np.ndarray]:
    module = load_model(
        args.model,
        onnx_outputs=args.onnx_outputs,
        batch_size=args.batch_size,
        keep_qdq=args.keep_qdq,
    )
    inputs = load_inputs(args.inputs)
    if is_hardware(module):
        if args.entry is not None or args.dynamic_quantization:
            raise UserError("--entry and --dynamic-quantization apply to functions, not to rtl-level IR")
        return run_hardware(module, inputs, host=None if args.frames else args.host, top=args.top)
    if args.host is not None or args.frames or args.top is not None:
        raise UserError("--host, --frames and --top apply to rtl-level IR (after lower-dataflow-to-rtl)")
    dynamic = True if args.dynamic_quantization else None  # None: the IR's attribute
    return run_function(module, inputs, entry=args.entry, dynamic_quantization=dynamic)


def main(argv: Sequence[str] | None = None) -> None:
    args = _argument_parser().parse_args(argv)
    outputs = run_reporting_errors(TOOL, lambda: run(args))
    run_reporting_errors(TOOL, lambda: save_outputs(args.output, outputs))


if __name__ == "__main__":
    main()
