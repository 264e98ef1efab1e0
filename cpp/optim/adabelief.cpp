// AdaBelief (Zhuang et al., NeurIPS 2020, Algorithm 2): Adam whose second moment is
// the EMA of (g - m)^2, the "belief" in the gradient, plus eps inside the average.
// Weight decay is decoupled (p *= 1 - lr*wd), the paper's recommended form.
#include <cmath>

#include "optim/registry.hpp"

namespace optzoo {
namespace {

class AdaBelief : public Optimizer {
 public:
  explicit AdaBelief(const Hyperparams& h)
      : lr_(h.num("lr")), b1_(h.pair("betas").first), b2_(h.pair("betas").second), eps_(h.num("eps")),
        wd_(h.num("weight_decay")) {}

  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, 2); }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const double t = static_cast<double>(++s.step), lr = lr_ * ctx.lr_scale;
    const float b1 = static_cast<float>(b1_), omb1 = static_cast<float>(1.0 - b1_), b2 = static_cast<float>(b2_),
                omb2 = static_cast<float>(1.0 - b2_), eps = static_cast<float>(eps_),
                decay = static_cast<float>(1.0 - lr * wd_), bc1 = static_cast<float>(1.0 - std::pow(b1_, t)),
                bc2 = static_cast<float>(1.0 - std::pow(b2_, t)), flr = static_cast<float>(lr);
    float *m = s.slots[0].data(), *sv = s.slots[1].data();
    for (std::size_t i = 0; i < n; ++i) {
      p[i] = p[i] * decay;
      m[i] = b1 * m[i] + omb1 * g[i];
      const float d = g[i] - m[i];
      sv[i] = b2 * sv[i] + omb2 * (d * d) + eps;
      p[i] = p[i] - flr * (m[i] / bc1) / (std::sqrt(sv[i] / bc2) + eps);
    }
  }

 private:
  double lr_, b1_, b2_, eps_, wd_;
};

}  // namespace

OptimizerInfo adabelief_info() {
  OptimizerInfo info;
  info.name = "adabelief";
  info.title = "AdaBelief";
  info.summary = "Adam that divides by the spread of gradients around their running mean, taking large steps when the gradient is predictable and small ones when it is not.";
  info.reference = "Zhuang et al., AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed Gradients, NeurIPS 2020";
  info.equation = "m = b1*m + (1-b1)*g; s = b2*s + (1-b2)*(g-m)^2 + eps; p -= lr * (m/(1-b1^t)) / (sqrt(s/(1-b2^t)) + eps)";
  info.hyperparams = {lr_param(1e-3),
                      pair("betas", 0.9, 0.999, half_open(0, 1), "decay rates of the gradient mean and of the belief variance"),
                      number("eps", 1e-16, at_least(0), "added to the variance average and to the denominator", true),
                      number("weight_decay", 0.0, at_least(0), "decoupled weight decay (p *= 1 - lr*wd)")};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<AdaBelief>(h); };
  return info;
}

}  // namespace optzoo
