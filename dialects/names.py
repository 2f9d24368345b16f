"""Unique names in one scope: the one name uniquer of the compiler.

`UniqueNames(taken, separator)` hands out names in call order: `fresh(base)`
is `base` when it is free, else `base<separator>N` with the smallest
`N >= 1` that is free; either way the name is then taken. Names are only
ever taken, never freed, so the smallest free `N` of a base never
decreases: the search for it starts where the previous one for that base
stopped (linear, not quadratic, in the names of one base: the SystemVerilog
of a fully parallel layer names tens of thousands of wires alike). It names
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
        self._next: dict[str, int] = {}
        """base: the smallest N that may be free (every smaller one is taken)."""

    def fresh(self, base: str) -> str:
        """`base`, or `base<separator>N` with the smallest free `N >= 1`;
        taken from now on."""
        name = base
        if name in self.taken:
            n = self._next.get(base, 1)
            while (name := f"{base}{self.separator}{n}") in self.taken:
                n += 1
            self._next[base] = n + 1
        self.taken.add(name)
        return name
