"""Convolutional pipelines: utilization and line buffers.

Two nets, quantized W8A8: the LeNet-style net of the tests
(`support.conv_models.lenet`: two 3x3 convolutions with max pooling,
flatten, two dense layers; 7584 MACs per frame) and the zoo's ResNet-style
net (`asic.examples.zoo.resnet`: a stem convolution and two residual blocks
of 16 channels at 8x8, global average pool, a dense layer). Each goes
through `lower-qnt-to-dataflow,tile{multipliers=M},schedule` for budgets
from 16 multipliers to fully parallel, with whole weights and with
digit-serial weights (`tile{multipliers=M digits=true}`: an MVU may take
its weights a digit per cycle for a fraction of a multiplier,
`asic.dialects.dataflow.mvu`). For each: the multipliers `tile` used
(`used`, full-multiplier equivalents: a digit-serial multiplier of `d`
digits counts `1/d`) and the interval `T` of a long run of frames (the
dataflow interpreter's timing model, which Verilator reproduces cycle for
cycle, see tests/test_conv_end_to_end.py), and two utilizations, the
MACs per frame over the multiplier cycles of a frame:

    util/used   = total MACs / (used * T)     how busy the multipliers built are
    util/budget = total MACs / (M * T)        the bound `total MACs / M` over T (goal >= 0.95)

(the fully parallel row's budget is what it used). Then the bottleneck
engine of the digit-serial pipeline, and for the joins (`dataflow.add`,
`dataflow.concat`) the lanes `tile` gave them and the bits of their join
FIFOs per join (a residual block's skip and body FIFOs, which `schedule`
sizes).

Fully parallel: the fewest multipliers with which `tile` reaches the
shortest interval any budget gives. Found from the budget at which every
engine with folding factors takes its fastest choice, the largest
multiplier count of its choices (an MVU at `pe = N`, `simd = K` and as
many output pixels per beat as a window generator can give it, up to the
pixels of a frame: every weight a multiplier per pixel of a beat), summed
over the engines: at that budget no engine with folding factors can go
faster, and `tile` gives each engine the fewest multipliers that reach the
interval the slowest one allows (every engine of both nets takes several
pixels per beat, `asic.passes.tile`: the ResNet-style net's residual adds,
forks and global average pool too, so both reach a frame per cycle). The
row is `tile` at the multipliers it used there; a larger budget buys
nothing.

Two limits at each budget, both `bound / T`:
- `padded`: `T` the interval `tile` would reach if every MVU factor could
  leave a partial last fold, convolutions (several rows per frame)
  included, several output pixels per beat as `tile` allows them (the
  MVUs' cycles alone, `tile`'s exact search over relaxed factors);
- `ideal`: `T` the smallest interval with `sum_i ceiling(MACs_i / T) <= M'`
  over the engines that multiply (each needs a whole number of
  multipliers, at least its MACs per frame over the interval): what no
  folding of one engine per layer can beat, however many pixels a beat
  carries.
Both leave out of `M` (as `tile` does) the multipliers of the engines
without folding factors (none here: the requantizing adds of a residual
block multiply by constants, which takes adders, not multipliers).
They say which budgets the goal cannot be reached at, and what padded
folding or several pixels per beat would be worth.

Line buffers, at 256 and 512 multipliers (several pixels per beat for the
LeNet-style net) and at the largest budget: each window generator's
pixels per input beat `p` and reads per output beat `t`, its depth against
the geometric minimum of a line buffer for that `p` and `t`
(`SlidingWindow.line_minimum`, counted beat by beat over a frame: an input
beat of `p` pixels is stored whole, the `t` reads of an output beat take
their words at once; a whole frame per beat needs one frame; goal <= 1.1x)
and against the least any control needs to take its input at full rate
(`SlidingWindow.rate_minimum`: more than the geometric minimum when the
input beats bound its interval and a window's last beat comes long after
its first, as in a pool of stride 2; a ratio below 1 where the pipeline
does not ask for that rate), and its bits.

    python bench/bench_conv.py [--frames N] [--nets lenet,resnet]

Measured (util/used, util/budget; digit-serial multipliers at the area
Yosys maps them to, `asic.dialects.dataflow.digit_multiplier_cost`):

    budget   LeNet whole    LeNet digits   ResNet whole   ResNet digits
        16   0.926 0.926    0.942 0.926    0.871 0.762    0.920 0.762
        32   0.988 0.926    0.988 0.926    0.929 0.871    0.950 0.871
        64   0.988 0.926    0.988 0.926    0.944 0.914    0.950 0.914
       128   0.996 0.926    0.996 0.926    0.983 0.914    0.987 0.914

Digits never shorten the interval here: a digit multiplier does `1/d` of
the work for 0.6 to 0.72 of the area, so it pays only in place of a whole
multiplier that would idle (small layers), and
what it saves buys no whole lane of a large layer.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))

import numpy as np  # noqa: E402
from xdsl.context import Context  # noqa: E402
from xdsl.dialects.builtin import ModuleOp  # noqa: E402

from asic.dialects import dataflow as df  # noqa: E402
from asic.interp.dataflow import predict_timing  # noqa: E402
from asic.lowering.qnt_to_dataflow import LowerQntToDataflowPass  # noqa: E402
from asic.passes.schedule import SchedulePass  # noqa: E402
from asic.passes.tile import Layer, TilePass, count_text, tile_for_budget  # noqa: E402

UTILIZATION_GOAL = 0.95
BUFFER_GOAL = 1.1
BUDGETS = (16, 32, 64, 128, 256, 512)


def lenet_qnt() -> ModuleOp:
    """The LeNet-style net at qnt level, W8A8, calibrated on digits."""

    from asic.examples.digits import load_digits_split
    from asic.lowering.onnx.importer import import_onnx
    from asic.passes.calibrate import CalibratePass
    from asic.passes.fuse_bias import FuseBiasPass
    from asic.passes.quantize import QuantizePass
    from support.conv_models import lenet

    data = load_digits_split()
    with tempfile.TemporaryDirectory() as directory:
        calib = os.path.join(directory, "calib.npz")
        np.savez(calib, image=data.x_train[:128].reshape(-1, 1, 8, 8).astype(np.float32))
        module = import_onnx(lenet())
        ctx = Context()
        FuseBiasPass().apply(ctx, module)
        CalibratePass(data=calib).apply(ctx, module)
        QuantizePass(weight_bits=8, act_bits=8).apply(ctx, module)
    return module


def resnet_qnt() -> ModuleOp:
    """The zoo's ResNet-style net at qnt level, W8A8."""
    from asic.examples.zoo import trained
    from asic.examples.zoo.pipeline import quantized

    with tempfile.TemporaryDirectory() as directory:
        return quantized(trained("resnet"), "w8a8", Path(directory))


