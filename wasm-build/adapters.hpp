// Adapters between Embind and the core, thin by design: each fallible entry hands
// its work to the core through optzoo::reply (core/reply.hpp), so every one answers
// with JSON text, the value or {"error": "path: rule"}, and no C++ exception crosses
// into JavaScript. The numeric getters cannot fail. No algorithm lives in this folder.
#pragma once
#include <memory>
#include <string>

#include "bench/bench.hpp"
#include "train/experiment.hpp"

namespace optzoo::wasm {

class ExperimentHandle {
 public:
  explicit ExperimentHandle(const std::string& spec_json);
  std::string error() const { return status_; }  // null, or the spec's error reply
  std::string advance(int steps);                // null | error
  double stepsDone() const;
  double steps() const;
  bool finished() const;
  int numRuns() const;
  int dim() const;
  std::string resultJson(int from) const;
  // Points recorded since per-run offsets given as a JSON list, e.g. "[12, 3]".
  std::string resultSinceJson(const std::string& offsets_json) const;
  // Points recorded since the previous call, as flat columns waiting in doubleBuffer();
  // the reply lists per run its label, status, column keys and counts (see
  // Experiment::take_points). One call per slice, no JSON text for the numbers.
  std::string takePoints();
  // From now on the core keeps each run's 2-D path, which takePoints() hands out too.
  std::string trackTrajectory(int max_points);
  const std::vector<double>& doubleBuffer() const { return doubles_; }
  double progress() const;
  std::string updateRun(int index, const std::string& run_json);

  // Problem views (train/views.hpp). Array results wait in floatBuffer()/intBuffer()
  // until the next view call; the reply is then null.
  std::string problemInfo();
  std::string lossGrid(double xmin, double xmax, double ymin, double ymax, int nx, int ny);
  std::string runParams(int run);
  std::string predictGrid(int run, double xmin, double xmax, double ymin, double ymax, int nx, int ny);
  std::string dataPoints(const std::string& which, int max);
  std::string testImages(int start, int count);
  std::string testLabels(int start, int count);
  std::string predict(int run, int start, int count);
  const std::vector<float>& floatBuffer() const { return floats_; }
  const std::vector<int32_t>& intBuffer() const { return ints_; }

 private:
  // Runs f on the experiment, or answers with the constructor's error.
  template <class F>
  std::string with_experiment(F&& f) const;
  std::unique_ptr<Experiment> experiment_;
  std::string status_;
  std::vector<float> floats_;
  std::vector<int32_t> ints_;
  std::vector<double> doubles_;
  PointsCursor taken_;
};

// Parses and stores a packed dataset for later experiments; null | error.
std::string register_dataset_bytes(const std::string& name, const std::string& bytes);

std::string registry_json();                            // the registry as JSON
std::string catalogue_json();                           // presets, examples and lessons
std::string problems_json();                            // the problem registry
std::string validate_spec(const std::string& spec_json);  // null | error (all violations)
std::string version();
bool simd_enabled();
// Bytes the allocator has handed out and not got back (mallinfo), for the leak test.
double heap_bytes_in_use();

// Benchmarks (tests/bench): a bad argument leaves error() set and run() returning NaN.
// sizes_json: MLP sizes or a CNN config (TrainingBench::from_json).
class TrainingBenchHandle {
 public:
  TrainingBenchHandle(const std::string& sizes_json, int batch, const std::string& optimizer, double lr);
  std::string error() const { return status_; }
  double run(int steps);
  double forwardPasses() const;

 private:
  std::unique_ptr<TrainingBench> bench_;
  std::string status_;
};

class GemmBenchHandle {
 public:
  explicit GemmBenchHandle(int n);
  std::string error() const { return status_; }
  double run(int reps);

 private:
  std::unique_ptr<GemmBench> bench_;
  std::string status_;
};

// The SIMD128 ceiling workloads (cpp/bench/simd_peak.cpp): op 0 multiplies, 1 adds.
double simd_peak(int op, int reps);
double simd_peak_flops_per_rep();

}  // namespace optzoo::wasm
