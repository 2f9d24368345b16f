"""The name uniquer (`asic.dialects.names.UniqueNames`) and its two
specializations: constant names of a module (`ConstantNames`) and the
identifiers of a SystemVerilog scope (`asic.lowering.rtl_to_sv.Namespace`)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
import numpy as np
from xdsl.dialects.builtin import ModuleOp, f32

from asic.dialects.names import UniqueNames
from asic.lowering.rtl_to_sv import RESERVED, Namespace
from asic.passes.common.constants import ConstantNames, make_constant

_names = st.text(alphabet="ab._1", min_size=1, max_size=4)


@given(
    taken=st.lists(_names, max_size=6),
    asked=st.lists(_names, max_size=12),
    sep=st.sampled_from([".", "_"]),
)
def test_fresh_names_are_the_first_free_suffix(
    taken: list[str], asked: list[str], sep: str
) -> None:
    names = UniqueNames(taken, sep)
    used = set(taken)
    for base in asked:
        name = names.fresh(base)
        assert name not in used
        if base not in used:
            assert name == base
        else:
            suffix = name.removeprefix(base + sep)
            assert name.startswith(base + sep) and suffix.isdigit()
            # the smallest free suffix
            assert all(f"{base}{sep}{n}" in used for n in range(1, int(suffix)))
        used.add(name)
    assert names.taken == used


def test_fresh_examples() -> None:
    names = UniqueNames(["w", "w.1"])
    assert [names.fresh("w"), names.fresh("w"), names.fresh("b"), names.fresh("b")] == [
        "w.2",
        "w.3",
        "b",
        "b.1",
    ]


def test_constant_names_start_from_the_module() -> None:
    module = ModuleOp([make_constant(np.ones(2, np.float32), f32, name) for name in ("w", "w.1")])
    names = ConstantNames(module)
    assert names.fresh("w") == "w.2"
    assert names.fresh("w.bn_folded") == "w.bn_folded"


def test_sv_namespace_legalizes_then_uniques() -> None:
    scope = Namespace()
    assert scope.fresh("x/y") == "x_y"
    assert scope.fresh("x.y") == "x_y_1"
    assert scope.fresh("3d") == "_3d"
    assert "module" in RESERVED
    assert scope.fresh("module") == "module_"
    assert scope.fresh("module") == "module__1"
