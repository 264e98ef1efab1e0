#include "train/internals.hpp"

#include <cmath>
#include <limits>

namespace optzoo {

double l2_norm(const float* v, std::size_t n) {
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += static_cast<double>(v[i]) * v[i];
  return std::sqrt(s);
}

double cosine(const float* a, const float* b, std::size_t n) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    ab += static_cast<double>(a[i]) * b[i];
    aa += static_cast<double>(a[i]) * a[i];
    bb += static_cast<double>(b[i]) * b[i];
  }
  return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : std::numeric_limits<double>::quiet_NaN();
}

StepInternals measure_step(const ParamLayout& layout, const float* before, const float* after, const float* grad) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  StepInternals s;
  double moved = 0;
  for (std::size_t i = 0; i < layout.size(); ++i) {
    const double d = static_cast<double>(after[i]) - before[i];
    moved += d * d;
  }
  s.update_norm = std::sqrt(moved);
  s.grad_norm = grad ? l2_norm(grad, layout.size()) : nan;
  s.effective_lr = grad && s.grad_norm > 0 ? s.update_norm / s.grad_norm : nan;
  for (const ParamView& v : layout.views()) {
    if (v.role != ParamRole::Weight) continue;
    double dw = 0, w = 0;
    for (std::size_t i = v.offset; i < v.offset + v.size(); ++i) {
      const double d = static_cast<double>(after[i]) - before[i];
      dw += d * d;
      w += static_cast<double>(before[i]) * before[i];
    }
    s.update_ratio.push_back(w > 0 ? std::sqrt(dw / w) : nan);
  }
  return s;
}

std::vector<std::string> weight_view_names(const ParamLayout& layout) {
  std::vector<std::string> names;
  for (const ParamView& v : layout.views())
    if (v.role == ParamRole::Weight) names.push_back(v.name);
  return names;
}

void InternalsSeries::push(const StepInternals& s) {
  grad_norm.push_back(s.grad_norm);
  update_norm.push_back(s.update_norm);
  effective_lr.push_back(s.effective_lr);
  update_ratio.resize(s.update_ratio.size());
  for (std::size_t i = 0; i < s.update_ratio.size(); ++i) update_ratio[i].push_back(s.update_ratio[i]);
}

void InternalsSeries::push_missing(std::size_t weight_views) {
  StepInternals none;
  none.grad_norm = none.update_norm = none.effective_lr = std::numeric_limits<double>::quiet_NaN();
  none.update_ratio.assign(weight_views, std::numeric_limits<double>::quiet_NaN());
  push(none);
}

}  // namespace optzoo
