"""Several pixels per beat as RTL: `pixel_copies` builds the `hw.module` of
an engine that takes `p` rows (pixels, windows) per beat from `p` copies
of the module of its one-row datapath in lockstep.

Ports (the stream-block convention of `asic.lowering.rtl.builder`): `clk`,
`rst`, `in_data` (`p` rows of `in_bits` bits, row 0 in the low bits),
`in_valid`, `in_ready`, `out_data` (`p` rows of `out_bits` bits),
`out_valid`, `out_ready`.

Copy `m` takes row `m` of every input beat and gives row `m` of every
output beat. All copies see the same `in_valid` and `out_ready` from reset
on, so their control registers are equal in every cycle: `in_ready` and
`out_valid` are those of any copy (the AND of all, which is the same), and
the timing is the one-row engine's over `R/p` beats per frame. An engine
whose copies share constant weights (a fully parallel MVU: `pe = N`, `simd
= K`, one ROM word) costs `p` times the multipliers, and nothing else.
"""

from __future__ import annotations

from xdsl.dialects import hw
from xdsl.dialects.builtin import i1

from asic.lowering.rtl.builder import ModuleBuilder


def pixel_copies(name: str, row: hw.HWModuleOp, pixels: int, in_bits: int, out_bits: int) -> hw.HWModuleOp:
    """The hw.module of `pixels` copies of `row` in lockstep (module docstring)."""
    b = ModuleBuilder(name)
    clk, rst = b.clock(), b.reset()
    in_data = b.input("in_data", pixels * in_bits)
    in_valid = b.input("in_valid", i1)
    out_ready = b.input("out_ready", i1)
    readies, valids, datas = [], [], []
    for m in range(pixels):
        outputs = b.instance(
            row, f"row{m}", clk=clk, rst=rst, in_data=b.extract(in_data, m * in_bits, in_bits),
            in_valid=in_valid, out_ready=out_ready,
        )  # fmt: skip
        readies.append(outputs["in_ready"])
        valids.append(outputs["out_valid"])
        datas.append(outputs["out_data"])
    b.output("in_ready", b.and_(*readies))
    b.output("out_data", b.concat(*reversed(datas)))
    b.output("out_valid", b.and_(*valids))
    return b.finish()


__all__ = ["pixel_copies"]
