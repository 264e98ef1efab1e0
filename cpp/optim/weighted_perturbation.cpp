// The second method of lecture 002, in its literal form: add the perturbation
// weighted by the perturbed loss,
//   W <- W - lr * L(W + dW) * dW,   dW ~ N(0, sigma^2 I).
// Its expectation is lr sigma^2 grad L (Stein's lemma), but with no baseline the
// variance is large: the lecture's motivation for the antithetic form in `es`.
// The estimate reported for diagnostics is L(W + sigma e) e / sigma.
#include "optim/perturbations.hpp"
#include "optim/registry.hpp"

namespace optzoo {
namespace {

class WeightedPerturbation : public Optimizer {
 public:
  explicit WeightedPerturbation(const Hyperparams& h) : lr_(h.num("lr")), sigma_(h.num("sigma")) {}

  OptimizerState init(const float*, std::size_t n) const override {
    OptimizerState s;
    s.slots.assign(1, std::vector<float>(n, 0.0f));
    return s;
  }

  void update(float* p, const float*, std::size_t n, OptimizerState& s, const StepContext& ctx) const override {
    const float sigma = static_cast<float>(sigma_);
    std::vector<float> e(n);
    const uint64_t seed = ctx.rng->next_u64();
    double loss = 0;
    evaluate_directions(ctx, seed, 1, sigma, p, n, e, &loss, nullptr);
    const float step = static_cast<float>(lr_ * ctx.lr_scale * loss * sigma_);  // lr L(W + dW) sigma
    const float scale = static_cast<float>(loss / sigma_);
    for (std::size_t i = 0; i < n; ++i) {
      s.slots[0][i] = scale * e[i];
      p[i] -= step * e[i];
    }
    ++s.step;
  }

  const std::vector<float>* gradient_estimate(const OptimizerState& s) const override { return &s.slots[0]; }

 private:
  double lr_, sigma_;
};

}  // namespace

OptimizerInfo weighted_perturbation_info() {
  OptimizerInfo info;
  info.name = "weighted_perturbation";
  info.title = "Weighted perturbation";
  info.summary = "Moves along one random perturbation per step, weighted by the loss there: right on average, "
                 "but very noisy without a baseline.";
  info.reference = "Lecture 002 (random search)";
  info.equation = "W -= lr * L(W + dW) * dW,  dW ~ N(0, sigma^2 I)";
  info.hyperparams = {lr_param(0.1), number("sigma", 0.01, above(0), "perturbation scale", true)};
  info.caps.needs_objective = true;
  info.make = [](const Hyperparams& h) -> std::unique_ptr<Optimizer> {
    return std::make_unique<WeightedPerturbation>(h);
  };
  return info;
}

}  // namespace optzoo
