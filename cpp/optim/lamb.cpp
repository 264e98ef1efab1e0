// LAMB (You et al., ICLR 2020, Algorithm 2): Adam's bias-corrected direction plus
// decoupled weight decay, rescaled per layer by the trust ratio ||w|| / ||r|| (phi is
// the identity); the ratio is 1 when either norm is zero.
#include <cmath>

#include "optim/groups.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Lamb : public Optimizer {
 public:
  explicit Lamb(const Hyperparams& h)
      : lr_(h.num("lr")), b1_(h.pair("betas").first), b2_(h.pair("betas").second), eps_(h.num("eps")),
        wd_(h.num("weight_decay")) {}

  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, 2); }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const double t = static_cast<double>(++s.step);
    const float b1 = static_cast<float>(b1_), omb1 = static_cast<float>(1.0 - b1_), b2 = static_cast<float>(b2_),
                omb2 = static_cast<float>(1.0 - b2_), eps = static_cast<float>(eps_), wd = static_cast<float>(wd_),
                bc1 = static_cast<float>(1.0 - std::pow(b1_, t)), bc2 = static_cast<float>(1.0 - std::pow(b2_, t));
    float *m = s.slots[0].data(), *v = s.slots[1].data();
    r_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      m[i] = b1 * m[i] + omb1 * g[i];
      v[i] = b2 * v[i] + omb2 * (g[i] * g[i]);
      r_[i] = (m[i] / bc1) / (std::sqrt(v[i] / bc2) + eps) + wd * p[i];
    }
    for (const ParamGroup& grp : param_groups(ctx.layout, n)) {
      const double wn = norm_of(p + grp.offset, grp.size), rn = norm_of(r_.data() + grp.offset, grp.size);
      const double ratio = wn > 0 && rn > 0 ? wn / rn : 1.0;
      const float step = static_cast<float>(lr_ * ctx.lr_scale * ratio);
      for (std::size_t i = grp.offset; i < grp.offset + grp.size; ++i) p[i] = p[i] - step * r_[i];
    }
  }

 private:
  double lr_, b1_, b2_, eps_, wd_;
  mutable std::vector<float> r_;  // scratch: the Adam direction
};

}  // namespace

OptimizerInfo lamb_info() {
  OptimizerInfo info;
  info.name = "lamb";
  info.title = "LAMB";
  info.summary = "Layer-wise adaptive Adam: the Adam direction (with decoupled decay) is rescaled per layer so each layer moves by lr times its weight norm.";
  info.reference = "You et al., Large Batch Optimization for Deep Learning: Training BERT in 76 minutes, ICLR 2020 (arXiv:1904.00962)";
  info.equation = "m, v as Adam; r = m_hat/(sqrt(v_hat)+eps) + wd*w; per layer: w -= lr * ||w||/||r|| * r";
  info.hyperparams = {lr_param(1e-3),
                      pair("betas", 0.9, 0.999, half_open(0, 1), "decay rates of the first and second moment averages"),
                      number("eps", 1e-6, at_least(0), "added to the denominator", true),
                      number("weight_decay", 0.01, at_least(0), "decoupled weight decay inside the direction r")};
  info.caps.needs_structure = true;
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Lamb>(h); };
  return info;
}

}  // namespace optzoo
