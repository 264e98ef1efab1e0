// L-BFGS with torch.optim.LBFGS's semantics: one step is one call of step(closure),
// which runs up to max_iter quasi-Newton iterations on the step's minibatch (use
// batch_size 0 for the classic full-batch method). The direction comes from the
// two-loop recursion over the last history_size curvature pairs (s, y) with
// y^T s > 1e-10, scaled by H0 = s^T y / y^T y (Nocedal & Wright, Numerical
// Optimization, 2006, algorithm 7.4). The first iteration ever steps
// min(1, 1/||g||_1) * lr, later ones lr, or what a strong-Wolfe line search finds
// (algorithms 3.5 and 3.6, c1 = 1e-4, c2 = 0.9, cubic interpolation). The inner loop
// stops on max_iter, max_eval, ||g||_inf <= tolerance_grad, or a step or loss change
// below tolerance_change, as torch does.
#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

using Vec = std::vector<float>;

double dot(const Vec& a, const Vec& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += static_cast<double>(a[i]) * b[i];
  return s;
}
double max_abs(const Vec& a) {
  double m = 0;
  for (float v : a) m = std::max(m, static_cast<double>(std::abs(v)));
  return m;
}

// Minimiser of the cubic through (a, fa, ga) and (b, fb, gb), kept inside [lo, hi].
double cubic_min(double a, double fa, double ga, double b, double fb, double gb, double lo, double hi) {
  const double d1 = ga + gb - 3 * (fa - fb) / (a - b);
  const double disc = d1 * d1 - ga * gb;
  if (disc >= 0) {
    const double d2 = std::copysign(std::sqrt(disc), b - a);
    const double t = b - (b - a) * (gb + d2 - d1) / (gb - ga + 2 * d2);
    if (std::isfinite(t)) return std::min(std::max(t, lo), hi);
  }
  return 0.5 * (lo + hi);
}

class Lbfgs : public Optimizer {
 public:
  explicit Lbfgs(const Hyperparams& h)
      : lr_(h.num("lr")), max_iter_(static_cast<int>(h.num("max_iter"))),
        max_eval_(h.num("max_eval") > 0 ? static_cast<int>(h.num("max_eval")) : max_iter_ * 5 / 4),
        tol_grad_(h.num("tolerance_grad")), tol_change_(h.num("tolerance_change")),
        history_(static_cast<std::size_t>(h.num("history_size"))), wolfe_(h.option("line_search_fn") == 1) {}

  // slots: [0] direction d, [1] previous gradient, then pairs (y, s) oldest first.
  // scalars: [0] t, [1] H0, [2] previous loss, [3] iterations so far (torch's n_iter).
  OptimizerState init(const float*, std::size_t n) const override {
    OptimizerState s = zero_slots(n, 2);
    s.scalars = {0, 1, 0, 0};
    return s;
  }

  void update(float* p, const float*, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    if (!ctx.gradient_at) throw Error("lbfgs", "needs gradients at points of its choosing (internal error)");
    const GradientAt& closure = *ctx.gradient_at;
    ++s.step;
    Vec g(n), x(p, p + n);
    double loss = closure(x.data(), g.data());
    int evals = 1;
    if (max_abs(g) <= tol_grad_) return;
    double& t = s.scalars[0];
    double& h0 = s.scalars[1];
    double& prev_loss = s.scalars[2];
    double& total_iter = s.scalars[3];
    for (int iter = 1; iter <= max_iter_; ++iter) {
      ++total_iter;
      if (total_iter == 1) {
        s.slots.resize(2);
        for (std::size_t i = 0; i < n; ++i) s.slots[0][i] = -g[i];
        h0 = 1;
      } else {
        remember_pair(s, g, s.slots[1], s.slots[0], t);  // may grow s.slots: no references held across it
        two_loop(s, g, h0);
      }
      const Vec& d = s.slots[0];
      s.slots[1] = g;
      prev_loss = loss;
      const double lr = lr_ * ctx.lr_scale;
      t = total_iter == 1 ? std::min(1.0, 1.0 / std::accumulate(g.begin(), g.end(), 0.0, [](double a, float v) { return a + std::abs(v); })) * lr : lr;
      const double gtd = dot(g, d);
      if (gtd > -tol_change_) break;
      if (wolfe_) {
        evals += strong_wolfe(closure, x, d, loss, g, gtd, t);
      } else {
        for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<float>(x[i] + t * d[i]);
        if (iter != max_iter_) {
          loss = closure(x.data(), g.data());
          ++evals;
        }
      }
      if (iter == max_iter_ || evals >= max_eval_ || max_abs(g) <= tol_grad_) break;
      if (max_abs(d) * std::abs(t) <= tol_change_ || std::abs(loss - prev_loss) < tol_change_) break;
    }
    std::copy(x.begin(), x.end(), p);
  }

