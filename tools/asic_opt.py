"""`asic-opt`: xDSL's `xdsl-opt` driver with asic-opt's dialects, passes,
the ONNX frontend and pass-by-pass verification.

Everything `xdsl-opt` accepts keeps working (`-p` pipelines with options,
`--split-input-file`, `--verify-diagnostics`, `--print-op-generic`, `-o`,
`-t`); the dialects and passes come from the `xdsl.universe` registry, which
holds ours through the package's entry point. Added here:

- `.onnx` inputs go through `asic.lowering.onnx.importer` (`--onnx-outputs` cuts
  the graph, `--batch-size` sets the symbolic batch dimension); a QDQ model
  imports to integer qnt ops (`asic.lowering.onnx.qdq`), or with
  `--keep-qdq` as float fake quantization;
- `--verify-each` runs the interpreter before and after every pass and
  reports the first op whose results diverge (see `asic.tools.verify_each`);
- `--help` lists the project's passes first, each with its summary, and
  `--help-pass NAME` a pass's options (see `asic.tools.pass_help`); an
  unknown pass or option gets "did you mean ...?";
- `--mlir-elide-elementsattrs-if-larger N` prints dense constants of more
  than N elements as `dense_resource<__elided__>`, as `mlir-opt` does (the
  output is for reading: it does not parse back to the same module);
- errors are diagnostics on stderr with exit status 1, and `-o` is written
  only when everything succeeded.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from io import StringIO
from typing import IO, Any

from xdsl.dialects.builtin import ModuleOp
from xdsl.xdsl_opt_main import xDSLOptMain

from asic.diagnostics import UserError, fail, format_error, run_reporting_errors
from asic.tools import pass_help
from asic.tools.ir_text import locating_verify_errors, parse_ir

TOOL = "asic-opt"


class AsicOptMain(xDSLOptMain):
    version_format = "asic-opt built on xdsl version {xdsl_version}"

    def __init__(self, args: Sequence[str] | None = None):
        super().__init__(
            description="asic-opt: neural network to SystemVerilog compiler driver",
            args=args,
        )

    def register_all_arguments(self, arg_parser: argparse.ArgumentParser) -> None:
        super().register_all_arguments(arg_parser)
        # -h lists the passes at the end (imported only then) instead of in
        # -p's help; the group's conflict handler replaces xDSL's -h and -p.
        arg_parser.formatter_class = argparse.RawDescriptionHelpFormatter
        group = arg_parser.add_argument_group("asic-opt", conflict_handler="resolve")
        group.add_argument(
            "-h", "--help", action=_HelpAction, driver=self,
            help="show this help and the passes, and exit",
        )  # fmt: skip
        group.add_argument(
            "--help-pass", metavar="PASS", action=_HelpPassAction, driver=self,
            help="show a pass's options (type, default, meaning) and description, and exit",
        )  # fmt: skip
        group.add_argument(
            "-p", "--passes", type=str, default="",
            help="the pass pipeline: comma-separated passes with options in braces, "
            "e.g. 'fuse-bias,quantize{weight-bits=4},tile{multipliers=64}' (passes listed "
            "below)",
        )  # fmt: skip
        group.add_argument(
            "--mlir-elide-elementsattrs-if-larger", type=int, default=None, metavar="N",
            help="print dense constants of more than N elements as "
            "dense_resource<__elided__> (for reading; the output does not parse back)",
        )  # fmt: skip
        group.add_argument(
            "--onnx-outputs",
            type=lambda s: [n for n in s.split(",") if n],
            default=None,
            help="comma-separated ONNX tensor names: cut the graph so that these "
            "are the outputs (drops an exporter's post-processing)",
        )
        group.add_argument(
            "--batch-size",
            type=int,
            default=1,
            help="size given to a symbolic batch dimension of ONNX inputs (default 1)",
        )
        group.add_argument(
            "--keep-qdq",
            action="store_true",
            help="import the QuantizeLinear/DequantizeLinear nodes of a QDQ-quantized "
            "ONNX model as qnt.quantize/qnt.dequantize around float nn ops (fake "
            "quantization) instead of integer qnt ops",
        )
        group.add_argument(
            "--verify-each",
            action="store_true",
            help="run the interpreter before and after every pass and report the "
            "first op whose results diverge",
        )
        group.add_argument(
            "--verify-inputs",
            type=str,
            default=None,
            help="an .npz file of inputs for --verify-each (default: random inputs)",
        )
        group.add_argument(
            "--verify-rtol",
            type=float,
            default=1e-4,
            help="relative tolerance of --verify-each on float results (integer "
            "results must match exactly)",
        )
        group.add_argument(
            "--quiet", action="store_true",
            help="no progress bars on the terminal (calibration over large data)",
        )  # fmt: skip

    def register_all_frontends(self) -> None:
        super().register_all_frontends()

        def parse_mlir(io: IO[bytes]) -> ModuleOp:
            name = self.args.input_file or "<stdin>"
            return parse_ir(self.ctx, io.read(), name, getattr(self, "chunk_line_offset", 0))

        self.available_frontends["mlir"] = parse_mlir

        def parse_onnx(io: IO[bytes]) -> ModuleOp:
            from asic.lowering.onnx.importer import import_onnx

            return import_onnx(
                io.read(),
                outputs=self.args.onnx_outputs,
                batch_size=self.args.batch_size,
                path=self.args.input_file,
                qdq="fake-quant" if self.args.keep_qdq else "integer",
            )

        self.available_frontends["onnx"] = parse_onnx

    def setup_pipeline(self) -> None:
        if self.args.passes.rstrip().endswith(","):
            raise UserError(
                f"the pass pipeline '{self.args.passes}' ends with a comma: a pass must "
                "follow every comma"
            )
        from asic.progress import set_quiet

        set_quiet(self.args.quiet)
        pass_help.check_pipeline(self.args.passes, self.available_passes)
        super().setup_pipeline()

    def output_resulting_program(self, prog: ModuleOp) -> str:
        limit = self.args.mlir_elide_elementsattrs_if_larger
        if limit is None or self.args.target != "mlir":
            return super().output_resulting_program(prog)
        from asic.dialects.printing import ElidingPrinter

        output = StringIO()
        printer = ElidingPrinter(
            stream=output,
            print_generic_format=self.args.print_op_generic,
            print_properties_as_attributes=self.args.print_no_properties,
            print_debuginfo=self.args.print_debuginfo,
            elide_elements_larger_than=limit,
        )
        printer.print_op(prog)
        printer.print_metadata(self.ctx.loaded_dialects)
        print("\n", file=output)
        return output.getvalue()

    def parse_chunk(self, chunk: IO[bytes], file_extension: str, start_offset: int = 0) -> ModuleOp | None:
        self.chunk_line_offset = start_offset  # line numbers of a split file's chunk
        return super().parse_chunk(chunk, file_extension, start_offset)

    def apply_passes(self, prog: ModuleOp) -> None:
        with locating_verify_errors(prog):
            self._apply_passes(prog)

    def _apply_passes(self, prog: ModuleOp) -> None:
        if not self.args.verify_each:
            super().apply_passes(prog)
            return
        from asic.tools.verify_each import PassVerifier

        verifier = PassVerifier.for_module(
            prog, self.args.verify_inputs, rtol=self.args.verify_rtol
        )
        # The same sequence as PassPipeline.apply, with each pass checked.
        passes = self.pipeline.passes
        callback = self.pipeline.callback
        assert callback is not None
        callback(None, prog, passes[0] if passes else None)
        for i, module_pass in enumerate(passes):
            verifier.apply_and_check(self.ctx, module_pass, prog)
            callback(module_pass, prog, passes[i + 1] if i + 1 < len(passes) else None)

    def prepare_output(self) -> IO[str]:
        # Collect the output in memory: the file is written only on success.
        # Without -o, it shares the buffer that stdout is redirected to.
        if self.args.output_file is None:
            self.pending_output = self.console
        else:
            self.pending_output = _OutputBuffer()
        return self.pending_output

    def run(self) -> None:
        if self.args.output_file is None:
            # Diagnostics that --verify-diagnostics prints go to stdout too:
            # keep them in order with the IR of the other chunks.
            with contextlib.redirect_stdout(_OutputBuffer()) as console:
                self.console = console
                super().run()
        else:
            super().run()
        text = self.pending_output.getvalue()
        if self.args.output_file is None:
            sys.stdout.write(text)
        else:
            with open(self.args.output_file, "w") as f:
                f.write(text)


class _HelpAction(argparse.Action):
    """`-h`/`--help`: argparse's help with the pass list at the end."""

    def __init__(self, option_strings: Sequence[str], dest: str, driver: AsicOptMain, **kwargs: Any):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)
        self.driver = driver

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        from asic.universe import PASSES

        others = [name for name in self.driver.available_passes if name not in PASSES]
        parser.epilog = pass_help.passes_text(PASSES, others)
        parser.print_help()
        parser.exit()


