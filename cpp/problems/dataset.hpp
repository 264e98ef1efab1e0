// Examples in memory: features as float rows, and either integer labels
// (classification) or target rows (regression).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "nn/loss.hpp"
#include "nn/tensor.hpp"

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

  // Gathers the rows in `index` into contiguous buffers (x_out, labels/targets_out).
  void gather(const std::vector<int32_t>& index, std::vector<float>& x_out, std::vector<int32_t>& labels_out,
              std::vector<float>& targets_out) const;
  TargetView targets_view() const { return {labels.data(), targets.data(), target_dim}; }
};

}  // namespace optzoo
