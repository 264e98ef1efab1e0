// Stochastic gradient Langevin dynamics (Welling & Teh, ICML 2011; McAllester's
// lecture 003 on Langevin dynamics and Gibbs stationary densities): an SGD step plus
// Gaussian noise whose variance 2 lr T makes the stationary density proportional to
// exp(-L / T) for temperature T.
#include <cmath>

#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Sgld : public Optimizer {
 public:
  explicit Sgld(const Hyperparams& h) : lr_(h.num("lr")), temperature_(h.num("temperature")) {}

  OptimizerState init(const float*, std::size_t) const override { return {}; }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    if (!ctx.rng && temperature_ > 0) throw Error("sgld", "needs a random number generator (internal error)");
    ++s.step;
    const double lr = lr_ * ctx.lr_scale;
    const float flr = static_cast<float>(lr), noise = static_cast<float>(std::sqrt(2.0 * lr * temperature_));
    for (std::size_t i = 0; i < n; ++i) {
      const float xi = temperature_ > 0 ? static_cast<float>(ctx.rng->normal()) : 0.0f;
      p[i] = p[i] - flr * g[i] + noise * xi;
    }
  }

 private:
  double lr_, temperature_;
};

}  // namespace

OptimizerInfo sgld_info() {
  OptimizerInfo info;
  info.name = "sgld";
  info.title = "SGLD (Langevin)";
  info.summary = "SGD plus Gaussian noise of a chosen temperature: samples from the Gibbs density exp(-L/T) instead of settling in one minimum.";
  info.reference = "Welling & Teh, Bayesian Learning via Stochastic Gradient Langevin Dynamics, ICML 2011; McAllester, TTIC 31230 (Langevin dynamics)";
  info.equation = "p -= lr*g + sqrt(2*lr*T) * N(0, I)";
  info.hyperparams = {lr_param(0.01), number("temperature", 1e-4, at_least(0), "T: the noise variance per step is 2*lr*T", true)};
  info.rosenbrock_settings = {{"lr", 1e-3}};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Sgld>(h); };
  return info;
}

}  // namespace optzoo
