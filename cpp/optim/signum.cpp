// Signum (Bernstein et al., ICML 2018): signSGD applied to an exponential moving
// average of the gradients.
#include "optim/kernels.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Signum : public Optimizer {
 public:
  explicit Signum(const Hyperparams& h) : lr_(h.num("lr")), beta_(h.num("momentum")) {}
  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, 1); }
  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    ++s.step;
    const SignumCoeffs c{static_cast<float>(lr_ * ctx.lr_scale), static_cast<float>(beta_), static_cast<float>(1.0 - beta_)};
    signum_kernel(c, p, g, s.slots[0].data(), n);
  }

 private:
  double lr_, beta_;
};

}  // namespace

OptimizerInfo signum_info() {
  OptimizerInfo info;
  info.name = "signum";
  info.title = "Signum";
  info.summary = "signSGD with momentum: steps by the sign of an exponential moving average of the gradient.";
  info.reference = "Bernstein, Wang, Azizzadenesheli & Anandkumar, signSGD: Compressed Optimisation for Non-Convex Problems, ICML 2018";
  info.equation = "m = beta*m + (1-beta)*g; p -= lr * sign(m)";
  info.hyperparams = {lr_param(1e-3), number("momentum", 0.9, half_open(0, 1), "decay rate beta of the gradient average")};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Signum>(h); };
  return info;
}

}  // namespace optzoo
