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
//
// `mirror_map` picks the potential h: "entropy" (sum w log w, the above) or "euclidean"
// (1/2 ||w||^2), whose mirror step on a constraint set is the plain gradient step
// followed by the Euclidean projection: projected gradient descent.
//   simplex:  w <- Proj_{sum = S, w >= 0}(w - lr g), S the group's current mass;
//   signed:   w <- Proj_{||w||_1 <= U}(w - lr g), U the radius EG+- uses (sum |w| + 2 delta
//             per weight at the first step).
// Projections by sorting (Held, Wolfe & Crowder 1974; Duchi et al., ICML 2008).
#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "optim/groups.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

// Euclidean projection of v onto {w >= 0, sum w = mass}: w = max(v - theta, 0) with the
// threshold theta from the sorted values.
void project_to_simplex(std::vector<double>& v, double mass) {
  std::vector<double> u(v);
  std::sort(u.begin(), u.end(), std::greater<double>());
  double cumulative = 0, theta = 0;
  for (std::size_t j = 0; j < u.size(); ++j) {
    cumulative += u[j];
    const double t = (cumulative - mass) / static_cast<double>(j + 1);
    if (u[j] - t > 0) theta = t;
  }
  for (double& x : v) x = std::max(x - theta, 0.0);
}

// Euclidean projection onto the l1 ball of radius r: v itself when inside, else the
// signs of v times the simplex projection of |v| with mass r.
void project_to_l1_ball(std::vector<double>& v, double r) {
  double norm = 0;
  for (double x : v) norm += std::abs(x);
  if (norm <= r) return;
  std::vector<double> a(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) a[i] = std::abs(v[i]);
  project_to_simplex(a, r);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = v[i] < 0 ? -a[i] : a[i];
}

double signed_delta(const float* params, std::size_t n) {
  double mean_abs = 0;
  for (std::size_t i = 0; i < n; ++i) mean_abs += std::abs(static_cast<double>(params[i]));
  mean_abs = n ? mean_abs / static_cast<double>(n) : 0.0;
  return mean_abs > 0 ? 1e-3 * mean_abs : 1e-3;
}

class MirrorDescent : public Optimizer {
 public:
  explicit MirrorDescent(const Hyperparams& h)
      : lr_(h.num("lr")), signed_(h.flag("signed")), euclidean_(h.option("mirror_map") == 1) {}

  // Entropy, signed: slots[0] = w+, slots[1] = w-. Euclidean, signed: scalars[0] =
  // delta, then one l1 radius per group (set at the first step, which knows the groups).
  // Simplex forms: no state.
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
    const double delta = signed_delta(params, n);
    if (euclidean_) {
      s.scalars = {delta};
      return s;
    }
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
    const std::vector<ParamGroup> groups = param_groups(ctx.layout, n);
    if (euclidean_) {
      projected_step(p, g, groups, s, lr);
      return;
    }
    for (const ParamGroup& grp : groups) {
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
  void projected_step(float* p, const float* g, const std::vector<ParamGroup>& groups, OptimizerState& s,
                      double lr) const {
    if (signed_ && s.scalars.size() == 1)
      for (const ParamGroup& grp : groups) {
        double radius = 0;
        for (std::size_t i = grp.offset; i < grp.offset + grp.size; ++i) radius += std::abs(p[i]) + 2 * s.scalars[0];
        s.scalars.push_back(radius);
      }
    std::vector<double> v;
    for (std::size_t k = 0; k < groups.size(); ++k) {
      const std::size_t a = groups[k].offset, b = a + groups[k].size;
      v.assign(p + a, p + b);
      double mass = 0;
      for (std::size_t i = a; i < b; ++i) mass += p[i];
      for (std::size_t i = a; i < b; ++i) v[i - a] -= lr * g[i];
      if (signed_) project_to_l1_ball(v, s.scalars[1 + k]);
      else project_to_simplex(v, mass);
      for (std::size_t i = a; i < b; ++i) p[i] = static_cast<float>(v[i - a]);
    }
  }

  double lr_;
  bool signed_, euclidean_;
};

}  // namespace

OptimizerInfo mirror_descent_info() {
  OptimizerInfo info;
  info.name = "mirror_descent";
  info.title = "Mirror descent (exponentiated or projected gradient)";
  info.summary = "Mirror descent on a simplex per parameter group, or on an l1 ball in the signed form. The entropy mirror map gives multiplicative (exponentiated gradient) updates; the Euclidean map gives projected gradient descent.";
  info.reference = "Kivinen & Warmuth, Exponentiated Gradient versus Gradient Descent for Linear Predictors, 1997; Beck & Teboulle 2003; Bernstein, Network Optimisation lecture (Caltech)";
  info.equation = "entropy, simplex: w = S*w*exp(-lr*g)/sum(w*exp(-lr*g)); entropy, signed: w+ = U*w+*exp(-lr*g)/Z, w- = U*w-*exp(lr*g)/Z, w = w+ - w-; euclidean: w = Proj(w - lr*g) onto the simplex or the l1 ball";
  info.hyperparams = {lr_param(0.1), boolean("signed", true, "EG+- on an l1 ball (any sign); false: the simplex form, which needs positive parameters"),
                      choice("mirror_map", {"entropy", "euclidean"}, "entropy", "the potential h: entropy (exponentiated gradient) or euclidean (projected gradient descent)")};
  info.caps.needs_structure = true;
  info.rosenbrock_settings = {{"lr", 1e-3}};  // gradients ~1e2 there: exp(-lr g) must stay near 1
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<MirrorDescent>(h); };
  return info;
}

}  // namespace optzoo
