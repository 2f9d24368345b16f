"""Printing IR for reading: large dense constants elided.

`ElidingPrinter` is xDSL's `Printer` with `elide_elements_larger_than = N`:
a `dense<...>` elements attribute of more than N elements (not a splat)
prints as `dense_resource<__elided__>` followed by its type, as
`mlir-opt --mlir-elide-elementsattrs-if-larger=N` prints it. The text is
for reading: it parses (xDSL reads `dense_resource<...>`), but an op that
holds weights does not verify with it. Every attribute printed through
`print_attribute` is covered, in the custom and the generic syntax; an op
whose custom syntax writes its dense value another way asks `elides` first.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.dialects.builtin import DenseIntOrFPElementsAttr
from xdsl.ir import Attribute
from xdsl.printer import Printer

ELIDED = "dense_resource<__elided__>"


@dataclass(eq=False, repr=False)
class ElidingPrinter(Printer):
    elide_elements_larger_than: int | None = None
    """Elide dense elements attributes of more elements than this (None:
    print everything)."""

    def print_attribute(self, attribute: Attribute) -> None:
        if elides(self, attribute):
            assert isinstance(attribute, DenseIntOrFPElementsAttr)
            self.print_string(f"{ELIDED} : ")
            super().print_attribute(attribute.get_type())
            return
        super().print_attribute(attribute)


def elides(printer: Printer, attribute: Attribute) -> bool:
    """Whether `printer` elides this attribute's elements."""
    if not isinstance(printer, ElidingPrinter) or printer.elide_elements_larger_than is None:
        return False
    return (
        isinstance(attribute, DenseIntOrFPElementsAttr)
        and len(attribute) > printer.elide_elements_larger_than
        and not attribute.is_splat()
    )
