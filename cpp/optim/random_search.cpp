// Random search, the first method of lecture 002: perturb the weights by a random
// vector, keep the perturbation if the minibatch loss improves, discard it otherwise.
//   c = p + sigma e, e ~ N(0, I);  p <- c if L(c) < L(p)
// Two loss evaluations per step. The "gradient estimate" reported for diagnostics is
// the one-sided directional derivative (L(c) - L(p)) / sigma * e that each trial buys.
#include "optim/perturbations.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class RandomSearch : public Optimizer {
 public:
  explicit RandomSearch(const Hyperparams& h) : sigma_(h.num("sigma")) {}

  OptimizerState init(const float*, std::size_t n) const override {
    OptimizerState s;
    s.slots.assign(1, std::vector<float>(n, 0.0f));  // the latest directional estimate
    s.scalars.assign(1, 0.0);                         // trials accepted so far
    return s;
  }

  void update(float* p, const float*, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const float sigma = static_cast<float>(sigma_ * ctx.lr_scale);
    const double here = (*ctx.objective)(p);
    std::vector<float> e(n), candidate(n);
    fill_directions(ctx.rng->next_u64(), 0, 1, n, e.data());
    for (std::size_t i = 0; i < n; ++i) candidate[i] = p[i] + sigma * e[i];
    const double there = (*ctx.objective)(candidate.data());
    const float slope = static_cast<float>((there - here) / sigma);
    for (std::size_t i = 0; i < n; ++i) s.slots[0][i] = slope * e[i];
    if (there < here) {
      std::copy(candidate.begin(), candidate.end(), p);
      s.scalars[0] += 1;
    }
    ++s.step;
  }

  const std::vector<float>* gradient_estimate(const OptimizerState& s) const override { return &s.slots[0]; }

 private:
  double sigma_;
};

}  // namespace

OptimizerInfo random_search_info() {
  OptimizerInfo info;
  info.name = "random_search";
  info.title = "Random search";
  info.summary = "Tries one random perturbation of all weights per step and keeps it only if the minibatch loss goes down.";
  info.reference = "Lecture 002 (random search); Rastrigin (1963); Matyas (1965)";
  info.equation = "c = p + sigma e, e ~ N(0, I);  p = c if L(c) < L(p)";
  info.hyperparams = {number("sigma", 0.01, above(0), "perturbation scale (scaled by the schedule)", true)};
  info.caps.needs_objective = true;
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> { return std::make_unique<RandomSearch>(h); };
  return info;
}

}  // namespace optzoo
