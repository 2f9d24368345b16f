"""Differential campaigns: random dense and convolutional networks through
every level.

    python bench/bench_differential.py [--models 1000] [--kind both|dense|conv]
                                       [--verilator-every N] [--save DIR] [--seed 0]
                                       [--chunk 100] [--log FILE] [--minutes M]

Draws `--models` cases (`support.differential`: `dense_cases`, random
MLPs; `conv_cases`, random CNNs; `cases`, both, one kind or the other at
each draw) with random bit widths, requantization by multipliers or
shifts, sparsity, tile budgets, frames and valid/ready patterns, and runs
each through the qnt interpreter, the dataflow interpreter, the RTL
interpreter and, for every `--verilator-every`-th model (1: all; 0, the
default: none), Verilator (`support.differential.check`).

The campaign runs in chunks of `--chunk` models, chunk `i` drawn by
hypothesis from seed `--seed + i`. At the first mismatch or crash of a
chunk, hypothesis shrinks the case to a minimal one, which is printed and,
with `--save DIR`, written to `DIR/chunk-<i>`: its spec and options
(`case.txt`), its qnt-level IR (`model.mlir`) and the error
(`error.txt`); the campaign goes on with the next chunk. With `--log
FILE`, each finished chunk appends a JSON line of its counts, and a later
run with the same log skips the chunks it holds (a long campaign on a busy
machine resumes where it stopped). `--minutes` stops drawing once that much
time has passed.

Outcomes per model: `passed`; `skipped` (beyond the qnt limits: the
builder's verifier refuses it); `refused` (a diagnostic of the compiler,
such as a geometry no engine maps; the distinct messages are printed);
`mismatch`; `crash` (any other exception). Prints the counts per outcome
and per kind of network; exit status 1 when a chunk failed.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import json
import os
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))

from hypothesis import HealthCheck, find, settings  # noqa: E402
from hypothesis.errors import NoSuchExample  # noqa: E402

from asic.diagnostics import UserError  # noqa: E402
from support.differential import Case, Mismatch, buildable, cases, check, conv_cases, dense_cases  # noqa: E402

STRATEGIES = {"both": cases, "dense": dense_cases, "conv": conv_cases}


def _kind(case: Case) -> str:
    return "conv" if type(case.spec).__name__ == "ConvNetSpec" else "dense"


def _outcome(case: Case, verilator: bool) -> tuple[str, str]:
    """("passed", ""), ("refused", the diagnostic), ("mismatch" or "crash",
    the error)."""
    try:
        with contextlib.redirect_stderr(io.StringIO()):  # tile's report
            check(case, verilator=verilator)
    except Mismatch as error:
        return "mismatch", str(error)
    except UserError as error:
        return "refused", str(error)
    except Exception:  # noqa: BLE001 - a crash is a finding too
        return "crash", traceback.format_exc()
    return "passed", ""


class Campaign:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.start = time.monotonic()
        self.counts: collections.Counter[str] = collections.Counter()
        self.refusals: collections.Counter[str] = collections.Counter()
        self.drawn = 0

    def out_of_time(self) -> bool:
        minutes = self.args.minutes
        return minutes is not None and time.monotonic() - self.start > 60 * minutes

    def chunk(self, index: int, models: int) -> dict:
        """Run one chunk; its counts (and its failure, shrunk)."""
        counts: collections.Counter[str] = collections.Counter()
        failed: list[tuple[str, bool]] = []  # the first failure's outcome, and whether in Verilator
        every = self.args.verilator_every

        def fails(case: Case) -> bool:
            if failed:  # shrinking
                return buildable(case) and _outcome(case, failed[0][1])[0] in ("mismatch", "crash")
            if self.out_of_time():
                return False
            kind = _kind(case)
            if not buildable(case):
                counts[f"{kind} skipped"] += 1
                return False
            self.drawn += 1
            verilator = bool(every) and self.drawn % every == 0
            outcome, message = _outcome(case, verilator)
            counts[f"{kind} {outcome}"] += 1
            counts[f"{kind} verilator"] += verilator
            if outcome == "refused":
                self.refusals[message.split("(")[0][:160]] += 1
            if self.drawn % 50 == 0:
                print(f"... {self.drawn} models, {time.monotonic() - self.start:.0f} s", flush=True)
            if outcome in ("mismatch", "crash"):
                failed.append((outcome, verilator))
                return True
            return False

        record: dict = {"chunk": index}
        try:
            case = find(
                STRATEGIES[self.args.kind](),
                fails,
                settings=settings(max_examples=models, deadline=None, database=None, suppress_health_check=list(HealthCheck)),
                random=random.Random(self.args.seed + index),
            )
        except NoSuchExample:
            return {**record, "counts": dict(counts)}
        outcome, error = _outcome(case, failed[0][1])
        print(f"chunk {index}: {failed[0][0]}; shrunk to ({outcome}): {case.describe()}\n{error}", flush=True)
        record["failure"] = {"kind": failed[0][0], "verilator": failed[0][1], "case": case.describe(), "error": error}
        if self.args.save:
            directory = Path(self.args.save) / f"chunk-{index}"
            directory.mkdir(parents=True, exist_ok=True)
            (directory / "case.txt").write_text(case.describe() + "\n")
            (directory / "model.mlir").write_text(str(case.model()))
            (directory / "error.txt").write_text(error)
            print(f"saved to {directory}")
        return {**record, "counts": dict(counts)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--kind", choices=sorted(STRATEGIES), default="both")
    parser.add_argument("--verilator-every", type=int, default=0, help="Verilator for every N-th model (0: none)")
    parser.add_argument("--save", default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chunk", type=int, default=100, help="models per chunk")
    parser.add_argument("--log", default=None, help="JSON lines of finished chunks (resumes)")
    parser.add_argument("--minutes", type=float, default=None, help="stop after this much time")
    args = parser.parse_args(argv)
    campaign = Campaign(args)
    done: dict[int, dict] = {}
    if args.log and Path(args.log).exists():
        for line in Path(args.log).read_text().splitlines():
            record = json.loads(line)
            done[record["chunk"]] = record
    records = []
    chunks = -(-args.models // args.chunk)
    for index in range(chunks):
        models = min(args.chunk, args.models - index * args.chunk)
        if index in done:
            records.append(done[index])
            continue
        if campaign.out_of_time():
            break
        record = campaign.chunk(index, models)
        records.append(record)
        if args.log:
            with open(args.log, "a") as log:
                log.write(json.dumps(record) + "\n")
    totals: collections.Counter[str] = collections.Counter()
    for record in records:
        totals.update(record["counts"])
    failures = [r for r in records if "failure" in r]
    print(f"{len(records)} of {chunks} chunks, {time.monotonic() - campaign.start:.0f} s this run")
    for key in sorted(totals):
        print(f"  {key}: {totals[key]}")
    for message, count in campaign.refusals.most_common():
        print(f"  refused {count}x: {message}")
    for record in failures:
        print(f"  chunk {record['chunk']}: {record['failure']['kind']}: {record['failure']['case']}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
