// Fromage (Bernstein, Vahdat, Yue & Liu, NeurIPS 2020, "On the distance between two
// neural networks and the stability of learning"): a per-layer relative step of
// size lr in the gradient direction, then division by sqrt(1 + lr^2) so that the
// weight norms do not grow. Falls back to a plain step when a norm is zero.
#include <cmath>

#include "optim/groups.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Fromage : public Optimizer {
 public:
  explicit Fromage(const Hyperparams& h) : lr_(h.num("lr")) {}

  OptimizerState init(const float*, std::size_t) const override { return {}; }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    ++s.step;
    const double lr = lr_ * ctx.lr_scale;
    const float shrink = static_cast<float>(1.0 / std::sqrt(1.0 + lr * lr));
    for (const ParamGroup& grp : param_groups(ctx.layout, n)) {
      const double wn = norm_of(p + grp.offset, grp.size), gn = norm_of(g + grp.offset, grp.size);
      const float step = static_cast<float>(wn > 0 && gn > 0 ? lr * wn / gn : lr);
      for (std::size_t i = grp.offset; i < grp.offset + grp.size; ++i) p[i] = (p[i] - step * g[i]) * shrink;
    }
  }

 private:
  double lr_;
};

}  // namespace

OptimizerInfo fromage_info() {
  OptimizerInfo info;
  info.name = "fromage";
  info.title = "Fromage";
  info.summary = "Frobenius matched gradient descent: each layer moves by a fixed fraction lr of its weight norm along the gradient, then is shrunk so norms stay put.";
  info.reference = "Bernstein, Vahdat, Yue & Liu, On the distance between two neural networks and the stability of learning, NeurIPS 2020";
  info.equation = "per layer: w = (w - lr*||w||/||g|| * g) / sqrt(1 + lr^2)";
  info.hyperparams = {lr_param(0.01)};
  info.caps.needs_structure = true;
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Fromage>(h); };
  return info;
}

}  // namespace optzoo
