// LARS (You, Gitman & Ginsburg 2017, Algorithm 1): momentum SGD whose step in each
// layer is scaled by the trust ratio eta ||w|| / (||g|| + beta ||w||), so every
// layer moves by a similar fraction of its weights. Biases are not adapted (as in
// common practice), and the ratio falls back to 1 when ||w|| or ||g|| is zero.
#include "optim/groups.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Lars : public Optimizer {
 public:
  explicit Lars(const Hyperparams& h)
      : lr_(h.num("lr")), m_(h.num("momentum")), wd_(h.num("weight_decay")), trust_(h.num("trust_coefficient")) {}

  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, 1); }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    ++s.step;
    float* v = s.slots[0].data();
    for (const ParamGroup& grp : param_groups(ctx.layout, n)) {
      const std::size_t o = grp.offset;
      const bool adapt = grp.role != ParamRole::Bias;
      const double wn = norm_of(p + o, grp.size), gn = norm_of(g + o, grp.size);
      const double local = adapt && wn > 0 && gn > 0 ? trust_ * wn / (gn + wd_ * wn) : 1.0;
      const float rate = static_cast<float>(lr_ * ctx.lr_scale * local), m = static_cast<float>(m_),
                  wd = adapt ? static_cast<float>(wd_) : 0.0f;
      for (std::size_t i = o; i < o + grp.size; ++i) {
        v[i] = m * v[i] + rate * (g[i] + wd * p[i]);
        p[i] = p[i] - v[i];
      }
    }
  }

 private:
  double lr_, m_, wd_, trust_;
};

}  // namespace

OptimizerInfo lars_info() {
  OptimizerInfo info;
  info.name = "lars";
  info.title = "LARS";
  info.summary = "Layer-wise adaptive rate scaling: each layer's step is proportional to its weight norm over its gradient norm, for stable large-batch training.";
  info.reference = "You, Gitman & Ginsburg, Large Batch Training of Convolutional Networks, arXiv:1708.03888, 2017";
  info.equation = "per layer: local = eta*||w||/(||g|| + wd*||w||); v = m*v + lr*local*(g + wd*w); w -= v";
  // eta = 0.001 as in the paper, which pairs it with global rates of 2-30 at batch 8k;
  // lr 1 here gives a ~1% relative step per layer once momentum has built up.
  info.hyperparams = {lr_param(1.0), number("momentum", 0.9, half_open(0, 1), "momentum m"),
                      number("weight_decay", 0.0, at_least(0), "weight decay beta (inside the trust ratio and the step)"),
                      number("trust_coefficient", 0.001, above(0), "eta: the relative step per layer", true)};
  info.caps.needs_structure = true;
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Lars>(h); };
  return info;
}

}  // namespace optzoo
