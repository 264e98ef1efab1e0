// signSGD (Bernstein et al., ICML 2018): step by the sign of each gradient
// component, the stochastic cousin of Rprop without per-weight step sizes.
#include "optim/kernels.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class SignSgd : public Optimizer {
 public:
  explicit SignSgd(const Hyperparams& h) : lr_(h.num("lr")) {}
  OptimizerState init(const float*, std::size_t) const override { return {}; }
  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    ++s.step;
    const float lr = static_cast<float>(lr_ * ctx.lr_scale);
    for (std::size_t i = 0; i < n; ++i) p[i] = p[i] - lr * sign_of(g[i]);
  }

 private:
  double lr_;
};

}  // namespace

OptimizerInfo sign_sgd_info() {
  OptimizerInfo info;
  info.name = "sign_sgd";
  info.title = "signSGD";
  info.summary = "Moves every parameter by the same amount lr in the direction of its gradient's sign.";
  info.reference = "Bernstein, Wang, Azizzadenesheli & Anandkumar, signSGD: Compressed Optimisation for Non-Convex Problems, ICML 2018";
  info.equation = "p -= lr * sign(g)";
  info.hyperparams = {lr_param(1e-3)};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<SignSgd>(h); };
  return info;
}

}  // namespace optzoo
