// Full-matrix AdaGrad (Duchi, Hazan & Singer, Adaptive subgradient methods, JMLR 2011),
// in the form of lecture 002: the preconditioner that solves
//   min_A (1/2T) sum_t ||A^{-1} g_t||_A^2  s.t. tr(A) <= mu, A >= 0
// is A proportional to (1/T sum_t g_t g_t^T)^{1/2}, and the step is
//   theta <- theta - lr (epsilon I + A)^{-1} g_t.
// time_average = false uses Duchi's sum instead of the mean (a decaying step, as
// diagonal adagrad). A d x d eigendecomposition every step: small models only. The
// diagonal of the same matrix is what adagrad, rmsprop and adam keep.
#include <cmath>

#include "optim/dense_linalg.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

constexpr std::size_t kMaxParams = 400;

class FullAdagrad : public Optimizer {
 public:
  explicit FullAdagrad(const Hyperparams& h) : lr_(h.num("lr")), eps_(h.num("eps")), average_(h.flag("time_average")) {}

  // slots[0]: sum_t g_t g_t^T, row-major d x d.
  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n * n, 1); }

  void update(float* p, const float* grad, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const int d = static_cast<int>(n);
    ++s.step;
    VectorD g(d);
    for (int i = 0; i < d; ++i) g[i] = grad[i];
    MatrixD sum = load_square(s.slots[0], d);
    sum.noalias() += g * g.transpose();
    store_square(sum, s.slots[0]);
    const double scale = average_ ? 1.0 / static_cast<double>(s.step) : 1.0;
    Eigen::SelfAdjointEigenSolver<MatrixD> eig(sum * scale);
    // The sum is stored in float: eigenvalues below its round-off (relative to the
    // largest) are noise, and would turn rounding error into huge steps.
    const double noise = 1e-6 * std::max(eig.eigenvalues().maxCoeff(), 0.0);
    const VectorD root = eig.eigenvalues().cwiseMax(noise).cwiseSqrt();
    const VectorD coords = eig.eigenvectors().transpose() * g;
    const VectorD step = eig.eigenvectors() * coords.cwiseQuotient((root.array() + eps_).matrix());
    if (ctx.curvature) ctx.curvature->add_flops(eig_flops(d) + 6.0 * d * d);
    const double lr = lr_ * ctx.lr_scale;
    for (int i = 0; i < d; ++i) p[i] = static_cast<float>(p[i] - lr * step[i]);
  }

 private:
  double lr_, eps_;
  bool average_;
};

}  // namespace

OptimizerInfo full_adagrad_info() {
  OptimizerInfo info;
  info.name = "full_adagrad";
  info.title = "Full-matrix AdaGrad";
  info.summary = "Preconditions with the square root of the mean outer product of all past gradients, a full d x d "
                 "matrix: the preconditioner the diagonal methods (AdaGrad, RMSprop, Adam) approximate. Small models only.";
  info.reference = "Duchi, Hazan & Singer, Adaptive subgradient methods for online learning and stochastic "
                   "optimization, JMLR 2011; lecture 002 (Grosse)";
  info.equation = "A = (1/T sum_t g_t g_t^T)^(1/2); theta <- theta - lr (eps I + A)^-1 g_T";
  info.hyperparams = {lr_param(0.01), number("eps", 1e-8, above(0), "added to the preconditioner's eigenvalues", true),
                      boolean("time_average", true, "divide the sum of outer products by T (the lecture's form); off is Duchi's sum")};
  info.caps.needs_curvature = true;  // only for the flop counter
  info.max_params = kMaxParams;
  info.rosenbrock_settings = {{"lr", 1e-3}};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<FullAdagrad>(h); };
  return info;
}

}  // namespace optzoo
