"""The pipelined adder tree (`asic.lowering.rtl.adder_tree`): any numbers
sum exactly modulo the width through the registered stages, and a stage
registers only the bits its groups' sums can span (`Term`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.dialects import hw, seq

from asic.dialects.dataflow.pipeline import ADDER_FAN_IN
from asic.lowering.rtl.adder_tree import Term, adder_tree
from asic.lowering.rtl.builder import ModuleBuilder, width
from support.settled import settled_output

WIDTH = 24


def _tree(shapes: list[tuple[int, int, bool]], stages: int) -> tuple[hw.HWModuleOp, int]:
    """A module whose input word holds one unsigned number per `(bits,
    shift, signed)` and whose output is the tree's numbers added: the
    shifted numbers as `Term`s spanning their bits, or (signed) as any
    number of the width. Returns the module and the input word's width."""
    b = ModuleBuilder("tree")
    b.clock()
    word = b.input("x", sum(bits for bits, _, _ in shapes))
    terms: list[Term] = []
    offset = 0
    for bits, shift, signed in shapes:
        value = b.shl(b.zext(b.extract(word, offset, bits), WIDTH), shift) if shift else b.zext(b.extract(word, offset, bits), WIDTH)
        terms.append(Term.of(value) if signed else Term(value, shift, min(WIDTH, shift + bits)))
        offset += bits
    numbers = adder_tree(b, terms, stages, None, "sum")
    b.output("y", b.add(*numbers) if len(numbers) > 1 else numbers[0])
    return b.finish(), offset


def _evaluate(module: hw.HWModuleOp, word: int) -> int:
    """The output once the pipeline is full (clock 0)."""
    return settled_output(module, [0, word])


def _register_widths(module: hw.HWModuleOp) -> list[int]:
    return [width(op.results[0]) for op in module.walk() if isinstance(op, seq.CompRegOp)]


SHAPES = st.lists(st.tuples(st.integers(1, 9), st.integers(0, 20), st.booleans()), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None)
@given(shapes=SHAPES, stages=st.integers(0, 3), data=st.data())
def test_the_tree_sums_exactly_modulo_its_width(shapes, stages, data):
    module, bits = _tree(shapes, stages)
    word = data.draw(st.integers(0, (1 << bits) - 1))
    expected, offset = 0, 0
    for n, shift, _ in shapes:
        expected += ((word >> offset) & ((1 << n) - 1)) << shift
        offset += n
    assert _evaluate(module, word) == expected % (1 << WIDTH)


def test_a_group_registers_the_bits_its_sum_can_span():
    # three 8-bit numbers shifted by 4: below 3 * 255 * 16 < 2^14, zero below bit 4
    module, _ = _tree([(8, 4, False)] * 3, 1)
    assert _register_widths(module) == [10]
    # a number of any value keeps the whole width
    module, _ = _tree([(8, 4, False), (8, 0, True)], 1)
    assert _register_widths(module) == [WIDTH]


def test_a_stage_groups_numbers_of_nearby_bits():
    # the numbers shifted by 0 and by 12 interleaved: grouped apart after ordering
    shapes = [(8, 12 * (i % 2), False) for i in range(2 * ADDER_FAN_IN)]
    module, _ = _tree(shapes, 1)
    span = (ADDER_FAN_IN * 255).bit_length()
    assert sorted(_register_widths(module)) == [span, min(span, WIDTH - 12)]
    assert _evaluate(module, (1 << (16 * ADDER_FAN_IN)) - 1) == ADDER_FAN_IN * 255 * (1 + (1 << 12)) % (1 << WIDTH)

