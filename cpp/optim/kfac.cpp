// K-FAC: Kronecker-factored approximate curvature (Martens & Grosse, Optimizing neural
// networks with Kronecker-factored approximate curvature, ICML 2015; lecture 002).
// Per dense layer with input a (bias folded in as a trailing 1) and output gradient g,
// the layer's Fisher block E[a a^T (x) g g^T] is approximated by A (x) G with
//   A = E[a a^T],  G = E[g g^T],
// so its inverse applied to the gradient matrix [dW | db] is G^{-1} [dW | db] A^{-1}.
// A and G are running averages refreshed every stats_every steps; their damped
// inverses every inverse_every steps, with factored Tikhonov damping
//   A + pi sqrt(damping) I,  G + sqrt(damping)/pi I,  pi^2 = (tr A / dim A) / (tr G / dim G)
// (section 6.3). kl_clip > 0 scales the step so that lr^2 sum <Delta, grad> <= kl_clip
// (Ba, Grosse & Martens, Distributed second-order optimization using Kronecker-
// factored approximations, ICLR 2017).
#include <cmath>

#include "core/error.hpp"
#include "optim/dense_linalg.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

// State slots: [0] momentum, then per dense layer A, G, A^{-1}, G^{-1}.
constexpr std::size_t kPerLayer = 4;

class Kfac : public Optimizer {
 public:
  explicit Kfac(const Hyperparams& h)
      : lr_(h.num("lr")), momentum_(h.num("momentum")), damping_(h.num("damping")), decay_(h.num("stat_decay")),
        kl_clip_(h.num("kl_clip")), weight_decay_(h.num("weight_decay")),
        stats_every_(static_cast<int64_t>(h.num("stats_every"))),
        inverse_every_(static_cast<int64_t>(h.num("inverse_every"))), kind_(fisher_kind(h.option("fisher"))) {}

  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, 1); }

  void update(float* p, const float* grad, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    if (!ctx.curvature) throw Error("kfac", "needs the Fisher statistics (internal error)");
    const bool fresh = s.slots.size() == 1;
    const bool stats = fresh || s.step % stats_every_ == 0;
    const bool invert = fresh || s.step % inverse_every_ == 0;
    const FisherProbes* probes = nullptr;
    if (stats) probes = &ctx.curvature->fisher_probes(kind_);
    const std::vector<Shape> layers = dense_layers(*ctx.layout);
    if (layers.empty()) throw Error("kfac", "found no dense layer to precondition");
    if (fresh)
      for (const Shape& l : layers) {
        s.slots.emplace_back(static_cast<std::size_t>(l.in + 1) * (l.in + 1), 0.0f);
        s.slots.emplace_back(static_cast<std::size_t>(l.out) * l.out, 0.0f);
        s.slots.emplace_back(static_cast<std::size_t>(l.in + 1) * (l.in + 1), 0.0f);
        s.slots.emplace_back(static_cast<std::size_t>(l.out) * l.out, 0.0f);
      }
    if (layers.size() * kPerLayer + 1 != s.slots.size() || (probes && probes->layers.size() != layers.size()))
      throw Error("kfac", "state does not match the model's layers (reset the run)");

    std::vector<float> precond(grad, grad + n);  // parameters outside dense layers keep the gradient
    double kl = 0;
    for (std::size_t li = 0; li < layers.size(); ++li) {
      const Shape& l = layers[li];
      auto& slot_a = s.slots[1 + kPerLayer * li];
      auto& slot_g = s.slots[2 + kPerLayer * li];
      if (stats) accumulate(probes->layers[li], *probes, fresh, slot_a, slot_g, ctx);
      if (invert) invert_damped(l, slot_a, slot_g, s.slots[3 + kPerLayer * li], s.slots[4 + kPerLayer * li], ctx);
      const MatrixD a_inv = load_square(s.slots[3 + kPerLayer * li], l.in + 1);
      const MatrixD g_inv = load_square(s.slots[4 + kPerLayer * li], l.out);
      MatrixD dw(l.out, l.in + 1);
      for (int o = 0; o < l.out; ++o) {
        for (int i = 0; i < l.in; ++i) dw(o, i) = grad[l.weight + static_cast<std::size_t>(o) * l.in + i];
        dw(o, l.in) = grad[l.bias + o];
      }
      const MatrixD delta = g_inv * dw * a_inv;
      ctx.curvature->add_flops(matmul_flops(l.out, l.in + 1, l.out) + matmul_flops(l.out, l.in + 1, l.in + 1));
      kl += (delta.array() * dw.array()).sum();
      for (int o = 0; o < l.out; ++o) {
        for (int i = 0; i < l.in; ++i) precond[l.weight + static_cast<std::size_t>(o) * l.in + i] = static_cast<float>(delta(o, i));
        precond[l.bias + o] = static_cast<float>(delta(o, l.in));
      }
    }
    const double lr = lr_ * ctx.lr_scale;
    double scale = 1.0;
    if (kl_clip_ > 0 && kl > 0) scale = std::min(1.0, std::sqrt(kl_clip_ / (lr * lr * kl)));
    float* buf = s.slots[0].data();
    for (std::size_t i = 0; i < n; ++i) {
      const double d = scale * precond[i] + weight_decay_ * p[i];
      buf[i] = static_cast<float>(momentum_ * buf[i] + d);
      p[i] = static_cast<float>(p[i] - lr * buf[i]);
    }
    ++s.step;
  }

 private:
  struct Shape {
    std::size_t weight, bias;
    int in, out;
  };

  // Dense layers from the layout: a weight [out][in] followed by its bias [out].
  static std::vector<Shape> dense_layers(const ParamLayout& layout) {
    std::vector<Shape> out;
    const auto& views = layout.views();
    for (std::size_t v = 0; v + 1 < views.size(); ++v)
      if (views[v].role == ParamRole::Weight && views[v + 1].role == ParamRole::Bias && views[v + 1].rows == views[v].rows)
        out.push_back({views[v].offset, views[v + 1].offset, views[v].cols, views[v].rows});
    return out;
  }

  // A_batch = mean over probes of [a;1][a;1]^T, G_batch = sum over probes of g g^T / examples,
  // blended into the running averages (the first batch initialises them).
  void accumulate(const DenseProbes& l, const FisherProbes& probes, bool first, std::vector<float>& slot_a,
                  std::vector<float>& slot_g, const StepContext& ctx) const {
    const int rows = probes.rows;
    MatrixD a(rows, l.in + 1), g(rows, l.out);
    for (int r = 0; r < rows; ++r) {
      for (int i = 0; i < l.in; ++i) a(r, i) = l.a[static_cast<std::size_t>(r) * l.in + i];
      a(r, l.in) = 1.0;
      for (int o = 0; o < l.out; ++o) g(r, o) = l.g[static_cast<std::size_t>(r) * l.out + o];
    }
    const MatrixD a_batch = a.transpose() * a / rows;
    const MatrixD g_batch = g.transpose() * g / probes.examples;
    ctx.curvature->add_flops(matmul_flops(l.in + 1, l.in + 1, rows) + matmul_flops(l.out, l.out, rows));
    const double keep = first ? 0.0 : decay_;
    store_square(keep * load_square(slot_a, l.in + 1) + (1 - keep) * a_batch, slot_a);
    store_square(keep * load_square(slot_g, l.out) + (1 - keep) * g_batch, slot_g);
  }

  void invert_damped(const Shape& l, const std::vector<float>& slot_a, const std::vector<float>& slot_g,
                     std::vector<float>& a_inv, std::vector<float>& g_inv, const StepContext& ctx) const {
    MatrixD a = load_square(slot_a, l.in + 1), g = load_square(slot_g, l.out);
    if (damping_ > 0) {
      const double ta = a.trace() / a.rows(), tg = g.trace() / g.rows();
      const double pi = ta > 0 && tg > 0 ? std::sqrt(ta / tg) : 1.0;
      a.diagonal().array() += pi * std::sqrt(damping_);
      g.diagonal().array() += std::sqrt(damping_) / pi;
    }
    // Symmetric solves; without damping a singular factor gives Inf and the run is
    // marked diverged.
    store_square(a.ldlt().solve(MatrixD::Identity(a.rows(), a.rows())), a_inv);
    store_square(g.ldlt().solve(MatrixD::Identity(g.rows(), g.rows())), g_inv);
    ctx.curvature->add_flops(cholesky_flops(a.rows()) + cholesky_flops(g.rows()) + 2.0 * a.rows() * a.rows() * a.rows() +
                             2.0 * g.rows() * g.rows() * g.rows());
  }

  double lr_, momentum_, damping_, decay_, kl_clip_, weight_decay_;
  int64_t stats_every_, inverse_every_;
  FisherKind kind_;
};

}  // namespace

