"""Unique names in one scope: the one name uniquer of the compiler.

`UniqueNames(taken, separator)` hands out names in call order: `fresh(base)`
is `base` when it is free, else `base<separator>N` with the smallest
`N >= 1` that is free; either way the name is then taken. It names
`nn.constant`s unique in a module (the ONNX import, the passes that derive
new weights: separator `.`, so `conv1.weight` -> `conv1.weight.1`) and the
identifiers of a SystemVerilog scope (separator `_`, the SV keywords taken
from the start).
"""

from __future__ import annotations

from collections.abc import Iterable


class UniqueNames:
    """The names taken in one scope, to hand out fresh ones."""

    def __init__(self, taken: Iterable[str] = (), separator: str = "."):
        self.taken: set[str] = set(taken)
        self.separator = separator

    def fresh(self, base: str) -> str:
        """`base`, or `base<separator>N` with the smallest free `N >= 1`;
        taken from now on."""
        name, n = base, 0
        while name in self.taken:
            n += 1
            name = f"{base}{self.separator}{n}"
        self.taken.add(name)
        return name
