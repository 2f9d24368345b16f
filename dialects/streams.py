"""What the stream types of the dataflow and rtl dialects share: the
Python views `StreamViews` (lanes, beats, frame shape, axis order, element
bits) and `port_prefix`, the naming of a stream's ports in the top module.
Both dialects import this module; neither imports the other."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from xdsl.dialects.builtin import (
    IntegerType,
    Signedness,
)

if TYPE_CHECKING:
    from xdsl.dialects.builtin import ArrayAttr, IntAttr


def port_prefix(name: str) -> str:
    """The prefix of a stream's ports: `name` with every character outside
    `[A-Za-z0-9_]` replaced by `_`, and `_` before a leading digit."""
    prefix = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if not prefix or prefix[0].isdigit():
        prefix = "_" + prefix
    return prefix


class StreamViews:
    """Python views of a stream type (`!dataflow.stream`, `#rtl.stream`)
    from its parameters `lanes`, `shape` and `order` and its `storage`, the
    element as the hardware sees it (`si8`, `ui4`, ...). No parameters of
    its own: it only reads those of the attribute."""

    if TYPE_CHECKING:
        lanes: IntAttr
        shape: ArrayAttr[IntAttr]
        order: ArrayAttr[IntAttr]

    @property
    def storage(self) -> IntegerType:
        raise NotImplementedError

    @property
    def beat_count(self) -> int:
        """Beats per frame."""
        raise NotImplementedError

    @property
    def lane_count(self) -> int:
        return self.lanes.data

    @property
    def frame_shape(self) -> tuple[int, ...]:
        return tuple(d.data for d in self.shape.data)

    @property
    def axis_order(self) -> tuple[int, ...]:
        return tuple(d.data for d in self.order.data)

    @property
    def bits(self) -> int:
        return self.storage.width.data

    @property
    def signed(self) -> bool:
        return self.storage.signedness.data == Signedness.SIGNED
