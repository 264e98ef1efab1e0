#include <nlohmann/json.hpp>

#include "train/diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <limits>

#include "train/internals.hpp"

namespace optzoo {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The first two weight views and the first one's bias, for the ReLU rescaling; throws
// when the layout has no dense hidden layer feeding a dense layer.
struct RescaledLayers {
  const ParamView *first = nullptr, *bias = nullptr, *second = nullptr;
};
RescaledLayers rescaled_layers(const ParamLayout& layout, const std::string& path) {
  RescaledLayers r;
  for (const ParamView& v : layout.views()) {
    if (v.role == ParamRole::Weight && !r.first) r.first = &v;
    else if (v.role == ParamRole::Weight && !r.second) r.second = &v;
    else if (v.role == ParamRole::Bias && r.first && !r.second && !r.bias) r.bias = &v;
  }
  if (!r.first || !r.second || r.second->cols != r.first->rows)
    throw Error(path, "needs a network whose first layer feeds a dense layer directly (an mlp with a hidden layer)");
  return r;
}
}  // namespace

DiagnosticsSpec read_diagnostics(const Json& j, const std::string& path, const ParamLayout& layout) {
  SpecObject d(j, path);
  DiagnosticsSpec spec;
  spec.weight_norms = d.boolean("weight_norms", false);
  spec.gradient_change = d.boolean("gradient_change", false);
  if (d.has("relu_rescale")) {
    spec.relu_rescale = d.number("relu_rescale", above(0));
    rescaled_layers(layout, d.path("relu_rescale"));
  }
  d.finish();
  return spec;
}

void Diagnostics::measure_step(const ParamLayout& layout, const float* before, const float* after,
                               const float* grad_before, const float* grad_after) {
  // The weight matrices; a problem without any (a test function) counts as one layer.
  std::vector<std::pair<std::size_t, std::size_t>> blocks;
  for (const ParamView& v : layout.views())
    if (v.role == ParamRole::Weight) blocks.push_back({v.offset, v.offset + v.size()});
  if (blocks.empty()) blocks.push_back({0, layout.size()});
  double diff = 0, base = 0, product = 1;
  for (const auto& [a, b] : blocks) {
    double dw = 0, w = 0;
    for (std::size_t i = a; i < b; ++i) {
      const double dg = static_cast<double>(grad_after[i]) - grad_before[i];
      diff += dg * dg;
      base += static_cast<double>(grad_before[i]) * grad_before[i];
      const double d = static_cast<double>(after[i]) - before[i];
      dw += d * d;
      w += static_cast<double>(before[i]) * before[i];
    }
    product *= 1 + (w > 0 ? std::sqrt(dw / w) : kNaN);
  }
  last_change_ = base > 0 ? std::sqrt(diff / base) : kNaN;
  last_bound_ = product - 1;
}

void Diagnostics::record(Problem& problem, const float* params, bool has_step) {
  const ParamLayout& layout = problem.layout();
  if (spec_.weight_norms) {
    std::size_t k = 0;
    for (const ParamView& v : layout.views()) {
      if (v.role != ParamRole::Weight) continue;
      if (series_.weight_norm.size() <= k) series_.weight_norm.emplace_back();
      series_.weight_norm[k++].push_back(l2_norm(params + v.offset, v.size()));
    }
  }
  if (spec_.gradient_change) {
    series_.gradient_change.push_back(has_step ? last_change_ : kNaN);
    series_.gradient_change_bound.push_back(has_step ? last_bound_ : kNaN);
  }
  if (spec_.relu_rescale > 0) {
    const RescaledLayers layers = rescaled_layers(layout, "diagnostics.relu_rescale");
    const double c = spec_.relu_rescale;
    std::vector<float> scaled(params, params + layout.size());
    auto scale = [&](const ParamView* v, double by) {
      if (v)
        for (std::size_t i = v->offset; i < v->offset + v->size(); ++i) scaled[i] = static_cast<float>(scaled[i] * by);
    };
    scale(layers.first, c);
    scale(layers.bias, c);
    scale(layers.second, 1 / c);
    const double base = problem.loss(params, {}), moved = problem.loss(scaled.data(), {});
    series_.relu_rescale_change.push_back(std::abs(moved - base) / std::max(std::abs(base), 1e-30));
  }
}

void Diagnostics::visit(const ParamLayout& layout, std::size_t from, SeriesSink& sink) const {
  sink.group({"diagnostics"});
  if (spec_.weight_norms) {
    sink.group({"diagnostics", "weight_norm"});
    const auto names = weight_view_names(layout);
    for (std::size_t k = 0; k < series_.weight_norm.size() && k < names.size(); ++k)
      sink.tail({"diagnostics", "weight_norm", names[k]}, series_.weight_norm[k], from);
  }
  if (spec_.gradient_change) {
    sink.tail({"diagnostics", "gradient_change"}, series_.gradient_change, from);
    sink.tail({"diagnostics", "gradient_change_bound"}, series_.gradient_change_bound, from);
  }
  if (spec_.relu_rescale > 0) sink.tail({"diagnostics", "relu_rescale_change"}, series_.relu_rescale_change, from);
}

}  // namespace optzoo