class _HelpPassAction(argparse.Action):
    """`--help-pass NAME`: one pass's options and description."""

    def __init__(self, option_strings: Sequence[str], dest: str, driver: AsicOptMain, **kwargs: Any):
        super().__init__(option_strings, dest, default=argparse.SUPPRESS, **kwargs)
        self.driver = driver

    def __call__(self, parser: argparse.ArgumentParser, namespace: Any, name: Any, *args: Any) -> None:
        passes = self.driver.available_passes
        if name not in passes:
            fail(TOOL, f"unknown pass '{name}'; {pass_help.unknown_pass(name, passes)}")
        print(pass_help.pass_text(name, passes[name]()))
        parser.exit()


class _OutputBuffer(StringIO):
    """In-memory output that survives xDSLOptMain closing its stream."""

    def close(self) -> None:
        pass


def main(args: Sequence[str] | None = None) -> None:
    def build() -> AsicOptMain:
        try:
            return AsicOptMain(args)
        except ValueError as error:  # unknown pass, bad pass option
            fail(TOOL, format_error(error))
        except SystemExit as exit:  # argparse's usage errors exit with 2
            sys.exit(1 if exit.code == 2 else exit.code)

    driver = run_reporting_errors(TOOL, build)
    run_reporting_errors(TOOL, driver.run)


if __name__ == "__main__":
    main()
