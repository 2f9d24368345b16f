"""Random dense networks through every level (`support.differential`): the
qnt interpreter, the dataflow interpreter, the RTL interpreter and
Verilator give the same integers, and every frame starts and ends in the
cycle the dataflow timing model predicts. A handful of models here (a few
through Verilator, whose builds take seconds each); bench/bench_differential.py
runs a thousand and saves the failing model shrunk."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings

from support.differential import DenseCase, buildable, check, dense_cases

SETTINGS = settings(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@settings(SETTINGS, max_examples=12)
@given(dense_cases())
def test_interpreters_agree_on_random_mlps(case: DenseCase) -> None:
    assume(buildable(case))
    check(case)


@settings(SETTINGS, max_examples=3)
@given(dense_cases(max_width=12))
def test_verilator_agrees_on_random_mlps(case: DenseCase) -> None:
    assume(buildable(case))
    check(case, verilator=True)
