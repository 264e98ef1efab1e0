// Natural gradient descent with the exact Fisher of the model, damped and solved
// directly (Amari, Natural gradient works efficiently in learning, 1998; Martens,
// New insights and perspectives on the natural gradient method, 2020; Grosse, lecture
// 002 and Tanner, lecture 004):
//   theta <- theta - lr (F + damping I)^{-1} grad,   F = (1/n) sum_r v_r v_r^T,
// where v_r is the parameter gradient of probe r (core/curvature.hpp). With fewer
// probes m than parameters d the same solve goes through the m x m kernel matrix
// (Woodbury): (V^T V / n + lambda I)^{-1} g = (g - V^T (n lambda I + V V^T)^{-1} V g) / lambda.
#include "core/error.hpp"
#include "optim/dense_linalg.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

constexpr std::size_t kMaxParams = 3000;

// Row r of V: probe r's gradient, g_r [a_r; 1]^T per dense layer, in the flat layout.
void probe_gradient(const FisherProbes& probes, int r, std::size_t n, double* out) {
  std::fill(out, out + n, 0.0);
  for (const DenseProbes& l : probes.layers) {
    const float* a = l.a.data() + static_cast<std::size_t>(r) * l.in;
    const float* g = l.g.data() + static_cast<std::size_t>(r) * l.out;
    for (int o = 0; o < l.out; ++o) {
      double* w = out + l.weight + static_cast<std::size_t>(o) * l.in;
      for (int i = 0; i < l.in; ++i) w[i] = static_cast<double>(g[o]) * a[i];
      out[l.bias + o] = g[o];
    }
  }
}

class NaturalGradient : public Optimizer {
 public:
  explicit NaturalGradient(const Hyperparams& h)
      : lr_(h.num("lr")), damping_(h.num("damping")), kind_(fisher_kind(h.option("fisher"))) {}

  OptimizerState init(const float*, std::size_t) const override { return {}; }

  void update(float* p, const float* grad, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    if (!ctx.curvature) throw Error("natural_gradient", "needs the Fisher statistics (internal error)");
    const FisherProbes& probes = ctx.curvature->fisher_probes(kind_);
    const int m = probes.rows;
    const double examples = probes.examples;
    const int d = static_cast<int>(n);
    VectorD g(d);
    for (int i = 0; i < d; ++i) g[i] = grad[i];
    VectorD step;
    if (m < d && damping_ > 0) {
      MatrixD v(m, d);
      for (int r = 0; r < m; ++r) {
        VectorD row(d);
        probe_gradient(probes, r, n, row.data());
        v.row(r) = row.transpose();
      }
      MatrixD kernel = v * v.transpose();
      kernel.diagonal().array() += examples * damping_;
      const VectorD inner = kernel.llt().solve(v * g);
      step = (g - v.transpose() * inner) / damping_;
      ctx.curvature->add_flops(matmul_flops(m, m, d) + cholesky_flops(m) + 4.0 * m * d);
    } else {
      MatrixD fisher = MatrixD::Zero(d, d);
      constexpr int kChunk = 64;  // rank-k updates keep memory at d x d plus a chunk
      MatrixD chunk(kChunk, d);
      for (int r0 = 0; r0 < m; r0 += kChunk) {
        const int rows = std::min(kChunk, m - r0);
        for (int r = 0; r < rows; ++r) {
          VectorD row(d);
          probe_gradient(probes, r0 + r, n, row.data());
          chunk.row(r) = row.transpose();
        }
        fisher.selfadjointView<Eigen::Lower>().rankUpdate(chunk.topRows(rows).transpose(), 1.0 / examples);
      }
      fisher.diagonal().array() += damping_;
      step = fisher.selfadjointView<Eigen::Lower>().ldlt().solve(g);
      ctx.curvature->add_flops(static_cast<double>(m) * d * d + cholesky_flops(d) + 2.0 * d * d);
    }
    const double lr = lr_ * ctx.lr_scale;
    for (int i = 0; i < d; ++i) p[i] = static_cast<float>(p[i] - lr * step[i]);
    ++s.step;
  }

 private:
  double lr_, damping_;
  FisherKind kind_;
};

}  // namespace

// The three kinds, in FisherKind's order.
HyperparamSpec fisher_param(const std::string& fallback) {
  return choice("fisher", {"true", "sampled", "empirical"}, fallback,
                "which Fisher: true (expectation over the model's own predictions, exact), sampled (one label per "
                "example drawn from the model) or empirical (the training labels)");
}

OptimizerInfo natural_gradient_info() {
  OptimizerInfo info;
  info.name = "natural_gradient";
  info.title = "Natural gradient (exact Fisher)";
  info.summary = "Preconditions the gradient with the inverse of the model's full Fisher information matrix, damped, "
                 "solved directly each step: steepest descent in the KL geometry of the model's predictions. Small models only.";
  info.reference = "Amari, Natural gradient works efficiently in learning, 1998; Martens, New insights and perspectives "
                   "on the natural gradient method, JMLR 2020; lectures 002 (Grosse) and 004 (Tanner)";
  info.equation = "theta <- theta - lr (F + damping I)^-1 grad, F = E_x E_y~p(y|x) [grad log p grad log p^T]";
  info.hyperparams = {lr_param(0.5),
                      number("damping", 1e-2, at_least(0), "Tikhonov damping added to the Fisher's diagonal", true),
                      fisher_param("true")};
  info.caps.needs_curvature = true;
  info.caps.needs_fisher = true;
  info.max_params = kMaxParams;
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<NaturalGradient>(h); };
  return info;
}

}  // namespace optzoo
