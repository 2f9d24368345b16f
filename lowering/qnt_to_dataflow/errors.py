"""The diagnostics of `lower-qnt-to-dataflow`.

Every one is a `UserError` whose text starts with the pass name
(`fail`). An engine pattern does not raise them while the rewrite walker
runs: it raises a `Refusal` when an op is its to convert in a form it does
not take (the walker leaves the op as it is), and the pass reports the
refusal of the first op left unconverted. A `NotMapped` refusal is worded

    qnt.dense is not mapped to hardware yet (%a): its accumulator must go to exactly one qnt.requantize; the engines cover ...

with the list of what the registered patterns cover (`not_mapped`,
`enumeration` of `registry.engines_cover()`); an op no pattern claims
gets the same sentence without a reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NoReturn

from xdsl.ir import Operation

from asic.diagnostics import UserError

PASS = "lower-qnt-to-dataflow"


def fail(message: str) -> NoReturn:
    raise UserError(f"{PASS}: {message}")


def _result_name(op: Operation) -> str | None:
    return op.results[0].name_hint if op.results and op.results[0].name_hint else None


def where(op: Operation) -> str:
    """The op as a diagnostic names it: `qnt.dense %a`."""
    name = _result_name(op)
    return f"{op.name} %{name}" if name else op.name


def enumeration(items: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def not_mapped(op: Operation, why: str, covered: Sequence[str]) -> str:
    """`op` is no engine's (`why`, if given, starts with ': ')."""
    name = _result_name(op)
    at = f" (%{name})" if name else ""
    return (
        f"{op.name} is not mapped to hardware yet{at}{why}; the engines cover "
        f"{enumeration(covered)}"
    )


class Refusal(Exception):
    """An op an engine pattern would convert, in a form it does not take:
    `message` is the diagnostic if the op stays unconverted."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def diagnostic(self, covered: Sequence[str]) -> str:
        return self.message


class NotMapped(Refusal):
    """A refusal worded as "`op` is not mapped to hardware yet: `why`"."""

    def __init__(self, op: Operation, why: str):
        super().__init__(f"{op.name}{why}")
        self.op, self.why = op, why

    def diagnostic(self, covered: Sequence[str]) -> str:
        return not_mapped(self.op, self.why, covered)
