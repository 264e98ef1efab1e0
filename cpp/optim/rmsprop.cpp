// RMSprop (Hinton, Coursera lecture 6e, 2012), as torch.optim.RMSprop in PyTorch
// 1.13: eps outside the square root; `centered` divides by an estimate of the
// gradient's standard deviation instead of its RMS (Graves 2013); momentum
// accumulates g/avg and steps by lr times the buffer.
//
// `power` p generalises the denominator to s^p + eps. p = 0.5 is PyTorch's RMS; p = 1
// divides by the mean square itself, the g/sigma^2 form (2) that McAllester's lecture
// (TTIC 31230, 003, "RMSProp is Theoretically Mysterious") argues is dimensionally
// consistent: with it the step no longer depends on the unit of the weights.
#include <algorithm>
#include <cmath>

#include "optim/kernels.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Rmsprop : public Optimizer {
 public:
  explicit Rmsprop(const Hyperparams& h)
      : lr_(h.num("lr")), alpha_(h.num("alpha")), eps_(h.num("eps")), wd_(h.num("weight_decay")),
        momentum_(h.num("momentum")), power_(h.num("power")), centered_(h.flag("centered")) {}

  // slots: square_avg, then grad_avg (centered), then the momentum buffer.
  OptimizerState init(const float*, std::size_t n) const override {
    return zero_slots(n, 1 + (centered_ ? 1 : 0) + (momentum_ > 0 ? 1 : 0));
  }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    ++s.step;
    const RmspropCoeffs c{static_cast<float>(lr_ * ctx.lr_scale), static_cast<float>(alpha_),
                          static_cast<float>(1.0 - alpha_), static_cast<float>(eps_), static_cast<float>(wd_),
                          static_cast<float>(momentum_)};
    float* grad_avg = centered_ ? s.slots[1].data() : nullptr;
    float* buf = momentum_ > 0 ? s.slots.back().data() : nullptr;
    if (power_ == 0.5) rmsprop_kernel(c, p, g, s.slots[0].data(), grad_avg, buf, n);
    else power_update(c, p, g, s.slots[0].data(), grad_avg, buf, n);
  }

 private:
  // The kernel's update with avg = (s or s - ga^2)^p + eps.
  void power_update(const RmspropCoeffs& c, float* p, const float* g, float* sq, float* grad_avg, float* buf,
                    std::size_t n) const {
    for (std::size_t i = 0; i < n; ++i) {
      const float gi = g[i] + c.weight_decay * p[i];
      sq[i] = sq[i] * c.alpha + c.one_minus_alpha * gi * gi;
      float second = sq[i];
      if (grad_avg) {
        grad_avg[i] = grad_avg[i] * c.alpha + c.one_minus_alpha * gi;
        second = std::max(sq[i] - grad_avg[i] * grad_avg[i], 0.0f);
      }
      const float avg = static_cast<float>(std::pow(static_cast<double>(second), power_)) + c.eps;
      if (buf) {
        buf[i] = buf[i] * c.momentum + gi / avg;
        p[i] = p[i] - c.lr * buf[i];
      } else {
        p[i] = p[i] - c.lr * (gi / avg);
      }
    }
  }

  double lr_, alpha_, eps_, wd_, momentum_, power_;
  bool centered_;
};

}  // namespace

OptimizerInfo rmsprop_info() {
  OptimizerInfo info;
  info.name = "rmsprop";
  info.title = "RMSprop";
  info.summary = "Divides each gradient component by the root mean square of its recent values, so steps keep relative scale between minibatches (unlike Rprop's signs).";
  info.reference = "Tieleman & Hinton, Neural Networks for Machine Learning, lecture 6e, 2012; Graves 2013 (centered); torch.optim.RMSprop";
  info.equation = "g += wd*p; s = a*s + (1-a)*g^2; avg = (s - ga^2 if centered else s)^power + eps; b = m*b + g/avg; p -= lr*b (m = 0: p -= lr*g/avg)";
  info.hyperparams = {lr_param(1e-2),
                      number("alpha", 0.99, closed(0, 1), "smoothing constant of the squared-gradient average"),
                      number("eps", 1e-8, at_least(0), "added to the denominator (outside the square root)", true),
                      number("weight_decay", 0.0, at_least(0), "L2 penalty added to the gradient"),
                      number("momentum", 0.0, at_least(0), "momentum factor"),
                      boolean("centered", false, "normalise by the estimated variance (subtract the squared mean gradient)"),
                      number("power", 0.5, closed(0.5, 1), "exponent p of the denominator s^p + eps: 0.5 divides by the RMS (PyTorch), 1 by the mean square (g/sigma^2, McAllester's unit-free form)")};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Rmsprop>(h); };
  return info;
}

}  // namespace optzoo