NETS = {"lenet": ("LeNet-style", lenet_qnt), "resnet": ("ResNet-style", resnet_qnt)}


def tiled(module: ModuleOp, budget: int | None, digits: bool = False) -> df.GraphOp:
    """A copy of the qnt `module` lowered, tiled at `budget` (with
    digit-serial weights if `digits`) and scheduled (None: only lowered)."""
    module = module.clone()
    ctx = Context()
    LowerQntToDataflowPass().apply(ctx, module)
    if budget is not None:
        with contextlib.redirect_stderr(io.StringIO()):
            TilePass(multipliers=budget, digits=digits).apply(ctx, module)
        SchedulePass().apply(ctx, module)
    return next(op for op in module.walk() if isinstance(op, df.GraphOp))


def fully_parallel(graph: df.GraphOp) -> int:
    """The multipliers of every engine of the untiled `graph` at its fastest
    folding (module docstring)."""
    return sum(Layer.of(op).frontier[-1][0] for op in graph.engines() if op.folding_factors())


def fixed_multipliers(untiled: df.GraphOp) -> int:
    """The multipliers of the engines without folding factors, at one lane."""
    return sum(op.cost("multipliers") for op in untiled.engines() if not op.folding_factors())


def ideal(untiled: df.GraphOp, budget: int) -> float:
    """`ideal` of the module docstring, from the untiled graph."""
    work = [op.cost("macs") for op in untiled.engines() if op.cost("macs")]
    multipliers = budget - fixed_multipliers(untiled)
    low, high = math.ceil(sum(work) / multipliers), max(work)
    while low < high:  # sum_i ceiling(MACs_i / T) does not grow with T
        middle = (low + high) // 2
        if sum(-(-w // middle) for w in work) <= multipliers:
            high = middle
        else:
            low = middle + 1
    return sum(work) / budget / low


def padded(untiled: df.GraphOp, budget: int) -> float:
    """`padded` of the module docstring, from the untiled graph."""
    mvus = [op for op in untiled.engines() if isinstance(op, df.MvuOp)]
    layers = [
        replace(layer, factors=tuple(replace(f, divisors_only=False) for f in layer.factors))
        for layer in (Layer.of(op) for op in mvus)
    ]
    chosen = tile_for_budget(layers, budget - fixed_multipliers(untiled))
    interval = max(layer.cost(values)[0] for layer, values in zip(layers, chosen))
    return sum(op.cost("macs") for op in untiled.engines()) / budget / interval


def joins(graph: df.GraphOp) -> str:
    """The lanes of the joins and the bits of their join FIFOs, per join
    (`/`-separated, in graph order)."""
    engines = [op for op in graph.engines() if isinstance(op, (df.AddOp, df.ConcatOp))]
    lanes = "/".join(str(op.lane_value) for op in engines)
    bits = "/".join(
        str(sum(v.owner.cost("memory_bits") for v in op.input_values if isinstance(v.owner, df.FifoOp)))
        for op in engines
    )
    return f"{lanes or '-':>10} {bits or '-':>14}"


def utilization(module: ModuleOp, frames: int) -> int:
    untiled = tiled(module, None)
    macs = sum(op.cost("macs") for op in untiled.engines())
    largest = tiled(module, fully_parallel(untiled))
    parallel = sum(op.cost("multipliers") for op in largest.engines())
    print(f"{macs} MACs per frame; fully parallel: {parallel} multipliers; utilization goal {UTILIZATION_GOAL:.2f}")
    whole, serial = "whole weights", "digit-serial weights"
    print(f"{'':>7} {whole:-^32} {serial:-^32}")
    print(
        f"{'budget':>7} {'used':>6} {'interval':>9} {'used':>7} {'budget':>7} "
        f"{'used':>6} {'interval':>9} {'used':>7} {'budget':>7} {'padded':>7} {'ideal':>6} "
        f"{'join lanes':>10} {'FIFO bits/join':>14}  bottleneck"
    )
    for budget in (*BUDGETS, parallel):
        columns = []
        for digits in (False, True):
            graph = tiled(module, budget, digits)
            used = sum(op.cost("multipliers") for op in graph.engines())
            interval, _ = predict_timing(graph, frames)
            columns.append(
                f"{count_text(used):>6} {interval:>9} {float(macs / (used * interval)):>7.3f} {macs / (budget * interval):>7.3f}"
            )
        slowest = max(graph.engines(), key=lambda op: op.timing_alone()[0])
        print(
            f"{budget:>7} {' '.join(columns)} "
            f"{padded(untiled, budget):>7.3f} {ideal(untiled, budget):>6.3f} {joins(graph)}  "
            f"{slowest.name} {slowest.engine_label} ({slowest.timing_alone()[0]} cycles)"
        )
    return parallel


def line_buffers(graph: df.GraphOp, budget: int) -> None:
    print(f"line buffers at {budget} multipliers (goal depth <= {BUFFER_GOAL}x the geometric minimum)")
    print(
        f"{'engine':>24} {'geometry':>24} {'p':>3} {'t':>4} {'depth':>6} {'minimum':>8} {'ratio':>6} "
        f"{'at rate':>8} {'ratio':>6} {'bits':>6}"
    )
    for op in graph.engines():
        if isinstance(op, df.SwgOp):
            model = op.model()
            minimum = model.line_minimum()
            geometry = f"{list(op.input_stream.frame_shape)} k{model.rows.kernel}x{model.cols.kernel} s{model.rows.stride}"
            rate = model.rate_minimum()
            print(
                f"{op.engine_label:>24} {geometry:>24} {model.pixels:>3} {model.group:>4} {model.depth:>6} {minimum:>8} "
                f"{model.depth / max(minimum, 1):>6.2f} {rate:>8} {model.depth / rate:>6.2f} "
                f"{op.cost('memory_bits'):>6}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=16, help="frames of the simulated run")
    parser.add_argument("--nets", default="lenet,resnet", help="comma-separated: lenet, resnet")
    args = parser.parse_args()
    for name in args.nets.split(","):
        title, build = NETS[name]
        print(f"{title} net (W8A8): ", end="")
        module = build()
        parallel = utilization(module, args.frames)
        for budget in (256, 512, parallel):
            line_buffers(tiled(module, budget), budget)
        print()


if __name__ == "__main__":
    main()
