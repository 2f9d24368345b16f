"""The roles of the emitted SystemVerilog's registers (`asic.flow.roles`):
if the sv target changes the forms it prints, these fail."""

from __future__ import annotations

from asic.flow.roles import CONTROL, DATA, RAM_READ, RAM_WORD, ROM, module_roles
from asic.lowering.dataflow_to_rtl import LowerDataflowToRtlPass
from asic.lowering.rtl_to_sv import sv_text
from asic.universe import dialect_context
from support.dataflow_models import parse_any
from support.flow_designs import FOLDED


def test_roles_of_a_fifo_and_a_folded_mvu() -> None:
    module = parse_any(FOLDED)
    LowerDataflowToRtlPass().apply(dialect_context(), module)
    roles = module_roles(sv_text(module))
    assert set(roles) == {"folded", "folded_fifo_w16_d2", "folded_mvu_fc"}
    fifo, mvu = roles["folded_fifo_w16_d2"], roles["folded_mvu_fc"]
    assert fifo.memories == {"mem_q_mem"}
    assert fifo.registers["mem_q"] == RAM_READ
    assert fifo.role("mem_q_mem[1]") == RAM_WORD and fifo.role("mem_q_mem[1][7]") == RAM_WORD
    assert {fifo.registers[r] for r in ("wptr", "rptr", "count")} == {CONTROL}
    assert mvu.registers["w"] == ROM and mvu.role("w[5]") == ROM
    assert mvu.registers["acc0"] == DATA and mvu.registers["out_q"] == DATA
    assert mvu.registers["out_full"] == CONTROL and mvu.registers["v1"] == CONTROL
    assert mvu.role("_mux_3") is None
    assert roles["folded"].registers == {}
