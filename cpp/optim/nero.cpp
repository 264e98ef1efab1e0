// Nero, the neuronal rotator (Liu, Bernstein, Meister & Yue, ICML 2021, "Learning by
// Turning"; Bernstein's lecture 000): each neuron's incoming weights (a row of a
// weight matrix) live on a sphere: zero mean (balanced excitation and inhibition)
// and unit norm. An update is the row gradient normalised by a running average of
// its squared norm, scaled by lr times the layer's mean neuron norm, followed by
// re-projection. Biases (and any non-matrix parameters) are treated per element
// with the same normalisation and no constraint. Rows of one input cannot be
// zero-mean, so they are left unconstrained.
//
// Parameters are projected onto the constraint set at the start of the first update
// (the paper does this at initialisation; init() here cannot change parameters), so
// the first step uses the gradient taken before that projection. State: slots[0] holds each neuron's running average
// of ||g_row||^2 at the row's first entry (per element for biases); slots[1] holds
// each group's scale (mean neuron norm, 0.01 if zero) at the group's offset.
#include <cmath>

#include "optim/groups.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Nero : public Optimizer {
 public:
  explicit Nero(const Hyperparams& h) : lr_(h.num("lr")), beta_(h.num("beta")), constraints_(h.flag("constraints")) {}

  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, 2); }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const auto groups = param_groups(ctx.layout, n);
    if (s.step == 0) start(p, groups, s.slots[1].data());
    const double t = static_cast<double>(++s.step), bc = 1.0 - std::pow(beta_, t), lr = lr_ * ctx.lr_scale;
    float *avg = s.slots[0].data(), *scale = s.slots[1].data();
    for (const ParamGroup& grp : groups) {
      const bool rows = per_neuron(grp);
      const std::size_t width = rows ? static_cast<std::size_t>(grp.cols) : 1;
      const double step = lr * scale[grp.offset];
      for (std::size_t r = grp.offset; r < grp.offset + grp.size; r += width) {
        const double gn = norm_of(g + r, width);
        avg[r] = static_cast<float>(beta_ * avg[r] + (1 - beta_) * gn * gn);
        const double denom = std::sqrt(avg[r] / bc);
        if (denom > 0)
          for (std::size_t i = r; i < r + width; ++i) p[i] = static_cast<float>(p[i] - step * g[i] / denom);
        if (rows && constrained(grp)) project(p + r, width);
      }
    }
  }

 private:
  static bool per_neuron(const ParamGroup& grp) { return grp.role == ParamRole::Weight && grp.rows >= 1 && grp.cols >= 2; }
  bool constrained(const ParamGroup& grp) const { return constraints_ && per_neuron(grp); }

  // Rows to the sphere, and each group's scale from its neuron norms.
  void start(float* p, const std::vector<ParamGroup>& groups, float* scale) const {
    for (const ParamGroup& grp : groups) {
      const bool rows = per_neuron(grp);
      const std::size_t width = rows ? static_cast<std::size_t>(grp.cols) : 1;
      double total = 0;
      for (std::size_t r = grp.offset; r < grp.offset + grp.size; r += width) {
        if (constrained(grp)) project(p + r, width);
        total += norm_of(p + r, width);
      }
      const double mean = total / static_cast<double>(grp.size / width);
      scale[grp.offset] = static_cast<float>(mean > 0 ? mean : 0.01);
    }
  }

  static void project(float* w, std::size_t d) {
    double mean = 0;
    for (std::size_t i = 0; i < d; ++i) mean += w[i];
    mean /= static_cast<double>(d);
    for (std::size_t i = 0; i < d; ++i) w[i] = static_cast<float>(w[i] - mean);
    const double nrm = norm_of(w, d);
    if (nrm > 0)
      for (std::size_t i = 0; i < d; ++i) w[i] = static_cast<float>(w[i] / nrm);
  }

  double lr_, beta_;
  bool constraints_;
};

}  // namespace

OptimizerInfo nero_info() {
  OptimizerInfo info;
  info.name = "nero";
  info.title = "Nero";
  info.summary = "Per-neuron relative updates: every neuron's weight vector is kept zero-mean and unit-norm and is rotated by a small angle set by lr each step.";
  info.reference = "Liu, Bernstein, Meister & Yue, Learning by Turning: Neural Architecture Aware Optimisation, ICML 2021; Bernstein, Network Optimisation lecture (Caltech)";
  info.equation = "per neuron: a = beta*a + (1-beta)*||g_row||^2; w_row -= lr*scale*g_row/sqrt(a/(1-beta^t)); w_row -= mean(w_row); w_row /= ||w_row||";
  info.hyperparams = {lr_param(0.01), number("beta", 0.999, half_open(0, 1), "decay of the per-neuron squared gradient norm average"),
                      boolean("constraints", true, "keep each neuron's weights zero-mean and unit-norm")};
  info.caps.needs_structure = true;
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Nero>(h); };
  return info;
}

}  // namespace optzoo
