// Adam and AdamW share one implementation; they differ only in where weight decay
// enters (PyTorch 1.13): Adam adds wd*p to the gradient (L2), AdamW first shrinks
// p by (1 - lr*wd) (decoupled, Loshchilov & Hutter 2019).
//
// `bias_correction` picks how the zero-initialised averages are corrected early on:
//   standard (Kingma & Ba, PyTorch): divide m by 1 - b1^t and v by 1 - b2^t;
//   none: use the raw averages, which are biased toward 0 for t << 1/(1 - b);
//   min_t: McAllester's form (TTIC 31230, 003, bias correction of running averages):
//     average with rate r_t = 1/min(t, N), N = 1/(1 - b), i.e. r_t = max(1 - b, 1/t),
//     so the first N steps are exact averages and later ones an N-step window.
#pragma once
#include <algorithm>
#include <cmath>

#include "optim/kernels.hpp"
#include "optim/registry.hpp"

namespace optzoo {

class AdamLike : public Optimizer {
 public:
  AdamLike(const Hyperparams& h, bool decoupled)
      : lr_(h.num("lr")), b1_(h.pair("betas").first), b2_(h.pair("betas").second), eps_(h.num("eps")),
        wd_(h.num("weight_decay")), amsgrad_(h.flag("amsgrad")), decoupled_(decoupled),
        correction_(static_cast<Correction>(h.option("bias_correction"))) {}

  enum class Correction { Standard, None, MinT };  // the order of bias_correction_choices()
  static std::vector<std::string> bias_correction_choices() { return {"standard", "none", "min_t"}; }

  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, amsgrad_ ? 3 : 2); }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const double lr = lr_ * ctx.lr_scale, t = static_cast<double>(++s.step);
    const bool standard = correction_ == Correction::Standard;
    const double bc1 = standard ? 1.0 - std::pow(b1_, t) : 1.0, bc2 = standard ? 1.0 - std::pow(b2_, t) : 1.0;
    // Averaging rates 1 - b, or max(1 - b, 1/t) for min_t (keep = 1 - rate).
    const bool min_t = correction_ == Correction::MinT;
    const double r1 = min_t ? std::max(1.0 - b1_, 1.0 / t) : 1.0 - b1_;
    const double r2 = min_t ? std::max(1.0 - b2_, 1.0 / t) : 1.0 - b2_;
    AdamCoeffs c;
    c.step_size = static_cast<float>(lr / bc1);
    c.beta1 = static_cast<float>(min_t ? 1.0 - r1 : b1_);
    c.one_minus_beta1 = static_cast<float>(r1);
    c.beta2 = static_cast<float>(min_t ? 1.0 - r2 : b2_);
    c.one_minus_beta2 = static_cast<float>(r2);
    c.bc2_sqrt = static_cast<float>(std::sqrt(bc2));
    c.eps = static_cast<float>(eps_);
    c.weight_decay = decoupled_ ? 0.0f : static_cast<float>(wd_);
    c.decay = decoupled_ ? static_cast<float>(1.0 - lr * wd_) : 1.0f;
    adam_kernel(c, p, g, s.slots[0].data(), s.slots[1].data(), amsgrad_ ? s.slots[2].data() : nullptr, n);
  }

 private:
  double lr_, b1_, b2_, eps_, wd_;
  bool amsgrad_, decoupled_;
  Correction correction_;
};

inline std::vector<HyperparamSpec> adam_schema(double weight_decay) {
  return {lr_param(1e-3),
          pair("betas", 0.9, 0.999, half_open(0, 1), "decay rates (beta1, beta2) of the first and second moment averages"),
          number("eps", 1e-8, at_least(0), "added to the denominator sqrt(v_hat) for stability", true),
          number("weight_decay", weight_decay, at_least(0), "weight decay coefficient"),
          boolean("amsgrad", false, "AMSGrad: divide by the running maximum of v (Reddi et al. 2018)"),
          choice("bias_correction", AdamLike::bias_correction_choices(), "standard",
                 "standard: divide by 1 - b^t (PyTorch); none: raw averages; min_t: average at rate 1/min(t, 1/(1-b)) (McAllester)")};
}

}  // namespace optzoo
