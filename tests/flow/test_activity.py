"""Switching activity: the VCD reader's counts on a hand-written dump, the
bit-plane counters against plain sums, the .npz round trip, and asic-sim
--activity on a real design."""

from __future__ import annotations

import numpy as np
import pytest

from asic.diagnostics import UserError
from asic.flow.activity import Activity, _Counter, load, read_vcd, steady_window
from support.flow_designs import tool

VCD = """$timescale 1ps $end
 $scope module TOP $end
  $var wire 1 ! clk $end
  $scope module main $end
   $var wire 1 ! clk $end
   $var wire 4 " bus [7:4] $end
   $scope module u_e $end
    $var wire 2 # mem(3) [1:0] $end
    $var wire 1 $ flag $end
   $upscope $end
  $upscope $end
 $upscope $end
$enddefinitions $end
#0
$dumpvars
0!
b1111 "
b00 #
x$
$end
#1
1!
#2
0!
b0001 "
1$
#3
1!
#4
0!
b0011 "
b1x #
#6
0!
b0010 "
0$
#8
"""


def test_vcd_counts_toggles_and_duty_per_bit(tmp_path) -> None:
    path = tmp_path / "a.vcd"
    path.write_text(VCD)
    activity = read_vcd(path, start=2)  # time 2 to 8: 3 cycles of 2 time units
    assert activity.cycles == 3
    bus = activity.signals["bus"]
    assert bus.lsb == 4 and bus.width == 4
    # bus after reset: 0001 (t2), 0011 (t4), 0010 (t6) -> bit0 toggles once, bit1 once
    np.testing.assert_allclose(bus.toggles, [1 / 3, 1 / 3, 0, 0])
    # time at 1 between t2 and t8: bit0 t2-t6 (4), bit1 t4-t8 (4)
    np.testing.assert_allclose(bus.duty, [4 / 6, 4 / 6, 0, 0])
    assert activity.bit("bus[4]") == pytest.approx((1 / 3, 4 / 6))
    assert activity.bit("bus[3]") is None and activity.bit("bus[8]") is None
    # arrays as name[index]; x counts as 0
    mem = activity.signals["u_e/mem[3]"]
    np.testing.assert_allclose(mem.toggles, [0, 1 / 3])
    np.testing.assert_allclose(mem.duty, [0, 4 / 6])
    assert activity.bit("u_e/flag") == pytest.approx((1 / 3, 4 / 6))
    # changes at `start` itself set the values; those after it count
    assert activity.bit("clk") == pytest.approx((2 / 3, 1 / 6))


def test_vcd_window_ends_at_end(tmp_path) -> None:
    path = tmp_path / "a.vcd"
    path.write_text(VCD)
    activity = read_vcd(path, start=2, end=6)  # changes at t3..t6 count: 2 cycles
    assert activity.cycles == 2
    np.testing.assert_allclose(activity.signals["bus"].toggles, [1 / 2, 1 / 2, 0, 0])
    # bit0 is 1 from t2 to t6 (its fall at t6 takes no time), bit1 from t4
    np.testing.assert_allclose(activity.signals["bus"].duty, [1, 2 / 4, 0, 0])
    assert activity.bit("u_e/flag") == pytest.approx((1 / 2, 1))


def test_steady_window_spans_whole_intervals_with_the_pipeline_full() -> None:
    # latency 12, interval 5: frames end at 12, 17, ...; the last input
    # frame starts at 25, so the steady state ends with the frame ending at 22
    start, end = np.arange(6) * 5, 12 + np.arange(6) * 5
    assert steady_window(start, end) == (12, 22)
    # too few frames to fill the pipeline: no steady state
    assert steady_window(start[:4], end[:4]) is None
    assert steady_window(start[:1], end[:1]) is None


def test_bit_plane_counters_add_like_integers() -> None:
    rng = np.random.default_rng(0)
    counter, expected = _Counter(), np.zeros(70)
    for _ in range(300):
        mask = int(rng.integers(0, 2**62)) | (int(rng.integers(0, 64)) << 64)
        count = int(rng.integers(0, 40))
        counter.add_times(mask, count)
        expected += np.array([(mask >> i) & 1 for i in range(70)]) * count
    np.testing.assert_array_equal(counter.values(70), expected)


def test_npz_round_trip_and_bad_files(tmp_path) -> None:
    path = tmp_path / "a.vcd"
    path.write_text(VCD)
    activity = read_vcd(path, start=2)
    activity.extra = {"cycles_interval": np.int64(7)}
    activity.save(tmp_path / "act.npz")
    loaded = load(tmp_path / "act.npz")
    assert loaded.cycles == activity.cycles and loaded.signals.keys() == activity.signals.keys()
    assert loaded.bit("u_e/mem[3][1]") == activity.bit("u_e/mem[3][1]")
    assert int(loaded.extra["cycles_interval"]) == 7
    np.savez(tmp_path / "other.npz", x=np.zeros(3))
    with pytest.raises(UserError, match="holds no switching activity"):
        load(tmp_path / "other.npz")
    (tmp_path / "text.npz").write_text("not a zip")
    with pytest.raises(UserError, match="not an .npz"):
        load(tmp_path / "text.npz")
    assert isinstance(Activity(1).save(""), dict)


def test_asic_sim_measures_the_registers(accumulator, tmp_path) -> None:
    out, act = tmp_path / "out.npz", tmp_path / "act.npz"
    tool(
        "asic-sim",
        accumulator.sv,
        "--inputs",
        accumulator.directory / "inputs.npz",
        "--output",
        out,
        "--activity",
        act,
    )
    activity = load(act)
    assert int(activity.extra["cycles_interval"]) == 16
    assert activity.bit("clk") == pytest.approx((2.0, 0.5), abs=0.01)
    assert activity.bit("rst") == (0.0, 0.0)
    # the accumulator's low bit follows the running sum of -1, +1, ...: it toggles almost every cycle
    low = activity.bit("u_o/acc0[0]")
    assert low is not None and low[0] > 0.5
    # its sign bit (12 bits: the exact range of 16 int8 terms) flips between 0 and -1
    sign = activity.bit("u_o/acc0[11]")
    assert sign is not None and 0 < sign[0] < low[0]
