// Evolution strategies: the antithetic two-point gradient estimate over M Gaussian
// directions (lecture 002; Salimans et al., 2017; Nesterov & Spokoiny, 2017):
//   g = 1/(2 M sigma) * sum_k (s(L(p + sigma e_k)) - s(L(p - sigma e_k))) e_k,   e_k ~ N(0, I)
// With no fitness shaping (s = identity) g is an unbiased estimate of the gradient of
// the Gaussian-smoothed loss, and of the gradient itself on a quadratic. The lecture
// writes the step as W -= eta/M sum (L+ - L-)/2 dW with dW ~ N(0, mu^2 I); that is
// this update with sigma = mu and lr = eta * mu^2.
// The estimate is then handed to plain descent (p -= lr g) or to an outer optimizer.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "optim/perturbations.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

enum Shaping { kNone = 0, kRank = 1, kZscore = 2 };
const std::vector<std::string> kOuterNames = {"none", "sgd", "adam"};

// Fitness shaping over all 2M losses: centred ranks in [-0.5, 0.5] (Wierstra et al.,
// 2014) or z-scores. Both make the step invariant to the loss's scale.
std::vector<double> shape(const std::vector<double>& losses, int shaping) {
  const std::size_t n = losses.size();
  std::vector<double> out(losses);
  if (shaping == kRank && n > 1) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return losses[a] < losses[b]; });
    for (std::size_t r = 0; r < n; ++r) out[order[r]] = static_cast<double>(r) / (n - 1) - 0.5;
  } else if (shaping == kZscore) {
    const double mean = std::accumulate(losses.begin(), losses.end(), 0.0) / n;
    double var = 0;
    for (double l : losses) var += (l - mean) * (l - mean);
    const double sd = std::sqrt(var / n);
    for (double& v : out) v = sd > 0 ? (v - mean) / sd : 0.0;
  }
  return out;
}

class EvolutionStrategy : public Optimizer {
 public:
  EvolutionStrategy(const Hyperparams& h, std::unique_ptr<Optimizer> outer)
      : lr_(h.num("lr")), sigma_(h.num("sigma")), directions_(static_cast<int>(h.num("directions"))),
        shaping_(h.option("shaping")), outer_(std::move(outer)) {}

  // slots[0] is the latest estimate; the outer optimizer's slots and scalars follow.
  OptimizerState init(const float* p, std::size_t n) const override {
    OptimizerState s;
    if (outer_) s = outer_->init(p, n);
    s.slots.insert(s.slots.begin(), std::vector<float>(n, 0.0f));
    return s;
  }

  void update(float* p, const float*, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const int m = directions_;
    const uint64_t seed = ctx.rng->next_u64();
    std::vector<double> plus(m), minus(m);
    evaluate_directions(ctx, seed, m, static_cast<float>(sigma_), p, n, buffer_, plus.data(), minus.data());

    std::vector<double> losses(plus);
    losses.insert(losses.end(), minus.begin(), minus.end());
    const std::vector<double> shaped = shape(losses, shaping_);
    std::vector<double> w(m);
    for (int k = 0; k < m; ++k) w[k] = (shaped[k] - shaped[m + k]) / (2.0 * m * sigma_);
    float* g = s.slots[0].data();
    combine_directions(seed, w, n, buffer_, g);

    if (!outer_) {
      const float lr = static_cast<float>(lr_ * ctx.lr_scale);
      for (std::size_t i = 0; i < n; ++i) p[i] -= lr * g[i];
      ++s.step;
      return;
    }
    // The outer optimizer sees its own state only: lend it every slot but the estimate.
    OptimizerState inner;
    inner.step = s.step;
    inner.slots.assign(std::make_move_iterator(s.slots.begin() + 1), std::make_move_iterator(s.slots.end()));
    inner.scalars = std::move(s.scalars);
    outer_->update(p, g, n, inner, ctx);
    s.slots.resize(1);
    for (auto& slot : inner.slots) s.slots.push_back(std::move(slot));
    s.scalars = std::move(inner.scalars);
    s.step = inner.step;
  }

  const std::vector<float>* gradient_estimate(const OptimizerState& s) const override { return &s.slots[0]; }

 private:
  double lr_, sigma_;
  int directions_, shaping_;
  std::unique_ptr<Optimizer> outer_;
  mutable std::vector<float> buffer_;  // scratch for one chunk of directions
};

}  // namespace

OptimizerInfo es_info() {
  OptimizerInfo info;
  info.name = "es";
  info.title = "Evolution strategy";
  info.summary = "Estimates the gradient from losses at M antithetic pairs of random perturbations, without backprop; "
                 "each pair buys one directional derivative, so it needs about d/M times more steps than gradient descent.";
  info.reference = "Lecture 002 (random search); Salimans et al., arXiv:1703.03864 (2017); Nesterov & Spokoiny (2017)";
  info.equation = "g = 1/(2 M sigma) sum_k (s(L(p + sigma e_k)) - s(L(p - sigma e_k))) e_k, e_k ~ N(0, I);  "
                  "p -= lr g (or outer optimizer on g)";
  info.hyperparams = {lr_param(0.05),
                      number("sigma", 0.01, above(0), "perturbation scale: each direction is sigma * N(0, I)", true),
                      integer("directions", 20, closed(1, 10000), "M, antithetic pairs per step (2M loss evaluations)"),
                      choice("shaping", {"none", "rank", "zscore"}, "none",
                             "fitness shaping of the 2M losses: none (unbiased), centred ranks, or z-scores"),
                      choice("outer", kOuterNames, "none",
                             "optimizer applied to the estimate: none (p -= lr g), sgd or adam with their defaults and this lr")};
  info.caps.needs_objective = true;
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> {
    std::unique_ptr<Optimizer> outer;
    const std::string outer_name = kOuterNames.at(h.option("outer"));
    if (outer_name != "none") {
      const OptimizerInfo* o = find_optimizer(outer_name);
      if (!o) throw Error("outer", "\"" + outer_name + "\" is not available in this build");
      Hyperparams oh = default_hyperparams(o->hyperparams);
      oh.set("lr", {h.num("lr")});
      outer = o->make(oh);
    }
    return std::make_unique<EvolutionStrategy>(h, std::move(outer));
  };
  return info;
}

}  // namespace optzoo
