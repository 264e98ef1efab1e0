// Workloads for `npm run bench`. They only run work; the caller measures time, so
// the same code is timed natively, in Node and in a browser.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/aligned.hpp"
#include "optim/optimizer.hpp"
#include "problems/network_problem.hpp"

namespace optzoo {

// Training steps (forward, backward, update) of an MLP on one fixed random batch,
// the same work TensorFlow.js does per optimizer.minimize() call.
class TrainingBench {
 public:
  TrainingBench(const std::vector<int>& sizes, int batch, const std::string& optimizer, double lr, uint64_t seed);
  double run(int steps);  // returns the last loss, so the work cannot be optimised away

 private:
  std::unique_ptr<NetworkProblem> problem_;
  std::unique_ptr<Optimizer> opt_;
  OptimizerState state_;
  std::vector<float> params_, grad_;
};

// C = A B for square n x n matrices with the fast float kernel.
class GemmBench {
 public:
  explicit GemmBench(int n, uint64_t seed);
  double run(int reps);  // returns a checksum
  double flops_per_call() const { return 2.0 * n_ * n_ * n_; }

 private:
  int n_;
  AlignedVector<float> a_, b_, c_;
};

}  // namespace optzoo
