"""What asic-opt says about passes (`asic.tools.pass_help`): the pass list,
per-pass help, and pipeline diagnostics. The commands themselves are tested
in filecheck/tools/asic_opt."""

from __future__ import annotations

import subprocess
import sys

import pytest

from asic.diagnostics import UserError
from asic.tools.pass_help import check_pipeline, passes_text
from asic.universe import PASSES


def test_list_has_every_pass_once_in_pipeline_order() -> None:
    text = passes_text(PASSES, ["cse", "canonicalize", "lower-affine"])
    ours, others = text.split("\n\nother passes")
    names = [line.split()[0] for line in ours.splitlines()[1:] if line[2] != " "]
    assert names == list(PASSES)
    assert names[0] == "fuse-bias" and names[-1] == "lower-dataflow-to-rtl"
    assert others.splitlines()[1] == "  canonicalize, cse, lower-affine"
    assert max(len(line) for line in text.splitlines()) <= 100


@pytest.mark.parametrize(
    "pipeline, hint",
    [
        ("calibrate{data=calib.npz}", 'calibrate{data="calib.npz"}'),
        ("prune{data=/tmp/c.npz sparsity=0.5}", 'prune{data="/tmp/c.npz" sparsity=0.5}'),
        ("fuse-bias,low-rank{exclude=fc.w data=a.npz}", 'low-rank{exclude="fc.w" data="a.npz"}'),
    ],
)
def test_quoting_hint(pipeline: str, hint: str) -> None:
    with pytest.raises(UserError) as error:
        check_pipeline(pipeline, PASSES)
    assert f": {pipeline.split(',')[0] + ',' if ',' in pipeline else ''}{hint}" in str(error.value)


def test_valid_pipelines_pass() -> None:
    check_pipeline('fuse-bias,calibrate{data="c.npz"},tile{multipliers=8 padding=false}', PASSES)
    check_pipeline("", PASSES)


def test_unknown_pass() -> None:
    with pytest.raises(
        UserError, match=r"Unrecognized passes: \['sheduler'\]; did you mean 'schedule'\?"
    ):
        check_pipeline("fuse-bias,sheduler", PASSES)


def test_an_ordinary_run_imports_no_other_pass() -> None:
    """asic-opt imports only the passes a pipeline names (the help, which
    imports them all, is built only for --help)."""
    code = (
        "import sys; from asic.tools.asic_opt import main\n"
        "sys.argv = ['asic-opt', '-p', 'fuse-bias', '-o', '/dev/null']\n"
        "try:\n    main()\nfinally:\n"
        "    print(sorted(m for m in sys.modules if m.startswith(('asic.passes', 'asic.lowering', 'sympy', 'onnx'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        input="builtin.module {}",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = eval(result.stdout.strip().splitlines()[-1])
    assert "asic.passes.fuse_bias" in loaded
    assert not [
        m for m in loaded if m.startswith(("sympy", "onnx", "asic.lowering", "asic.passes.tile"))
    ]
