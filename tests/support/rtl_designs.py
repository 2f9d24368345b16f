"""Small hand-built RTL designs shared by the RTL interpreter and asic-sim
tests: a dot-product engine with weights in a ROM (a MAC), a RAM FIFO, a
register stage with backpressure, a chain of the three, and random
combinational expressions wrapped in the stream contract."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st
from xdsl.dialects import hw
from xdsl.dialects.builtin import ModuleOp, i1

from asic.dialects.rtl import StreamAttr, address_bits
from asic.dialects.rtl_comb import ICMP
from asic.interp.rtl import comb_value
from asic.lowering.rtl.builder import ModuleBuilder, fifo_module, skid_stage_module, stream_type


def mac_module(name: str, k: int, lanes: int, weights: np.ndarray, acc_bits: int) -> hw.HWModuleOp:
    """`y = sum_j x[j] * w[j]` over a frame of `k` si8 elements arriving
    `lanes` per beat; weights (si8) in a ROM of `k / lanes` words of `lanes`
    lanes, addressed by the next beat index so that the word of beat j is on
    the ROM's output when beat j arrives. One result per frame, held in an
    output register; the input stalls while that register is full and not
    drained."""
    beats = k // lanes
    b = ModuleBuilder(name)
    b.clock(), b.reset()
    x = b.input("in_data", 8 * lanes)
    x_valid = b.input("in_valid", i1)
    y_ready = b.input("out_ready", i1)
    index = b.reg(address_bits(beats), "index")
    out_valid = b.reg(1, "out_valid")
    acc = b.reg(acc_bits, "acc")
    y = b.reg(acc_bits, "y", reset=None)
    in_ready = b.or_(b.not_(out_valid.q), y_ready, name="in_ready")
    take = b.and_(x_valid, in_ready, name="take")
    last = b.icmp("eq", index.q, beats - 1, name="last")
    after = b.mux(last, 0, b.add(index.q, 1))
    index_next = b.mux(take, after, index.q, name="index_next")
    w = b.rom(index_next, np.asarray(weights).reshape(beats, lanes), 8, name="w")
    products = [
        b.mul(b.sext(xi, acc_bits), b.sext(wi, acc_bits), name=f"p{i}")
        for i, (xi, wi) in enumerate(zip(b.lanes(x, 8), b.lanes(w, 8)))
    ]
    total = b.add(*products, name="dot")
    base = b.mux(b.icmp("eq", index.q, 0), 0, acc.q)
    acc_next = b.add(base, total, name="acc_next")
    acc.drive(acc_next, enable=take)
    index.drive(index_next)
    done = b.and_(take, last, name="done")
    y.drive(acc_next, enable=done)
    out_valid.drive(b.or_(done, b.and_(out_valid.q, b.not_(y_ready))))
    b.output("in_ready", in_ready)
    b.output("out_data", y.q)
    b.output("out_valid", out_valid.q)
    return b.finish()


@dataclass
class Design:
    module: ModuleOp
    source: StreamAttr
    sink: StreamAttr


def wrap(top_name: str, block: hw.HWModuleOp, modules: list[hw.HWModuleOp], source: StreamAttr, sink: StreamAttr) -> Design:
    """A top module with the stream contract around a stream block with
    ports clk, rst, in_*, out_*."""
    b = ModuleBuilder(top_name)
    clk, rst = b.clock(), b.reset()
    x = b.input(f"{source.prefix}_data", source.data_width)
    xv = b.input(f"{source.prefix}_valid", i1)
    yr = b.input(f"{sink.prefix}_ready", i1)
    outs = b.instance(block, "core", clk=clk, rst=rst, in_data=x, in_valid=xv, out_ready=yr)
    b.output(f"{source.prefix}_ready", outs["in_ready"])
    b.output(f"{sink.prefix}_data", outs["out_data"])
    b.output(f"{sink.prefix}_valid", outs["out_valid"])
    top = b.finish([source, sink])
    return Design(ModuleOp([*modules, block, top]), source, sink)


def mac_design(k: int = 8, lanes: int = 2, seed: int = 0) -> tuple[Design, np.ndarray]:
    weights = np.random.default_rng(seed).integers(-128, 128, size=k)
    acc_bits = 16 + (k - 1).bit_length()
    mac = mac_module("mac", k, lanes, weights, acc_bits)
    source = StreamAttr("x", "in", stream_type(8, True), lanes, k // lanes, [1, k])
    sink = StreamAttr("y", "out", stream_type(acc_bits, True), 1, 1, [1, 1])
    return wrap("mac_top", mac, [], source, sink), weights


def fifo_design(bits: int = 12, depth: int = 5, lanes: int = 3) -> Design:
    fifo = fifo_module("fifo", bits * lanes, depth)
    source = StreamAttr("x", "in", stream_type(bits, True), lanes, 2, [1, 2 * lanes])
    sink = StreamAttr("y", "out", stream_type(bits, True), lanes, 2, [1, 2 * lanes])
    return wrap("fifo_top", fifo, [], source, sink)


def stage_design(bits: int = 8, lanes: int = 4) -> Design:
    stage = skid_stage_module("stage", bits * lanes)
    source = StreamAttr("in.1", "in", stream_type(bits, False), lanes, 3, [1, 3, lanes], order=[0, 2, 1])
    sink = StreamAttr("out", "out", stream_type(bits, False), lanes, 3, [1, 3, lanes], order=[0, 2, 1])
    return wrap("stage_top", stage, [], source, sink)


def chain_design(k: int = 8, lanes: int = 2, seed: int = 0) -> tuple[Design, np.ndarray]:
    """x -> register stage -> FIFO (depth 5) -> MAC -> y, in one top module."""
    weights = np.random.default_rng(seed).integers(-128, 128, size=k)
    acc_bits = 16 + (k - 1).bit_length()
    stage = skid_stage_module("stage", 8 * lanes)
    fifo = fifo_module("fifo", 8 * lanes, 5)
    mac = mac_module("mac", k, lanes, weights, acc_bits)
    b = ModuleBuilder("chain")
    clk, rst = b.clock(), b.reset()
    x = b.input("x_data", 8 * lanes)
    xv = b.input("x_valid", i1)
    yr = b.input("y_ready", i1)
    # ready flows backwards: forward references through placeholders.
    from xdsl.dialects.builtin import UnrealizedConversionCastOp

    holes = {n: UnrealizedConversionCastOp.get([], [i1]) for n in ("fifo_in_ready", "mac_in_ready")}
    for h in holes.values():
        b.block.add_op(h)
    s = b.instance(stage, "stage", clk=clk, rst=rst, in_data=x, in_valid=xv, out_ready=holes["fifo_in_ready"].results[0])
    f = b.instance(fifo, "fifo", clk=clk, rst=rst, in_data=s["out_data"], in_valid=s["out_valid"], out_ready=holes["mac_in_ready"].results[0])
    m = b.instance(mac, "mac", clk=clk, rst=rst, in_data=f["out_data"], in_valid=f["out_valid"], out_ready=yr)
    holes["fifo_in_ready"].results[0].replace_all_uses_with(f["in_ready"])
    holes["mac_in_ready"].results[0].replace_all_uses_with(m["in_ready"])
    for h in holes.values():
        b.block.erase_op(h)
    b.output("x_ready", s["in_ready"])
    b.output("y_data", m["out_data"])
    b.output("y_valid", m["out_valid"])
    source = StreamAttr("x", "in", stream_type(8, True), lanes, k // lanes, [1, k])
    sink = StreamAttr("y", "out", stream_type(acc_bits, True), 1, 1, [1, 1])
    top = b.finish([source, sink])
    return Design(ModuleOp([stage, fifo, mac, top]), source, sink), weights


def mac_reference(x: np.ndarray, weights: np.ndarray) -> np.ndarray:
    return (x.reshape(x.shape[0], -1).astype(np.int64) @ weights.astype(np.int64)).reshape(-1, 1, 1)


# --------------------------------------------------------------------------
# Random combinational programs
# --------------------------------------------------------------------------

BINARY = ("add", "sub", "mul", "and", "or", "xor", "shl", "shru", "shrs", "divu", "divs", "modu", "mods")


@dataclass
class Program:
    """A random combinational expression DAG over slices of an input word:
    `leaves` are (offset, width) slices; each step is (kind, operand
    indices, parameter) producing a new value; the result is the last."""

    leaves: list[tuple[int, int]]
    steps: list[tuple[str, tuple[int, ...], int]]


def build_program(b: ModuleBuilder, word, program: Program):
    values = [b.extract(word, off, w) for off, w in program.leaves]

    def fit(v, bits):
        from asic.lowering.rtl.builder import width

        return b.zext(v, bits) if width(v) < bits else b.extract(v, 0, bits)

    from asic.lowering.rtl.builder import width

    for kind, ops, param in program.steps:
        a = values[ops[0]]
        if kind in BINARY:
            c = fit(values[ops[1]], width(a))
            v = {
                "add": lambda: b.add(a, c), "sub": lambda: b.sub(a, c), "mul": lambda: b.mul(a, c),
                "and": lambda: b.and_(a, c), "or": lambda: b.or_(a, c), "xor": lambda: b.xor(a, c),
                "shl": lambda: b.shl(a, c), "shru": lambda: b.shru(a, c), "shrs": lambda: b.shrs(a, c),
                "divu": lambda: _op(b, "divu", a, c), "divs": lambda: _op(b, "divs", a, c),
                "modu": lambda: _op(b, "modu", a, c), "mods": lambda: _op(b, "mods", a, c),
            }[kind]()  # fmt: skip
        elif kind == "icmp":
            v = b.icmp(ICMP[param % len(ICMP)], a, fit(values[ops[1]], width(a)))
        elif kind == "mux":
            cond = b.extract(a, 0, 1)
            t = values[ops[1]]
            v = b.mux(cond, t, fit(values[ops[2]], width(t)))
        elif kind == "extract":
            low = param % width(a)
            v = b.extract(a, low, 1 + (param // 7) % (width(a) - low))
        elif kind == "concat":
            v = b.concat(a, values[ops[1]])
        elif kind == "replicate":
            v = b.replicate(a, 2 + param % 3)
        elif kind == "parity":
            from xdsl.dialects import comb

            v = b.add_op(comb.ParityOp.create(operands=[a], result_types=[i1])).results[0]
        elif kind == "sext":
            v = b.sext(a, width(a) + 1 + param % 40)
        elif kind == "mulc":  # a product by a constant: shifts and adds in SV
            w = width(a)
            constants = (param, -param, 1 << (w - 1), -1, param * 0x9E3779B97F4A7C15)
            v = b.mul(a, b.const(constants[param % 5] % (1 << w), w))
        else:
            raise AssertionError(kind)
        values.append(v)
    return values[-1]


def _op(b: ModuleBuilder, kind: str, a, c):
    from xdsl.dialects import comb

    cls = {"divu": comb.DivUOp, "divs": comb.DivSOp, "modu": comb.ModUOp, "mods": comb.ModSOp}[kind]
    return b.add_op(cls(a, c)).results[0]


def comb_design(programs: list[Program], in_lanes: int, max_out: int = 96) -> tuple[Design, list[int]]:
    """A top module whose output beat concatenates every program's result
    (each truncated to `max_out` bits), the input beat being their input
    word; valid and ready pass straight through. Returns the design and the
    bit offset of each result in the output word."""
    from asic.lowering.rtl.builder import width

    b = ModuleBuilder("comb_top")
    b.clock(), b.reset()
    x = b.input("x_data", 16 * in_lanes)
    xv = b.input("x_valid", i1)
    yr = b.input("y_ready", i1)
    results = []
    for p in programs:
        r = build_program(b, x, p)
        results.append(b.extract(r, 0, min(width(r), max_out)))
    offsets, total = [], 0
    for r in results:
        offsets.append(total)
        total += width(r)
    lanes = -(-total // 16)
    pad = lanes * 16 - total
    parts = list(reversed(results))
    if pad:
        parts.insert(0, b.const(0, pad))
    y = b.concat(*parts)
    b.output("x_ready", yr)
    b.output("y_data", y)
    b.output("y_valid", xv)
    source = StreamAttr("x", "in", stream_type(16, False), in_lanes, 1, [in_lanes])
    sink = StreamAttr("y", "out", stream_type(16, False), lanes, 1, [lanes])
    return Design(ModuleOp([b.finish([source, sink])]), source, sink), offsets


def program_reference(module_op: hw.HWModuleOp, word: int) -> int:
    """Evaluate a comb-only module on one input word with `comb_value` (the
    reference semantics on Python ints), returning the output data port."""
    values = {}
    block = module_op.body.block
    inputs = [p for p in module_op.module_type.ports.data if p.dir.data.is_input_like()]
    for arg, port in zip(block.args, inputs):
        values[arg] = word if port.port_name.data.endswith("_data") else 1
    for op in block.ops:
        if isinstance(op, hw.OutputOp):
            return values[op.operands[1]]
        values[op.results[0]] = comb_value(op, [values[v] for v in op.operands])
    raise AssertionError


KINDS = BINARY + ("mulc", "icmp", "mux", "extract", "concat", "replicate", "parity", "sext")


@st.composite
def programs(draw, in_bits: int = 160) -> Program:
    leaves = []
    for _ in range(draw(st.integers(1, 3))):
        w = draw(st.sampled_from([1, 3, 8, 13, 32, 63, 64, 65, 80]))
        leaves.append((draw(st.integers(0, in_bits - w)), w))
    steps = []
    for _ in range(draw(st.integers(1, 6))):
        count = len(leaves) + len(steps)
        kind = draw(st.sampled_from(KINDS))
        ops = tuple(draw(st.integers(0, count - 1)) for _ in range(3))
        steps.append((kind, ops, draw(st.integers(0, 1000))))
    return Program(leaves, steps)


def random_words(rng: np.random.Generator, count: int, bits: int) -> list[int]:
    # Mix uniform words with edge patterns (zeros, ones, sign bits).
    words = [int.from_bytes(rng.bytes((bits + 7) // 8), "little") % (1 << bits) for _ in range(count)]
    words[:4] = [0, (1 << bits) - 1, 1 << (bits - 1), 1]
    return words


def deadlocked_design() -> ModuleOp:
    b = ModuleBuilder("stuck")
    b.clock(), b.reset()
    x = b.input("x_data", 8)
    b.input("x_valid", i1)
    b.input("y_ready", i1)
    b.output("x_ready", b.const(1, 1))
    b.output("y_data", x)
    b.output("y_valid", b.const(0, 1))
    s = stream_type(8, True)
    return ModuleOp([b.finish([StreamAttr("x", "in", s, 1, 1, [1]), StreamAttr("y", "out", s, 1, 1, [1])])])
