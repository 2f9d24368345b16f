"""Long mutation-fuzzing campaigns of asic-opt, asic-run and asic-sim.

    python bench/bench_fuzz.py --cases 2000 [--seed 0] [--kinds onnx,mlir,pipeline,npz]
                               [--sim] [--digits] [--save DIR] [--timeout 60]
                               [--minutes M]

Each case is made by `support.fuzz.make_case` from the seed corpus (the lit
inputs, the models of the ONNX checks' tests, with `--digits` the digits
MLP) with `random.Random(seed + i)`, so case `i` of a campaign can be made
again alone (`--only i`). Each runs in a forked child (`run_case`); the
campaign prints the counts per kind and outcome and, for every failure,
its case number, outcome, command line and the last line of its error.
With `--save DIR` each failing case's files and command go to
`DIR/<number>/` for reduction into a regression test
(tests/tools/test_fuzz_regressions.py). `--sim` adds asic-sim cases
(Verilator builds, cached). `--minutes` ends the campaign after the case
running when that much time has passed (the counts cover the cases run).
The exit status is 1 when a case failed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))

from support.fuzz import KINDS, Corpus, make_case, run_case, summarize  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def _corpus(digits: bool) -> Corpus:
    directory = Path(tempfile.mkdtemp(prefix="asic-fuzz-corpus."))
    sys.path.insert(0, str(REPO / "filecheck" / "lowering" / "onnx" / "checks" / "inputs"))
    from write_models import main as write_models

    write_models(str(directory))
    digits_dir = None
    if digits:
        from asic.examples.digits import main as write_digits

        digits_dir = directory / "digits"
        write_digits([str(digits_dir)])
    return Corpus.load(digits=digits_dir, onnx_dir=directory)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--only", type=int, default=None, help="run case number ONLY alone")
    parser.add_argument("--sim", action="store_true", help="asic-sim cases too (Verilator)")
    parser.add_argument("--digits", action="store_true", help="the digits MLP among the seeds")
    parser.add_argument("--save", default=None, help="directory for the failing cases")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--minutes", type=float, default=None, help="stop after this much time")
    args = parser.parse_args(argv)
    kinds = args.kinds.split(",")
    start = time.monotonic()
    corpus = _corpus(args.digits)
    print(
        f"corpus: {len(corpus.mlir)} IR chunks ({len(corpus.seeds)} valid), {len(corpus.onnx)} "
        f"ONNX models ({len(corpus.valid_onnx)} import), {time.monotonic() - start:.1f} s"
    )
    numbers = [args.only] if args.only is not None else range(args.cases)
    results = []
    failures = 0
    for i in numbers:
        kind = kinds[i % len(kinds)]
        case = make_case(kind, corpus, random.Random(args.seed + i), sim=args.sim)
        result = run_case(case, timeout=args.timeout)
        results.append((kind, result))
        if result.failed:
            failures += 1
            last = (result.stderr.strip().splitlines() or [""])[-1][:200]
            print(f"case {i}: {result.outcome}: {case.describe()}\n    {last}")
            if args.save:
                directory = Path(args.save) / str(i)
                directory.mkdir(parents=True, exist_ok=True)
                for name, data in case.files.items():
                    (directory / name).write_bytes(data)
                (directory / "command").write_text(f"{case.tool} {' '.join(case.command(str(directory)))}\n")
                (directory / "stderr").write_text(result.stderr)
        if (len(results)) % 100 == 0:
            print(f"... {len(results)} cases, {failures} failures, {time.monotonic() - start:.0f} s", flush=True)
        if args.minutes is not None and time.monotonic() - start > 60 * args.minutes:
            break
    counts = summarize(results)
    print(f"{len(results)} cases in {time.monotonic() - start:.0f} s")
    outcomes = sorted({o for per_kind in counts.values() for o in per_kind})
    print(f"{'kind':10s}" + "".join(f"{o:>16s}" for o in outcomes))
    for kind in kinds:
        row = counts.get(kind, {})
        print(f"{kind:10s}" + "".join(f"{row.get(o, 0):>16d}" for o in outcomes))
    total = {o: sum(c.get(o, 0) for c in counts.values()) for o in outcomes}
    print(f"{'total':10s}" + "".join(f"{total[o]:>16d}" for o in outcomes))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
