// Adam and AdamW share one implementation; they differ only in where weight decay
// enters (PyTorch 1.13): Adam adds wd*p to the gradient (L2), AdamW first shrinks
// p by (1 - lr*wd) (decoupled, Loshchilov & Hutter 2019).
#pragma once
#include <cmath>

#include "optim/kernels.hpp"
#include "optim/registry.hpp"

namespace optzoo {

class AdamLike : public Optimizer {
 public:
  AdamLike(const Hyperparams& h, bool decoupled)
      : lr_(h.num("lr")), b1_(h.pair("betas").first), b2_(h.pair("betas").second), eps_(h.num("eps")),
        wd_(h.num("weight_decay")), amsgrad_(h.flag("amsgrad")), decoupled_(decoupled) {}

  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, amsgrad_ ? 3 : 2); }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const double lr = lr_ * ctx.lr_scale, t = static_cast<double>(++s.step);
    const double bc1 = 1.0 - std::pow(b1_, t), bc2 = 1.0 - std::pow(b2_, t);
    AdamCoeffs c;
    c.step_size = static_cast<float>(lr / bc1);
    c.beta1 = static_cast<float>(b1_);
    c.one_minus_beta1 = static_cast<float>(1.0 - b1_);
    c.beta2 = static_cast<float>(b2_);
    c.one_minus_beta2 = static_cast<float>(1.0 - b2_);
    c.bc2_sqrt = static_cast<float>(std::sqrt(bc2));
    c.eps = static_cast<float>(eps_);
    c.weight_decay = decoupled_ ? 0.0f : static_cast<float>(wd_);
    c.decay = decoupled_ ? static_cast<float>(1.0 - lr * wd_) : 1.0f;
    adam_kernel(c, p, g, s.slots[0].data(), s.slots[1].data(), amsgrad_ ? s.slots[2].data() : nullptr, n);
  }

 private:
  double lr_, b1_, b2_, eps_, wd_;
  bool amsgrad_, decoupled_;
};

inline std::vector<HyperparamSpec> adam_schema(double weight_decay) {
  return {lr_param(1e-3),
          pair("betas", 0.9, 0.999, half_open(0, 1), "decay rates (beta1, beta2) of the first and second moment averages"),
          number("eps", 1e-8, at_least(0), "added to the denominator sqrt(v_hat) for stability", true),
          number("weight_decay", weight_decay, at_least(0), "weight decay coefficient"),
          boolean("amsgrad", false, "AMSGrad: divide by the running maximum of v (Reddi et al. 2018)")};
}

}  // namespace optzoo
