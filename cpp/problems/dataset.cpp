#include "problems/dataset.hpp"

#include <algorithm>

namespace optzoo {

void Dataset::gather(const std::vector<int32_t>& index, std::vector<float>& x_out, std::vector<int32_t>& labels_out,
                     std::vector<float>& targets_out) const {
  const std::size_t m = index.size();
  x_out.resize(m * features);
  for (std::size_t i = 0; i < m; ++i)
    std::copy_n(x.begin() + static_cast<long>(index[i]) * features, features, x_out.begin() + i * features);
  if (task == Task::Classification) {
    labels_out.resize(m);
    for (std::size_t i = 0; i < m; ++i) labels_out[i] = labels[index[i]];
  } else {
    targets_out.resize(m * target_dim);
    for (std::size_t i = 0; i < m; ++i)
      std::copy_n(targets.begin() + static_cast<long>(index[i]) * target_dim, target_dim,
                  targets_out.begin() + i * target_dim);
  }
}

}  // namespace optzoo
