"""`StreamViews`: the Python views of the stream types of the dataflow and
rtl dialects (lanes, frame shape, axis order, element bits)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xdsl.dialects.builtin import (
    IntegerType,
    Signedness,
)

if TYPE_CHECKING:
    from xdsl.dialects.builtin import ArrayAttr, IntAttr



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
