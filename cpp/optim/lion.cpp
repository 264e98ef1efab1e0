// Lion (Chen et al., "Symbolic Discovery of Optimization Algorithms", NeurIPS 2023,
// Algorithm 2): the sign of an interpolation between momentum and gradient, with a
// second, slower beta for the momentum itself, and decoupled weight decay.
#include "optim/kernels.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Lion : public Optimizer {
 public:
  explicit Lion(const Hyperparams& h)
      : lr_(h.num("lr")), b1_(h.pair("betas").first), b2_(h.pair("betas").second), wd_(h.num("weight_decay")) {}

  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, 1); }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    ++s.step;
    const double lr = lr_ * ctx.lr_scale;
    const LionCoeffs c{static_cast<float>(lr), static_cast<float>(b1_), static_cast<float>(1.0 - b1_),
                       static_cast<float>(b2_), static_cast<float>(1.0 - b2_), static_cast<float>(1.0 - lr * wd_)};
    lion_kernel(c, p, g, s.slots[0].data(), n);
  }

 private:
  double lr_, b1_, b2_, wd_;
};

}  // namespace

OptimizerInfo lion_info() {
  OptimizerInfo info;
  info.name = "lion";
  info.title = "Lion";
  info.summary = "EvoLved sIgn mOmeNtum: every parameter moves by exactly lr in the sign of a blend of momentum and gradient.";
  info.reference = "Chen et al., Symbolic Discovery of Optimization Algorithms, NeurIPS 2023 (arXiv:2302.06675)";
  info.equation = "c = b1*m + (1-b1)*g; p -= lr*(sign(c) + wd*p); m = b2*m + (1-b2)*g";
  info.hyperparams = {lr_param(1e-4),
                      pair("betas", 0.9, 0.99, half_open(0, 1), "(b1, b2): interpolation for the update and decay of the momentum"),
                      number("weight_decay", 0.0, at_least(0), "decoupled weight decay")};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Lion>(h); };
  return info;
}

}  // namespace optzoo
