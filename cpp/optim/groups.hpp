// Parameter groups for structure-aware optimizers (per-layer LARS/LAMB/Fromage,
// per-neuron Nero, factored Adafactor): the layout's views, or the whole buffer as
// one group when a problem has no structure.
#pragma once
#include <cmath>
#include <cstddef>
#include <vector>

#include "core/param_layout.hpp"
#include "optim/optimizer.hpp"

namespace optzoo {

struct ParamGroup {
  std::size_t offset, size;
  int rows, cols;
  ParamRole role;
};

inline std::vector<ParamGroup> param_groups(const ParamLayout* layout, std::size_t n) {
  std::vector<ParamGroup> out;
  if (layout && layout->size() == n && !layout->views().empty()) {
    for (const ParamView& v : layout->views()) out.push_back({v.offset, v.size(), v.rows, v.cols, v.role});
  } else {
    out.push_back({0, n, 1, static_cast<int>(n), ParamRole::Other});
  }
  return out;
}

// Euclidean norm in double (reductions are not the hot path here).
inline double norm_of(const float* x, std::size_t n) {
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += static_cast<double>(x[i]) * x[i];
  return std::sqrt(s);
}

}  // namespace optzoo
