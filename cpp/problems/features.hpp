// Input feature expansion for low-dimensional toy data (the TensorFlow-playground
// idea): a raw point (x) or (x, y) becomes a row of chosen features such as x², xy or
// sin x, so a linear model can draw curved boundaries. The expansion lives in the
// problem, so predictGrid applies the same map to grid points as training did.
#pragma once
#include <string>
#include <vector>

#include "core/spec_reader.hpp"

namespace optzoo {

enum class Feature { X, Y, X2, Y2, XY, SinX, SinY, CosX, CosY };

struct FeatureMap {
  int raw = 0;                  // raw inputs per example (1 or 2); 0 = no expansion
  std::vector<Feature> list;    // one output column each
  int size() const { return static_cast<int>(list.size()); }
  void apply(const float* raw_row, float* out) const;
};

// Reads problem.features (default: the raw coordinates) for data with `raw` inputs.
FeatureMap parse_features(SpecObject& problem, int raw);

// out = [n][map.size()] from raw [n][map.raw].
void expand_features(const FeatureMap& map, const std::vector<float>& raw, int n, std::vector<float>& out);

}  // namespace optzoo
