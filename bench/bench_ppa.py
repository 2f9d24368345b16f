"""Power, performance and area of the generated accelerators in OSU 0.18 um
(the flow of `asic.flow`: Yosys + ABC with buffering, OpenSTA), measured in
one run against baselines measured in the same run.

(a) Critical path of each design over that of a lone registered 8x8-bit
    multiply-accumulate with a 22-bit accumulator (`MAC`), mapped and timed
    by the same flow in the same run. Goal: at most 1.25.
(b) The PPA table of the digits MLP (64-64-10, W8A8, `requantize=shift`)
    at multiplier budgets 16, 64, 256 and fully parallel
    (`tile{multipliers=4736}`): area (mm2), Fmax, power at Fmax with the
    switching activity of the test images (Verilator, host mode: the
    images' float pixels quantized by the host function), frames/s,
    latency (us) and energy per frame (nJ).
(c) The flow's run time (synthesis, timing, power) over the Verilator
    build of the same design (a fresh build, no cache).
(d) The accelerator beside an NVIDIA H200 (issue 12's measurements:
    PyTorch, CUDA graphs at batch 1, best throughput of fp32/bf16 at large
    batches, board power from NVML, random weights) for the MLP of its
    kind and size (64-64-32-10 there, the digits MLP 64-64-10 here).
    Goal: some budget has at least 10x lower latency for one frame and
    10x lower energy per frame.
(e) The same beside the H200 for the compressions a user would add
    (`VARIANTS`: half the weights pruned, whose constant multipliers
    vanish in a fully parallel engine; 4-bit weights and activations),
    at the fully parallel budget, each with its top-1 on the simulated
    images: these rows are other models, not the W8A8 one of (b).

    python bench/bench_ppa.py [--budgets 16 64 256 4736] [--frames 200] [--work DIR]
        [--variants pruned w4a4] [--variant-budget 4736]
        [--zoo lenet=64,512,parallel resnet=1024 ...] [--zoo-frames 20]
(f) The CNNs of the zoo (`asic.examples.zoo`, W8A8, the zoo's
    quantization) standing in for issue 12's H200 models: LeNet-style,
    ResNet-8-style, MobileNetV2-style and depthwise-separable, each at two
    budgets (`ZOO_BUDGETS`; LeNet, whose engines all take several pixels
    per beat, also at 512, four pixels per beat, and fully parallel
    (`PARALLEL`), a whole frame per beat; the others stream a pixel per
    beat through their adds and pools, so a budget past the smallest that
    gives their shortest interval buys nothing), with the
    activity of `--zoo-frames` test images, their critical paths over the
    MAC's (with the path's end points when it misses). `--budgets` with no
    value leaves the MLP's rows out, `--zoo` with no value the CNNs'.

With `--work DIR` every finished design's report stays there and a later
run with the same DIR reads it back instead of measuring it again (the
fully parallel design alone takes about an hour), when it is the same
measurement: the reports are keyed by a hash of the SystemVerilog this
run's compiler emits, the simulated images, the library, the Yosys and
the flow's code (`measurement_key`), so a changed RTL builder or pass is
measured again.

The machine is shared: run times are wall-clock and noisy; the ratios of
(a) are not (static timing).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

BIN = Path(sys.executable).parent

MAC = """\
// A lone registered 8x8-bit multiply-accumulate with a 22-bit accumulator.
module mac (
  input  logic clk,
  input  logic rst,
  input  logic signed [7:0] a,
  input  logic signed [7:0] b,
  output logic signed [21:0] acc
);
  logic signed [7:0] a_q, b_q;
  always_ff @(posedge clk) begin
    a_q <= a;
    b_q <= b;
    if (rst) acc <= '0;
    else acc <= acc + a_q * b_q;
  end
