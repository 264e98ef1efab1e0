// Cubic-regularised Newton (Nesterov & Polyak, Cubic regularization of Newton method
// and its global performance, Math. Program. 2006; lecture 000): each step minimises
//   m(s) = g^T s + 1/2 s^T H s + (M/6) ||s||^3,
// the Taylor model with a cubic penalty that makes it a global upper bound when M is
// the Hessian's Lipschitz constant. The sub-problem is solved in a Krylov subspace
// built by Lanczos from Hessian-vector products (Cartis, Gould & Toint, Adaptive cubic
// regularisation methods, Math. Program. 2011, section 6): with T = Q^T H Q = U L U^T,
// the minimiser is y = -(L + lambda I)^{-1} ||g|| U^T e1 with lambda = (M/2) ||y||,
// found by bisection on lambda >= max(0, -lambda_min). With adaptive = true, M adapts
// as in ARC: halved after a very successful step, doubled (and the step refused) when
// the loss falls by less than a tenth of the model's prediction.
#include <cmath>

#include "core/error.hpp"
#include "optim/dense_linalg.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

struct SubproblemSolution {
  VectorD y;             // in the eigenbasis of T
  double decrease = 0;   // m(0) - m(s) >= 0
};

// min_y b^T y + 1/2 sum_i l_i y_i^2 + (M/6) ||y||^3 for diagonal L (the easy case:
// the hard case, b orthogonal to the lowest eigenvector, is nudged by the floor).
SubproblemSolution solve_diagonal_cubic(const VectorD& b, const VectorD& l, double m) {
  const double low = std::max(0.0, -l.minCoeff()) + 1e-12;
  auto norm_at = [&](double lambda) { return (b.array() / (l.array() + lambda)).matrix().norm(); };
  double lo = low, hi = low + 1;
  while (norm_at(hi) > 2 * hi / m && hi < 1e30) hi = lo + 2 * (hi - lo);
  for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; ++it) {
    const double mid = 0.5 * (lo + hi);
    (norm_at(mid) > 2 * mid / m ? lo : hi) = mid;
  }
  SubproblemSolution out;
  out.y = -(b.array() / (l.array() + hi)).matrix();
  const double r = out.y.norm();
  out.decrease = -(b.dot(out.y) + 0.5 * (l.array() * out.y.array().square()).sum() + m / 6 * r * r * r);
  return out;
}

class CubicNewton : public Optimizer {
 public:
  explicit CubicNewton(const Hyperparams& h)
      : lr_(h.num("lr")), m0_(h.num("cubic_reg")), krylov_(static_cast<int>(h.num("krylov_dim"))),
        adaptive_(h.flag("adaptive")) {}

  // scalars[0]: the current M.
  OptimizerState init(const float*, std::size_t) const override {
    OptimizerState s;
    s.scalars = {m0_};
    return s;
  }

  void update(float* p, const float* grad, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    if (!ctx.curvature || !ctx.objective) throw Error("cubic_newton", "needs Hessian-vector products (internal error)");
    ++s.step;
    const int d = static_cast<int>(n);
    VectorD g(d);
    for (int i = 0; i < d; ++i) g[i] = grad[i];
    const double gnorm = g.norm();
    if (!(gnorm > 0)) return;
    // Lanczos with full re-orthogonalisation (k is small).
    const int k_max = std::min(krylov_, d);
    MatrixD q(d, k_max);
    std::vector<double> alpha, beta;
    q.col(0) = g / gnorm;
    std::vector<float> v(n), hv(n);
    int k = 0;
    while (k < k_max) {
      for (int i = 0; i < d; ++i) v[i] = static_cast<float>(q(i, k));
      ctx.curvature->hessian_vector(v.data(), hv.data());
      VectorD w(d);
      for (int i = 0; i < d; ++i) w[i] = hv[i];
      alpha.push_back(q.col(k).dot(w));
      for (int j = 0; j <= k; ++j) w -= q.col(j).dot(w) * q.col(j);
      ++k;
      const double b = w.norm();
      if (k == k_max || b <= 1e-8 * std::max(1.0, std::abs(alpha.back()))) break;
      beta.push_back(b);
      q.col(k) = w / b;
    }
    MatrixD t = MatrixD::Zero(k, k);
    for (int i = 0; i < k; ++i) t(i, i) = alpha[i];
    for (int i = 0; i + 1 < k; ++i) t(i, i + 1) = t(i + 1, i) = beta[i];
    Eigen::SelfAdjointEigenSolver<MatrixD> eig(t);
    const VectorD b = gnorm * eig.eigenvectors().row(0).transpose();
    double& m = s.scalars[0];
    const SubproblemSolution sol = solve_diagonal_cubic(b, eig.eigenvalues(), m);
    const VectorD step = lr_ * ctx.lr_scale * (q.leftCols(k) * (eig.eigenvectors() * sol.y));
    ctx.curvature->add_flops(4.0 * k * k * d + eig_flops(k) + 2.0 * k * d);
    std::vector<float> trial(p, p + n);
    for (int i = 0; i < d; ++i) trial[i] = static_cast<float>(p[i] + step[i]);
    if (adaptive_) {
      const double actual = ctx.loss - (*ctx.objective)(trial.data());
      const double rho = sol.decrease > 0 ? actual / sol.decrease : -1;
      if (!(rho >= 0.1)) {
        m *= 2;  // refused: the model was too optimistic
        return;
      }
      if (rho > 0.9) m = std::max(m / 2, 1e-12);
    }
    std::copy(trial.begin(), trial.end(), p);
  }

 private:
  double lr_, m0_;
  int krylov_;
  bool adaptive_;
};

}  // namespace

OptimizerInfo cubic_newton_info() {
  OptimizerInfo info;
  info.name = "cubic_newton";
  info.title = "Cubic-regularised Newton";
  info.summary = "Minimises the second-order Taylor model plus a cubic penalty on the step length, with Hessian-vector "
                 "products in a small Krylov subspace; the penalty weight adapts to how well the model predicted the loss.";
  info.reference = "Nesterov & Polyak, Cubic regularization of Newton method and its global performance, 2006; Cartis, "
                   "Gould & Toint, Adaptive cubic regularisation methods, 2011; lecture 000";
  info.equation = "s = argmin g^T s + 1/2 s^T H s + (M/6)||s||^3 over a Lanczos subspace; theta <- theta + lr s";
  info.hyperparams = {lr_param(1.0),
                      number("cubic_reg", 1.0, above(0), "M: the initial cubic penalty (Hessian Lipschitz estimate)", true),
                      integer("krylov_dim", 10, closed(1, 200), "Hessian-vector products per step (Lanczos iterations)"),
                      boolean("adaptive", true, "adapt M from the ratio of actual to predicted decrease (ARC)")};
  info.caps.needs_curvature = true;
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<CubicNewton>(h); };
  return info;
}

}  // namespace optzoo
