"""The engine patterns `lower-qnt-to-dataflow` applies, one per engine
kind, in the order the rewrite walker tries them on each op.

Adding an engine kind adds its pattern (a file beside this one) to this
list. Code outside the compiler, such as a test, may extend the list in
place (`ENGINE_PATTERNS.append(pattern)`): the pass reads it each time it
runs, and its "not mapped" diagnostic lists what every pattern `covers`
(`engines_cover`; the tests read the list from there, so adding a pattern
changes no test's text).
"""

from __future__ import annotations

from collections.abc import Sequence

from asic.lowering.qnt_to_dataflow.add import AddPattern
from asic.lowering.qnt_to_dataflow.argmax import ArgmaxPattern
from asic.lowering.qnt_to_dataflow.concat import ConcatPattern
from asic.lowering.qnt_to_dataflow.conv import ConvPattern
from asic.lowering.qnt_to_dataflow.engine_pattern import EnginePattern
from asic.lowering.qnt_to_dataflow.flatten import FlattenPattern
from asic.lowering.qnt_to_dataflow.lut import LutPattern
from asic.lowering.qnt_to_dataflow.mvu import MvuPattern
from asic.lowering.qnt_to_dataflow.pool import PoolPattern
from asic.lowering.qnt_to_dataflow.reshape import ReshapePattern

ENGINE_PATTERNS: list[EnginePattern] = [MvuPattern(), FlattenPattern(), ReshapePattern(), ArgmaxPattern()]
ENGINE_PATTERNS += [ConvPattern(), PoolPattern()]
ENGINE_PATTERNS += [LutPattern(), AddPattern(), ConcatPattern()]


def engines_cover(patterns: Sequence[EnginePattern] | None = None) -> list[str]:
    """What `patterns` (by default `ENGINE_PATTERNS`) cover, in their order:
    the list of the "not mapped" diagnostic."""
    return [what for pattern in (ENGINE_PATTERNS if patterns is None else patterns) for what in pattern.covers]
