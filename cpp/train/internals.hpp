// What an optimizer did in one step, for the page's "internals" plots: the gradient
// norm, the size of the update, the effective learning rate ||Δθ||/||g|| (which makes
// adaptive methods comparable to SGD), and per weight matrix the update-to-weight
// ratio ||ΔW||/||W|| that LARS, LAMB and Nero reason about.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/param_layout.hpp"

namespace optzoo {

struct StepInternals {
  double grad_norm = 0, update_norm = 0, effective_lr = 0;
  std::vector<double> update_ratio;  // one per weight view, in layout order
};

// before/after are the parameters around the step; grad is the gradient (or estimate)
// the step used, or nullptr when there is none.
StepInternals measure_step(const ParamLayout& layout, const float* before, const float* after, const float* grad);

// Names of the weight views, in the order of StepInternals::update_ratio.
std::vector<std::string> weight_view_names(const ParamLayout& layout);

double l2_norm(const float* v, std::size_t n);
double cosine(const float* a, const float* b, std::size_t n);

// Recorded internals of one run, aligned with its recorded steps.
struct InternalsSeries {
  std::vector<double> grad_norm, update_norm, effective_lr;
  std::vector<std::vector<double>> update_ratio;  // [weight view][recorded point]
  void push(const StepInternals& s);
  void push_missing(std::size_t weight_views);  // step 0: no update yet
};

}  // namespace optzoo
