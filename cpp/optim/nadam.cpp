// NAdam (Dozat 2016, "Incorporating Nesterov Momentum into Adam"), as
// torch.optim.NAdam in PyTorch 1.13, with its momentum_decay schedule
// mu_t = b1 (1 - 0.5 * 0.96^(t * momentum_decay)) and the running product of mu.
#include <cmath>

#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Nadam : public Optimizer {
 public:
  explicit Nadam(const Hyperparams& h)
      : lr_(h.num("lr")), b1_(h.pair("betas").first), b2_(h.pair("betas").second), eps_(h.num("eps")),
        wd_(h.num("weight_decay")), md_(h.num("momentum_decay")) {}

  // scalars[0]: the product of mu_1..mu_t (PyTorch keeps it as a float32 tensor).
  OptimizerState init(const float*, std::size_t n) const override {
    OptimizerState s = zero_slots(n, 2);
    s.scalars = {1.0};
    return s;
  }

  void update(float* p, const float* grad, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const double t = static_cast<double>(++s.step), lr = lr_ * ctx.lr_scale;
    const double bc2 = 1.0 - std::pow(b2_, t);
    const double mu = b1_ * (1.0 - 0.5 * std::pow(0.96, t * md_));
    const double mu_next = b1_ * (1.0 - 0.5 * std::pow(0.96, (t + 1) * md_));
    const float mu_product = static_cast<float>(s.scalars[0]) * static_cast<float>(mu);
    // PyTorch 1.13 multiplies mu in twice here (mu_product * mu * mu_next, fixed in
    // later releases); kept for parity with the reference users compare against.
    const float mu_product_next = mu_product * static_cast<float>(mu) * static_cast<float>(mu_next);
    s.scalars[0] = mu_product;
    const float c_grad = static_cast<float>(-lr * (1.0 - mu) / (1.0 - static_cast<double>(mu_product)));
    const float c_avg = static_cast<float>(-lr * mu_next / (1.0 - static_cast<double>(mu_product_next)));
    const float b1 = static_cast<float>(b1_), omb1 = static_cast<float>(1.0 - b1_), b2 = static_cast<float>(b2_),
                omb2 = static_cast<float>(1.0 - b2_), eps = static_cast<float>(eps_), wd = static_cast<float>(wd_),
                fbc2 = static_cast<float>(bc2);
    float *m = s.slots[0].data(), *v = s.slots[1].data();
    for (std::size_t i = 0; i < n; ++i) {
      const float g = grad[i] + wd * p[i];
      m[i] = m[i] * b1 + omb1 * g;
      v[i] = v[i] * b2 + omb2 * g * g;
      const float denom = std::sqrt(v[i] / fbc2) + eps;
      p[i] = p[i] + c_grad * (g / denom);
      p[i] = p[i] + c_avg * (m[i] / denom);
    }
  }

 private:
  double lr_, b1_, b2_, eps_, wd_, md_;
};

}  // namespace

OptimizerInfo nadam_info() {
  OptimizerInfo info;
  info.name = "nadam";
  info.title = "NAdam";
  info.summary = "Adam with Nesterov momentum: the step mixes the current gradient and the look-ahead momentum, with a warming momentum schedule.";
  info.reference = "Dozat, Incorporating Nesterov Momentum into Adam, ICLR 2016 workshop; torch.optim.NAdam";
  info.equation = "mu_t = b1*(1 - 0.5*0.96^(t*md)); denom = sqrt(v/(1-b2^t)) + eps; p -= lr*(1-mu_t)/(1-prod mu)*g/denom + lr*mu_{t+1}/(1-prod mu*mu_t*mu_{t+1})*m/denom (PyTorch 1.13 counts mu_t twice there)";
  info.hyperparams = {lr_param(2e-3),
                      pair("betas", 0.9, 0.999, half_open(0, 1), "decay rates of the first and second moment averages"),
                      number("eps", 1e-8, at_least(0), "added to the denominator for stability", true),
                      number("weight_decay", 0.0, at_least(0), "L2 penalty added to the gradient"),
                      number("momentum_decay", 4e-3, at_least(0), "psi in mu_t = b1*(1 - 0.5*0.96^(t*psi))")};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Nadam>(h); };
  return info;
}

}  // namespace optzoo
