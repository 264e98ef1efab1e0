// Rprop (Riedmiller & Braun, ICNN 1993), as torch.optim.Rprop in PyTorch 1.13
// (the variant without weight backtracking): a per-weight step size grows by etaplus
// while the gradient keeps its sign and shrinks by etaminus when it flips; after a
// flip the gradient counts as 0 for that step. Only the gradient's sign is used.
// A schedule's lr_scale multiplies the applied step (torch has no such notion).
#include <algorithm>

#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Rprop : public Optimizer {
 public:
  explicit Rprop(const Hyperparams& h)
      : lr_(h.num("lr")), etaminus_(h.pair("etas").first), etaplus_(h.pair("etas").second),
        min_(h.pair("step_sizes").first), max_(h.pair("step_sizes").second) {}

  // slots: previous gradient (0 after a sign flip), per-weight step size.
  OptimizerState init(const float*, std::size_t n) const override {
    OptimizerState s = zero_slots(n, 2);
    std::fill(s.slots[1].begin(), s.slots[1].end(), static_cast<float>(lr_));
    return s;
  }

  void update(float* p, const float* grad, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    ++s.step;
    const float up = static_cast<float>(etaplus_), down = static_cast<float>(etaminus_),
                lo = static_cast<float>(min_), hi = static_cast<float>(max_), scale = static_cast<float>(ctx.lr_scale);
    float *prev = s.slots[0].data(), *step = s.slots[1].data();
    for (std::size_t i = 0; i < n; ++i) {
      const float prod = grad[i] * prev[i];
      const float factor = prod > 0 ? up : (prod < 0 ? down : 1.0f);
      step[i] = std::min(std::max(step[i] * factor, lo), hi);
      const float g = factor == down ? 0.0f : grad[i];
      const float sgn = (g > 0 ? 1.0f : 0.0f) - (g < 0 ? 1.0f : 0.0f);
      p[i] = p[i] + -1.0f * sgn * (step[i] * scale);
      prev[i] = g;
    }
  }

 private:
  double lr_, etaminus_, etaplus_, min_, max_;
};

}  // namespace

OptimizerInfo rprop_info() {
  OptimizerInfo info;
  info.name = "rprop";
  info.title = "Rprop";
  info.summary = "Resilient backpropagation: moves each weight by its own step size in the direction of the gradient's sign; meant for full-batch learning.";
  info.reference = "Riedmiller & Braun, A Direct Adaptive Method for Faster Backpropagation Learning: The RPROP Algorithm, ICNN 1993; torch.optim.Rprop";
  info.equation = "s = g*g_prev; step *= etaplus if s > 0, etaminus if s < 0 (and g := 0); step = clamp(step, min, max); p -= sign(g)*step";
  info.hyperparams = {lr_param(1e-2),
                      pair("etas", 0.5, 1.2, above(0), "(etaminus, etaplus): step shrink factor in (0, 1) and growth factor > 1"),
                      pair("step_sizes", 1e-6, 50, at_least(0), "(min, max) allowed step size")};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> {
    const auto etas = h.pair("etas");
    if (!(etas.first < 1.0 && etas.second > 1.0))
      throw Error("etas", "must be (etaminus, etaplus) with 0 < etaminus < 1 < etaplus, got [" + format_number(etas.first) +
                              ", " + format_number(etas.second) + "]");
    const auto sizes = h.pair("step_sizes");
    if (!(sizes.first <= sizes.second))
      throw Error("step_sizes", "must be (min, max) with min <= max, got [" + format_number(sizes.first) + ", " +
                                    format_number(sizes.second) + "]");
    return std::make_unique<Rprop>(h);
  };
  return info;
}

}  // namespace optzoo
