// The experiment's side of core/curvature.hpp for one run's step: Hessian-vector
// products and Fisher probes at the run's point on the step's minibatch, each pass
// counted in the run's compute, and the optimizer's own flops added to its total.
#pragma once
#include <array>
#include <optional>

#include "problems/problem.hpp"
#include "train/experiment.hpp"

namespace optzoo {

class RunCurvature : public CurvatureOracle {
 public:
  RunCurvature(Problem& problem, Run& run, const Batch& batch, int examples)
      : problem_(problem), run_(run), batch_(batch), examples_(examples) {}

  // Central differences of the gradient: two forward and backward passes per example.
  void hessian_vector(const float* v, float* out) const override {
    problem_.hessian_vector_product(run_.params.data(), batch_, v, out);
    run_.forward_passes += 2 * static_cast<int64_t>(examples_);
    run_.backward_passes += 2 * static_cast<int64_t>(examples_);
  }

  // Computed once per kind and step, however often the optimizer asks.
  const FisherProbes& fisher_probes(FisherKind kind) const override {
    auto& cached = cache_[static_cast<int>(kind)];
    if (!cached) {
      cached.emplace();
      problem_.fisher_probes(run_.params.data(), batch_, kind, run_.noise, *cached, &run_.forward_passes,
                             &run_.backward_passes);
    }
    return *cached;
  }

  void add_flops(double flops) const override { run_.curvature_flops += flops; }

 private:
  Problem& problem_;
  Run& run_;
  const Batch& batch_;
  int examples_;
  mutable std::array<std::optional<FisherProbes>, 3> cache_;
};

}  // namespace optzoo
