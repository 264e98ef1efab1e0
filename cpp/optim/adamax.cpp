// Adamax (Kingma & Ba 2015, section 7.1), as torch.optim.Adamax in PyTorch 1.13:
// the second moment becomes an exponentially weighted infinity norm.
#include <algorithm>
#include <cmath>

#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Adamax : public Optimizer {
 public:
  explicit Adamax(const Hyperparams& h)
      : lr_(h.num("lr")), b1_(h.pair("betas").first), b2_(h.pair("betas").second), eps_(h.num("eps")),
        wd_(h.num("weight_decay")) {}

  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, 2); }

  void update(float* p, const float* grad, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const double t = static_cast<double>(++s.step);
    const float clr = static_cast<float>(lr_ * ctx.lr_scale / (1.0 - std::pow(b1_, t)));
    const float b1 = static_cast<float>(b1_), omb1 = static_cast<float>(1.0 - b1_), b2 = static_cast<float>(b2_),
                eps = static_cast<float>(eps_), wd = static_cast<float>(wd_);
    float *m = s.slots[0].data(), *u = s.slots[1].data();
    for (std::size_t i = 0; i < n; ++i) {
      const float g = grad[i] + wd * p[i];
      m[i] = m[i] * b1 + omb1 * g;
      u[i] = std::max(u[i] * b2, std::abs(g) + eps);
      p[i] = p[i] + (-clr) * (m[i] / u[i]);
    }
  }

 private:
  double lr_, b1_, b2_, eps_, wd_;
};

}  // namespace

OptimizerInfo adamax_info() {
  OptimizerInfo info;
  info.name = "adamax";
  info.title = "Adamax";
  info.summary = "Adam's infinity-norm variant: divides the momentum by a decaying maximum of |g| instead of an RMS.";
  info.reference = "Kingma & Ba, ICLR 2015, section 7.1; torch.optim.Adamax";
  info.equation = "g += wd*p; m = b1*m + (1-b1)*g; u = max(b2*u, |g| + eps); p -= lr/(1-b1^t) * m/u";
  info.hyperparams = {lr_param(2e-3),
                      pair("betas", 0.9, 0.999, half_open(0, 1), "decay rates of the first moment and of the infinity norm"),
                      number("eps", 1e-8, at_least(0), "added to |g| for stability", true),
                      number("weight_decay", 0.0, at_least(0), "L2 penalty added to the gradient")};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Adamax>(h); };
  return info;
}

}  // namespace optzoo
