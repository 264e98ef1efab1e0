// Nesterov's accelerated gradient in the lecture's look-ahead form (Nesterov 1983;
// Tanner, Oxford, 004): the gradient is taken at the extrapolated point,
//   theta_hat = theta_k + beta (theta_k - theta_{k-1})
//   theta_{k+1} = theta_hat - alpha grad L(theta_hat)
// so it asks the experiment for the minibatch gradient at theta_hat (StepContext::
// gradient_at) instead of using the gradient at theta_k.
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class NesterovLookahead : public Optimizer {
 public:
  explicit NesterovLookahead(const Hyperparams& h) : lr_(h.num("lr")), beta_(h.num("beta")) {}

  OptimizerState init(const float* params, std::size_t n) const override {
    OptimizerState s;
    s.slots.emplace_back(params, params + n);  // theta_{k-1}
    return s;
  }

  void update(float* p, const float*, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    if (!ctx.gradient_at) throw Error("nesterov_lookahead", "needs the gradient at the look-ahead point (internal error)");
    ++s.step;
    const float alpha = static_cast<float>(lr_ * ctx.lr_scale), beta = static_cast<float>(beta_);
    float* prev = s.slots[0].data();
    ahead_.resize(n);
    grad_.resize(n);
    for (std::size_t i = 0; i < n; ++i) ahead_[i] = p[i] + beta * (p[i] - prev[i]);
    (*ctx.gradient_at)(ahead_.data(), grad_.data());
    for (std::size_t i = 0; i < n; ++i) {
      prev[i] = p[i];
      p[i] = ahead_[i] - alpha * grad_[i];
    }
  }

 private:
  double lr_, beta_;
  mutable std::vector<float> ahead_, grad_;  // scratch, not state
};

}  // namespace

OptimizerInfo nesterov_lookahead_info() {
  OptimizerInfo info;
  info.name = "nesterov_lookahead";
  info.title = "Nesterov (look-ahead)";
  info.summary = "Extrapolates along the last displacement, then takes the gradient step from that look-ahead point, using the gradient evaluated there.";
  info.reference = "Nesterov, A method for solving the convex programming problem with convergence rate O(1/k^2), 1983; Tanner, Optimization for DNNs (Oxford)";
  info.equation = "theta_hat = theta_k + beta*(theta_k - theta_{k-1}); theta_{k+1} = theta_hat - lr*grad L(theta_hat)";
  info.hyperparams = {lr_param(0.01), number("beta", 0.9, half_open(0, 1), "extrapolation weight of the previous displacement")};
  info.caps.needs_gradient_at = true;
  info.rosenbrock_settings = {{"lr", 5e-4}};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<NesterovLookahead>(h); };
  return info;
}

}  // namespace optzoo
