#include "problems/problem.hpp"

#include <cmath>

#include "core/error.hpp"

namespace optzoo {

void Problem::per_example_grads(const float* params, const Batch& batch, float* out) {
  const std::size_t d = dim();
  Batch one(1);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    one[0] = batch[i];
    loss_and_grad(params, one, out + i * d);
  }
}

std::string Problem::fisher_unsupported() const {
  return "needs a network trained on data: the Fisher is defined by a model's predictive distribution, and a test "
         "function has none";
}

void Problem::fisher_probes(const float*, const Batch&, FisherKind, Rng&, FisherProbes&, int64_t*, int64_t*) {
  throw Error("optimizer", fisher_unsupported());
}

void Problem::hessian_vector_product(const float* params, const Batch& batch, const float* v, float* out, double h) {
  const std::size_t d = dim();
  double norm2 = 0;
  for (std::size_t i = 0; i < d; ++i) norm2 += static_cast<double>(v[i]) * v[i];
  if (norm2 == 0) {
    std::fill(out, out + d, 0.0f);
    return;
  }
  // Scale the step to the direction's length so the difference is neither swamped by
  // round-off nor by curvature change.
  const double step = h / std::sqrt(norm2);
  std::vector<float> plus(params, params + d), minus(params, params + d), gp(d), gm(d);
  for (std::size_t i = 0; i < d; ++i) {
    plus[i] = static_cast<float>(params[i] + step * v[i]);
    minus[i] = static_cast<float>(params[i] - step * v[i]);
  }
  loss_and_grad(plus.data(), batch, gp.data());
  loss_and_grad(minus.data(), batch, gm.data());
  for (std::size_t i = 0; i < d; ++i) out[i] = static_cast<float>((static_cast<double>(gp[i]) - gm[i]) / (2 * step));
}

}  // namespace optzoo

namespace optzoo {

void Problem::perturbed_losses(const float* center, const Batch& batch, const float* directions, int count, float sigma,
                               double* plus, double* minus) {
  const std::size_t d = dim();
  std::vector<float> point(d);
  for (int k = 0; k < count; ++k) {
    const float* dir = directions + static_cast<std::size_t>(k) * d;
    for (std::size_t i = 0; i < d; ++i) point[i] = center[i] + sigma * dir[i];
    plus[k] = loss(point.data(), batch);
    if (!minus) continue;
    for (std::size_t i = 0; i < d; ++i) point[i] = center[i] - sigma * dir[i];
    minus[k] = loss(point.data(), batch);
  }
}

ProblemInfo Problem::info() const {
  ProblemInfo out;
  describe(out);
  out.kind = kind_;
  out.name = name_;
  return out;
}

void Problem::loss_grid(const double*, int, int, float*) {
  throw Error("lossGrid", "needs a 1-D or 2-D test function (problem.kind \"function\" with 1 or 2 parameters)");
}

int Problem::predict_grid(const float*, const double*, int, int, std::vector<float>&) {
  throw Error("predictGrid", "needs a dataset with 2 raw input features");
}

DataPoints Problem::data_points(bool, int) const {
  throw Error("dataPoints", "needs a dataset with 1 or 2 raw input features");
}

void Problem::test_images(int, int, std::vector<float>&) const {
  throw Error("testImages", "needs an image dataset (mnist, fashion-mnist)");
}

void Problem::test_labels(int, int, std::vector<int32_t>&) const {
  throw Error("testLabels", "needs a classification dataset with a test split");
}

void Problem::predict(const float*, int, int, std::vector<int32_t>&) {
  throw Error("predict", "needs a classification dataset with a test split");
}

}  // namespace optzoo
