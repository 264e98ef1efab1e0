// Finite-difference gradient checks in double, shared by the layer tests.
#pragma once
#include <cmath>
#include <vector>

#include "nn/model.hpp"

namespace optzoo::testing {

struct Case {
  std::vector<double> x;
  std::vector<int32_t> labels;
  std::vector<float> targets;
  int n, in, out;
};

inline Case random_case(Rng& r, int n, int in, int out, LossKind loss) {
  Case c{{}, {}, {}, n, in, out};
  for (int i = 0; i < n * in; ++i) c.x.push_back(r.normal());
  for (int i = 0; i < n; ++i) c.labels.push_back(static_cast<int32_t>(r.below(out)));
  for (int i = 0; i < n * out; ++i)
    c.targets.push_back(static_cast<float>(loss == LossKind::BinaryCrossEntropy ? r.uniform() : r.normal()));
  return c;
}

// Largest |analytic - numeric| / max(1, |numeric|) over all parameters.
inline double gradient_error(Model<double>& model, std::vector<double> params, const Case& c, LossKind loss) {
  const TargetView t{c.labels.data(), c.targets.data(), c.out};
  std::vector<double> grad(params.size());
  model.loss_and_grad(params.data(), c.x.data(), c.n, loss, t, grad.data());
  double worst = 0;
  const double h = 1e-6;
  for (std::size_t i = 0; i < params.size(); ++i) {
    const double keep = params[i];
    params[i] = keep + h;
    const double up = model.loss(params.data(), c.x.data(), c.n, loss, t);
    params[i] = keep - h;
    const double down = model.loss(params.data(), c.x.data(), c.n, loss, t);
    params[i] = keep;
    const double numeric = (up - down) / (2 * h);
    worst = std::max(worst, std::abs(grad[i] - numeric) / std::max(1.0, std::abs(numeric)));
  }
  return worst;
}

}  // namespace optzoo::testing
