"""The mutation fuzzer (`support.fuzz`) in the suite: a bounded number of
mutated ONNX models, IR chunks, pass pipelines and input files per kind,
each run by the tool in a forked child; every one must end in status 0 or
in a diagnostic (status 1, an `error:` line, no traceback, no output file),
within the timeout. The cases are derandomized, so the suite runs the same
ones every time; `bench/bench_fuzz.py` runs long campaigns on new ones."""

from __future__ import annotations

import functools
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.fuzz import KINDS, Corpus, make_case, run_case

REPO = Path(__file__).resolve().parents[2]
CASES_PER_KIND = 60


@functools.cache
def corpus() -> Corpus:
    """The lit inputs and the models of the ONNX checks' tests (written once
    per process)."""
    directory = Path(tempfile.mkdtemp(prefix="asic-fuzz-corpus."))
    sys.path.insert(0, str(REPO / "filecheck" / "lowering" / "onnx" / "checks" / "inputs"))
    from write_models import main as write_models

    write_models(str(directory))
    return Corpus.load(onnx_dir=directory)


@pytest.mark.parametrize("kind", KINDS)
@settings(
    max_examples=CASES_PER_KIND,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(rng=st.randoms(use_true_random=False))
def test_every_mutated_input_is_handled(kind: str, rng) -> None:
    case = make_case(kind, corpus(), rng)
    result = run_case(case)
    assert not result.failed, f"{result.outcome}: {case.describe()}\n{result.stderr[-4000:]}"


def test_the_corpus_has_seeds_at_every_level() -> None:
    seeds = corpus().seeds
    for level in ("nn", "qnt", "dataflow", "rtl"):
        assert sum(s.level == level for s in seeds) >= 5, level
    assert len(corpus().valid_onnx) >= 10
