"""What an engine's conversion pattern is, and the helpers the patterns
share.

Inside a graph being converted (`asic.lowering.qnt_to_dataflow.boundary`),
a tensor that travels as a stream is the result of a cast of that stream:

    %x = builtin.unrealized_conversion_cast %s : !dataflow.stream<!qx, lanes 1, shape [1, 6]> to tensor<1x6x!qx>

An `EnginePattern` matches a qnt op (with the ops it fuses, such as the
requantization and clamp behind a `qnt.dense`) whose data inputs are such
casts (`input_stream`), builds its engine on the streams, and replaces the
result of the last op it fuses by a cast of the engine's output stream
(`replace_by_engine`), which the ops behind it then match on in turn. The
types of the streams come from the qnt types (element, frame shape); lanes
are made to agree after the walk (`dataflow.legalize_lanes`).

`match` and `rewrite` are separate: the walker asks `match` and, on a
match, `rewrite`s; the pass asks `match` again of an op left unconverted
for the `Refusal` that says why (`asic.lowering.qnt_to_dataflow.errors`).
`match` builds no op, so asking it changes nothing.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from xdsl.dialects.builtin import UnrealizedConversionCastOp
from xdsl.ir import Block, Operation, SSAValue
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern
from xdsl.rewriter import InsertPoint

from asic.dialects import dataflow as df
from asic.dialects import qnt
from asic.lowering.qnt_to_dataflow.errors import Refusal, where

MatchT = TypeVar("MatchT")
OpT = TypeVar("OpT", bound=Operation)


class EnginePattern(RewritePattern, ABC, Generic[MatchT]):
    """The conversion of the qnt ops one engine kind implements."""

    covers: ClassVar[tuple[str, ...]] = ()
    """What the engine takes, as the "not mapped" diagnostic lists it
    (`"qnt.argmax"`, `"qnt.dense with its qnt.requantize and qnt.clamp"`)."""

    @abstractmethod
    def match(self, op: Operation) -> MatchT | None:
        """What the engine replaces when `op` is the first op of its form and
        its data inputs are streams; None when `op` is not the engine's or
        an input is not converted yet. Raises a `Refusal` when `op` is the
        engine's to convert, in a form it does not take."""

    @abstractmethod
    def rewrite(self, match: MatchT, rewriter: PatternRewriter) -> None:
        """Replace the matched ops by the engine (`replace_by_engine`)."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        try:
            match = self.match(op)
        except Refusal:
            return  # the op stays; the pass reports it if nothing converts it
        if match is not None:
            self.rewrite(match, rewriter)


def stream_behind(value: SSAValue) -> SSAValue | None:
    """The stream `value` is a cast of, else None."""
    owner = value.owner
    if isinstance(owner, UnrealizedConversionCastOp) and isinstance(
        owner.inputs[0].type, df.StreamType
    ):
        return owner.inputs[0]
    return None


def input_stream(value: SSAValue, user: Operation) -> SSAValue | None:
    """The stream carrying the data input `value` of `user`; None while the
    op producing it is not converted yet."""
    owner = value.owner
    if isinstance(owner, qnt.ConstantOp):
        raise Refusal(
            f"{where(user)} takes the constant '{owner.sym_name.data}' as its data "
            "input: fold constant computations first (fold-constants)"
        )
    block = owner if isinstance(owner, Block) else owner.parent_block()
    if block is not user.parent_block():  # a host value no stream carries
        raise Refusal(f"{where(user)}: its input {value.type} is not a quantized tensor")
    return stream_behind(value)


def rom_constant(value: SSAValue | None, what: str, user: Operation) -> SSAValue | None:
    """A weight operand of `user` (its `what`): a `qnt.constant` of the
    graph, the contents of a ROM."""
    if value is not None and not isinstance(value.owner, qnt.ConstantOp):
        raise Refusal(f"{where(user)}: its {what} must be a qnt.constant to be stored in a ROM")
    return value


def only_user(value: SSAValue) -> Operation | None:
    """The op using `value`, if it has exactly one use."""
    uses = list(value.uses)
    return uses[0].operation if len(uses) == 1 else None


def _readers(user: Operation, index: int) -> set[Operation]:
    """The ops reading operand `index` of `user`: the host's ops reading
    the graph's result when `user` is the yield."""
    if isinstance(user, df.YieldOp):
        graph = user.parent_op()
        assert graph is not None
        return {use.operation for use in graph.results[index].uses}
    return {user}


def one_consumer(value: SSAValue) -> None:
    """`value` becomes a stream, which has one consumer: an engine, or the
    host (the graph's yield); engines consuming it several times take it
    through forks (`dataflow.insert_forks`), the host never."""
    uses = {use.operation for use in value.uses}
    if len(uses) > 1 and any(isinstance(user, df.YieldOp) for user in uses):
        users = set().union(*(_readers(use.operation, use.index) for use in value.uses))
        owner = value.owner
        assert isinstance(owner, Operation)
        raise Refusal(
            f"the result of {where(owner)} has {len(users)} users: a stream has one "
            "consumer (fan-out to the host is not mapped to hardware)"
        )


@dataclass
class OnStream(Generic[OpT]):
    """A match of one op, its data input carried by the stream `input`."""

    op: OpT
    input: SSAValue


def on_stream(op: OpT, data: SSAValue) -> OnStream[OpT] | None:
    """`op` as one engine whose data input `data` is a stream (None while
    it is not one yet) and whose result becomes a stream."""
    stream = input_stream(data, op)
    if stream is None:
        return None
    one_consumer(op.results[0])
    return OnStream(op, stream)


def replace_by_stream(rewriter: PatternRewriter, ops: Sequence[Operation], stream: SSAValue) -> None:
    """Erase `ops`, a chain whose last op's result travels as `stream` from
    now on (the result's uses take a cast of it)."""
    result = ops[-1].results[0]
    cast, tensor = UnrealizedConversionCastOp.cast_one(stream, result.type)
    rewriter.insert(cast, InsertPoint.before(ops[0]))
    rewriter.replace_all_uses_with(result, tensor)
    for op in reversed(ops):
        rewriter.erase(op)


def replace_by_engine(rewriter: PatternRewriter, ops: Sequence[Operation], engine: Operation) -> None:
    """Replace `ops` (the chain `engine` implements, the last op's result
    its output) by `engine`, where the first of them was; the engine's
    stream takes the name of that result."""
    engine.results[0].name_hint = ops[-1].results[0].name_hint
    rewriter.insert(engine, InsertPoint.before(ops[0]))
    replace_by_stream(rewriter, ops, engine.results[0])
