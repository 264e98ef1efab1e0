// Madam (Bernstein, Zhao, Meister, Liu, Anandkumar & Yue, NeurIPS 2020, "Learning
// compositional functions via multiplicative weight updates"; Bernstein's lecture 000,
// per-synapse relative updates): each weight is multiplied by exp(-lr * g_hat *
// sign(w)), where g_hat is the gradient normalised by the root of its running second
// moment (bias corrected, clipped to +-g_bound), and is clamped to +-p_scale times
// the RMS of its tensor at the first step. Weights exactly 0 stay 0.
//
// State: slots[0] the running g^2 average; slots[1] holds each group's bound at the
// group's offset, set on the first step (when the layout is known).
#include <algorithm>
#include <cmath>

#include "optim/groups.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Madam : public Optimizer {
 public:
  explicit Madam(const Hyperparams& h)
      : lr_(h.num("lr")), p_scale_(h.num("p_scale")), g_bound_(h.num("g_bound")), beta_(h.num("beta")) {}

  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, 2); }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const auto groups = param_groups(ctx.layout, n);
    float *v = s.slots[0].data(), *bound = s.slots[1].data();
    if (s.step == 0)
      for (const ParamGroup& grp : groups)
        bound[grp.offset] = static_cast<float>(p_scale_ * norm_of(p + grp.offset, grp.size) / std::sqrt(static_cast<double>(grp.size)));
    const double t = static_cast<double>(++s.step), bc = 1.0 - std::pow(beta_, t), lr = lr_ * ctx.lr_scale;
    for (const ParamGroup& grp : groups) {
      const float hi = bound[grp.offset];
      for (std::size_t i = grp.offset; i < grp.offset + grp.size; ++i) {
        v[i] = static_cast<float>(beta_ * v[i] + (1 - beta_) * (static_cast<double>(g[i]) * g[i]));
        const double denom = std::sqrt(v[i] / bc);
        const double g_hat = denom > 0 ? std::clamp(g[i] / denom, -g_bound_, g_bound_) : 0.0;
        const double sgn = (p[i] > 0) - (p[i] < 0);
        const float w = static_cast<float>(p[i] * std::exp(-lr * g_hat * sgn));
        p[i] = std::clamp(w, -hi, hi);
      }
    }
  }

 private:
  double lr_, p_scale_, g_bound_, beta_;
};

}  // namespace

OptimizerInfo madam_info() {
  OptimizerInfo info;
  info.name = "madam";
  info.title = "Madam";
  info.summary = "Multiplicative Adam: each synapse grows or shrinks by a factor of about 1 +- lr per step, a per-synapse relative update; weights keep their signs.";
  info.reference = "Bernstein et al., Learning compositional functions via multiplicative weight updates, NeurIPS 2020; Bernstein, Network Optimisation lecture (Caltech)";
  info.equation = "v = beta*v + (1-beta)*g^2; g_hat = clamp(g/sqrt(v/(1-beta^t)), +-g_bound); w *= exp(-lr*g_hat*sign(w)); w = clamp(w, +-p_scale*RMS(w_0))";
  info.hyperparams = {lr_param(0.01), number("p_scale", 3.0, above(0), "weights are clamped to p_scale times their tensor's initial RMS"),
                      number("g_bound", 10.0, above(0), "the normalised gradient is clipped to +-g_bound"),
                      number("beta", 0.999, half_open(0, 1), "decay of the squared gradient average")};
  info.caps.needs_structure = true;
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Madam>(h); };
  return info;
}

}  // namespace optzoo
