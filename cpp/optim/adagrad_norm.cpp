// AdaGrad-Norm (Ward, Wu & Bottou, ICML 2019; Tanner's "scalar AdaGrad", 004): one
// scalar accumulator for the whole gradient norm, started at b0,
//   b_k^2 = b_{k-1}^2 + ||g_k||^2,   theta -= lr / b_k * g_k
// robust to the choice of b0. With per_layer, each parameter group (weight matrix,
// bias vector) has its own accumulator.
#include <cmath>

#include "optim/groups.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class AdagradNorm : public Optimizer {
 public:
  explicit AdagradNorm(const Hyperparams& h) : lr_(h.num("lr")), b0_(h.num("b0")), per_layer_(h.flag("per_layer")) {}

  // scalars[j]: b^2 of group j (one entry unless per_layer; sized on the first step,
  // when the layout is known).
  OptimizerState init(const float*, std::size_t) const override { return {}; }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    std::vector<ParamGroup> groups = per_layer_ ? param_groups(ctx.layout, n) : param_groups(nullptr, n);
    if (s.scalars.size() != groups.size()) s.scalars.assign(groups.size(), b0_ * b0_);
    ++s.step;
    for (std::size_t j = 0; j < groups.size(); ++j) {
      const double norm = norm_of(g + groups[j].offset, groups[j].size);
      s.scalars[j] += norm * norm;
      const float step = static_cast<float>(lr_ * ctx.lr_scale / std::sqrt(s.scalars[j]));
      for (std::size_t i = groups[j].offset; i < groups[j].offset + groups[j].size; ++i) p[i] = p[i] - step * g[i];
    }
  }

 private:
  double lr_, b0_;
  bool per_layer_;
};

}  // namespace

OptimizerInfo adagrad_norm_info() {
  OptimizerInfo info;
  info.name = "adagrad_norm";
  info.title = "AdaGrad-Norm";
  info.summary = "Scalar AdaGrad: a single step size lr/b_k where b_k^2 accumulates squared gradient norms from b0^2; converges for any b0.";
  info.reference = "Ward, Wu & Bottou, AdaGrad stepsizes: sharp convergence over nonconvex landscapes, ICML 2019 (arXiv:1806.01811); Tanner, Optimization for DNNs (Oxford)";
  info.equation = "b^2 += ||g||^2 (b^2 starts at b0^2); p -= lr/b * g";
  info.hyperparams = {lr_param(1.0), number("b0", 0.01, above(0), "initial value of the accumulator b", true),
                      boolean("per_layer", false, "one accumulator per parameter group instead of one overall")};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<AdagradNorm>(h); };
  return info;
}

}  // namespace optzoo
