// Shampoo (Gupta, Koren & Singer, Shampoo: preconditioned stochastic tensor
// optimization, ICML 2018): AdaGrad's full-matrix preconditioner (lecture 002)
// factored per weight matrix into a left and a right statistic,
//   L <- L + G G^T,  R <- R + G^T G,  W <- W - lr L^{-1/4} G R^{-1/4},
// with L and R starting at epsilon I and their inverse fourth roots refreshed every
// update_every steps. Biases and other vectors use diagonal AdaGrad (the order-1
// case). A side longer than max_dim keeps the identity, as the paper's blocking
// would avoid (its eigendecomposition would dominate the step).
#include <cmath>

#include "optim/dense_linalg.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

// State slots: [0] diagonal AdaGrad sums, then per weight matrix L, R, L^{-1/4}, R^{-1/4}
// (an identity side keeps empty slots).
constexpr std::size_t kPerMatrix = 4;

class Shampoo : public Optimizer {
 public:
  explicit Shampoo(const Hyperparams& h)
      : lr_(h.num("lr")), eps_(h.num("epsilon")), every_(static_cast<int64_t>(h.num("update_every"))),
        max_dim_(static_cast<int>(h.num("max_dim"))) {}

  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, 1); }

  void update(float* p, const float* grad, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    std::vector<const ParamView*> matrices;
    if (ctx.layout)
      for (const ParamView& v : ctx.layout->views())
        if (v.role == ParamRole::Weight && v.rows > 1 && v.cols > 1) matrices.push_back(&v);
    if (s.slots.size() == 1)
      for (const ParamView* v : matrices) {
        const int l = side(v->rows), r = side(v->cols);
        for (int dim : {l, r, l, r}) s.slots.emplace_back(static_cast<std::size_t>(dim) * dim, 0.0f);
        for (int k : {0, 1}) {
          auto& slot = s.slots[s.slots.size() - kPerMatrix + k];
          const int dim = k == 0 ? l : r;
          for (int i = 0; i < dim; ++i) slot[static_cast<std::size_t>(i) * dim + i] = static_cast<float>(eps_);
        }
      }
    const double lr = lr_ * ctx.lr_scale;
    std::vector<bool> in_matrix(n, false);
    const bool refresh = s.step % every_ == 0;
    for (std::size_t m = 0; m < matrices.size(); ++m) {
      const ParamView& v = *matrices[m];
      std::vector<float>* slots = &s.slots[1 + kPerMatrix * m];
      MatrixD g(v.rows, v.cols);
      for (int i = 0; i < v.rows; ++i)
        for (int j = 0; j < v.cols; ++j) g(i, j) = grad[v.offset + static_cast<std::size_t>(i) * v.cols + j];
      MatrixD left = MatrixD::Identity(v.rows, v.rows), right = MatrixD::Identity(v.cols, v.cols);
      if (side(v.rows) > 0) left = precondition(slots[0], slots[2], g * g.transpose(), refresh, ctx);
      if (side(v.cols) > 0) right = precondition(slots[1], slots[3], g.transpose() * g, refresh, ctx);
      const MatrixD step = left * g * right;
      ctx_flops(ctx, matmul_flops(v.rows, v.cols, v.rows) + matmul_flops(v.rows, v.cols, v.cols) * 2 +
                         matmul_flops(v.rows, v.rows, v.cols));
      for (int i = 0; i < v.rows; ++i)
        for (int j = 0; j < v.cols; ++j) {
          const std::size_t k = v.offset + static_cast<std::size_t>(i) * v.cols + j;
          p[k] = static_cast<float>(p[k] - lr * step(i, j));
          in_matrix[k] = true;
        }
    }
    float* sum = s.slots[0].data();
    for (std::size_t i = 0; i < n; ++i) {
      if (in_matrix[i]) continue;
      sum[i] += grad[i] * grad[i];
      p[i] = static_cast<float>(p[i] - lr * grad[i] / (std::sqrt(static_cast<double>(sum[i])) + eps_));
    }
    ++s.step;
  }

 private:
  int side(int dim) const { return dim <= max_dim_ ? dim : 0; }

  static void ctx_flops(const StepContext& ctx, double flops) {
    if (ctx.curvature) ctx.curvature->add_flops(flops);
  }

  // Adds the new outer product to the statistic and returns its inverse fourth root,
  // recomputed when `refresh` says so.
  MatrixD precondition(std::vector<float>& stat, std::vector<float>& root, const MatrixD& outer, bool refresh,
                       const StepContext& ctx) const {
    const int dim = static_cast<int>(outer.rows());
    const MatrixD total = load_square(stat, dim) + outer;
    store_square(total, stat);
    if (refresh) {
      store_square(symmetric_power(total, -0.25, eps_), root);
      ctx_flops(ctx, eig_flops(dim) + 2.0 * dim * dim * dim);
    }
    return load_square(root, dim);
  }

  double lr_, eps_;
  int64_t every_;
  int max_dim_;
};

}  // namespace

OptimizerInfo shampoo_info() {
  OptimizerInfo info;
  info.name = "shampoo";
  info.title = "Shampoo";
  info.summary = "Full-matrix AdaGrad made affordable: each weight matrix gets a left and a right preconditioner, "
                 "accumulated gradient outer products raised to the power -1/4, refreshed every few steps.";
  info.reference = "Gupta, Koren & Singer, Shampoo: preconditioned stochastic tensor optimization, ICML 2018; lecture 002";
  info.equation = "L += G G^T; R += G^T G; W <- W - lr L^-1/4 G R^-1/4 (vectors: diagonal AdaGrad)";
  info.hyperparams = {lr_param(0.1),
                      number("epsilon", 1e-4, above(0), "initial value eps I of L and R, and the eigenvalue floor", true),
                      integer("update_every", 10, closed(1, 1000), "steps between recomputing the inverse roots"),
                      integer("max_dim", 512, closed(1, 4096), "a side longer than this keeps the identity")};
  info.caps.needs_structure = true;
  info.caps.needs_curvature = true;  // only for the flop counter
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Shampoo>(h); };
  return info;
}

}  // namespace optzoo
