"""The flow's runs the tests share: each small design goes through asic-ppa
once per session (synthesis, timing, power), keeping its files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from support.flow_designs import ACCUMULATOR, FOLDED, alternating_frames, tool


@dataclass
class Run:
    directory: Path
    design: Path
    """The .sv (or .mlir) asic-ppa was given."""
    sv: Path
    mlir: Path
    report: dict
    table: str
    netlist: Path
    sdf: Path
    work: Path


def _run(
    directory: Path,
    name: str,
    source: str,
    *extra: str,
    design_kind: str = "sv",
    inputs: np.ndarray | None = None,
) -> Run:
    directory.mkdir(parents=True, exist_ok=True)
    mlir = directory / f"{name}.mlir"
    mlir.write_text(source)
    sv = directory / f"{name}.sv"
    tool("asic-opt", mlir, "-p", "lower-dataflow-to-rtl", "-t", "sv", "-o", sv)
    args: list[str | Path] = [sv if design_kind == "sv" else mlir, *extra]
    if inputs is not None:
        np.savez(directory / "inputs.npz", x=inputs)
        args += ["--inputs", directory / "inputs.npz"]
    out = {k: directory / f"{name}.{k}" for k in ("json", "v", "sdf")}
    result = tool(
        "asic-ppa", *args, "--json", out["json"], "--netlist", out["v"], "--sdf", out["sdf"],
        "--work", directory / "work",
    )  # fmt: skip
    return Run(
        directory, Path(args[0]), sv, mlir, json.loads(out["json"].read_text()), result.stdout,
        out["v"], out["sdf"], directory / "work",
    )  # fmt: skip


@pytest.fixture(scope="session")
def accumulator(tmp_path_factory) -> Run:
    """ACCUMULATOR from its .sv, with the activity of 12 alternating frames."""
    return _run(
        tmp_path_factory.mktemp("accumulator"), "acc", ACCUMULATOR, inputs=alternating_frames(12)
    )


@pytest.fixture(scope="session")
def folded(tmp_path_factory) -> Run:
    """FOLDED from its dataflow-level .mlir (cycles predicted), no activity."""
    return _run(tmp_path_factory.mktemp("folded"), "folded", FOLDED, design_kind="mlir")
