func.func @main(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %w = nn.constant "w" dense<[[0.5, -0.25, 0.125, 1.0, 2.0, -1.0, 0.0, 3.0], [0.5, -0.25, 0.125, 1.0, 2.0, -1.0, 0.0, 3.0], [0.5, -0.25, 0.125, 1.0, 2.0, -1.0, 0.0, 3.0], [0.5, -0.25, 0.125, 1.0, 2.0, -1.0, 0.0, 3.0], [0.5, -0.25, 0.125, 1.0, 2.0, -1.0, 0.0, 3.0], [0.5, -0.25, 0.125, 1.0, 2.0, -1.0, 0.0, 3.0], [0.5, -0.25, 0.125, 1.0, 2.0, -1.0, 0.0, 3.0], [0.5, -0.25, 0.125, 1.0, 2.0, -1.0, 0.0, 3.0]]> : tensor<8x8xf32>
  %a = nn.dense %x, %w : (tensor<1x8xf32>, tensor<8x8xf32>) -> tensor<1x8xf32>
  %b = nn.relu %a : tensor<1x8xf32>
  %c = nn.relu %b : tensor<1x8xf32>
  %d = nn.relu %c : tensor<1x8xf32>
  %e = nn.relu %d : (tensor<1x8xf32>) -> tensor<1x9xf32>
  %f = nn.relu %d : tensor<1x8xf32>
  %g = nn.relu %f : tensor<1x8xf32>
  %h = nn.relu %g : tensor<1x8xf32>
  %i = nn.relu %h : tensor<1x8xf32>
  func.return %i : tensor<1x8xf32>
}
