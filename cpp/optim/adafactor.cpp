// Adafactor (Shazeer & Stern, ICML 2018, Algorithms 4 and 5): the second moment of a
// weight matrix is kept factored, as running row means R and column means C of
// g^2 + eps1, and rebuilt as V = R C^T / mean(R); vectors keep a full average. The
// update U = g / sqrt(V) is clipped to RMS(U) <= d, and with relative_step the step
// size is max(eps2, RMS(theta)) * min(lr, 1/sqrt(t)). beta2_t = 1 - t^-decay_rate.
//
// The state has one buffer of parameter size (so every optimizer's state has the
// same uniform shape); a factored r x c matrix only uses its first r + c entries.
#include <algorithm>
#include <cmath>

#include "optim/groups.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class Adafactor : public Optimizer {
 public:
  explicit Adafactor(const Hyperparams& h)
      : lr_(h.num("lr")), eps1_(h.pair("eps").first), eps2_(h.pair("eps").second), clip_(h.num("clip_threshold")),
        decay_rate_(h.num("decay_rate")), beta1_(h.num("beta1")), wd_(h.num("weight_decay")),
        relative_(h.flag("relative_step")) {}

  // slots[0]: second-moment statistics; slots[1]: the update average (beta1 > 0).
  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, beta1_ > 0 ? 2 : 1); }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const double t = static_cast<double>(++s.step);
    const double beta2 = 1.0 - std::pow(t, -decay_rate_);
    const double rho = relative_ ? std::min(lr_, 1.0 / std::sqrt(t)) : lr_;
    u_.resize(n);
    for (const ParamGroup& grp : param_groups(ctx.layout, n)) {
      const std::size_t o = grp.offset, size = grp.size;
      float* stat = s.slots[0].data() + o;
      if (grp.rows >= 2 && grp.cols >= 2) factored(grp, g + o, stat, beta2, u_.data() + o);
      else unfactored(size, g + o, stat, beta2, u_.data() + o);
      // Clip the update to RMS <= d.
      const double rms_u = norm_of(u_.data() + o, size) / std::sqrt(static_cast<double>(size));
      const double clip = std::max(1.0, rms_u / clip_);
      const double scale = relative_ ? std::max(eps2_, norm_of(p + o, size) / std::sqrt(static_cast<double>(size))) : 1.0;
      const double alpha = scale * rho * ctx.lr_scale;
      const float a = static_cast<float>(alpha), inv_clip = static_cast<float>(1.0 / clip),
                  decay = static_cast<float>(1.0 - alpha * wd_), b1 = static_cast<float>(beta1_),
                  omb1 = static_cast<float>(1.0 - beta1_);
      float* m = beta1_ > 0 ? s.slots[1].data() + o : nullptr;
      for (std::size_t i = 0; i < size; ++i) {
        float step = u_[o + i] * inv_clip;  // the clipped update U_hat
        if (m) step = m[i] = b1 * m[i] + omb1 * step;
        p[o + i] = p[o + i] * decay - a * step;
      }
    }
  }

 private:
  // stat[0..rows) = R (row means), stat[rows..rows+cols) = C (column means).
  void factored(const ParamGroup& grp, const float* g, float* stat, double beta2, float* u) const {
    const int r = grp.rows, c = grp.cols;
    float *R = stat, *C = stat + r;
    row_.assign(r, 0.0);
    col_.assign(c, 0.0);
    for (int i = 0; i < r; ++i)
      for (int j = 0; j < c; ++j) {
        const double sq = static_cast<double>(g[i * c + j]) * g[i * c + j] + eps1_;
        row_[i] += sq / c;
        col_[j] += sq / r;
      }
    double mean_r = 0;
    for (int i = 0; i < r; ++i) mean_r += (R[i] = static_cast<float>(beta2 * R[i] + (1 - beta2) * row_[i])) / r;
    for (int j = 0; j < c; ++j) C[j] = static_cast<float>(beta2 * C[j] + (1 - beta2) * col_[j]);
    for (int i = 0; i < r; ++i)
      for (int j = 0; j < c; ++j)
        u[i * c + j] = static_cast<float>(g[i * c + j] / std::sqrt(static_cast<double>(R[i]) * C[j] / mean_r));
  }

  void unfactored(std::size_t size, const float* g, float* v, double beta2, float* u) const {
    for (std::size_t i = 0; i < size; ++i) {
      v[i] = static_cast<float>(beta2 * v[i] + (1 - beta2) * (static_cast<double>(g[i]) * g[i] + eps1_));
      u[i] = static_cast<float>(g[i] / std::sqrt(static_cast<double>(v[i])));
    }
  }

  double lr_, eps1_, eps2_, clip_, decay_rate_, beta1_, wd_;
  bool relative_;
  mutable std::vector<float> u_;  // scratch: the unclipped update
  mutable std::vector<double> row_, col_;
};

}  // namespace

OptimizerInfo adafactor_info() {
  OptimizerInfo info;
  info.name = "adafactor";
  info.title = "Adafactor";
  info.summary = "Adam-like scaling with sublinear memory: a weight matrix's second moments are factored into row and column averages; updates are clipped and sized relative to the parameters.";
  info.reference = "Shazeer & Stern, Adafactor: Adaptive Learning Rates with Sublinear Memory Cost, ICML 2018 (arXiv:1804.04235)";
  info.equation = "R = b2t*R + (1-b2t)*rowmean(g^2+eps1); C = b2t*C + (1-b2t)*colmean(g^2+eps1); V = R C^T/mean(R); U = g/sqrt(V); U /= max(1, RMS(U)/d); p -= max(eps2, RMS(p))*min(lr, 1/sqrt(t))*U; b2t = 1 - t^-c";
  info.hyperparams = {lr_param(1e-2),
                      pair("eps", 1e-30, 1e-3, at_least(0), "(eps1, eps2): added to g^2, and the floor of RMS(p) in the relative step"),
                      number("clip_threshold", 1.0, above(0), "d: the update's RMS is clipped to at most d"),
                      number("decay_rate", 0.8, closed(0, 1), "c in beta2_t = 1 - t^-c"),
                      number("beta1", 0.0, half_open(0, 1), "momentum on the update (0: none, as in the paper's default)"),
                      number("weight_decay", 0.0, at_least(0), "decoupled weight decay, scaled by the step size"),
                      boolean("relative_step", true, "step = max(eps2, RMS(p)) * min(lr, 1/sqrt(t)); false: step = lr")};
  info.caps.needs_structure = true;
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<Adafactor>(h); };
  return info;
}

}  // namespace optzoo
