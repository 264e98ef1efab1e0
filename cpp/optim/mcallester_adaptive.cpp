// McAllester's per-parameter adaptive batch size and learning rate (TTIC 31230,
// lecture on SGD, "A Complete Algorithm", 003). Per parameter i, running averages of
// the gradient and of the squared per-example gradient, with averaging rate B/B*:
//   g~ = (1 - B/B*) g~ + (B/B*) g_hat;   s~ = (1 - B/B*) s~ + (B/B*) E_b[g_b^2]
//   sigma~^2 = s~ - g~^2;   B* = K for t <= K, else lambda_B sigma~^2 / (g~^2 + eps)
// and the step eta_B = (B / B*) eta*, from the lecture's derivation (eta_B = B/B* eta*,
// B* = 16 sigma^2/g^2, eta* = 1/(2L)), with eta* = lambda_eta:
//   eta[i] = 0 for t <= K, else lambda_eta * min(1, B / B*[i]);   theta -= eta * g_hat
//
// Decisions where the slides leave room: sigma is the per-example spread, as in the
// one-dimensional derivation (sigma_hat over the batch's examples), so s~ averages
// E_b[g_b^2] from per-example gradients; with only the batch mean, full-batch
// training would see sigma~ = 0. The ratio B/B* is capped at 1 (an average cannot
// take more than the newest value, and a batch larger than B* gains nothing), which
// also bounds eta by lambda_eta. This equals the slides' lambda g~^2/sigma~^2 form
// with the batch size made explicit.
#include <algorithm>
#include <cmath>

#include "optim/registry.hpp"

namespace optzoo {
namespace {

class McAllesterAdaptive : public Optimizer {
 public:
  explicit McAllesterAdaptive(const Hyperparams& h)
      : k_(h.num("k")), lambda_b_(h.num("lambda_b")), eps_(h.num("eps")), lambda_eta_(h.num("lambda_eta")) {}

  // slots: g~, s~ (mean squared per-example gradient)
  OptimizerState init(const float*, std::size_t n) const override { return zero_slots(n, 2); }

  void update(float* p, const float* g, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    if (!ctx.grad_sq_mean) throw Error("mcallester_adaptive", "needs per-example squared gradients (internal error)");
    const double t = static_cast<double>(++s.step), batch = std::max(ctx.batch_size, 1);
    const bool warm = t <= k_;
    float *gm = s.slots[0].data(), *sq = s.slots[1].data();
    for (std::size_t i = 0; i < n; ++i) {
      // B*(t-1) from the statistics so far, then the averages move to time t.
      const double rate = std::min(1.0, batch / batch_star(gm[i], sq[i], t - 1));
      gm[i] = static_cast<float>((1 - rate) * gm[i] + rate * g[i]);
      sq[i] = static_cast<float>((1 - rate) * sq[i] + rate * ctx.grad_sq_mean[i]);
      if (warm) continue;
      const double eta = lambda_eta_ * ctx.lr_scale * std::min(1.0, batch / batch_star(gm[i], sq[i], t));
      p[i] = static_cast<float>(p[i] - eta * g[i]);
    }
  }

 private:
  double batch_star(double gm, double sq, double t) const {
    if (t <= k_) return k_;
    const double var = std::max(sq - gm * gm, 0.0);
    return std::max(lambda_b_ * var / (gm * gm + eps_), 1e-300);
  }

  double k_, lambda_b_, eps_, lambda_eta_;
};

}  // namespace

OptimizerInfo mcallester_adaptive_info() {
  OptimizerInfo info;
  info.name = "mcallester_adaptive";
  info.title = "McAllester adaptive batch and rate";
  info.summary = "Per parameter, running mean and per-example spread of the gradient give an ideal batch size B* = lambda_B sigma^2/g^2 and a learning rate lambda_eta * min(1, B/B*); the first K steps only gather statistics.";
  info.reference = "McAllester, TTIC 31230 Fundamentals of Deep Learning, lecture on SGD (2018): A Complete Algorithm";
  info.equation = "r = min(1, B/B*); g~ = (1-r)*g~ + r*g; s~ = (1-r)*s~ + r*E_b[g_b^2]; sigma~^2 = s~ - g~^2; B* = K (t<=K) else lambda_B*sigma~^2/(g~^2+eps); p -= lambda_eta*min(1, B/B*)*g (0 for t<=K)";
  info.hyperparams = {number("k", 10, at_least(1), "K: warm-up steps that only gather statistics (B* = K, eta = 0)"),
                      number("lambda_b", 16, above(0), "lambda_B in B* = lambda_B sigma^2/(g^2 + eps) (16 in the derivation)"),
                      number("eps", 1e-8, above(0), "keeps B* finite when the mean gradient vanishes", true),
                      number("lambda_eta", 0.1, above(0), "lambda_eta = eta*, the rate at B >= B* (1/(2L) in the derivation)", true)};
  info.caps.needs_per_example = true;
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<McAllesterAdaptive>(h); };
  return info;
}

}  // namespace optzoo
