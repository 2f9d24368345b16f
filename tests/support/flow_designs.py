"""Small dataflow-level designs for the physical flow's tests (each
synthesizes in seconds), and inputs for them.

- `ACCUMULATOR`: one folded matrix-vector unit (16 inputs to 1 output, one
  lane each way, weights 1): its critical path is the accumulator's carry
  chain from the first-fold flag, which `alternating_frames` (elements
  -1, +1, -1, ...) ripples from end to end at every frame start, so a
  timing simulation at a clock faster than Fmax sees it fail.
- `FOLDED`: a FIFO (depth 2) in front of a folded matrix-vector unit (4
  inputs to 2 outputs, pe 1, simd 2, random weights in a ROM, a rounding
  shift): registers, arithmetic, memories (FIFO words, ROM) and control.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

BIN = Path(sys.executable).parent


def tool(name: str, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess:
    """Run one of asic-opt's tools of this environment; with `check`, it must succeed."""
    result = subprocess.run([str(BIN / name), *map(str, args)], capture_output=True, text=True)
    if check:
        assert result.returncode == 0, result.stderr
    return result


ACCUMULATOR = """\
!q = !qnt.uniform<i8:f32, 0.1>
func.func @main(%a: tensor<1x16x!q>) -> tensor<1x1x!q> {
  %y = dataflow.graph "acc" inputs ["x"] outputs ["y"] (%a) : (tensor<1x16x!q>) -> tensor<1x1x!q> {
  ^bb0(%x: !dataflow.stream<!q, lanes 1, shape [1, 16]>):
    %w = qnt.constant "w" dense<1> : tensor<1x16x!qnt.uniform<i8:f32, 0.1>>
    %o = dataflow.mvu %x, %w pe 1 simd 1 accumulator i20 multipliers [1] shifts [0] : (!dataflow.stream<!q, lanes 1, shape [1, 16]>, tensor<1x16x!qnt.uniform<i8:f32, 0.1>>) -> !dataflow.stream<!q, lanes 1, shape [1, 1]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 1]>
  }
  func.return %y : tensor<1x1x!q>
}
"""

FOLDED = """\
!q = !qnt.uniform<i8:f32, 0.1>
!w = !qnt.uniform<i8:f32, 0.05>
func.func @main(%a: tensor<1x4x!q>) -> tensor<1x2x!q> {
  %y = dataflow.graph "folded" inputs ["x"] outputs ["y"] (%a) : (tensor<1x4x!q>) -> tensor<1x2x!q> {
  ^bb0(%x: !dataflow.stream<!q, lanes 2, shape [1, 4]>):
    %f = dataflow.fifo %x depth 2 : !dataflow.stream<!q, lanes 2, shape [1, 4]>
    %w = qnt.constant "fc.weight" dense<[[4, -3, 7, 1], [-6, 2, 0, 9]]> : tensor<2x4x!w>
    %o = dataflow.mvu %f, %w pe 1 simd 2 accumulator i20 multipliers [1] shifts [3] : (!dataflow.stream<!q, lanes 2, shape [1, 4]>, tensor<2x4x!w>) -> !dataflow.stream<!q, lanes 1, shape [1, 2]>
    dataflow.yield %o : !dataflow.stream<!q, lanes 1, shape [1, 2]>
  }
  func.return %y : tensor<1x2x!q>
}
"""


def alternating_frames(count: int, seed: int = 0) -> np.ndarray:
    """Frames [count, 1, 16] of ACCUMULATOR: -1, +1, -1, ... (every third
    frame random int8, so the outputs are not all 0)."""
    frames = np.zeros((count, 1, 16), dtype=np.int8)
    frames[:, :, 0::2] = -1
    frames[:, :, 1::2] = 1
    random = np.random.default_rng(seed).integers(-128, 128, (len(frames[::3]), 1, 16))
    frames[::3] = random.astype(np.int8)
    return frames


def random_frames(count: int, shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(-128, 128, (count, *shape)).astype(np.int8)
