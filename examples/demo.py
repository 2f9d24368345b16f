"""The main job on the bundled default, in one command: the digits MLP
from ONNX to a measured accelerator.

    python -m asic.examples.demo [OUT] [--multipliers N] [--images N] [--no-ppa]

runs, in the folder OUT (default `out/digits`), what the README's
walkthrough types by hand, each step one of the tools:

1. `asic.examples.digits`: trains the MLP with scikit-learn and writes
   `mlp.onnx`, `calib.npz` (256 training images), `test.npz` and
   `labels.npz` (the held-out images; `--images N` keeps the first N);
2. `asic-opt` imports the ONNX model (`mlp.mlir`), calibrates and quantizes
   it to 8-bit weights and activations (`mlp.qnt.mlir`), lowers it to
   streaming engines tiled under a budget of `--multipliers` (default 64)
   and scheduled (`mlp.df.mlir`), and emits SystemVerilog (`mlp.sv`);
3. `asic-run` runs the float and the quantized function on the held-out
   images (`float.npz`, `quantized.npz`), `asic-sim` builds the design with
   Verilator and streams them through it (`hardware.npz`);
4. `asic-ppa` maps the design onto the OSU 0.18 um cells (Yosys, OpenSTA)
   with the activity of those images (`ppa.json`; skipped with `--no-ppa`);
5. `asic-draw` draws the accelerator (`graph.svg`) and its pipeline over
   the first frames (`timeline.svg`), and `asic-report`
   gathers the tables, the drawing, a pipeline timeline and the PPA
   figures in `report.html`.

Every command and its output go to `OUT/log.txt`; the terminal shows one
line per step and then the summary, also written to `OUT/summary.txt`:
top-1 accuracy of the float model, the quantized one and the hardware,
interval and latency in cycles, frames per second, area, Fmax and energy
per frame (the last three from the PPA report; without it frames per
second are at 100 MHz). A step that fails stops the run with its output
and status 1.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from asic.diagnostics import ArgumentParser

PIPELINE_QUANTIZE = 'fuse-bias,calibrate{data="calib.npz"},quantize{weight-bits=8 act-bits=8}'
CLOCK_MHZ = 100.0
"""The clock of the frames per second when there is no PPA report."""


class Step:
    """Runs the tools in the output folder, logging each command and its
    output, one line per step on the terminal."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.log = (folder / "log.txt").open("w")
        self.bin = Path(sys.executable).parent

    def __call__(self, what: str, tool: str, *args: str) -> None:
        command = [tool, *args]
        self.log.write(f"$ {shlex.join(command)}\n")
        self.log.flush()
        print(f"{what} ...", end=" ", flush=True)
        begin = time.monotonic()
        executable = self.bin / tool if tool.startswith("asic-") else Path(sys.executable)
        argv = [str(executable), *args] if tool.startswith("asic-") else [sys.executable, *args]
        result = subprocess.run(argv, check=False, cwd=self.folder, capture_output=True, text=True)
        self.log.write(result.stdout + result.stderr)
        self.log.flush()
        if result.returncode != 0:
            print("failed")
            sys.stderr.write(result.stdout + result.stderr)
            print(f"demo: error: `{shlex.join(command)}` failed (status {result.returncode}); see {self.folder / 'log.txt'}", file=sys.stderr)
            sys.exit(1)
        print(f"{time.monotonic() - begin:.1f} s", flush=True)


def top1(folder: Path, outputs: str, labels: np.ndarray) -> float:
    probabilities = np.load(folder / outputs)["probabilities"]
    return float((probabilities.reshape(len(labels), -1).argmax(-1) == labels).mean())


