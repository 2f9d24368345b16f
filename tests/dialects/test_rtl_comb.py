"""What the RTL level asks of xDSL's comb ops (`asic.dialects.rtl_comb`): the
predicate names of comb.icmp, and the checks its verifiers leave out, as
the interpreter and the sv emitter both see them."""

from __future__ import annotations

import pytest
from xdsl.dialects import comb
from xdsl.dialects.builtin import IntegerAttr, IntegerType
from xdsl.utils.exceptions import InterpretationError, VerifyException
from xdsl.utils.test_value import create_ssa_value

from asic.dialects.rtl_comb import ICMP, check_comb_op, icmp_predicate
from asic.interp import rtl as interp_rtl


@pytest.mark.parametrize("predicate", ICMP)
def test_icmp_predicates_read_back(predicate: str) -> None:
    x = create_ssa_value(IntegerType(8))
    assert icmp_predicate(comb.ICmpOp(x, x, predicate)) == predicate


def _extract(low: int, bits: int) -> comb.ExtractOp:
    return comb.ExtractOp(create_ssa_value(IntegerType(8)), IntegerAttr(low, 32), IntegerType(bits))


def test_comb_checks() -> None:
    check_comb_op(_extract(4, 4))
    with pytest.raises(VerifyException, match=r"comb.extract of bits \[5, 9\) from a value of 8 bits"):
        check_comb_op(_extract(5, 4))
    replicate = comb.ReplicateOp(create_ssa_value(IntegerType(3)), IntegerType(8))
    with pytest.raises(VerifyException, match="multiple of the input width"):
        check_comb_op(replicate)
    parity = comb.ParityOp.create(
        operands=[create_ssa_value(IntegerType(8))], result_types=[IntegerType(2)]
    )
    with pytest.raises(VerifyException, match="comb.parity must produce an i1"):
        check_comb_op(parity)


def test_the_interpreter_reports_the_same_problem() -> None:
    with pytest.raises(InterpretationError, match=r"comb.extract of bits \[5, 9\)"):
        interp_rtl.check_comb_op(_extract(5, 4))
