#include "train/faults.hpp"

#include <cmath>

namespace optzoo {

const char* non_finite_kind(const float* v, std::size_t n) {
  bool inf = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(v[i])) return "NaN";
    inf = inf || std::isinf(v[i]);
  }
  return inf ? "Inf" : "";
}

const char* non_finite_kind(double v) { return std::isnan(v) ? "NaN" : std::isinf(v) ? "Inf" : ""; }

namespace {
std::string state_fault(const OptimizerState& state) {
  for (const auto& slot : state.slots)
    if (*non_finite_kind(slot.data(), slot.size())) return non_finite_kind(slot.data(), slot.size());
  for (const double s : state.scalars)
    if (*non_finite_kind(s)) return non_finite_kind(s);
  for (const auto& inner : state.inner) {
    const std::string kind = state_fault(inner);
    if (!kind.empty()) return kind;
  }
  return "";
}
}  // namespace

std::string find_fault(const double* loss, const std::vector<float>* grad, const OptimizerState& state,
                       const std::vector<float>& params) {
  if (loss && *non_finite_kind(*loss)) return std::string("loss is ") + non_finite_kind(*loss);
  if (grad && *non_finite_kind(grad->data(), grad->size()))
    return std::string("gradient has ") + non_finite_kind(grad->data(), grad->size());
  const std::string kind = state_fault(state);
  if (!kind.empty()) return "optimizer state has " + kind;
  if (*non_finite_kind(params.data(), params.size()))
    return std::string("parameters have ") + non_finite_kind(params.data(), params.size());
  return "";
}

}  // namespace optzoo
