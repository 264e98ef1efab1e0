// Examples in memory: features as float rows, and either integer labels
// (classification) or target rows (regression).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <memory>

#include "core/rng.hpp"
#include "nn/loss.hpp"
#include "nn/tensor.hpp"
#include "problems/features.hpp"
#include "problems/packed_dataset.hpp"

namespace optzoo {

enum class Task { Classification, Regression };

struct Dataset {
  Task task = Task::Classification;
  int n = 0;            // examples
  int features = 0;     // per example (C*H*W for images)
  Shape shape;          // feature shape, for convolutional models
  int num_classes = 0;  // classification
  int target_dim = 0;   // regression targets per example
  std::vector<float> x;          // [n][features]
  std::vector<int32_t> labels;   // [n]
  std::vector<float> targets;    // [n][target_dim]

  // The raw inputs the features were computed from (toy datasets): x = features(raw).
  // raw_features == 0 means x is the raw input itself.
  int raw_features = 0;
  std::vector<float> raw_x;  // [n][raw_features]
  FeatureMap feature_map;

  // Image datasets: example i is images->pixels image (image_offset + i), for display.
  std::shared_ptr<const ImageDataset> images;
  int image_offset = 0;

  // Gathers the rows in `index` into contiguous buffers (x_out, labels/targets_out).
  void gather(const std::vector<int32_t>& index, std::vector<float>& x_out, std::vector<int32_t>& labels_out,
              std::vector<float>& targets_out) const;
  // A new dataset of the rows in `index`, in that order (raw inputs and images follow).
  Dataset subset(const std::vector<int32_t>& index) const;
  TargetView targets_view() const { return {labels.data(), targets.data(), target_dim}; }
};

// Splits data into train and test by a seeded permutation: test gets round(n * fraction)
// examples. The permutation comes from rng alone, so the split is reproducible.
void split_dataset(const Dataset& data, double test_fraction, Rng rng, std::shared_ptr<Dataset>* train,
                   std::shared_ptr<Dataset>* test);

}  // namespace optzoo
