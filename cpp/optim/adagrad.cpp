// Adagrad (Duchi, Hazan & Singer, JMLR 2011), as torch.optim.Adagrad in PyTorch
// 1.13: diagonal preconditioning by the root of the summed squared gradients, eps
// outside the root, lr decayed as lr / (1 + (t-1) lr_decay).
#include <algorithm>

#include "optim/kernels.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Adagrad : public Optimizer {
 public:
  explicit Adagrad(const Hyperparams& h)
      : lr_(h.num("lr")), lr_decay_(h.num("lr_decay")), wd_(h.num("weight_decay")),
        init_acc_(h.num("initial_accumulator_value")), eps_(h.num("eps")) {}

  OptimizerState init(const float*, std::size_t n) const override {
    OptimizerState s = zero_slots(n, 1);
    std::fill(s.slots[0].begin(), s.slots[0].end(), static_cast<float>(init_acc_));
    return s;
  }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const double t = static_cast<double>(++s.step);
    const AdagradCoeffs c{static_cast<float>(lr_ * ctx.lr_scale / (1.0 + (t - 1.0) * lr_decay_)),
                          static_cast<float>(eps_), static_cast<float>(wd_)};
    adagrad_kernel(c, p, g, s.slots[0].data(), n);
  }

 private:
  double lr_, lr_decay_, wd_, init_acc_, eps_;
};

}  // namespace

OptimizerInfo adagrad_info() {
  OptimizerInfo info;
  info.name = "adagrad";
  info.title = "Adagrad";
  info.summary = "Per-parameter step sizes shrinking with the root of the summed squared gradients: rarely-updated parameters keep large steps.";
  info.reference = "Duchi, Hazan & Singer, Adaptive Subgradient Methods, JMLR 2011; torch.optim.Adagrad";
  info.equation = "g += wd*p; clr = lr/(1+(t-1)*lr_decay); sum += g^2; p -= clr * g/(sqrt(sum) + eps)";
  info.hyperparams = {lr_param(1e-2),
                      number("lr_decay", 0.0, at_least(0), "learning-rate decay: clr = lr/(1 + (t-1)*lr_decay)"),
                      number("weight_decay", 0.0, at_least(0), "L2 penalty added to the gradient"),
                      number("initial_accumulator_value", 0.0, at_least(0), "starting value of the sum of squared gradients"),
                      number("eps", 1e-10, at_least(0), "added to the denominator (outside the square root)", true)};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Adagrad>(h); };
  return info;
}

}  // namespace optzoo
