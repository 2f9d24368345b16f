// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

hw.module @rom_data(in %clk: !seq.clock, in %a: i1) {
  // CHECK: Operation does not verify: expected data of 16 bits (2 lanes of 8 bits), got i8{{$}}
  %q = rtl.rom %a, %clk words dense<[[1, 2], [3, 4]]> : tensor<2x2xi8> : i1 -> i8
  hw.output
}

// -----

hw.module @rom_addr(in %clk: !seq.clock, in %a: i3) {
  // CHECK: Operation does not verify: expected an address of 2 bits for 3 words, got i3{{$}}
  %q = rtl.rom %a, %clk words dense<[1, 2, 3]> : tensor<3xi8> : i3 -> i8
  hw.output
}

// -----

hw.module @rom_one_word(in %clk: !seq.clock, in %a: i0) {
  // CHECK: Operation does not verify: expected an address of 1 bits for 1 words, got i0{{$}}
  %q = rtl.rom %a, %clk words dense<[1]> : tensor<1xi8> : i0 -> i8
  hw.output
}

// -----

hw.module @rom_float(in %clk: !seq.clock, in %a: i1) {
  // CHECK: Operation does not verify: ROM words must be a tensor of integers, got tensor<2xf32>{{$}}
  %q = rtl.rom %a, %clk words dense<[1.0, 2.0]> : tensor<2xf32> : i1 -> i32
  hw.output
}

// -----

hw.module @rom_rank(in %clk: !seq.clock, in %a: i1) {
  // CHECK: Operation does not verify: ROM words must have shape [depth] or [depth, lanes] with sizes >= 1, got [2, 1, 1]{{$}}
  %q = rtl.rom %a, %clk words dense<1> : tensor<2x1x1xi8> : i1 -> i8
  hw.output
}

// -----

hw.module @ram_depth(in %clk: !seq.clock, in %a: i1, in %d: i8, in %we: i1) {
  // CHECK: Operation does not verify: depth must be >= 1, got 0{{$}}
  %q = rtl.ram %clk read %a write %a, %d when %we depth 0 : i1, i8
  hw.output
}

// -----

hw.module @ram_addr(in %clk: !seq.clock, in %a: i2, in %d: i8, in %we: i1) {
  // CHECK: Operation does not verify: expected addresses of 3 bits for 5 words, got i2{{$}}
  %q = rtl.ram %clk read %a write %a, %d when %we depth 5 : i2, i8
  hw.output
}

// -----

hw.module @ram_types(in %clk: !seq.clock, in %a: i1, in %b: i2, in %d: i8, in %we: i1) {
  // CHECK: Operation does not verify: operand 'waddr' at position 2 does not verify:
  %q = "rtl.ram"(%clk, %a, %b, %d, %we) <{depth = 2 : i64}> : (!seq.clock, i1, i2, i8, i1) -> i8
  hw.output
}
