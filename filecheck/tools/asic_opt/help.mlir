// `asic-opt --help` lists the project's passes first, in pipeline order, each
// with the one-line summary of its class docstring, then the other passes
// installed, whole names only.
// RUN: asic-opt --help | filecheck %s
// CHECK:      -p PASSES, --passes PASSES
// CHECK:      asic-opt passes (asic-opt --help-pass NAME for options):
// CHECK-NEXT:   fuse-bias              Move a constant added after a dense layer or a convolution into that
// CHECK-NEXT:                          layer's bias.
// CHECK-NEXT:   fold-batchnorm         Fold `nn.batchnorm`
// CHECK:        fold-constants         Evaluate nn ops
// CHECK:        remove-dead-code       Erase side-effect-free operations whose results are unused.
// CHECK-NEXT:   prune                  Prune the weights or output channels of every conv2d/dense layer.
// CHECK-NEXT:   low-rank               Factorize every conv2d/dense layer into two smaller ones by SVD.
// CHECK-NEXT:   calibrate              Store the range of every activation on calibration data, for
// CHECK:        choose-bits            Choose per-layer weight widths
// CHECK:        quantize               Quantize the calibrated entry function from nn to qnt
// CHECK:        lower-qnt-to-dataflow  Lower the integer qnt ops
// CHECK:        tile                   Choose the folding factors of every engine (`pe` and `simd` of an MVU)
// CHECK:        schedule               Store the initiation interval and latency
// CHECK:        lower-dataflow-to-rtl  Lower every `dataflow.graph` to hw modules of the rtl level.
// CHECK-EMPTY:
// CHECK-NEXT: other passes (xDSL and installed packages):
// CHECK-NEXT:   apply-eqsat-pdl, {{.*}},{{$}}
// CHECK-NOT:  {{^  [a-z-]+ +[A-Z]}}
// CHECK:      canonicalize,
// CHECK-NOT:  fuse-bias,
// CHECK-NOT:  {{-$}}
//
// xDSL's -p help no longer holds the comma-joined list of every pass.
// RUN: asic-opt --help | filecheck %s --check-prefix=PHELP
// PHELP:     the pass pipeline: comma-separated passes with options
// PHELP-NOT: Available passes are

func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  func.return %x : tensor<2xf32>
}
