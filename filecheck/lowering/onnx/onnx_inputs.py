"""What the `make_inputs.py` scripts of the ONNX import tests share (each
adds this folder to `sys.path`): initializers, and writing the models or
checking that the committed files are what the script writes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

import numpy as np
from onnx import TensorProto, numpy_helper

F = TensorProto.FLOAT


def initializer(name: str, array) -> TensorProto:
    return numpy_helper.from_array(np.asarray(array), name)


def write_or_check(directory: str, files: Mapping[str, bytes], argv: list[str]) -> int:
    """Writes `files` (by name) into `directory`; with `--check` in `argv`,
    writes nothing and returns 1 if a file there is missing or differs."""
    check = "--check" in argv
    stale = []
    for name, data in files.items():
        path = os.path.join(directory, name)
        if check:
            try:
                with open(path, "rb") as f:
                    if f.read() != data:
                        stale.append(name)
            except FileNotFoundError:
                stale.append(name)
        else:
            with open(path, "wb") as f:
                f.write(data)
    if stale:
        print(f"stale inputs (run make_inputs.py): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0
