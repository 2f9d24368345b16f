"""The flow's results as a table for the terminal and as JSON (`asic-ppa
--json`), for each target. Units: um2 and mm2, ns, MHz, mW, us, nJ."""

from __future__ import annotations

from asic.flow.area import PARTS
from asic.flow.ppa import AsicResult, GenericResult
from asic.flow.xilinx import Resources


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:]))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def asic_text(result: AsicResult) -> str:
    out = [
        f"{result.top}: {result.library.name} ({result.library.path}), "
        f"{result.yosys.version.split('(')[0].strip()}{' (yowasp)' if not result.yosys.native else ''}, OpenSTA",
        "",
    ]
    header = ["engine", "module", "area um2", "cells", *PARTS, "path ns", "power mW"]
    rows = []
    for inst, module in result.engines.items():
        area = result.area[inst]
        path = result.timing.engines.get(inst)
        power = result.power.engines.get(inst)
        rows.append([
            inst, module, f"{area.um2:.0f}", str(area.cells), *(f"{area.parts[p]:.0f}" for p in PARTS),
            f"{path.period_ns:.3f}" if path else "-", f"{power.total_w * 1e3:.3f}" if power else "-",
        ])  # fmt: skip
    if result.top_area.cells:
        a = result.top_area
        rows.append(
            [
                "(top)",
                result.top,
                f"{a.um2:.0f}",
                str(a.cells),
                *(f"{a.parts[p]:.0f}" for p in PARTS),
                "",
                "",
            ]
        )
    t = result.total_area
    rows.append([
        "total", "", f"{t.um2:.0f}", str(t.cells), *(f"{t.parts[p]:.0f}" for p in PARTS),
        f"{result.timing.period_ns:.3f}", f"{result.power.total.total_w * 1e3:.3f}",
    ])  # fmt: skip
    out.append(_table(header, rows))
    out.append("")
    critical = result.timing.critical
    out.append(
        f"critical path {critical.period_ns:.3f} ns (Fmax {result.fmax_mhz:.1f} MHz at {result.period_ns:.2f} ns): "
        f"{critical.start} -> {critical.end}"
    )
    if result.clock_ns is not None and result.slack_ns is not None:
        verdict = "met" if result.slack_ns >= 0 else "VIOLATED"
        out.append(f"clock {result.clock_ns:g} ns: slack {result.slack_ns:.3f} ns ({verdict})")
    p = result.power.total
    activity = (
        f"activity from simulation, {result.activity.coverage}" if result.activity is not None
        else "no simulation: 0.1 toggles per cycle on every register and input (--activity or --inputs for measured activity)"
    )  # fmt: skip
    out.append(
        f"power at {result.fmax_mhz:.1f} MHz: {p.dynamic_w * 1e3:.3f} mW dynamic "
        f"({p.internal_w * 1e3:.3f} internal + {p.switching_w * 1e3:.3f} switching) + "
        f"{p.leakage_w * 1e3:.6f} mW leakage; {activity}"
    )
    figures = result.figures
    if figures is None:
        out.append(
            "per frame: unknown cycles per frame (give --ir with the dataflow-level IR, or --inputs)"
        )
    else:
        c = result.cycles
        assert c is not None
        out.append(
            f"per frame: interval {c.interval} cycles, latency {c.latency} cycles ({c.source}): "
            f"{figures.frames_per_s / 1e6:.3f} M frames/s, latency {figures.latency_us:.3f} us, "
            f"{figures.energy_nj:.3f} nJ/frame, {figures.area_mm2:.3f} mm2"
        )
    seconds = result.seconds
    out.append("flow: " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items()))
    return "\n".join(out)


def asic_json(result: AsicResult) -> dict:
    figures = result.figures
    return {
        "target": "asic",
        "top": result.top,
        "library": str(result.library.path),
        "yosys": result.yosys.version,
        "engines": {
            inst: {
                "module": module,
                "area": result.area[inst].as_json(),
                "slowest_path": result.timing.engines[inst].as_json() if inst in result.timing.engines else None,
                "power": result.power.engines[inst].as_json() if inst in result.power.engines else None,
            }
            for inst, module in result.engines.items()
        },
        "top_module_area": result.top_area.as_json(),
        "area": result.total_area.as_json(),
        "critical_path": result.timing.critical.as_json(),
        "period_ns": result.period_ns,
        "fmax_mhz": result.fmax_mhz,
        "clock_ns": result.clock_ns,
        "slack_ns": result.slack_ns,
        "power": {**result.power.total.as_json(), "at_mhz": result.fmax_mhz,
                  "activity": result.activity.coverage if result.activity is not None else "default 0.1"},
        "cycles": None if result.cycles is None else {
            "interval": result.cycles.interval, "latency": result.cycles.latency, "source": result.cycles.source,
        },
        "figures": figures.as_json() if figures is not None else None,
        "seconds": result.seconds,
    }  # fmt: skip


def generic_text(result: GenericResult) -> str:
    kinds = sorted(result.total)
    header = ["engine", "module", "cells", *kinds]
    rows = [[inst, module, str(sum(result.cells[inst].values())), *(str(result.cells[inst][k]) for k in kinds)]
            for inst, module in result.engines.items()]  # fmt: skip
    rows.append(
        ["total", "", str(sum(result.total.values())), *(str(result.total[k]) for k in kinds)]
    )
    version = result.yosys.version.split("(")[0].strip()
    return (
        f"{result.top}: generic gates, {version}\n\n"
        + _table(header, rows)
        + f"\nflow: synthesis {result.seconds:.1f} s"
    )


def generic_json(result: GenericResult) -> dict:
    return {
        "target": "generic", "top": result.top, "yosys": result.yosys.version,
        "engines": {inst: {"module": m, "cells": sum(result.cells[inst].values()), "types": dict(result.cells[inst])}
                    for inst, m in result.engines.items()},
        "cells": sum(result.total.values()), "types": dict(result.total), "seconds": result.seconds,
    }  # fmt: skip


def xilinx_text(
    top: str,
    engines: dict[str, str],
    per_engine: dict[str, Resources],
    total: Resources,
    seconds: float,
) -> str:
    header = ["engine", "module", "LUT", "FF", "DSP", "BRAM36"]
    rows = [[inst, module, str(r.luts), str(r.flip_flops), str(r.dsps), f"{r.brams:g}"]
            for inst, module in engines.items() for r in [per_engine[inst]]]  # fmt: skip
    rows.append(
        ["total", "", str(total.luts), str(total.flip_flops), str(total.dsps), f"{total.brams:g}"]
    )
    return (
        f"{top}: Xilinx 7-series (Yosys synth_xilinx)\n\n"
        + _table(header, rows)
        + f"\nflow: synthesis {seconds:.1f} s"
    )


def xilinx_json(
    top: str,
    engines: dict[str, str],
    per_engine: dict[str, Resources],
    total: Resources,
    seconds: float,
) -> dict:
    return {
        "target": "xilinx", "top": top,
        "engines": {inst: {"module": m, **per_engine[inst].as_json()} for inst, m in engines.items()},
        **total.as_json(), "seconds": seconds,
    }  # fmt: skip
