// Mirror descent with the entropy mirror map: exponentiated gradient (Kivinen &
// Warmuth 1997; Bernstein's lecture 000 on mirror descent; Beck & Teboulle 2003).
//
// Simplex form (signed = false): each parameter group is a point of a scaled
// simplex, w_i > 0 with fixed sum; w_i <- S w_i exp(-lr g_i) / sum_j w_j exp(-lr g_j).
// Every parameter must start positive.
//
// Signed form (signed = true, EG+-): w = w+ - w-, both positive, on an l1 ball whose
// radius U is each group's initial mass sum(w+ + w-):
//   w+ <- U w+ exp(-lr g) / Z,  w- <- U w- exp(lr g) / Z,  Z = sum(w+ exp(-lr g) + w- exp(lr g))
// It starts from w+ = max(w, 0) + delta, w- = max(-w, 0) + delta with delta = 1e-3 *
// mean|w| of the whole vector (1e-3 if that is 0), so that weights can change sign.
#include <algorithm>
#include <cmath>

#include "optim/groups.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class MirrorDescent : public Optimizer {
 public:
  explicit MirrorDescent(const Hyperparams& h) : lr_(h.num("lr")), signed_(h.flag("signed")) {}

  // Signed form: slots[0] = w+, slots[1] = w-. Simplex form: no state.
  OptimizerState init(const float* params, std::size_t n) const override {
    OptimizerState s;
    if (!signed_) {
      for (std::size_t i = 0; i < n; ++i)
        if (!(params[i] > 0))
          throw Error("signed", "the simplex form (signed: false) needs every parameter > 0, but parameter " +
                                    std::to_string(i) + " is " + format_number(params[i]) +
                                    "; use signed: true for unconstrained parameters");
      return s;
    }
    double mean_abs = 0;
    for (std::size_t i = 0; i < n; ++i) mean_abs += std::abs(static_cast<double>(params[i]));
    mean_abs = n ? mean_abs / static_cast<double>(n) : 0.0;
    const double delta = mean_abs > 0 ? 1e-3 * mean_abs : 1e-3;
    s = zero_slots(n, 2);
    for (std::size_t i = 0; i < n; ++i) {
      s.slots[0][i] = static_cast<float>(std::max<double>(params[i], 0) + delta);
      s.slots[1][i] = static_cast<float>(std::max<double>(-params[i], 0) + delta);
    }
    return s;
  }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    ++s.step;
    const double lr = lr_ * ctx.lr_scale;
    for (const ParamGroup& grp : param_groups(ctx.layout, n)) {
      const std::size_t a = grp.offset, b = grp.offset + grp.size;
      if (!signed_) {
        double mass = 0, z = 0;
        for (std::size_t i = a; i < b; ++i) mass += p[i], z += p[i] * std::exp(-lr * g[i]);
        for (std::size_t i = a; i < b; ++i) p[i] = static_cast<float>(mass * p[i] * std::exp(-lr * g[i]) / z);
        continue;
      }
      float *wp = s.slots[0].data(), *wm = s.slots[1].data();
      double mass = 0, z = 0;
      for (std::size_t i = a; i < b; ++i) {
        mass += static_cast<double>(wp[i]) + wm[i];
        z += wp[i] * std::exp(-lr * g[i]) + wm[i] * std::exp(lr * g[i]);
      }
      for (std::size_t i = a; i < b; ++i) {
        wp[i] = static_cast<float>(mass * wp[i] * std::exp(-lr * g[i]) / z);
        wm[i] = static_cast<float>(mass * wm[i] * std::exp(lr * g[i]) / z);
        p[i] = wp[i] - wm[i];
      }
    }
  }

 private:
  double lr_;
  bool signed_;
};

}  // namespace

OptimizerInfo mirror_descent_info() {
  OptimizerInfo info;
  info.name = "mirror_descent";
  info.title = "Mirror descent (exponentiated gradient)";
  info.summary = "Mirror descent with the entropy as mirror map: multiplicative updates on a simplex per parameter group, or on an l1 ball in the signed EG+- form.";
  info.reference = "Kivinen & Warmuth, Exponentiated Gradient versus Gradient Descent for Linear Predictors, 1997; Beck & Teboulle 2003; Bernstein, Network Optimisation lecture (Caltech)";
  info.equation = "simplex: w = S*w*exp(-lr*g)/sum(w*exp(-lr*g)); signed: w+ = U*w+*exp(-lr*g)/Z, w- = U*w-*exp(lr*g)/Z, w = w+ - w-";
  info.hyperparams = {lr_param(0.1), boolean("signed", true, "EG+- on an l1 ball (any sign); false: the simplex form, which needs positive parameters")};
  info.caps.needs_structure = true;
  info.rosenbrock_settings = {{"lr", 1e-3}};  // gradients ~1e2 there: exp(-lr g) must stay near 1
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<MirrorDescent>(h); };
  return info;
}

}  // namespace optzoo
