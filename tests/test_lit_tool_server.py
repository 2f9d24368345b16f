"""The lit suite's tool server (filecheck/tool_server.py): a tool run
through its client reads the same standard input, writes the same output
and error and ends with the same status as the installed tool, in the
working directory and environment it was started in; and without a server,
or with a start-up variable of Python changed, the client runs the
installed tool."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

spec = importlib.util.spec_from_file_location("tool_server", ROOT / "filecheck" / "tool_server.py")
assert spec is not None and spec.loader is not None
tool_server = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool_server)

MODULE = "func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {\n  func.return %x : tensor<2xf32>\n}\n"


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The clients' folder and an environment with the server's address."""
    folder = tmp_path_factory.mktemp("served")
    environment = {"PATH": os.environ["PATH"], "PYTHONHASHSEED": "0"}
    server = tool_server.start(folder, environment)
    yield folder, environment
    server.terminate()
    server.wait()


def run(executable: Path, args: list[str], environment: dict[str, str], cwd: Path, stdin: str = ""):
    result = subprocess.run(
        [str(executable), *args],
        input=stdin,
        capture_output=True,
        check=False,
        text=True,
        env=environment,
        cwd=cwd,
    )
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize(
    "args, stdin",
    [
        (["--print-op-generic"], MODULE),  # a pipe in and out
        (["missing.mlir"], ""),  # a diagnostic, status 1
        (["-p", "no-such-pass"], MODULE),
        (["in.mlir", "-o", "out.mlir"], ""),  # relative paths in the working directory
    ],
)
def test_served_tool_runs_as_installed(served, tmp_path, args, stdin) -> None:
    folder, environment = served
    (tmp_path / "in.mlir").write_text(MODULE)
    served_run = run(folder / "asic-opt", args, environment, tmp_path, stdin)
    written = (tmp_path / "out.mlir").read_text() if (tmp_path / "out.mlir").exists() else None
    (tmp_path / "out.mlir").unlink(missing_ok=True)
    installed_run = run(BIN / "asic-opt", args, environment, tmp_path, stdin)
    assert served_run == installed_run
    assert written == ((tmp_path / "out.mlir").read_text() if written is not None else None)


def test_exit_status_of_filecheck(served, tmp_path) -> None:
    folder, environment = served
    (tmp_path / "check.txt").write_text("// CHECK: two\n")
    assert run(folder / "filecheck", ["check.txt"], environment, tmp_path, "one\ntwo\n")[0] == 0
    status, _, error = run(folder / "filecheck", ["check.txt"], environment, tmp_path, "one\n")
    assert status == 1 and "two" in error


def test_environment_reaches_the_tool(served, tmp_path) -> None:
    """A variable set for one run (here a missing simulation cache) is the
    tool's, not the server's."""
    folder, environment = served
    cache = tmp_path / "cache"
    status, out, _ = run(
        folder / "asic-sim",
        ["--clear-cache"],
        {**environment, "ASIC_SIM_CACHE": str(cache)},
        tmp_path,
    )
    assert status == 0 and str(cache) in out


def test_python_startup_variables_decide_the_fallback() -> None:
    """A tool forked from the server hashes, warns and imports as the
    server's interpreter started; a run with other start-up variables
    (PYTHONPATH aside, which the forked tool puts in front of sys.path)
    goes to the installed tool."""
    current = {k: v for k, v in os.environ.items() if k.startswith("PYTHON")}
    assert tool_server._same_startup({**current, "PYTHONPATH": "/elsewhere"})
    assert not tool_server._same_startup({**current, "PYTHONHASHSEED": "12345"})
    assert not tool_server._same_startup({**current, "PYTHONWARNINGS": "error"})


@pytest.mark.parametrize("variable", ["PYTHONHASHSEED", tool_server.ADDRESS_VARIABLE])
def test_client_falls_back_to_the_installed_tool(served, tmp_path, variable) -> None:
    """With another hash seed, or no server, the client runs the installed
    tool."""
    folder, environment = served
    if variable == "PYTHONHASHSEED":
        changed = {**environment, variable: "1"}
    else:
        changed = {k: v for k, v in environment.items() if k != variable}
    assert run(folder / "asic-opt", [], changed, tmp_path, MODULE) == run(
        BIN / "asic-opt", [], changed, tmp_path, MODULE
    )
