// A small CNN run on one sample, then on a batch in both layouts.
// RUN: python -c "import numpy as np; np.savez('%t.in.npz', image=np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4) - 8)"
// RUN: asic-run %s --inputs %t.in.npz --output %t.out.npz
// RUN: python -c "import numpy as np; d = np.load('%t.out.npz'); [print(k, d[k].dtype, d[k].shape, d[k].tolist()) for k in d.files]" | filecheck %s --check-prefix=ONE
//
// Stacked batch (B, 1, 1, 4, 4): sample 0 is the input above, sample 1 its negation.
// RUN: python -c "import numpy as np; x = np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4) - 8; np.savez('%t.in.npz', image=np.stack([x, -x]))"
// RUN: asic-run %s --inputs %t.in.npz --output %t.out.npz
// RUN: python -c "import numpy as np; d = np.load('%t.out.npz'); [print(k, d[k].dtype, d[k].shape, d[k].tolist()) for k in d.files]" | filecheck %s --check-prefix=STACKED
//
// Merged batch (B, 1, 4, 4): outputs drop the declared dim 0 of 1 too.
// RUN: python -c "import numpy as np; x = np.arange(16, dtype=np.float32).reshape(1, 1, 4, 4) - 8; np.savez('%t.in.npz', image=np.concatenate([x, -x]))"
// RUN: asic-run %s --inputs %t.in.npz --output %t.out.npz
// RUN: python -c "import numpy as np; d = np.load('%t.out.npz'); [print(k, d[k].dtype, d[k].shape, d[k].tolist()) for k in d.files]" | filecheck %s --check-prefix=MERGED

// x = [[-8 -7 -6 -5] [-4 -3 -2 -1] [0 1 2 3] [4 5 6 7]]
// conv 2x2 of ones, stride 2, bias -1: window sums -22, -14, 10, 18 -> [[-23, -15], [9, 17]]
// relu -> [[0, 0], [9, 17]]; maxpool 2x2 -> 17; dense [1, 0] + [-19, 0] -> [-2, 0], label 1
// For -x: window sums 22, 14, -10, -18 -> relu [[21, 13], [0, 0]] -> 21 -> [2, 0], label 0

func.func @main(%x: tensor<1x1x4x4xf32> {nn.name = "image"}) -> (tensor<1x2xf32> {nn.name = "scores"}, tensor<1x1xi64> {nn.name = "label"}) {
  %w = nn.constant "conv.weight" dense<1.0> : tensor<1x1x2x2xf32>
  %b = nn.constant "conv.bias" dense<-1.0> : tensor<1xf32>
  %c = nn.conv2d %x, %w, %b strides [2, 2] : (tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %r = nn.relu %c : tensor<1x1x2x2xf32>
  %p = nn.maxpool2d %r kernel [2, 2] : (tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32>
  %f = nn.flatten %p : (tensor<1x1x1x1xf32>) -> tensor<1x1xf32>
  %dw = nn.constant "fc.weight" dense<[[1.0], [0.0]]> : tensor<2x1xf32>
  %db = nn.constant "fc.bias" dense<[-19.0, 0.0]> : tensor<2xf32>
  %d = nn.dense %f, %dw, %db : (tensor<1x1xf32>, tensor<2x1xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %a = nn.argmax %d axis 1 : (tensor<1x2xf32>) -> tensor<1x1xi64>
  func.return %d, %a : tensor<1x2xf32>, tensor<1x1xi64>
}

// ONE:      scores float32 (1, 2) {{\[}}[-2.0, 0.0]]
// ONE-NEXT: label int64 (1, 1) {{\[}}[1]]

// STACKED:      scores float32 (2, 1, 2) {{\[}}{{\[}}[-2.0, 0.0]], {{\[}}[2.0, 0.0]]]
// STACKED-NEXT: label int64 (2, 1, 1) {{\[}}{{\[}}[1]], {{\[}}[0]]]

// MERGED:      scores float32 (2, 2) {{\[}}[-2.0, 0.0], [2.0, 0.0]]
// MERGED-NEXT: label int64 (2, 1) {{\[}}[1], [0]]
