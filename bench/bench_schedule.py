"""`schedule`'s time: the pass on a tiled dataflow graph, which simulates
the timing model twice (the join FIFOs' measure over paced frames, then one
frame for the latency).

Baseline, measured in the same run: the same pass with every quiet cycle
simulated (`simulate_timing(..., skip_quiet=False)`: the source's gaps and
the cycles the graph waits for input stepped one by one). Both give the
same IR, which the script checks; it prints the best time of each and the
ratio.

Models: the digits MLP of `bench/bench_tile.py` at 16 multipliers, and the
zoo's ResNet-style network (`asic.examples.zoo`, trained on first use and
kept in `--cache`) at 32 multipliers, the slowest case the tests knew (an
interval of 24576 cycles; two residual blocks, so join FIFOs).

    python bench/bench_schedule.py [--repeat N] [--cache DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

sys.path.insert(0, os.path.dirname(__file__))

from bench_tile import digits_qnt
from common import best_time
from xdsl.dialects.builtin import ModuleOp

from asic.examples.zoo.pipeline import apply
from asic.interp import dataflow
from asic.universe import dialect_context


def tiled_digits(budget: int) -> ModuleOp:
    from xdsl.parser import Parser

    text, _ = digits_qnt()
    return tiled(Parser(dialect_context(), text).parse_module(), budget)


def tiled_resnet(budget: int, cache: Path) -> ModuleOp:
    from asic.examples.zoo import trained
    from asic.examples.zoo.pipeline import quantized

    with tempfile.TemporaryDirectory() as directory:
        module = quantized(trained("resnet", cache), "w8a8", Path(directory))
    return tiled(module, budget)


def tiled(module: ModuleOp, budget: int) -> ModuleOp:
    """`lower-qnt-to-dataflow,tile` (its report to stderr silenced)."""
    with contextlib.redirect_stderr(io.StringIO()):
        return apply(module, f"lower-qnt-to-dataflow,tile{{multipliers={budget}}}")


@contextlib.contextmanager
def every_cycle() -> Iterator[None]:
    """`simulate_timing` and `fifo_peaks` with no quiet cycle skipped,
    wherever `schedule` calls them."""
    with contextlib.ExitStack() as stack:
        for name in ("simulate_timing", "fifo_peaks"):
            every = functools.partial(getattr(dataflow, name), skip_quiet=False)
            stack.enter_context(mock.patch.object(dataflow, name, every))
        yield


def row(name: str, module: ModuleOp, repeat: int) -> None:
    outputs = {}

    def schedule(key: str) -> None:
        outputs[key] = str(apply(module.clone(), "schedule"))

    ours = best_time(lambda: schedule("ours"), repeat=repeat, warmup=0)
    with every_cycle():
        baseline = best_time(lambda: schedule("baseline"), repeat=repeat, warmup=0)
    assert outputs["ours"] == outputs["baseline"], f"{name}: the two schedules differ"
    print(
        f"{name:18} schedule {ours:8.2f} s, every cycle simulated {baseline:8.2f} s, "
        f"ratio {ours / baseline:.3f} (same IR)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side (best kept)")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "asic-bench-zoo",
        help="where the zoo's trained weights are kept",
    )  # fmt: skip
    args = parser.parse_args()
    row("digits MLP @16", tiled_digits(16), args.repeat)
    row("ResNet zoo @32", tiled_resnet(32, args.cache), max(1, args.repeat // 3))


if __name__ == "__main__":
    main()
