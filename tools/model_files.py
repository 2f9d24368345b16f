"""The files the tools read and write: a model (textual IR at any level, or
an ONNX model), inputs (`.npz` by name, or one `.npy`) and outputs (an
`.npz` by name, written only once everything succeeded). asic-run, asic-sim
and asic-ppa read and write them alike, and parse IR in the context of
every registered dialect (`asic.universe.dialect_context`); a text file that is not
UTF-8 is a diagnostic (`read_text`)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence

import numpy as np
from xdsl.dialects.builtin import ModuleOp

from asic.diagnostics import UserError
from asic.dialects import dataflow as df
from asic.interp.inputs import read_arrays
from asic.tools.ir_text import LocatedParser, parse_ir, verify_module
from asic.universe import dialect_context


def read_text(path: str, expected: str) -> str:
    """The text of the file `path`; a diagnostic naming what was `expected`
    when it is not UTF-8 text."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        return data.decode()
    except UnicodeDecodeError:
        raise UserError(f"'{path}' is not a text file (expected {expected})") from None


def parse_module(path: str, text: str) -> ModuleOp:
    """The module of the IR `text` read from `path` (diagnostics located in
    it), verified."""
    module = LocatedParser(dialect_context(), text, path).parse_module()
    verify_module(module)
    return module


def dataflow_graphs(module: ModuleOp) -> list[df.GraphOp]:
    """The module's `dataflow.graph`s, in order (none below the dataflow
    level)."""
    return [op for op in module.walk() if isinstance(op, df.GraphOp)]


def load_model(
    path: str,
    *,
    onnx_outputs: Sequence[str] | None = None,
    batch_size: int | None = None,
    keep_qdq: bool = False,
) -> ModuleOp:
    """The module in `path`, parsed (.mlir) or imported (.onnx), verified."""
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".onnx"):
        from asic.lowering.onnx.importer import import_onnx

        module = import_onnx(
            data,
            outputs=onnx_outputs,
            batch_size=1 if batch_size is None else batch_size,
            path=path,
            qdq="fake-quant" if keep_qdq else "integer",
        )
    else:
        if onnx_outputs is not None or batch_size is not None:
            raise UserError("--onnx-outputs and --batch-size apply to .onnx models only")
        if keep_qdq:
            raise UserError("--keep-qdq applies to .onnx models only")
        module = parse_ir(dialect_context(), data, path)
    verify_module(module)
    return module


def load_inputs(path: str) -> Mapping[str, np.ndarray] | list[np.ndarray]:
    """The arrays of an .npz (by name) or .npy (one, positional)."""
    return read_arrays(path, "inputs")


def save_outputs(path: str, outputs: Mapping[str, np.ndarray]) -> None:
    """Write the outputs as an .npz at exactly `path`, in one write of a
    buffer built first. (Not `np.savez(path, **outputs)`: it appends `.npz`
    to other names, and an output called `file` would clash with its
    parameter.)"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, array in outputs.items():
            with archive.open(f"{name}.npy", "w") as member:
                np.lib.format.write_array(member, np.asanyarray(array), allow_pickle=False)
    with open(path, "wb") as f:
        f.write(buffer.getvalue())
