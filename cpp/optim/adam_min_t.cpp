// Adam with McAllester's min(t, N) bias correction (TTIC 31230 lecture, 003): the
// running averages use rate 1/min(t, N), so the first N steps average exactly and
// later ones track an N-step window. eps sits inside the square root, as written.
//   mu = (1 - 1/min(t,N_g)) mu + g/min(t,N_g);  s = (1 - 1/min(t,N_s)) s + g^2/min(t,N_s)
//   theta -= lr mu / sqrt(s + eps)
#include <algorithm>
#include <cmath>

#include "optim/registry.hpp"

namespace optzoo {
namespace {

class AdamMinT : public Optimizer {
 public:
  explicit AdamMinT(const Hyperparams& h) : lr_(h.num("lr")), ng_(h.num("n_g")), ns_(h.num("n_s")), eps_(h.num("eps")) {}

  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, 2); }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const double t = static_cast<double>(++s.step);
    const float rg = static_cast<float>(1.0 / std::min(t, ng_)), rs = static_cast<float>(1.0 / std::min(t, ns_));
    const float keep_g = 1.0f - rg, keep_s = 1.0f - rs, lr = static_cast<float>(lr_ * ctx.lr_scale),
                eps = static_cast<float>(eps_);
    float *mu = s.slots[0].data(), *sq = s.slots[1].data();
    for (std::size_t i = 0; i < n; ++i) {
      mu[i] = keep_g * mu[i] + rg * g[i];
      sq[i] = keep_s * sq[i] + rs * (g[i] * g[i]);
      p[i] = p[i] - lr * mu[i] / std::sqrt(sq[i] + eps);
    }
  }

 private:
  double lr_, ng_, ns_, eps_;
};

}  // namespace

OptimizerInfo adam_min_t_info() {
  OptimizerInfo info;
  info.name = "adam_min_t";
  info.title = "Adam, min(t, N) form";
  info.summary = "McAllester's simplified Adam: running averages with rate 1/min(t, N), which are exact averages early and N-step moving averages later, in place of Adam's bias correction.";
  info.reference = "McAllester, TTIC 31230 Fundamentals of Deep Learning, lecture on SGD (2018): Adam (simplified)";
  info.equation = "mu = (1-1/min(t,N_g))*mu + g/min(t,N_g); s = (1-1/min(t,N_s))*s + g^2/min(t,N_s); p -= lr*mu/sqrt(s + eps)";
  info.hyperparams = {lr_param(1e-3), number("n_g", 10, at_least(1), "averaging window N_g of the gradient (momentum)"),
                      number("n_s", 1000, at_least(1), "averaging window N_s of the squared gradient"),
                      number("eps", 1e-8, at_least(0), "added inside the square root", true)};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<AdamMinT>(h); };
  return info;
}

}  // namespace optzoo