 private:
  // Keeps (y, s) = (g - g_prev, t d) when it has positive curvature, as torch does.
  void remember_pair(OptimizerState& st, const Vec& g, const Vec& prev_g, const Vec& d, double t) const {
    const std::size_t n = g.size();
    Vec y(n), step(n);
    for (std::size_t i = 0; i < n; ++i) {
      y[i] = g[i] - prev_g[i];
      step[i] = static_cast<float>(d[i] * t);
    }
    const double ys = dot(y, step);
    if (ys <= 1e-10) return;
    if ((st.slots.size() - 2) / 2 == history_) st.slots.erase(st.slots.begin() + 2, st.slots.begin() + 4);
    st.scalars[1] = ys / dot(y, y);
    st.slots.push_back(std::move(y));
    st.slots.push_back(std::move(step));
  }

  // d = -H g by the two-loop recursion over the stored pairs.
  static void two_loop(OptimizerState& st, const Vec& g, double h0) {
    const std::size_t pairs = (st.slots.size() - 2) / 2, n = g.size();
    std::vector<double> alpha(pairs), rho(pairs);
    std::vector<double> q(n);
    for (std::size_t i = 0; i < n; ++i) q[i] = -static_cast<double>(g[i]);
    for (std::size_t k = pairs; k-- > 0;) {
      const Vec& y = st.slots[2 + 2 * k];
      const Vec& s = st.slots[3 + 2 * k];
      rho[k] = 1.0 / dot(y, s);
      double sq = 0;
      for (std::size_t i = 0; i < n; ++i) sq += s[i] * q[i];
      alpha[k] = sq * rho[k];
      for (std::size_t i = 0; i < n; ++i) q[i] -= alpha[k] * y[i];
    }
    for (double& v : q) v *= h0;
    for (std::size_t k = 0; k < pairs; ++k) {
      const Vec& y = st.slots[2 + 2 * k];
      const Vec& s = st.slots[3 + 2 * k];
      double yr = 0;
      for (std::size_t i = 0; i < n; ++i) yr += y[i] * q[i];
      const double beta = yr * rho[k];
      for (std::size_t i = 0; i < n; ++i) q[i] += s[i] * (alpha[k] - beta);
    }
    Vec& d = st.slots[0];
    for (std::size_t i = 0; i < n; ++i) d[i] = static_cast<float>(q[i]);
  }

