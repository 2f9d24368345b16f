// RUN: asic-opt %s --split-input-file --verify-diagnostics | filecheck %s

// Every verifier error of dataflow.graph and dataflow.yield, one per chunk.

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 1, shape [1, 4]>

func.func @name_count(%x: tensor<1x4x!q>) {
  // CHECK: Operation does not verify: expected 1 input and 1 output stream names, got 2 and 1{{$}}
  %y = dataflow.graph "g" inputs ["a", "b"] outputs ["c"] (%x) : (tensor<1x4x!q>) -> tensor<1x4x!q> {
  ^bb0(%s: !s):
    dataflow.yield %s : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 1, shape [1, 4]>

func.func @clashing_names(%x: tensor<1x4x!q>) {
  // CHECK: Operation does not verify: stream names ["a.b", "a_b"] give the clashing port prefixes [a_b, a_b]{{$}}
  %y = dataflow.graph "g" inputs ["a.b"] outputs ["a_b"] (%x) : (tensor<1x4x!q>) -> tensor<1x4x!q> {
  ^bb0(%s: !s):
    dataflow.yield %s : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 1, shape [1, 4]>

func.func @empty_name(%x: tensor<1x4x!q>) {
  // CHECK: Operation does not verify: stream names must not be empty{{$}}
  %y = dataflow.graph "g" inputs [""] outputs ["y"] (%x) : (tensor<1x4x!q>) -> tensor<1x4x!q> {
  ^bb0(%s: !s):
    dataflow.yield %s : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 1, shape [1, 4]>

func.func @empty_graph_name(%x: tensor<1x4x!q>) {
  // CHECK: Operation does not verify: graph name must not be empty{{$}}
  %y = dataflow.graph "" inputs ["x"] outputs ["y"] (%x) : (tensor<1x4x!q>) -> tensor<1x4x!q> {
  ^bb0(%s: !s):
    dataflow.yield %s : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 1, shape [1, 4]>

func.func @argument_count(%x: tensor<1x4x!q>) {
  // CHECK: Operation does not verify: the body has 2 stream arguments for 1 inputs{{$}}
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%x) : (tensor<1x4x!q>) -> tensor<1x4x!q> {
  ^bb0(%s: !s, %t: !s):
    dataflow.yield %s : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 1, shape [1, 4]>

func.func @not_a_stream(%x: tensor<1x4x!q>) {
  // CHECK: Operation does not verify: body argument 0 must be a !dataflow.stream, got tensor<1x4x!qnt.uniform<i8:f32, 0.1>>{{$}}
  dataflow.graph "g" inputs ["x"] outputs [] (%x) : (tensor<1x4x!q>) -> () {
  ^bb0(%s: tensor<1x4x!q>):
    dataflow.yield
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>

func.func @input_shape(%x: tensor<1x4x!q>) {
  // CHECK: Operation does not verify: input 0 (tensor<1x4x!qnt.uniform<i8:f32, 0.1>>) cannot feed the stream !dataflow.stream<!qnt.uniform<i8:f32, 0.1>, lanes 1, shape [4]>: tensor shape [1, 4] differs from the frame shape [4]{{$}}
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%x) : (tensor<1x4x!q>) -> tensor<4x!q> {
  ^bb0(%s: !dataflow.stream<!q, lanes 1, shape [4]>):
    dataflow.yield %s : !dataflow.stream<!q, lanes 1, shape [4]>
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!p = !qnt.uniform<i8:f32, 0.2>
!s = !dataflow.stream<!p, lanes 1, shape [1, 4]>

func.func @input_element(%x: tensor<1x4x!q>) {
  // CHECK: Operation does not verify: input 0 (tensor<1x4x!qnt.uniform<i8:f32, 0.1>>) cannot feed the stream !dataflow.stream<!qnt.uniform<i8:f32, 0.2>, lanes 1, shape [1, 4]>: element type !qnt.uniform<i8:f32, 0.1> differs from the stream's !qnt.uniform<i8:f32, 0.2>{{$}}
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%x) : (tensor<1x4x!q>) -> tensor<1x4x!p> {
  ^bb0(%s: !s):
    dataflow.yield %s : !s
  }
  func.return
}

// -----

!s = !dataflow.stream<ui8, lanes 1, shape [1, 4]>

func.func @narrow_widening(%x: tensor<1x4xi16>) {
  // CHECK: Operation does not verify: result 0 (tensor<1x4xi8>) cannot take the stream !dataflow.stream<ui8, lanes 1, shape [1, 4]>: i8 cannot hold every ui8 value{{$}}
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%x) : (tensor<1x4xi16>) -> tensor<1x4xi8> {
  ^bb0(%s: !s):
    dataflow.yield %s : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 1, shape [1, 4]>

func.func @yield_count(%x: tensor<1x4x!q>) {
  // CHECK: Operation does not verify: dataflow.yield gives 2 streams for 1 results{{$}}
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%x) : (tensor<1x4x!q>) -> tensor<1x4x!q> {
  ^bb0(%s: !s):
    %f = dataflow.fifo %s depth 2 : !s
    dataflow.yield %s, %f : !s, !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 1, shape [1, 4]>

func.func @foreign_op(%x: tensor<1x4x!q>) {
  // CHECK: Operation does not verify: a dataflow.graph holds engines, qnt.constant weights and dataflow.yield, got arith.constant{{$}}
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%x) : (tensor<1x4x!q>) -> tensor<1x4x!q> {
  ^bb0(%s: !s):
    %c = arith.constant 1 : i32
    dataflow.yield %s : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 1, shape [1, 4]>

func.func @fan_out(%x: tensor<1x4x!q>) {
  // CHECK: Operation does not verify: the input stream 0 has 2 consumers: a stream joins one producer to one consumer (fan-out needs a dataflow.fork){{$}}
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%x) : (tensor<1x4x!q>) -> tensor<1x4x!q> {
  ^bb0(%s: !s):
    %f = dataflow.fifo %s depth 2 : !s
    %g = dataflow.fifo %s depth 2 : !s
    dataflow.yield %f : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 1, shape [1, 4]>

func.func @unconsumed(%x: tensor<1x4x!q>) {
  // CHECK: Operation does not verify: the stream of dataflow.fifo has no consumer: every stream must be consumed{{$}}
  %y = dataflow.graph "g" inputs ["x", "z"] outputs ["y"] (%x, %x) : (tensor<1x4x!q>, tensor<1x4x!q>) -> tensor<1x4x!q> {
  ^bb0(%s: !s, %t: !s):
    %f = dataflow.fifo %t depth 2 : !s
    dataflow.yield %s : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 1, shape [1, 4]>

func.func @unconsumed_input(%x: tensor<1x4x!q>) {
  // CHECK: Operation does not verify: the input stream 1 has no consumer: every stream must be consumed{{$}}
  %y = dataflow.graph "g" inputs ["x", "z"] outputs ["y"] (%x, %x) : (tensor<1x4x!q>, tensor<1x4x!q>) -> tensor<1x4x!q> {
  ^bb0(%s: !s, %t: !s):
    dataflow.yield %s : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 1, shape [1, 4]>

func.func @no_yield(%x: tensor<1x4x!q>) {
  // CHECK: Operation dataflow.fifo terminates block in single-block region but is not a terminator{{$}}
  dataflow.graph "g" inputs ["x"] outputs [] (%x) : (tensor<1x4x!q>) -> () {
  ^bb0(%s: !s):
    %f = dataflow.fifo %s depth 2 : !s
  }
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 1, shape [1, 4]>

func.func @engine_outside(%s: !s) {
  // CHECK: Operation does not verify: 'dataflow.fifo' expects parent op 'dataflow.graph'{{$}}
  %f = dataflow.fifo %s depth 2 : !s
  func.return
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 1, shape [1, 4]>

func.func @yield_outside(%s: !s) {
  // CHECK: Operation does not verify: 'dataflow.yield' expects parent op 'dataflow.graph'{{$}}
  dataflow.yield %s : !s
}

// -----

!q = !qnt.uniform<i8:f32, 0.1>
!s = !dataflow.stream<!q, lanes 1, shape [1, 4]>

func.func @out_of_order(%x: tensor<1x4x!q>) -> tensor<1x4x!q> {
  // CHECK: Operation does not verify: dataflow.fifo consumes the stream of dataflow.fifo before it is produced: the engines come in stream order (a topological order){{$}}
  %y = dataflow.graph "g" inputs ["x"] outputs ["y"] (%x) : (tensor<1x4x!q>) -> tensor<1x4x!q> {
  ^bb0(%s: !s):
    %a = dataflow.fifo %b depth 2 : !s
    %b = dataflow.fifo %s depth 2 : !s
    dataflow.yield %a : !s
  }
  func.return %y : tensor<1x4x!q>
}
