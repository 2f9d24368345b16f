"""The RTL builders of the dataflow engines, registered per op class.

    @rtl_builder(df.MvuOp)
    def mvu_engine(op: df.MvuOp) -> EngineModule:
        spec = mvu_spec(op)
        return EngineModule(spec.key(), "mvu_fc0", lambda name: mvu_module(name, spec))

`lower-dataflow-to-rtl` asks `engine_module(op)` for every engine of a
graph (but wires, `EngineOp.WIRES`): the builder registered for the op's
class (or its nearest base class) says what the engine's `hw.module`
depends on (`key`: engines of one kind with equal keys share one module),
a name for it, and how to build it. The module has the stream-block ports
of `asic.lowering.rtl.builder` for each stream of the engine: `clk`, `rst`,
then `in_data`, `in_valid`, `in_ready` for its input and `out_data`,
`out_valid`, `out_ready` for its output; an engine with several inputs (or
outputs) numbers them, `in0_*`, `in1_*`, ... (`stream_port`).

Why a registry and not a method of the op, as the engine's other behaviour
is: dependencies run from the lowering to the dialect, never back (the
dataflow dialect does not know the rtl level, its builders or xDSL's hw
dialect). So the builder is attached from the lowering side, the way
MLIR's external interface models and xDSL's interpreter implementations
(`register_impls`) attach behaviour to ops that do not know it. A test or
another package registers its engines' builders the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from xdsl.dialects import hw
from xdsl.ir import Operation

from asic.diagnostics import UserError


@dataclass(frozen=True)
class EngineModule:
    """What an engine's `hw.module` is (module docstring)."""

    key: Hashable
    """Everything the module depends on: engines of a kind with equal keys
    share one module."""
    name: str
    """The module's name within the design (the design's prefix goes in
    front, a number behind if taken): `mvu_fc0`, `fifo_w24_d4`."""
    build: Callable[..., hw.HWModuleOp]
    """Builds the module under the name given (and, when it has `parts`,
    the modules built for them)."""
    parts: tuple[EngineModule, ...] = ()
    """The modules it instantiates (several copies of one engine's
    datapath), built first and shared by key like engines' modules."""


Builder = Callable[[Any], EngineModule]

_BUILDERS: dict[type[Operation], Builder] = {}

F = TypeVar("F", bound=Builder)


def rtl_builder(op_type: type[Operation]) -> Callable[[F], F]:
    """Register the decorated function as the RTL builder of `op_type`'s
    engines."""

    def register(builder: F) -> F:
        _BUILDERS[op_type] = builder
        return builder

    return register


def engine_module(op: Operation) -> EngineModule:
    """The module of an engine, from the builder registered for its class
    (or nearest base class)."""
    for cls in type(op).__mro__:
        builder = _BUILDERS.get(cls)
        if builder is not None:
            return builder(op)
    raise UserError(f"lower-dataflow-to-rtl: {op.name} has no hardware yet")


def stream_port(direction: str, port: int, ports: int) -> str:
    """The prefix of the ports of stream `port` of `ports` of an engine
    module: `in` / `out` for a single stream, else `in0`, `in1`, ...
    (`direction` is "in" or "out")."""
    return direction if ports == 1 else f"{direction}{port}"


__all__ = ["EngineModule", "engine_module", "rtl_builder", "stream_port"]
