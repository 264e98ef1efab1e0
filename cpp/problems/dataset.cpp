#include "problems/dataset.hpp"

#include <algorithm>
#include <cmath>

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

Dataset Dataset::subset(const std::vector<int32_t>& index) const {
  Dataset out = *this;  // copies metadata; the rows are replaced below
  out.n = static_cast<int>(index.size());
  gather(index, out.x, out.labels, out.targets);
  if (raw_features) {
    out.raw_x.resize(index.size() * raw_features);
    for (std::size_t i = 0; i < index.size(); ++i)
      std::copy_n(raw_x.begin() + static_cast<long>(index[i]) * raw_features, raw_features,
                  out.raw_x.begin() + static_cast<long>(i) * raw_features);
  }
  return out;
}

void split_dataset(const Dataset& data, double test_fraction, Rng rng, std::shared_ptr<Dataset>* train,
                   std::shared_ptr<Dataset>* test) {
  std::vector<int32_t> order(data.n);
  for (int i = 0; i < data.n; ++i) order[i] = i;
  for (int i = data.n - 1; i > 0; --i) std::swap(order[i], order[rng.below(static_cast<uint32_t>(i + 1))]);
  const int n_test = static_cast<int>(std::lround(data.n * test_fraction));
  *test = std::make_shared<Dataset>(data.subset({order.begin(), order.begin() + n_test}));
  *train = std::make_shared<Dataset>(data.subset({order.begin() + n_test, order.end()}));
}

}  // namespace optzoo