def summary(folder: Path, images: int, ppa: bool) -> str:
    labels = np.load(folder / "labels.npz")["y"]
    hardware = np.load(folder / "hardware.npz")
    interval, latency = int(hardware["cycles_interval"]), int(hardware["cycles_latency"])
    lines = [
        f"digits MLP, {images} held-out images, files in {folder}",
        "  top-1      " + ", ".join(
            f"{what} {top1(folder, f'{what}.npz', labels):.4f}" for what in ("float", "quantized", "hardware")
        ),
    ]
    if ppa:
        report = json.loads((folder / "ppa.json").read_text())
        figures = report["figures"]
        fmax = figures["fmax_mhz"]
        lines += [
            f"  interval   {interval} cycles, latency {latency} cycles = {figures['latency_us']:.3g} us at Fmax",
            f"  throughput {figures['frames_per_s']:,.0f} frames/s at Fmax {fmax:.1f} MHz",
            f"  area       {figures['area_mm2']:.3f} mm2 (OSU 0.18 um), energy {figures['energy_per_frame_nj']:.1f} nJ/frame",
        ]
    else:
        fps = CLOCK_MHZ * 1e6 / interval
        lines += [
            f"  interval   {interval} cycles, latency {latency} cycles = {latency / CLOCK_MHZ:.3g} us at {CLOCK_MHZ:g} MHz",
            f"  throughput {fps:,.0f} frames/s at {CLOCK_MHZ:g} MHz (no PPA report: --no-ppa)",
        ]
    return "\n".join(lines)


def run(folder: Path, multipliers: int, images: int | None, ppa: bool) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    step = Step(folder)
    step("train the digits MLP", "python", "-m", "asic.examples.digits", ".")
    if images is not None:
        for name, key in (("test.npz", "X"), ("labels.npz", "y")):
            np.savez(folder / name, **{key: np.load(folder / name)[key][:images]})
    count = len(np.load(folder / "labels.npz")["y"])
    step("import", "asic-opt", "mlp.onnx", "--onnx-outputs", "probabilities", "-p", "fuse-bias", "-o", "mlp.mlir")
    step("calibrate and quantize", "asic-opt", "mlp.onnx", "--onnx-outputs", "probabilities", "-p", PIPELINE_QUANTIZE, "-o", "mlp.qnt.mlir")
    step(f"tile ({multipliers} multipliers) and schedule", "asic-opt", "mlp.qnt.mlir", "-p",
         f"lower-qnt-to-dataflow,tile{{multipliers={multipliers}}},schedule", "-o", "mlp.df.mlir")  # fmt: skip
    step("emit SystemVerilog", "asic-opt", "mlp.df.mlir", "-p", "lower-dataflow-to-rtl", "-t", "sv", "-o", "mlp.sv")
    step("run the float model", "asic-run", "mlp.mlir", "--inputs", "test.npz", "--output", "float.npz")
    step("run the quantized model", "asic-run", "mlp.qnt.mlir", "--inputs", "test.npz", "--output", "quantized.npz")
    step("simulate in Verilator", "asic-sim", "mlp.df.mlir", "--inputs", "test.npz", "--output", "hardware.npz")
    report = []
    if ppa:
        step("PPA in OSU 0.18 um (Yosys, OpenSTA)", "asic-ppa", "mlp.sv", "--ir", "mlp.df.mlir", "--inputs", "test.npz", "--json", "ppa.json")
        report = ["--ppa", "ppa.json"]
    step("draw the accelerator", "asic-draw", "mlp.df.mlir", "-o", "graph.svg", "--timeline", "timeline.svg")
    step("write the report", "asic-report", "mlp.df.mlir", *report, "-o", "report.html")
    text = summary(folder, count, ppa)
    (folder / "summary.txt").write_text(text + "\n")
    return text


def main(argv: Sequence[str] | None = None) -> None:
    parser = ArgumentParser(prog="demo", description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default="out/digits", help="where every file goes (default out/digits)")
    parser.add_argument("--multipliers", type=int, default=64, help="the multiplier budget of `tile` (default 64)")
    parser.add_argument("--images", type=int, default=None, help="simulate only the first N held-out images")
    parser.add_argument("--no-ppa", action="store_true", help="skip asic-ppa (Yosys and OpenSTA)")
    args = parser.parse_args(argv)
    if args.multipliers < 1 or (args.images is not None and args.images < 2):
        parser.error("--multipliers must be >= 1 and --images >= 2")
    print(run(Path(args.folder).resolve(), args.multipliers, args.images, not args.no_ppa))


if __name__ == "__main__":
    main()
