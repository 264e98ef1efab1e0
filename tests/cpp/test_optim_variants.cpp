// Optimizer variants the lectures compare: RMSprop's g/sigma^2 form, Adam's bias
// corrections, momentum as a horizon N_g, and SGD with decoupled weight decay.
#include <doctest/doctest.h>

#include <cmath>

#include "optim_harness.hpp"
#include "test_support.hpp"

using namespace optzoo;
using namespace optzoo::testing;

namespace {

// Runs `steps` updates of one optimizer on a 1-D weight fed a fixed gradient sequence.
std::vector<double> trajectory(const std::string& name, const Json& settings, const std::vector<float>& grads,
                               float start = 1.0f) {
  const OptimizerInfo& info = *find_optimizer(name);
  auto opt = info.make(hyper(info, settings));
  float w = start;
  OptimizerState s = opt->init(&w, 1);
  std::vector<double> out;
  StepContext ctx;
  for (float g : grads) {
    opt->update(&w, &g, 1, s, ctx);
    out.push_back(w);
  }
  return out;
}

// f(x) = 1/2 sum a_i x_i^2 written in a changed unit of the weights, x = c u: the
// gradient in u is c a_i x_i. Returns the trajectory mapped back to x.
std::vector<float> in_unit(const OptimizerInfo& info, const Json& settings, double c, int steps) {
  auto opt = info.make(hyper(info, settings));
  const double a[3] = {1.0, 4.0, 9.0};
  std::vector<float> u = {static_cast<float>(1.0 / c), static_cast<float>(-0.5 / c), static_cast<float>(0.25 / c)};
  OptimizerState s = opt->init(u.data(), u.size());
  std::vector<float> g(3);
  StepContext ctx;
  for (int k = 0; k < steps; ++k) {
    for (int i = 0; i < 3; ++i) g[i] = static_cast<float>(c * a[i] * (c * u[i]));
    opt->update(u.data(), g.data(), 3, s, ctx);
  }
  for (float& v : u) v = static_cast<float>(v * c);
  return u;
}

const std::vector<float> kGrads = {0.5f, -0.2f, 0.8f, 0.1f, -0.4f, 0.3f};

}  // namespace

TEST_CASE("rmsprop power 1 divides by the mean square: written-out reference") {
  const double lr = 0.01, alpha = 0.9, eps = 1e-3;
  const auto got = trajectory("rmsprop", {{"lr", lr}, {"alpha", alpha}, {"eps", eps}, {"power", 1}}, kGrads);
  double w = 1.0, sq = 0.0;
  for (std::size_t k = 0; k < kGrads.size(); ++k) {
    sq = alpha * sq + (1 - alpha) * kGrads[k] * kGrads[k];
    w -= lr * kGrads[k] / (sq + eps);
    CHECK(got[k] == doctest::Approx(w).epsilon(1e-5));
  }
}

TEST_CASE("rmsprop power 1 with centered divides by the variance estimate, momentum on top") {
  const double lr = 0.01, alpha = 0.8, eps = 1e-2, m = 0.5;
  const auto got = trajectory(
      "rmsprop", {{"lr", lr}, {"alpha", alpha}, {"eps", eps}, {"power", 1}, {"centered", true}, {"momentum", m}}, kGrads);
  double w = 1.0, sq = 0.0, ga = 0.0, buf = 0.0;
  for (std::size_t k = 0; k < kGrads.size(); ++k) {
    sq = alpha * sq + (1 - alpha) * kGrads[k] * kGrads[k];
    ga = alpha * ga + (1 - alpha) * kGrads[k];
    buf = m * buf + kGrads[k] / (sq - ga * ga + eps);
    w -= lr * buf;
    CHECK(got[k] == doctest::Approx(w).epsilon(1e-4));
  }
}

TEST_CASE("rmsprop power 0.5 is the default (PyTorch) update exactly") {
  CHECK(trajectory("rmsprop", {{"power", 0.5}}, kGrads) == trajectory("rmsprop", Json::object(), kGrads));
}

