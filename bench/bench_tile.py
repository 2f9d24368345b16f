"""Balanced tiling: cycles per frame against the lower bound.

For each model and multiplier budget M, `lower-qnt-to-dataflow,
tile{multipliers=M},schedule`, then the cycles per frame (the interval of a
long run of frames in the dataflow interpreter's timing model, which the
RTL's Verilator runs reproduce) against the lower bound `total MACs / M`:
utilization = bound / cycles (goal >= 90%). The utilization of the
multipliers tile actually places (`MACs / (used * cycles)`) is printed too.

Baseline, measured in the same run: `tile{multipliers=M padding=false}`,
folding factors that divide the layer sizes (FINN's rule). Then some
budgets cannot be spent on a faster pipeline (a 10-output layer allows 1,
2, 5 or 10 lanes), which partial folds fix; the last columns give the
baseline's utilization and the ratio of its cycles to tile's. Column
`whole` is the utilization of the best any tiling can do that gives each
layer a whole number of multipliers (`whole_multiplier_bound`): with five
layers and 16 multipliers the small layers' whole multipliers already
put the bound out of reach.

Models: the digits MLP (64 -> 64 -> 10, trained and quantized W8A8 when
scikit-learn is installed, else the same shapes built directly in qnt) and
a deeper random MLP 240 -> 180 -> 120 -> 60 -> 30 -> 12.

    python bench/bench_tile.py [--frames N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))

from xdsl.context import Context  # noqa: E402
from xdsl.dialects.builtin import ModuleOp  # noqa: E402

from asic.dialects import dataflow as df  # noqa: E402
from asic.interp.dataflow import predict_timing  # noqa: E402
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass  # noqa: E402
from asic.passes.schedule import SchedulePass  # noqa: E402
from asic.passes.tile import TilePass  # noqa: E402
from support.dataflow_models import MlpSpec, qnt_mlp  # noqa: E402

GOAL = 0.90


def digits_qnt() -> tuple[str, str]:
    """The digits MLP at qnt level (text), and how it was made."""
    try:
        import skl2onnx  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError:
        return str(qnt_mlp(MlpSpec([64, 64, 10], seed=0))), "shapes only (no scikit-learn)"
    from asic.examples.digits import main as write_digits
    from asic.lowering.onnx.importer import import_onnx
    from asic.passes.calibrate import CalibratePass
    from asic.passes.fuse_bias import FuseBiasPass
    from asic.passes.quantize import QuantizePass

    quiet = contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO())
    with tempfile.TemporaryDirectory() as directory, quiet[0], quiet[1]:
        write_digits([directory])
        with open(os.path.join(directory, "mlp.onnx"), "rb") as f:
            module = import_onnx(f.read(), outputs=["probabilities"])
        ctx = Context()
        FuseBiasPass().apply(ctx, module)
        CalibratePass(data=os.path.join(directory, "calib.npz")).apply(ctx, module)
        QuantizePass(weight_bits=8, act_bits=8).apply(ctx, module)
    return str(module), "trained, W8A8"


def tiled(text: str, budget: int, padding: bool = True) -> df.GraphOp:
    from asic.tools.asic_run import load_model

    with tempfile.NamedTemporaryFile("w", suffix=".mlir", delete=False) as f:
        f.write(text)
    try:
        module: ModuleOp = load_model(f.name)
    finally:
        os.unlink(f.name)
    ctx = Context()
    LowerQntToDataflowPass().apply(ctx, module)
    with contextlib.redirect_stderr(io.StringIO()):
        TilePass(multipliers=budget, padding=padding).apply(ctx, module)
    SchedulePass().apply(ctx, module)
    return next(op for op in module.walk() if isinstance(op, df.GraphOp))


def whole_multiplier_bound(macs: list[int], budget: int) -> int:
    """The fewest cycles per frame of any tiling that gives each layer a
    whole number of multipliers: the smallest `T` with `sum ceil(macs_i /
    T) <= budget` (above `total / budget` when a small layer still needs a
    whole multiplier)."""
    lo, hi = 1, max(macs)
    while lo < hi:
        mid = (lo + hi) // 2
        if sum(-(-m // mid) for m in macs) <= budget:
            hi = mid
        else:
            lo = mid + 1
    return lo


def row(name: str, text: str, budget: int, frames: int) -> tuple[float, bool]:
    graph = tiled(text, budget)
    mvus = [op for op in graph.engines() if isinstance(op, df.MvuOp)]
    layer_macs = [op.rows * op.out_features * op.in_features for op in mvus]
    macs = sum(layer_macs)
    whole = whole_multiplier_bound(layer_macs, budget)
    used = sum(op.pe_value * op.simd_value for op in mvus)
    ii = graph.attributes["dataflow.ii"].value.data  # pyright: ignore
    interval, latency = predict_timing(graph, frames)
    assert interval == ii, (interval, ii)
    bound = macs / budget
    utilization = bound / interval
    placed = macs / (used * interval)
    factors = " ".join(f"{op.pe_value}x{op.simd_value}" for op in mvus)
    mark = "meets" if utilization >= GOAL else "below"
    baseline, _ = predict_timing(tiled(text, budget, padding=False), frames)
    print(
        f"{name:8} {budget:6} {used:6} {interval:8} {bound:9.1f} {100 * utilization:7.1f}% "
        f"{100 * placed:7.1f}% {latency:8}  {mark:5}  {100 * bound / whole:7.1f}% {100 * bound / baseline:8.1f}% "
        f"{baseline / interval:6.2f}x  {factors}"
    )
    return utilization, utilization >= GOAL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=256, help="frames of the simulated run")
    args = parser.parse_args()
    digits, how = digits_qnt()
    deep = str(qnt_mlp(MlpSpec([240, 180, 120, 60, 30, 12], seed=1)))
    models = [
        ("digits", digits, [8, 12, 16, 24, 32, 48, 64, 100, 128, 256], f"digits MLP 64-64-10 ({how}), 4736 MACs"),
        ("deep", deep, [16, 32, 64, 100, 128, 256, 512, 1024], "random MLP 240-180-120-60-30-12, 74160 MACs"),
    ]
    for name, text, budgets, title in models:
        print(f"\n{title}")
        print(
            f"{'model':8} {'budget':>6} {'used':>6} {'cycles':>8} {'bound':>9} {'util':>8} "
            f"{'placed':>8} {'latency':>8}  goal   {'whole':>8} {'divisors':>9} {'ratio':>7}  pe x simd per layer"
        )
        results = [row(name, text, b, args.frames) for b in budgets]
        met = sum(ok for _, ok in results)
        best = max(u for u, _ in results)
        print(
            f"{name}: {met} of {len(budgets)} budgets at >= {100 * GOAL:.0f}% of the bound "
            f"(best {100 * best:.1f}%); cycles = simulated interval of {args.frames} frames"
        )


if __name__ == "__main__":
    main()
