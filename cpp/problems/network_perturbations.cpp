// Batched loss evaluation at many perturbed weight vectors p ± sigma e_k, for ES.
//
// The first dense layer dominates the cost of a small MLP on images, and it is linear
// in its weights:  X (W + s E_k)^T + (b + s e_k) = [X W^T + b] + s [X E_k^T + e_k].
// So the centre's pre-activation is computed once, the K directions' first-layer
// parts go through ONE matrix product X [E_1^T ... E_K^T], and each +/- pair reuses
// its product. The remaining layers run per perturbed point as usual.
#include <algorithm>

#include "nn/dense.hpp"
#include "problems/network_problem.hpp"

namespace optzoo {

void NetworkProblem::perturbed_losses(const float* center, const Batch& batch, const float* directions, int count,
                                      float sigma, double* plus, double* minus) {
  const auto& layers = model_.layers();
  WeightBlock first;
  if (layers.empty() || !dynamic_cast<const Dense<float>*>(layers[0].get()) || !layers[0]->weight_block(&first)) {
    Problem::perturbed_losses(center, batch, directions, count, sigma, plus, minus);
    return;
  }
  const float* x;
  TargetView t;
  select(*train_, batch, &x, &t);
  const int n = batch.empty() ? train_->n : static_cast<int>(batch.size());
  const int in = first.cols, h = first.rows;
  const std::size_t d = dim();

  Tensor<float> input;
  input.resize(n, in);
  std::copy(x, x + static_cast<std::size_t>(n) * in, input.data.begin());
  Tensor<float> centre;
  layers[0]->forward(center, input, centre);

  // stacked[i][k*h + j] = E_k[j][i], so that X * stacked = [X E_1^T ... X E_K^T].
  AlignedVector<float> stacked(static_cast<std::size_t>(in) * count * h), products(static_cast<std::size_t>(n) * count * h);
  for (int k = 0; k < count; ++k) {
    const float* e = directions + k * d + first.weight;
    for (int j = 0; j < h; ++j)
      for (int i = 0; i < in; ++i) stacked[static_cast<std::size_t>(i) * count * h + k * h + j] = e[j * in + i];
  }
  gemm(TransA::No, n, count * h, in, x, stacked.data(), products.data(), false);

  std::vector<float> point(d);
  Tensor<float> z;
  z.resize(n, h);
  for (int k = 0; k < count; ++k) {
    const float* e = directions + k * d;
    for (const float sign : {1.0f, -1.0f}) {
      double* out = sign > 0 ? plus : minus;
      if (!out) continue;
      const float s = sign * sigma;
      for (std::size_t i = 0; i < d; ++i) point[i] = center[i] + s * e[i];
      for (int r = 0; r < n; ++r) {
        const float* c = centre.row(r);
        const float* p = products.data() + (static_cast<std::size_t>(r) * count + k) * h;
        float* zr = z.row(r);
        for (int j = 0; j < h; ++j) zr[j] = c[j] + s * (p[j] + e[first.bias + j]);
      }
      const Tensor<float>& y = model_.forward_from(1, point.data(), z);
      out[k] = loss_and_output_grad(loss_, y, t, static_cast<Tensor<float>*>(nullptr));
    }
  }
}

}  // namespace optzoo