endmodule
"""

H200_MLP = {"latency_us": 17.8, "frames_per_s": 703e6, "energy_nj": 240.0}
"""Issue 12: MLP 64-64-32-10 on an H200 (batch 1 latency, best throughput,
energy per frame 0.24 uJ)."""

H200_CNNS = {
    "lenet": ("LeNet-style 1-6-16 conv, 64-32-10", 24.2, 79e6, 5500.0),
    "resnet": ("ResNet-8-style, 39k params", 85.5, 12.2e6, 37600.0),
    "mobilenet": ("MobileNetV2-style, 13k params", 61.8, 5.4e6, 85800.0),
    "dscnn": ("depthwise-separable, 5k params", 51.5, 7.7e6, 62300.0),
}
"""Issue 12: zoo network: (the H200's model, its latency at batch 1 in us,
best throughput in frames/s, energy per frame in nJ)."""

PARALLEL = "parallel"
"""A `--zoo` budget: the fewest multipliers with which `tile` reaches the
shortest interval any budget gives (`bench_conv.fully_parallel`)."""

ZOO_BUDGETS: dict[str, tuple[int | str, ...]] = {
    "lenet": (64, 256, 512, PARALLEL), "dscnn": (256, 1024), "mobilenet": (256, 1024), "resnet": (256, 1024),
}  # fmt: skip
"""The budgets of (f) (module docstring)."""


def asic_opt(*args: str) -> None:
    result = subprocess.run([str(BIN / "asic-opt"), *args], capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"asic-opt exited with status {result.returncode}:\n{result.stderr}")


VARIANTS = {
    "": ("W8A8", "", 8),
    "pruned": ("W8A8, half of each layer's weights pruned (activation criterion)",
               'prune{{sparsity=0.5 criterion=activation data="{calib}"}},', 8),
    "w4a4": ("W4A4", "", 4),
}  # fmt: skip
"""Name (a suffix of the files) -> (what the model is, passes before
fuse-bias with `{calib}` for the calibration images, bits of the weights
and activations); "" is the plain W8A8 model of (b)."""


def designs(work: Path, budgets: list[int], variant: str = "") -> dict[int, Path]:
    """The digits MLP's dataflow-level IR at each budget, compressed as
    `VARIANTS[variant]` says."""
    from asic.examples.digits import main as digits_main

    if not (work / "mlp.onnx").exists():
        digits_main([str(work)])
    _, before, bits = VARIANTS[variant]
    calib = work / "calib.npz"
    q = work / f"q{variant}.mlir"
    asic_opt(
        str(work / "mlp.onnx"), "--onnx-outputs", "probabilities", "-p",
        before.format(calib=calib) + f'fuse-bias,calibrate{{data="{calib}"}},'
        f"quantize{{weight-bits={bits} act-bits={bits} requantize=shift}}",
        "-o", str(q),
    )  # fmt: skip
    out = {}
    for budget in budgets:
        path = work / f"df{budget}{variant}.mlir"
        asic_opt(
            str(q),
            "-p",
            f"lower-qnt-to-dataflow,tile{{multipliers={budget}}},schedule",
            "-o",
            str(path),
        )
        out[budget] = path
    return out


def verilator_build_seconds(sv: str, top: str, streams) -> float:
    """A fresh Verilator build of the design (its own empty cache)."""
    from asic.tools import asic_sim

    with tempfile.TemporaryDirectory(prefix="bench-ppa-verilator.") as cache:
        os.environ["ASIC_SIM_CACHE"] = cache
        try:
            start = time.perf_counter()
            asic_sim.build(sv, top, streams)
            return time.perf_counter() - start
        finally:
            del os.environ["ASIC_SIM_CACHE"]


def measure(work: Path, design, inputs: dict[str, np.ndarray], labels: np.ndarray, stem: str, build_time: bool):
    """The flow on one design (`asic_sim.Design`) with the activity of the
    simulated `inputs` (top-1 of the first output against `labels`), in
    `work / stem`, and the time of a fresh Verilator build of it when
    `build_time` (else None)."""
    from asic.flow.activity import read_simulation_vcd
    from asic.flow.liberty import find_library
    from asic.flow.ppa import Cycles, run_asic
    from asic.tools.asic_sim import simulate_host

    vcd = work / f"{stem}.vcd"
    outputs, sim = simulate_host(design, inputs, vcd=str(vcd))
    activity = read_simulation_vcd(vcd, sim.frame_start, sim.frame_end)
    vcd.unlink()
    scores = next(iter(outputs.values()))
    top1 = float((scores.reshape(len(labels), -1).argmax(-1) == labels).mean())
    cycles = Cycles(sim.interval, sim.latency, f"measured in Verilator on {len(labels)} images")
    result = run_asic(
        design.sv, design.top, find_library(None), work / stem, activity=activity, cycles=cycles,
    )  # fmt: skip
    build = verilator_build_seconds(design.sv, design.top, design.streams) if build_time else None
    return result, top1, build


def mac_baseline(work: Path):
    from asic.flow.liberty import find_library
    from asic.flow.ppa import run_asic

    return run_asic(MAC, "mac", find_library(None), work / "mac")


def measurement_key(design, inputs: dict[str, np.ndarray], labels: np.ndarray) -> str:
    """What a measurement depends on, hashed: the SystemVerilog and its top,
    the simulated images and labels, the library, the Yosys found, and the
    flow's own code (`asic.flow`), so that a result is read back only for
    the same design measured the same way."""
    import asic.flow
    from asic.flow.liberty import DEFAULT_LIBERTY
    from asic.flow.yosys import find_yosys

    digest = hashlib.sha256()
    yosys = find_yosys()
    flow_sources = sorted(Path(asic.flow.__file__).parent.glob("*.py"))
    parts = [design.sv.encode(), design.top.encode(), DEFAULT_LIBERTY.read_bytes(),
             " ".join(yosys.command + [yosys.version]).encode(), labels.tobytes(),
             *(f"{k}{v.dtype}{v.shape}".encode() + v.tobytes() for k, v in sorted(inputs.items())),
             *(f.read_bytes() for f in flow_sources)]  # fmt: skip
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()[:16]


def measured(work: Path, path: Path, frames: int, inputs=None, build_time: bool = True) -> dict:
    """One design's report (asic-ppa's JSON, with the top-1 of the
    simulated images and, when `build_time`, the time of a fresh Verilator
    build for (c)), measured or, when an earlier run in the same `--work` directory measured the same design
    the same way (`measurement_key`), read back: a shared machine may stop
    a run of several hours. `inputs()` gives the images and labels
    (default: the digits MLP's test images)."""
    from asic.flow.report import asic_json
    from asic.tools.asic_sim import load_design

    design = load_design(str(path))
    images, labels = (inputs or (lambda: digits_inputs(work, frames)))()
    stem = f"{path.stem}.{measurement_key(design, images, labels)}"
    saved = work / f"result.{stem}.json"
    if saved.exists():
        return json.loads(saved.read_text())
    result, top1, build = measure(work, design, images, labels, stem, build_time)
    report = {**asic_json(result), "top1": top1, "verilator_build_s": build,
              "cells": result.total_area.cells}  # fmt: skip
    saved.write_text(json.dumps(report))
    return report


def digits_inputs(work: Path, frames: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The first `frames` test images of the digits MLP and their labels."""
    return {"X": np.load(work / "test.npz")["X"][:frames]}, np.load(work / "labels.npz")["y"][:frames]


def zoo_designs(work: Path, name: str, budgets: list[int | str]) -> dict[int, Path]:
    """A zoo network's dataflow-level IR (W8A8) at each budget (`PARALLEL`:
    its fully parallel one), written into `work` by this run's compiler
    (the trained weights are cached by the zoo, keyed by its sources)."""
    from bench_conv import fully_parallel, tiled

    from asic.examples.zoo import trained
    from asic.examples.zoo.pipeline import hardware, quantized

    qnt_module = quantized(trained(name, work / "zoo"), "w8a8", work)
    paths = {}
    for budget in budgets:
        if budget == PARALLEL:
            budget = fully_parallel(tiled(qnt_module, None))
        paths[budget] = work / f"{name}{budget}.mlir"
        paths[budget].write_text(str(hardware(qnt_module, budget)))
    return paths


def zoo_inputs(name: str, work: Path, frames: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The first `frames` test images of a zoo network and their labels."""
    from asic.examples.zoo import trained

    model = trained(name, work / "zoo")
    x, y = model.data.x_test[:frames], model.data.y_test[:frames]
    return {"input": model.network.inputs(x)}, np.asarray(y)


def zoo_budgets(items: list[str]) -> dict[str, tuple[int | str, ...]]:
    """`--zoo` values `name` or `name=B1,B2` (default budgets: `ZOO_BUDGETS`;
    a budget is a number of multipliers or `PARALLEL`)."""
    out = {}
    for item in items:
        name, _, budgets = item.partition("=")
        if name not in H200_CNNS:
            raise SystemExit(f"--zoo: unknown network {name!r}; expected one of {', '.join(H200_CNNS)}")
        try:
            given = tuple(b if b == PARALLEL else int(b) for b in budgets.split(",")) if budgets else None
        except ValueError:
            raise SystemExit(f"--zoo {item}: a budget is a number of multipliers or {PARALLEL}") from None
        out[name] = given or ZOO_BUDGETS[name]
    return out


def zoo_table(work: Path, zoo: list[str], frames: int, mac_ns: float) -> None:
    """(f): the CNNs' figures beside the H200's (module docstring)."""
    rows = []
    for name, budgets in zoo_budgets(zoo).items():
        for budget, path in zoo_designs(work, name, list(budgets)).items():
            r = measured(work, path, frames, lambda: zoo_inputs(name, work, frames), build_time=False)  # noqa: B023
            rows.append((name, budget, r))
            c = r["critical_path"]
            print(f"{name} at budget {budget}: critical path {c['period_ns']:.3f} ns ({c['start']} -> {c['end']})", flush=True)
    print(f"\n(f) the zoo's CNNs (W8A8) in OSU 0.18 um, activity of {frames} test images, beside an NVIDIA H200 "
          "(issue 12; latency at batch 1, energy per frame at its best throughput)")  # fmt: skip
    print(f"{'network':>10} {'budget':>6} {'II':>5} {'lat':>5} {'area mm2':>9} {'path/MAC':>8} {'Fmax MHz':>9} "
          f"{'power mW':>9} {'Mframes/s':>10} {'lat us':>7} {'nJ/frame':>9} {'top-1':>6} "
          f"{'H200/ours lat':>14} {'H200/ours energy':>17}")  # fmt: skip
    best: dict[str, float] = {}
    for name, budget, r in rows:
        f, c = r["figures"], r["cycles"]
        _, h_lat, _, h_nj = H200_CNNS[name]
        lat, energy = h_lat / f["latency_us"], h_nj / f["energy_per_frame_nj"]
        best[name] = max(best.get(name, 0.0), min(lat, energy))
        ratio = r["critical_path"]["period_ns"] / mac_ns
        print(f"{name:>10} {budget:>6} {c['interval']:>5} {c['latency']:>5} {f['area_mm2']:>9.3f} {ratio:>8.2f} "
              f"{f['fmax_mhz']:>9.1f} {f['power_mw']:>9.2f} {f['frames_per_s'] / 1e6:>10.3f} "
              f"{f['latency_us']:>7.3f} {f['energy_per_frame_nj']:>9.2f} {r['top1']:>6.3f} "
              f"{lat:>13.1f}x {energy:>16.1f}x")  # fmt: skip
    for name, ratio in best.items():
        label, h_lat, h_fps, h_nj = H200_CNNS[name]
        verdict = "meets" if ratio >= 10 else "MISSES"
        print(f"{name:>10}: H200 ({label}) {h_lat} us, {h_fps / 1e6} M frames/s, {h_nj / 1e3} uJ/frame; "
              f"best budget {ratio:.1f}x lower on both latency and energy ({verdict} the goal of >= 10x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budgets", type=int, nargs="*", default=[16, 64, 256, 4736])
    parser.add_argument("--frames", type=int, default=200, help="test images simulated for the activity")
    parser.add_argument("--work", default=None, help="keep the files here (and reuse finished budgets)")
    parser.add_argument("--variants", nargs="*", default=[v for v in VARIANTS if v], choices=[v for v in VARIANTS if v])
    parser.add_argument("--variant-budget", type=int, default=4736, help="the budget of the variants of (e)")
    parser.add_argument("--zoo", nargs="*", default=list(ZOO_BUDGETS), help=f"CNNs of (f): name or name=B1,B2 (a budget may be {PARALLEL})")
    parser.add_argument("--zoo-frames", type=int, default=20, help="test images simulated for a CNN's activity")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="bench-ppa."))
    work.mkdir(parents=True, exist_ok=True)
    mac = mac_baseline(work)
    mac_ns = mac.timing.period_ns
    print(f"MAC baseline (registered 8x8 -> 22-bit accumulate): critical path {mac_ns:.3f} ns "
          f"({mac.timing.critical.start} -> {mac.timing.critical.end}), {mac.total_area.um2:.0f} um2, "
          f"{mac.total_area.cells} cells", flush=True)  # fmt: skip
    if not args.budgets:
        if args.zoo:
            zoo_table(work, args.zoo, args.zoo_frames, mac_ns)
        return
    rows = []
    for budget, path in designs(work, args.budgets).items():
        r = measured(work, path, args.frames)
        rows.append((budget, r))
        c = r["critical_path"]
        print(f"budget {budget}: {r['figures']['area_mm2']:.3f} mm2, critical path {c['period_ns']:.3f} ns "
              f"({c['start']} -> {c['end']}), top-1 {r['top1']:.4f}", flush=True)  # fmt: skip

    print("\n(a) critical path over the lone MAC's (goal <= 1.25)")
    print(f"{'budget':>7} {'path ns':>8} {'MAC ns':>7} {'ratio':>6}")
    for budget, r in rows:
        ns = r["critical_path"]["period_ns"]
        verdict = "meets" if ns / mac_ns <= 1.25 else "MISSES"
        print(f"{budget:>7} {ns:>8.3f} {mac_ns:>7.3f} {ns / mac_ns:>6.2f} {verdict}")

    print(f"\n(b) digits MLP 64-64-10 W8A8 requantize=shift, OSU 0.18 um, activity of {args.frames} test images")
    print(f"{'budget':>7} {'II':>5} {'lat':>4} {'area mm2':>9} {'cells':>7} {'Fmax MHz':>9} {'power mW':>9} "
          f"{'leak uW':>8} {'Mframes/s':>10} {'lat us':>7} {'nJ/frame':>9}")  # fmt: skip
    for budget, r in rows:
        f, c, p = r["figures"], r["cycles"], r["power"]
        print(f"{budget:>7} {c['interval']:>5} {c['latency']:>4} {f['area_mm2']:>9.3f} {r['cells']:>7} "
              f"{f['fmax_mhz']:>9.1f} {f['power_mw']:>9.2f} {p['leakage_mw'] * 1e3:>8.2f} "
              f"{f['frames_per_s'] / 1e6:>10.3f} {f['latency_us']:>7.3f} {f['energy_per_frame_nj']:>9.3f}")  # fmt: skip

    print("\n(c) flow run time over the Verilator build of the same design (wall clock, shared machine)")
    print(f"{'budget':>7} {'synth s':>8} {'timing s':>8} {'power s':>8} {'flow s':>8} {'verilator s':>11} {'ratio':>6}")  # fmt: skip
    for budget, r in rows:
        s, build = r["seconds"], r["verilator_build_s"]
        flow = sum(s.values())
        print(f"{budget:>7} {s['synthesis']:>8.1f} {s['timing']:>8.1f} {s['power']:>8.1f} {flow:>8.1f} "
              f"{build:>11.1f} {flow / build:>6.2f}")  # fmt: skip

    print("\n(d) beside an NVIDIA H200 (issue 12) for an MLP of this kind and size")
    h = H200_MLP
    print(f"{'':>28} {'latency us':>11} {'Mframes/s':>10} {'nJ/frame':>9} {'H200/ours latency':>18} "
          f"{'H200/ours energy':>17}")  # fmt: skip
    print(f"{'H200, MLP 64-64-32-10':>28} {h['latency_us']:>11.3f} {h['frames_per_s'] / 1e6:>10.1f} "
          f"{h['energy_nj']:>9.1f}")  # fmt: skip
    best = []
    for budget, r in rows:
        f = r["figures"]
        lat, energy = h["latency_us"] / f["latency_us"], h["energy_nj"] / f["energy_per_frame_nj"]
        best.append(min(lat, energy))
        print(f"{'OSU 0.18 um, budget ' + str(budget):>28} {f['latency_us']:>11.3f} "
              f"{f['frames_per_s'] / 1e6:>10.3f} {f['energy_per_frame_nj']:>9.3f} {lat:>17.1f}x {energy:>16.1f}x")  # fmt: skip
    verdict = "meets" if max(best) >= 10 else "MISSES"
    print(f"best budget: {max(best):.1f}x lower on both latency and energy ({verdict} the goal of >= 10x)")
    if args.variants:
        print(f"\n(e) compressed models at budget {args.variant_budget} beside the H200 (other models than (b))")
        print(f"{'model':>67} {'top-1':>6} {'II':>3} {'area mm2':>9} {'path/MAC':>8} {'Fmax MHz':>9} "
              f"{'power mW':>9} {'lat us':>7} {'nJ/frame':>9} {'H200/ours energy':>17}")  # fmt: skip
    for variant in args.variants:
        r = measured(work, designs(work, [args.variant_budget], variant)[args.variant_budget], args.frames)
        f, c = r["figures"], r["critical_path"]
        print(f"{VARIANTS[variant][0]:>67} {r['top1']:>6.3f} {r['cycles']['interval']:>3} {f['area_mm2']:>9.3f} "
              f"{c['period_ns'] / mac_ns:>8.2f} {f['fmax_mhz']:>9.1f} {f['power_mw']:>9.1f} {f['latency_us']:>7.3f} "
              f"{f['energy_per_frame_nj']:>9.3f} {h['energy_nj'] / f['energy_per_frame_nj']:>16.1f}x", flush=True)  # fmt: skip
    if args.zoo:
        zoo_table(work, args.zoo, args.zoo_frames, mac_ns)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
