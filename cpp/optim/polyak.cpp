// Polyak's heavy ball (Polyak 1964) in the lecture's form (Tanner, Oxford, 004):
//   theta_{k+1} = theta_k + beta (theta_k - theta_{k-1}) - alpha grad L(theta_k)
// Kept beside torch's sgd momentum, which sums raw gradients in a buffer; the two
// agree for constant lr but differ under schedules and mid-run lr changes.
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Polyak : public Optimizer {
 public:
  explicit Polyak(const Hyperparams& h) : lr_(h.num("lr")), beta_(h.num("beta")) {}

  // slots[0]: theta_{k-1}, starting at theta_0 so that the first step is plain GD.
  OptimizerState init(const float* params, std::size_t n) const override {
    OptimizerState s;
    s.slots.emplace_back(params, params + n);
    return s;
  }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    ++s.step;
    const float alpha = static_cast<float>(lr_ * ctx.lr_scale), beta = static_cast<float>(beta_);
    float* prev = s.slots[0].data();
    for (std::size_t i = 0; i < n; ++i) {
      const float now = p[i];
      p[i] = now + beta * (now - prev[i]) - alpha * g[i];
      prev[i] = now;
    }
  }

 private:
  double lr_, beta_;
};

}  // namespace

OptimizerInfo polyak_info() {
  OptimizerInfo info;
  info.name = "polyak";
  info.title = "Polyak heavy ball";
  info.summary = "Gradient descent plus a fraction beta of the last displacement: the heavy-ball form of momentum from the lectures.";
  info.reference = "Polyak, Some methods of speeding up the convergence of iteration methods, 1964; Tanner, Optimization for DNNs (Oxford)";
  info.equation = "theta_{k+1} = theta_k + beta*(theta_k - theta_{k-1}) - lr*grad L(theta_k)";
  info.hyperparams = {lr_param(0.01), number("beta", 0.9, half_open(0, 1), "weight of the previous displacement")};
  info.rosenbrock_settings = {{"lr", 5e-4}};  // heavy ball is stable for lr < 2(1+beta)/L with L ~ 1e3 in the valley
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Polyak>(h); };
  return info;
}

}  // namespace optzoo
