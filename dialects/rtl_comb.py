"""The comb ops (xDSL's `xdsl.dialects.comb`) as the RTL level reads them.

What the interpreter (`asic.interp.rtl`) and the SystemVerilog emitter
(`asic.lowering.rtl_to_sv`) both ask of a comb op, written once:

- `ICMP`: the names of `comb.icmp`'s predicates, indexed by the value of its
  `predicate` property (xDSL's `ICMP_COMPARISON_OPERATIONS`, CIRCT's order);
  `icmp_predicate(op)` reads one.
- `check_comb_op(op)`: what the type constraints of xDSL's comb ops leave
  unchecked and the semantics in `asic.dialects.rtl` require: an extract
  lies inside its input, a replicate widens to a multiple of its input's
  width, a parity produces one bit. A violation is a `VerifyException`.
"""

from __future__ import annotations

from xdsl.dialects import comb
from xdsl.ir import Operation
from xdsl.utils.exceptions import VerifyException

from asic.dialects.rtl import width_of

ICMP: tuple[str, ...] = tuple(comb.ICMP_COMPARISON_OPERATIONS)
"""`comb.icmp` predicates by the integer value of the `predicate` property."""


def icmp_predicate(op: comb.ICmpOp) -> str:
    """The name of `op`'s predicate (`"slt"`, ...)."""
    return ICMP[op.predicate.value.data]


def check_comb_op(op: Operation) -> None:
    """Raise `VerifyException` when `op` breaks a rule of the module
    docstring that xDSL's comb verifiers do not check; any other op passes."""
    if isinstance(op, comb.ExtractOp):
        low = op.low_bit.value.data
        w, bits = width_of(op.result.type), width_of(op.input.type)
        if low < 0 or low + w > bits:
            raise VerifyException(
                f"comb.extract of bits [{low}, {low + w}) from a value of {bits} bits"
            )
    elif isinstance(op, comb.ReplicateOp):
        if width_of(op.result.type) % width_of(op.input.type):
            raise VerifyException(
                f"comb.replicate from {width_of(op.input.type)} to "
                f"{width_of(op.result.type)} bits: the result width must be a multiple "
                "of the input width"
            )
    elif isinstance(op, comb.ParityOp) and width_of(op.result.type) != 1:
        raise VerifyException("comb.parity must produce an i1")
