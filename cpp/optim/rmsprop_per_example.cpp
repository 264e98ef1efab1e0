// RMSprop whose second moment averages per-example squared gradients, McAllester's fix
// for batch-size scaling (TTIC 31230, 003, "Scaling eta with batch size for RMSProp"):
// the batch gradient's mean square is E g_hat^2 = mu^2 + sigma^2/B, so PyTorch's RMSprop
// divides by a quantity that shrinks as the batch grows. Averaging E_b[g_b^2] over the
// batch's examples instead estimates mu^2 + sigma^2 whatever B is:
//   s = a s + (1-a) E_b[g_b^2];  centered: ga = a ga + (1-a) g_hat, var = s - ga^2
//   p -= lr g_hat / ((var if centered else s)^power + eps)
// With centered and power = 1 the step is McAllester's g_hat/sigma^2 with sigma the
// per-example spread. The experiment supplies E_b[g_b^2] (caps.needs_per_example).
#include <algorithm>
#include <cmath>

#include "optim/registry.hpp"

namespace optzoo {
namespace {

class RmspropPerExample : public Optimizer {
 public:
  explicit RmspropPerExample(const Hyperparams& h)
      : lr_(h.num("lr")), alpha_(h.num("alpha")), eps_(h.num("eps")), power_(h.num("power")),
        centered_(h.flag("centered")) {}

  // slots: the per-example mean square, then the mean gradient (centered).
  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, centered_ ? 2 : 1); }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    if (!ctx.grad_sq_mean) throw Error("rmsprop_per_example", "needs per-example squared gradients (internal error)");
    ++s.step;
    const double lr = lr_ * ctx.lr_scale;
    float* sq = s.slots[0].data();
    float* ga = centered_ ? s.slots[1].data() : nullptr;
    for (std::size_t i = 0; i < n; ++i) {
      sq[i] = static_cast<float>(alpha_ * sq[i] + (1 - alpha_) * ctx.grad_sq_mean[i]);
      double second = sq[i];
      if (ga) {
        ga[i] = static_cast<float>(alpha_ * ga[i] + (1 - alpha_) * g[i]);
        second = std::max(second - static_cast<double>(ga[i]) * ga[i], 0.0);
      }
      p[i] = static_cast<float>(p[i] - lr * g[i] / (std::pow(second, power_) + eps_));
    }
  }

 private:
  double lr_, alpha_, eps_, power_;
  bool centered_;
};

}  // namespace

OptimizerInfo rmsprop_per_example_info() {
  OptimizerInfo info;
  info.name = "rmsprop_per_example";
  info.title = "RMSprop, per-example second moment";
  info.summary = "RMSprop whose running second moment averages each example's squared gradient instead of the batch gradient's, so its scale does not shrink as the batch grows (McAllester's batch-size-aware RMSprop); centered with power 1 divides by the per-example variance.";
  info.reference = "McAllester, TTIC 31230 Fundamentals of Deep Learning, lecture on SGD (2018): scaling eta with batch size for RMSProp";
  info.equation = "s = a*s + (1-a)*E_b[g_b^2]; ga = a*ga + (1-a)*g (centered); p -= lr*g/(((s - ga^2) if centered else s)^power + eps)";
  info.hyperparams = {lr_param(1e-2),
                      number("alpha", 0.99, closed(0, 1), "smoothing constant of the squared-gradient average"),
                      number("eps", 1e-8, at_least(0), "added to the denominator", true),
                      boolean("centered", false, "subtract the squared mean gradient: divide by the per-example variance"),
                      number("power", 0.5, closed(0.5, 1), "exponent of the denominator: 0.5 = RMS (g/sigma), 1 = mean square (g/sigma^2)")};
  info.caps.needs_per_example = true;
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<RmspropPerExample>(h); };
  return info;
}

}  // namespace optzoo
