// The minibatch sequence every run of an experiment shares. Each epoch is a fresh
// permutation of the training set (from the experiment's seed); batches are
// consecutive chunks of it, and a remainder smaller than a batch is skipped, so every
// step sees exactly batch_size examples.
#pragma once
#include "core/rng.hpp"
#include "problems/problem.hpp"

namespace optzoo {

class BatchSampler {
 public:
  BatchSampler(int train_size, int batch_size, Rng rng);
  // The batch for the next step; empty means the full training set.
  const Batch& next();
  int batch_examples() const { return batch_size_ == 0 ? n_ : batch_size_; }

 private:
  int n_, batch_size_;
  Rng rng_;
  std::vector<int32_t> order_;
  std::size_t pos_ = 0;
  Batch batch_;
};

}  // namespace optzoo
