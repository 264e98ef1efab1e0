// Workloads for `npm run bench`. They only run work; the caller measures time, so
// the same code is timed natively (tests/bench/native), in Node and in a browser.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/aligned.hpp"
#include "optim/optimizer.hpp"
#include "problems/network_problem.hpp"

namespace optzoo {

// Training steps (forward, backward, update) of a network on one fixed random batch,
// the same work TensorFlow.js does per optimizer.minimize() call. Zeroth-order
// optimizers (es) get the batched perturbed objective the experiment gives them.
class TrainingBench {
 public:
  // An MLP [in, hidden..., out] with ReLU between the dense layers.
  TrainingBench(const std::vector<int>& sizes, int batch, const std::string& optimizer, double lr, uint64_t seed);
  // Any model the experiment spec accepts, on inputs of the given shape.
  TrainingBench(const ModelSpec& spec, int classes, int batch, const std::string& optimizer, double lr, uint64_t seed);
  // `config` is either the MLP sizes, [784, 128, 10], or an object
  // {"input": [C, H, W], "classes": K, "model": <spec "model" object>}.
  static std::unique_ptr<TrainingBench> from_json(const std::string& config, int batch, const std::string& optimizer,
                                                  double lr, uint64_t seed);
  double run(int steps);  // returns the last loss, so the work cannot be optimised away
  // Forward passes (per example) that run() has made so far, perturbed ones included.
  double forward_passes() const { return forward_passes_; }

 private:
  void init(const ModelSpec& spec, int classes, int batch, const std::string& optimizer, double lr, uint64_t seed);
  std::unique_ptr<NetworkProblem> problem_;
  std::unique_ptr<Optimizer> opt_;
  OptimizerState state_;
  std::vector<float> params_, grad_;
  Rng noise_{0};
  bool zeroth_order_ = false;
  int batch_ = 0;
  double forward_passes_ = 0;
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

// The machine's 4-lane float ceiling (simd_peak.cpp): independent chains of one op in
// registers, no memory traffic; the ceiling is 2 x min(multiply rate, add rate).
// run(op, reps) does reps * kSimdPeakFlopsPerRep flops.
enum class PeakOp { Multiply, Add };
constexpr double kSimdPeakFlopsPerRep = 4.0 * 12 * 64;  // lanes x chains x unrolled steps
double simd_peak_run(PeakOp op, int reps);

}  // namespace optzoo
