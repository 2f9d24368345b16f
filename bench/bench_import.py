"""Import cost: `asic-opt light_resnet50.onnx -p fold-batchnorm` against plain
`xdsl-opt` parsing and printing the IR that command produces.

Both are timed as the commands a user runs (process start-up included), best
of several runs. Goal: at most 2x.
"""

from __future__ import annotations

import os
import sys
import tempfile

from common import best_time, onnx_light_model, report, run_command


def main() -> None:
    model = onnx_light_model("resnet50")
    with tempfile.TemporaryDirectory() as tmp:
        ir = os.path.join(tmp, "resnet50.mlir")
        ours = best_time(
            lambda: run_command(["asic-opt", model, "-p", "fold-batchnorm", "-o", ir]),
            repeat=3,
        )
        printed = os.path.join(tmp, "printed.mlir")
        baseline = best_time(
            lambda: run_command(["xdsl-opt", ir, "-o", printed]), repeat=3
        )
        print(f"IR size: {os.path.getsize(ir) / 1e6:.2f} MB")
    report("light_resnet50 import + fold-batchnorm", ours, baseline, "xdsl-opt parse+print", 2.0)


if __name__ == "__main__":
    sys.exit(main())