OptimizerInfo kfac_info() {
  OptimizerInfo info;
  info.name = "kfac";
  info.title = "K-FAC";
  info.summary = "Natural gradient with each dense layer's Fisher block approximated by a Kronecker product of two small "
                 "matrices: input second moments A and output-gradient second moments G, inverted every few steps.";
  info.reference = "Martens & Grosse, Optimizing neural networks with Kronecker-factored approximate curvature, ICML "
                   "2015; Ba, Grosse & Martens, Distributed second-order optimization using Kronecker-factored "
                   "approximations, ICLR 2017; lecture 002 (Grosse)";
  info.equation = "A = E[a a^T], G = E[g g^T] (running averages); Delta = (G + sqrt(damping)/pi I)^-1 [dW db] (A + pi "
                  "sqrt(damping) I)^-1; theta <- theta - lr * min(1, sqrt(kl_clip / (lr^2 <Delta, grad>))) * Delta";
  info.hyperparams = {
      lr_param(0.3),
      number("momentum", 0.0, half_open(0, 1), "momentum on the preconditioned step (as sgd's)"),
      number("damping", 1e-3, at_least(0), "Tikhonov damping, split between the factors by pi", true),
      number("stat_decay", 0.95, half_open(0, 1), "running-average weight of the old factors"),
      number("kl_clip", 1e-2, at_least(0), "bound on lr^2 <Delta, grad>, the step's predicted KL change; 0 = off", true),
      number("weight_decay", 0.0, at_least(0), "L2 penalty added to the preconditioned step"),
      integer("stats_every", 1, closed(1, 1000), "T_stats: steps between factor updates"),
      integer("inverse_every", 10, closed(1, 1000), "T_inv: steps between factor inversions"),
      fisher_param("sampled")};
  info.caps.needs_curvature = true;
  info.caps.needs_fisher = true;
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Kfac>(h); };
  return info;
}

}  // namespace optzoo
