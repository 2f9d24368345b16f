"""asic-ppa's ASIC report on two small designs (one flow run each, shared by
the tests: `conftest.py`): area per engine and part against the netlist
itself, the critical path in the design's terms, Fmax, power with and
without measured activity, and the per-frame figures."""

from __future__ import annotations

import re

import pytest

from asic.flow import sta
from asic.flow.activity import Annotations
from asic.flow.liberty import find_library, power_library
from asic.flow.netlist import read_netlist
from asic.flow.roles import module_roles


def _netlist_area(path) -> float:
    """The cell area of a structural Verilog netlist, read independently of
    the flow's JSON: every `CELL name (` of a library cell."""
    library = find_library(None)
    text = path.read_text()
    return sum(
        library.cells[m.group(1)].area
        for m in re.finditer(r"^\s*([A-Z][A-Z0-9]*) +\S+ \(", text, re.M)
    )


def test_area_per_engine_and_part_adds_up_to_the_netlist(folded) -> None:
    report = folded.report
    total = report["area"]
    assert total["um2"] == pytest.approx(_netlist_area(folded.netlist))
    from asic.flow.yosys import Synthesis

    yosys_area = Synthesis(folded.work / "synth", folded.work, None, 0, None).chip_area  # type: ignore[arg-type]
    assert yosys_area == pytest.approx(total["um2"])
    engines = report["engines"]
    assert list(engines) == ["u_f", "u_o"]  # pipeline order
    assert sum(e["area"]["um2"] for e in engines.values()) + report["top_module_area"][
        "um2"
    ] == pytest.approx(total["um2"])
    assert sum(total["parts_um2"].values()) == pytest.approx(total["um2"])
    fifo, mvu = engines["u_f"]["area"]["parts_um2"], engines["u_o"]["area"]["parts_um2"]
    assert fifo["memories"] > fifo["control"] > 0 and fifo["arithmetic"] == 0
    assert mvu["arithmetic"] > mvu["memories"] > 0 and mvu["registers"] > 0 and mvu["control"] > 0
    assert engines["u_o"]["module"] == "dataflow.mvu 2x4 pe 1 simd 2"
    assert engines["u_f"]["module"] == "dataflow.fifo depth 2"


def test_critical_path_is_named_in_the_design_terms(folded, accumulator) -> None:
    for run in (folded, accumulator):
        report = run.report
        critical = report["critical_path"]
        roles = module_roles(run.sv.read_text())
        for point in (critical["start"], critical["end"]):
            assert not re.search(r"(^|/)_\d+_$", point), point
            instance, _, name = point.rpartition("/")
            if instance:  # a register bit of an engine, else a port
                assert instance in report["engines"]
                assert any(r.role(name) is not None for r in roles.values()), point
        slowest = max(e["slowest_path"]["period_ns"] for e in report["engines"].values())
        assert slowest == pytest.approx(critical["period_ns"])
        assert report["period_ns"] == pytest.approx(
            -(-critical["period_ns"] // 0.01) * 0.01, abs=1e-9
        )
        assert report["fmax_mhz"] == pytest.approx(1e3 / report["period_ns"])
    # the accumulator's carry chain ends in the accumulator
    assert re.fullmatch(r"u_o/acc0\[\d+\]", accumulator.report["critical_path"]["end"])
    assert (
        "critical path" in accumulator.table
        and accumulator.report["critical_path"]["end"] in accumulator.table
    )


def test_per_frame_figures(folded, accumulator) -> None:
    for run, interval, source in ((folded, 4, "predicted"), (accumulator, 16, "measured")):
        report = run.report
        assert report["cycles"]["interval"] == interval and source in report["cycles"]["source"]
        figures, fmax = report["figures"], report["fmax_mhz"]
        assert figures["frames_per_s"] == pytest.approx(fmax * 1e6 / interval)
        assert figures["latency_us"] == pytest.approx(report["cycles"]["latency"] / fmax)
        assert figures["energy_per_frame_nj"] == pytest.approx(
            report["power"]["total_mw"] * 1e-3 * interval / (fmax * 1e6) * 1e9
        )
        assert figures["area_mm2"] == pytest.approx(report["area"]["um2"] / 1e6)


def test_power_follows_the_activity(accumulator) -> None:
    report = accumulator.report
    flops = report["area"]["flip_flops"]
    assert report["power"]["activity"] == f"{flops} of {flops} flip-flops measured"
    assert report["power"]["leakage_mw"] > 0 and report["power"]["switching_mw"] > 0
    # the same netlist with every register and input still, then toggling every cycle
    library = find_library(None)
    work = accumulator.work
    netlist = read_netlist(work / "synth" / "netlist.json", library, "acc")
    copy = power_library(library, work / "sta")
    pins = [f"u_o/{c.name}/QA" for c in netlist.modules["acc_mvu_w"].cells.values() if c.sequential]
    top = netlist.modules["acc"]
    ports = [
        f"{p.name}[{i}]" if len(p.bits) > 1 else p.name
        for p in top.ports.values() if p.direction == "input" and p.name != "clk" for i in range(len(p.bits))
    ]  # fmt: skip

    def power(activity: float) -> sta.PowerFigures:
        notes = Annotations(
            [(p, activity, 0.5) for p in pins],
            [(p, activity, 0.5) for p in ports],
            len(pins),
            len(pins),
        )
        return sta.power(
            accumulator.netlist,
            netlist,
            library,
            copy,
            work / "sta",
            period_ns=report["period_ns"],
            annotations=notes,
        ).total

    still, busy = power(0.0), power(1.0)
    assert still.switching_w == 0
    assert (
        busy.switching_w > 0 and busy.internal_w > still.internal_w
    )  # the clock's internal power stays
    assert still.leakage_w == pytest.approx(busy.leakage_w)
    measured = report["power"]["switching_mw"] * 1e-3
    assert 0 < measured < busy.switching_w