TEST_CASE("lecture (McAllester): g/sigma^2 is unit-free, g/sigma is not") {
  // Changing the unit of the weights by c changes the gradient by c and sigma^2 by c^2;
  // with power 1 (and eps 0) the trajectory in the original unit is the same.
  const OptimizerInfo& info = *find_optimizer("rmsprop");
  for (double power : {0.5, 1.0}) {
    const Json settings = {{"lr", 0.05}, {"eps", 0}, {"power", power}};
    const auto base = in_unit(info, settings, 1.0, 20), scaled = in_unit(info, settings, 10.0, 20);
    double diff = 0;
    for (int i = 0; i < 3; ++i) diff = std::max(diff, relative_difference(base[i], scaled[i]));
    INFO("power " << power << ": largest relative difference " << diff);
    if (power == 1.0) CHECK(diff < 1e-4);
    else CHECK(diff > 1e-2);
  }
}

TEST_CASE("rmsprop power outside [0.5, 1] is a path: rule error") {
  const OptimizerInfo& info = *find_optimizer("rmsprop");
  CHECK(error_of([&] { hyper(info, {{"power", 2}}); }) == "run.power: must be a finite number in [0.5, 1], got 2");
}

TEST_CASE("adam bias_correction none and min_t against written-out references") {
  const double lr = 0.01, b1 = 0.8, b2 = 0.9, eps = 1e-8;
  for (const std::string mode : {"standard", "none", "min_t"}) {
    const auto got = trajectory("adam", {{"lr", lr}, {"betas", {b1, b2}}, {"eps", eps}, {"bias_correction", mode}}, kGrads);
    double w = 1.0, m = 0, v = 0;
    for (std::size_t k = 0; k < kGrads.size(); ++k) {
      const double t = static_cast<double>(k + 1), g = kGrads[k];
      double r1 = 1 - b1, r2 = 1 - b2;
      if (mode == "min_t") r1 = std::max(r1, 1 / t), r2 = std::max(r2, 1 / t);
      m = (1 - r1) * m + r1 * g;
      v = (1 - r2) * v + r2 * g * g;
      const double mh = mode == "standard" ? m / (1 - std::pow(b1, t)) : m;
      const double vh = mode == "standard" ? v / (1 - std::pow(b2, t)) : v;
      w -= lr * mh / (std::sqrt(vh) + eps);
      INFO(mode << " step " << t);
      CHECK(got[k] == doctest::Approx(w).epsilon(1e-5));
    }
  }
  // min_t's first step is exact averaging: m = g, v = g^2, a step of lr * sign(g).
  const auto first = trajectory("adam", {{"lr", lr}, {"bias_correction", "min_t"}}, {0.3f});
  CHECK(first[0] == doctest::Approx(1.0 - lr).epsilon(1e-6));
  // Without correction the first step is (1 - b1)/sqrt(1 - b2) lr: about 3 lr for PyTorch's betas.
  const auto raw = trajectory("adam", {{"lr", lr}, {"bias_correction", "none"}}, {0.3f});
  CHECK(1.0 - raw[0] == doctest::Approx(lr * 0.1 / std::sqrt(0.001)).epsilon(1e-4));
}

TEST_CASE("adamw shares the bias_correction choice; a bad one is a path: rule error") {
  const OptimizerInfo& adamw = *find_optimizer("adamw");
  CHECK(hyper(adamw, {{"bias_correction", "min_t"}}).option("bias_correction") == 2);
  CHECK(error_of([&] { hyper(adamw, {{"bias_correction", "minT"}}); })
            .find("run.bias_correction: must be one of \"standard\", \"none\", \"min_t\"") == 0);
}

