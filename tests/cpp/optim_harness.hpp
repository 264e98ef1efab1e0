// A tiny stand-alone driver for optimizer tests: small objectives written out here
// (independent of cpp/problems) and a stepper that plays the experiment's role,
// providing the gradient, the look-ahead oracle, per-example squared gradients, the
// layout and the noise generator.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/param_layout.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "optim/registry.hpp"

namespace optzoo::testing {

struct TestObjective {
  std::string name;
  ParamLayout layout;
  std::vector<float> start;
  int examples = 1;
  // Loss of example e (or of the mean over all examples for e = -1), with its gradient.
  std::function<double(const float* x, int e, float* grad)> eval;
  double loss(const float* x) const {
    std::vector<float> g(start.size());
    return eval(x, -1, g.data());
  }
};

// Mean over 4 "examples" of 0.5 sum_i a_i (x_i - c_{e,i})^2 in 6 dimensions,
// condition number 10; the minimum loss is the spread of the centres, not 0.
inline TestObjective quadratic() {
  TestObjective o;
  o.name = "quadratic";
  o.layout.add("x", 1, 6, ParamRole::Other);
  o.start = {1.0f, -1.5f, 0.5f, 2.0f, -2.0f, 1.2f};
  o.examples = 4;
  o.eval = [](const float* x, int e, float* g) {
    static const double a[6] = {1, 2, 3, 5, 8, 10};
    static const double c[4][6] = {{0.1, 0.2, -0.1, 0.3, 0.0, 0.2},
                                   {-0.1, 0.3, 0.1, 0.2, 0.1, -0.2},
                                   {0.2, 0.1, 0.0, 0.4, -0.1, 0.0},
                                   {0.0, 0.2, 0.2, 0.3, 0.2, 0.1}};
    double loss = 0;
    for (int i = 0; i < 6; ++i) g[i] = 0;
    for (int b = 0; b < 4; ++b) {
      if (e >= 0 && b != e) continue;
      const double w = e >= 0 ? 1.0 : 0.25;
      for (int i = 0; i < 6; ++i) {
        const double d = x[i] - c[b][i];
        loss += w * 0.5 * a[i] * d * d;
        g[i] += static_cast<float>(w * a[i] * d);
      }
    }
    return loss;
  };
  return o;
}

// Rosenbrock's banana (1 - x)^2 + 100 (y - x^2)^2 from the classic start (-1.2, 1).
inline TestObjective rosenbrock() {
  TestObjective o;
  o.name = "rosenbrock";
  o.layout.add("x", 1, 2, ParamRole::Other);
  o.start = {-1.2f, 1.0f};
  o.eval = [](const float* p, int, float* g) {
    const double x = p[0], y = p[1];
    g[0] = static_cast<float>(-2 * (1 - x) - 400 * x * (y - x * x));
    g[1] = static_cast<float>(200 * (y - x * x));
    return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
  };
  return o;
}

// Hyperparameters from JSON overrides of the defaults, validated like a run spec.
inline Hyperparams hyper(const OptimizerInfo& info, const Json& overrides = Json::object()) {
  SpecObject r(overrides, "run");
  Hyperparams h = read_hyperparams(info.hyperparams, r);
  r.finish();
  return h;
}

// Hessian-vector products by central differences of the objective's gradient; no
// Fisher (a test objective has no model).
class TestCurvature : public CurvatureOracle {
 public:
  TestCurvature(const TestObjective& obj, const float* x) : obj_(obj), x_(x) {}
  void hessian_vector(const float* v, float* out) const override {
    const std::size_t n = obj_.start.size();
    constexpr double h = 1e-3;
    std::vector<float> plus(n), minus(n), gp(n), gm(n);
    for (std::size_t i = 0; i < n; ++i) {
      plus[i] = static_cast<float>(x_[i] + h * v[i]);
      minus[i] = static_cast<float>(x_[i] - h * v[i]);
    }
    obj_.eval(plus.data(), -1, gp.data());
    obj_.eval(minus.data(), -1, gm.data());
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>((static_cast<double>(gp[i]) - gm[i]) / (2 * h));
  }
  const FisherProbes& fisher_probes(FisherKind) const override {
    throw Error("optimizer", "a test objective has no Fisher");
  }
  void add_flops(double flops) const override { this->flops += flops; }
  mutable double flops = 0;

 private:
  const TestObjective& obj_;
  const float* x_;
};

class Stepper {
 public:
  Stepper(const OptimizerInfo& info, const Hyperparams& h, const TestObjective& obj, uint64_t seed = 1)
      : obj_(obj), caps_(info.caps), opt_(info.make(h)), rng_(seed), params(obj.start) {
    state = opt_->init(params.data(), params.size());
  }

  // One update; returns the loss before it.
  double step() {
    const std::size_t n = params.size();
    std::vector<float> grad(n), sq(n, 0.0f), one(n);
    const double loss = obj_.eval(params.data(), -1, grad.data());
    if (caps_.needs_per_example) {
      for (int e = 0; e < obj_.examples; ++e) {
        obj_.eval(params.data(), e, one.data());
        for (std::size_t i = 0; i < n; ++i) sq[i] += one[i] * one[i] / static_cast<float>(obj_.examples);
      }
    }
    const GradientAt at = [&](const float* x, float* g) { return obj_.eval(x, -1, g); };
    StepContext ctx;
    ctx.layout = &obj_.layout;
    ctx.rng = &rng_;
    ctx.loss = loss;
    ctx.batch_size = obj_.examples;
    ctx.lr_scale = lr_scale;
    if (caps_.needs_gradient_at) ctx.gradient_at = &at;
    if (caps_.needs_per_example) ctx.grad_sq_mean = sq.data();
    const Objective objective = [&](const float* x) { return obj_.loss(x); };
    const TestCurvature curvature(obj_, params.data());
    if (caps_.needs_curvature) {
      ctx.curvature = &curvature;
      ctx.objective = &objective;
    }
    opt_->update(params.data(), grad.data(), n, state, ctx);
    return loss;
  }
  double loss() const { return obj_.loss(params.data()); }
  Optimizer& optimizer() { return *opt_; }

 private:
  const TestObjective& obj_;
  Capabilities caps_;
  std::unique_ptr<Optimizer> opt_;
  Rng rng_;

 public:
  std::vector<float> params;
  OptimizerState state;
  double lr_scale = 1.0;
};

}  // namespace optzoo::testing
