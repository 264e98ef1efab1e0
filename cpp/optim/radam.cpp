// RAdam (Liu et al., ICLR 2020, "On the Variance of the Adaptive Learning Rate and
// Beyond"), as torch.optim.RAdam in PyTorch 1.13: while the variance of the adaptive
// rate is intractable (rho_t <= 5) the step is un-adapted momentum SGD.
#include <cmath>

#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Radam : public Optimizer {
 public:
  explicit Radam(const Hyperparams& h)
      : lr_(h.num("lr")), b1_(h.pair("betas").first), b2_(h.pair("betas").second), eps_(h.num("eps")),
        wd_(h.num("weight_decay")) {}

  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, 2); }

  void update(float* p, const float* grad, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const double t = static_cast<double>(++s.step), lr = lr_ * ctx.lr_scale;
    const double bc1 = 1.0 - std::pow(b1_, t), bc2 = 1.0 - std::pow(b2_, t);
    const double rho_inf = 2.0 / (1.0 - b2_) - 1.0;
    const double rho_t = rho_inf - 2.0 * t * std::pow(b2_, t) / bc2;
    const bool rectified = rho_t > 5.0;
    const double rect =
        rectified ? std::sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) : 0.0;
    const float b1 = static_cast<float>(b1_), omb1 = static_cast<float>(1.0 - b1_), b2 = static_cast<float>(b2_),
                omb2 = static_cast<float>(1.0 - b2_), eps = static_cast<float>(eps_), wd = static_cast<float>(wd_),
                fbc1 = static_cast<float>(bc1), flr = static_cast<float>(lr), sqrt_bc2 = static_cast<float>(std::sqrt(bc2)),
                frect = static_cast<float>(rect);
    float *m = s.slots[0].data(), *v = s.slots[1].data();
    for (std::size_t i = 0; i < n; ++i) {
      const float g = grad[i] + wd * p[i];
      m[i] = m[i] * b1 + omb1 * g;
      v[i] = v[i] * b2 + omb2 * g * g;
      const float m_hat = m[i] / fbc1;
      if (rectified) {
        const float adaptive = sqrt_bc2 / (std::sqrt(v[i]) + eps);
        p[i] = p[i] + -1.0f * (m_hat * flr * adaptive * frect);
      } else {
        p[i] = p[i] + -1.0f * (m_hat * flr);
      }
    }
  }

 private:
  double lr_, b1_, b2_, eps_, wd_;
};

}  // namespace

OptimizerInfo radam_info() {
  OptimizerInfo info;
  info.name = "radam";
  info.title = "RAdam";
  info.summary = "Rectified Adam: plain momentum steps while the adaptive learning rate's variance is still undefined, then Adam scaled by a rectification term.";
  info.reference = "Liu et al., On the Variance of the Adaptive Learning Rate and Beyond, ICLR 2020; torch.optim.RAdam";
  info.equation = "rho_inf = 2/(1-b2)-1; rho_t = rho_inf - 2t*b2^t/(1-b2^t); rho_t > 5: p -= lr*m_hat*r_t*sqrt(1-b2^t)/(sqrt(v)+eps), else p -= lr*m_hat";
  info.hyperparams = {lr_param(1e-3),
                      pair("betas", 0.9, 0.999, half_open(0, 1), "decay rates of the first and second moment averages"),
                      number("eps", 1e-8, at_least(0), "added to the denominator for stability", true),
                      number("weight_decay", 0.0, at_least(0), "L2 penalty added to the gradient")};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Radam>(h); };
  return info;
}

}  // namespace optzoo