TEST_CASE("sgd n_g is momentum 1 - 1/n_g; both given, or n_g in (0, 1), is an error") {
  const OptimizerInfo& sgd = *find_optimizer("sgd");
  CHECK(trajectory("sgd", {{"lr", 0.1}, {"n_g", 10}}, kGrads) == trajectory("sgd", {{"lr", 0.1}, {"momentum", 0.9}}, kGrads));
  CHECK(trajectory("sgd", {{"lr", 0.1}, {"n_g", 1}}, kGrads) == trajectory("sgd", {{"lr", 0.1}}, kGrads));
  CHECK(trajectory("sgd", {{"lr", 0.1}, {"n_g", 4}, {"nesterov", true}}, kGrads) ==
        trajectory("sgd", {{"lr", 0.1}, {"momentum", 0.75}, {"nesterov", true}}, kGrads));
  CHECK(error_of([&] { sgd.make(hyper(sgd, {{"n_g", 10}, {"momentum", 0.9}})); }).find("n_g: cannot be combined with momentum") == 0);
  CHECK(error_of([&] { sgd.make(hyper(sgd, {{"n_g", 0.5}})); }).find("n_g: must be >= 1") == 0);
  CHECK(error_of([&] { hyper(sgd, {{"n_g", -1}}); }).find("run.n_g: must be a finite number >= 0") == 0);
}

TEST_CASE("lecture (McAllester): with dampening 1/N_g the buffer is the N_g-step average mu, and lr = N_g eta") {
  // mu = (1 - 1/N) mu + g/N, Phi -= N eta mu equals PyTorch's momentum 1 - 1/N,
  // dampening 1 - 1/N... except on the first step, where PyTorch copies g into the
  // buffer: compare from the second step on by feeding a zero first gradient.
  const double n = 5, eta = 0.02;
  std::vector<float> grads = {0.0f};
  grads.insert(grads.end(), kGrads.begin(), kGrads.end());
  const auto got = trajectory("sgd", {{"lr", n * eta}, {"n_g", n}, {"dampening", 1 - 1 / n}}, grads);
  double w = 1.0, mu = 0;
  for (std::size_t k = 1; k < grads.size(); ++k) {
    mu = (1 - 1 / n) * mu + grads[k] / n;
    w -= n * eta * mu;
    CHECK(got[k] == doctest::Approx(w).epsilon(1e-5));
  }
}

TEST_CASE("sgdw decays the weights directly, outside the momentum buffer") {
  const double lr = 0.1, wd = 0.05, m = 0.9;
  const auto got = trajectory("sgdw", {{"lr", lr}, {"momentum", m}, {"weight_decay", wd}}, kGrads);
  double w = 1.0, buf = 0;
  for (std::size_t k = 0; k < kGrads.size(); ++k) {
    w *= 1 - lr * wd;
    buf = k == 0 ? kGrads[k] : m * buf + kGrads[k];
    w -= lr * buf;
    CHECK(got[k] == doctest::Approx(w).epsilon(1e-5));
  }
  // With decay it differs from sgd's L2 form; without it they are the same method.
  CHECK(trajectory("sgd", {{"lr", lr}, {"momentum", m}, {"weight_decay", wd}}, kGrads) != got);
  CHECK(trajectory("sgd", {{"lr", lr}, {"momentum", m}}, kGrads) ==
        trajectory("sgdw", {{"lr", lr}, {"momentum", m}, {"weight_decay", 0}}, kGrads));
}

TEST_CASE("rmsprop_per_example: written-out reference with supplied E_b[g_b^2], centered, power 1") {
  const OptimizerInfo& info = *find_optimizer("rmsprop_per_example");
  CHECK(info.caps.needs_per_example);
  auto opt = info.make(hyper(info, {{"lr", 0.01}, {"alpha", 0.9}, {"eps", 1e-3}, {"centered", true}, {"power", 1}}));
  float w = 1.0f;
  OptimizerState s = opt->init(&w, 1);
  const float sq_means[6] = {0.5f, 0.3f, 0.9f, 0.2f, 0.4f, 0.35f};
  double ref = 1.0, sq = 0, ga = 0;
  for (std::size_t k = 0; k < kGrads.size(); ++k) {
    StepContext ctx;
    ctx.grad_sq_mean = &sq_means[k];
    opt->update(&w, &kGrads[k], 1, s, ctx);
    sq = 0.9 * sq + 0.1 * sq_means[k];
    ga = 0.9 * ga + 0.1 * kGrads[k];
    ref -= 0.01 * kGrads[k] / (sq - ga * ga + 1e-3);
    CHECK(w == doctest::Approx(ref).epsilon(1e-5));
  }
}
