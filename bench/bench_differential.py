"""Differential campaigns: random dense networks through every level.

    python bench/bench_differential.py [--models 1000] [--verilator] [--save DIR] [--seed 0]
                                       [--minutes M]

Draws `--models` cases of `support.differential.dense_cases` (random MLPs,
bit widths, requantization by multipliers or shifts, sparsity, tile
budgets, frames and valid/ready patterns) and runs each through the qnt
interpreter, the dataflow interpreter, the RTL interpreter and, with
`--verilator`, Verilator (`support.differential.check`). A model beyond the
qnt limits is skipped and counted. At the first mismatch or crash,
hypothesis shrinks the case to a minimal one, which is printed and, with
`--save DIR`, written there: its spec and options (`case.txt`), its
qnt-level IR (`model.mlir`) and the error (`error.txt`). `--minutes` ends
the campaign once that much time has passed (the cases hypothesis still
draws are not run). Prints the number of models run, skipped, mismatched
and crashed; exit status 1 on a failure.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))

from hypothesis import HealthCheck, find, settings  # noqa: E402
from hypothesis.errors import NoSuchExample  # noqa: E402

from support.differential import DenseCase, Mismatch, buildable, check, dense_cases  # noqa: E402


def _failure(case: DenseCase, verilator: bool) -> tuple[str, str] | None:
    """("mismatch" or "crash", the error) when `case` fails, else None."""
    try:
        with contextlib.redirect_stderr(io.StringIO()):  # tile's report
            check(case, verilator=verilator)
    except Mismatch as error:
        return "mismatch", str(error)
    except Exception:  # noqa: BLE001 - a crash is a finding too
        return "crash", traceback.format_exc()
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--verilator", action="store_true")
    parser.add_argument("--save", default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--minutes", type=float, default=None, help="stop after this much time")
    args = parser.parse_args(argv)
    counts = {"run": 0, "skipped": 0}
    first_failure: list[int] = []
    start = time.monotonic()

    def fails(case: DenseCase) -> bool:
        if args.minutes is not None and not first_failure and time.monotonic() - start > 60 * args.minutes:
            return False
        if not buildable(case):
            counts["skipped"] += 1
            return False
        counts["run"] += 1
        if counts["run"] % 50 == 0:
            print(f"... {counts['run']} models, {time.monotonic() - start:.0f} s", flush=True)
        if _failure(case, args.verilator) is None:
            return False
        if not first_failure:
            first_failure.append(counts["run"])
        return True

    try:
        case = find(
            dense_cases(),
            fails,
            settings=settings(
                max_examples=args.models,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            ),
            random=random.Random(args.seed),
        )
    except NoSuchExample:
        print(
            f"{counts['run']} models through every level{' and Verilator' if args.verilator else ''}, "
            f"{counts['skipped']} skipped (beyond the qnt limits): 0 mismatches, 0 crashes "
            f"({time.monotonic() - start:.0f} s)"
        )
        return 0
    kind, error = _failure(case, args.verilator) or ("flaky", "the shrunk case passes")
    print(f"{kind} at model {first_failure[0]}; shrunk to: {case.describe()}\n{error}")
    if args.save:
        directory = Path(args.save)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "case.txt").write_text(case.describe() + "\n")
        (directory / "model.mlir").write_text(str(case.model()))
        (directory / "error.txt").write_text(error)
        print(f"saved to {directory}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
