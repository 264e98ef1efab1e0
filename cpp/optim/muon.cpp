// Muon (Jordan et al., Muon: an optimizer for hidden layers in neural networks, 2024;
// Bernstein & Newhouse, Old optimizer, new norm, 2024): SGD momentum whose update for
// each hidden weight matrix is replaced by its nearest semi-orthogonal matrix, found
// by a few Newton-Schulz iterations (optim/newton_schulz.hpp):
//   B <- momentum B + G;  U = G + momentum B (nesterov) or B;
//   W <- W - lr sqrt(max(1, rows/cols)) NS(U).
// Biases, vectors and the output layer (which maps to logits, not to features) go
// to an auxiliary Adam with its own learning rate.
#include <cmath>

#include "optim/newton_schulz.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Muon : public Optimizer {
 public:
  explicit Muon(const Hyperparams& h)
      : lr_(h.num("lr")), momentum_(h.num("momentum")), nesterov_(h.flag("nesterov")),
        steps_(static_cast<int>(h.num("ns_steps"))), adam_lr_(h.num("adam_lr")), betas_(h.pair("adam_betas")),
        eps_(h.num("adam_eps")), output_adam_(h.flag("output_layer_adam")) {}

  // slots: [0] momentum B, [1] Adam first moment, [2] Adam second moment.
  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, 3); }

  void update(float* p, const float* grad, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    ++s.step;
    const std::vector<const ParamView*> hidden = hidden_matrices(ctx.layout);
    std::vector<bool> orthogonalised(n, false);
    float* buf = s.slots[0].data();
    double flops = 0;
    for (const ParamView* v : hidden) {
      MatrixD u(v->rows, v->cols);
      for (int i = 0; i < v->rows; ++i)
        for (int j = 0; j < v->cols; ++j) {
          const std::size_t k = v->offset + static_cast<std::size_t>(i) * v->cols + j;
          buf[k] = static_cast<float>(momentum_ * buf[k] + grad[k]);
          u(i, j) = nesterov_ ? grad[k] + momentum_ * buf[k] : buf[k];
        }
      const MatrixD o = newton_schulz(u, steps_, NewtonSchulz::Quintic, &flops);
      const double lr = lr_ * ctx.lr_scale * std::sqrt(std::max(1.0, static_cast<double>(v->rows) / v->cols));
      for (int i = 0; i < v->rows; ++i)
        for (int j = 0; j < v->cols; ++j) {
          const std::size_t k = v->offset + static_cast<std::size_t>(i) * v->cols + j;
          p[k] = static_cast<float>(p[k] - lr * o(i, j));
          orthogonalised[k] = true;
        }
    }
    if (ctx.curvature) ctx.curvature->add_flops(flops);
    // Adam (Kingma & Ba 2015) on everything else.
    float* m = s.slots[1].data();
    float* v2 = s.slots[2].data();
    const double b1 = betas_.first, b2 = betas_.second;
    const double c1 = 1 - std::pow(b1, static_cast<double>(s.step)), c2 = 1 - std::pow(b2, static_cast<double>(s.step));
    const double lr = adam_lr_ * ctx.lr_scale;
    for (std::size_t i = 0; i < n; ++i) {
      if (orthogonalised[i]) continue;
      m[i] = static_cast<float>(b1 * m[i] + (1 - b1) * grad[i]);
      v2[i] = static_cast<float>(b2 * v2[i] + (1 - b2) * grad[i] * grad[i]);
      p[i] = static_cast<float>(p[i] - lr * (m[i] / c1) / (std::sqrt(v2[i] / c2) + eps_));
    }
  }

 private:
  // Weight matrices with both sides longer than 1, without the last one (the output
  // layer) when it goes to Adam.
  std::vector<const ParamView*> hidden_matrices(const ParamLayout* layout) const {
    std::vector<const ParamView*> out;
    if (!layout) return out;
    for (const ParamView& v : layout->views())
      if (v.role == ParamRole::Weight && v.rows > 1 && v.cols > 1) out.push_back(&v);
    if (output_adam_ && !out.empty()) out.pop_back();
    return out;
  }

  double lr_, momentum_;
  bool nesterov_;
  int steps_;
  double adam_lr_;
  std::pair<double, double> betas_;
  double eps_;
  bool output_adam_;
};

}  // namespace

OptimizerInfo muon_info() {
  OptimizerInfo info;
  info.name = "muon";
  info.title = "Muon";
  info.summary = "Momentum SGD whose step for each hidden weight matrix is orthogonalised by Newton-Schulz iterations, "
                 "so every direction of the matrix moves by the same amount; other parameters use Adam.";
  info.reference = "Jordan et al., Muon: an optimizer for hidden layers in neural networks, 2024; Bernstein & Newhouse, "
                   "Old optimizer, new norm: an anthology, 2024";
  info.equation = "B = mu B + G; U = G + mu B (nesterov); W <- W - lr sqrt(max(1, rows/cols)) NewtonSchulz5(U); others: Adam";
  info.hyperparams = {lr_param(0.02),
                      number("momentum", 0.95, half_open(0, 1), "momentum of the matrix updates"),
                      boolean("nesterov", true, "orthogonalise G + mu B instead of B"),
                      integer("ns_steps", 5, closed(1, 20), "Newton-Schulz iterations per matrix"),
                      number("adam_lr", 1e-3, above(0), "learning rate of the auxiliary Adam", true),
                      pair("adam_betas", 0.9, 0.999, half_open(0, 1), "the auxiliary Adam's betas"),
                      number("adam_eps", 1e-8, above(0), "the auxiliary Adam's epsilon", true),
                      boolean("output_layer_adam", true, "train the last weight matrix (the output layer) with Adam")};
  info.caps.needs_structure = true;
  info.caps.needs_curvature = true;  // only for the flop counter
  info.rosenbrock_settings = {{"adam_lr", 1e-2}};
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Muon>(h); };
  return info;
}

}  // namespace optzoo