  // Finds t meeting the strong Wolfe conditions along d from x (loss f0, slope gtd0),
  // moves x there and leaves its loss and gradient in f and g. Returns evaluations.
  int strong_wolfe(const GradientAt& closure, Vec& x, const Vec& d, double& f, Vec& g, double gtd0, double& t) const {
    constexpr double c1 = 1e-4, c2 = 0.9;
    constexpr int kMaxEvals = 25;
    const std::size_t n = x.size();
    const Vec x0 = x;
    const double f0 = f;
    Vec gt(n), xt(n);
    auto eval = [&](double step, double* slope) {
      for (std::size_t i = 0; i < n; ++i) xt[i] = static_cast<float>(x0[i] + step * d[i]);
      const double value = closure(xt.data(), gt.data());
      *slope = dot(gt, d);
      return value;
    };
    auto accept = [&](double step, double value) {
      t = step;
      f = value;
      x = xt;
      g = gt;
    };
    double prev_t = 0, prev_f = f0, prev_slope = gtd0;
    double lo = 0, hi = 0, f_lo = f0, slope_lo = gtd0, f_hi = 0, slope_hi = 0;
    bool bracketed = false;
    int evals = 0;
    double step = t;
    while (evals < kMaxEvals) {
      double slope;
      const double value = eval(step, &slope);
      ++evals;
      if (value > f0 + c1 * step * gtd0 || (evals > 1 && value >= prev_f)) {
        lo = prev_t, f_lo = prev_f, slope_lo = prev_slope, hi = step, f_hi = value, slope_hi = slope;
        bracketed = true;
        break;
      }
      if (std::abs(slope) <= -c2 * gtd0) {
        accept(step, value);
        return evals;
      }
      if (slope >= 0) {
        lo = step, f_lo = value, slope_lo = slope, hi = prev_t, f_hi = prev_f, slope_hi = prev_slope;
        bracketed = true;
        break;
      }
      const double next = cubic_min(prev_t, prev_f, prev_slope, step, value, slope, step * 1.01, step * 10);
      prev_t = step, prev_f = value, prev_slope = slope;
      step = next;
    }
    if (!bracketed) {  // out of evaluations while still expanding: take the last point
      double slope;
      accept(step, eval(step, &slope));
      return evals + 1;
    }
    // Zoom: shrink [lo, hi] (lo has the lower loss) until the conditions hold.
    while (evals < kMaxEvals && std::abs(hi - lo) * max_abs(d) > tol_change_) {
      const double a = std::min(lo, hi), b = std::max(lo, hi);
      double trial = cubic_min(lo, f_lo, slope_lo, hi, f_hi, slope_hi, a, b);
      if (std::min(trial - a, b - trial) < 0.1 * (b - a)) trial = 0.5 * (a + b);  // keep away from the ends
      double slope;
      const double value = eval(trial, &slope);
      ++evals;
      if (value > f0 + c1 * trial * gtd0 || value >= f_lo) {
        hi = trial, f_hi = value, slope_hi = slope;
      } else {
        if (std::abs(slope) <= -c2 * gtd0) {
          accept(trial, value);
          return evals;
        }
        if (slope * (hi - lo) >= 0) hi = lo, f_hi = f_lo, slope_hi = slope_lo;
        lo = trial, f_lo = value, slope_lo = slope;
      }
    }
    double slope;
    accept(lo, lo == 0 ? f0 : eval(lo, &slope));
    if (lo == 0) {  // no decrease found: stay, with the gradient at the start
      eval(0, &slope);
      accept(0, f0);
    }
    return evals + 1;
  }

  double lr_;
  int max_iter_, max_eval_;
  double tol_grad_, tol_change_;
  std::size_t history_;
  bool wolfe_;
};

}  // namespace

OptimizerInfo lbfgs_info() {
  OptimizerInfo info;
  info.name = "lbfgs";
  info.title = "L-BFGS";
  info.summary = "A quasi-Newton method: builds an inverse-Hessian estimate from the last few gradient differences and "
                 "runs up to max_iter iterations per step, as torch.optim.LBFGS. Meant for full batches.";
  info.reference = "Liu & Nocedal, On the limited memory BFGS method for large scale optimization, 1989; Nocedal & "
                   "Wright, Numerical Optimization, 2006 (algorithms 3.5, 3.6, 7.4); torch.optim.LBFGS";
  info.equation = "d = -H_k g by the two-loop recursion over (s_i, y_i), H0 = s^T y / y^T y; x <- x + t d, up to max_iter times per step";
  info.hyperparams = {lr_param(1.0),
                      integer("max_iter", 20, closed(1, 1000), "iterations per step"),
                      integer("max_eval", 0, closed(0, 100000), "gradient evaluations per step; 0 = max_iter * 5/4 (torch's default)"),
                      number("tolerance_grad", 1e-7, at_least(0), "stop when the largest gradient entry is at most this", true),
                      number("tolerance_change", 1e-9, at_least(0), "stop when the step or the loss change is below this", true),
                      integer("history_size", 100, closed(1, 1000), "curvature pairs kept"),
                      choice("line_search_fn", {"none", "strong_wolfe"}, "none", "fixed step lr, or a strong-Wolfe line search")};
  info.caps.needs_gradient_at = true;
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Lbfgs>(h); };
  return info;
}

}  // namespace optzoo
