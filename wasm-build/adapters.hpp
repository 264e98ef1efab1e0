// Adapters between Embind and the core: C++ exceptions become status strings here,
// so no exception crosses into JavaScript and the JS wrapper can raise a proper
// Error. No algorithm lives in this folder.
#pragma once
#include <memory>
#include <string>

#include "bench/bench.hpp"
#include "train/experiment.hpp"

namespace optzoo::wasm {

class ExperimentHandle {
 public:
  explicit ExperimentHandle(const std::string& spec_json);
  std::string error() const { return error_; }  // "" when the spec was valid
  std::string advance(int steps);                // "" or the error
  double stepsDone() const;
  double steps() const;
  bool finished() const;
  int numRuns() const;
  int dim() const;
  std::string resultJson(int from) const;
  // Points recorded since per-run offsets given as a JSON list, e.g. "[12, 3]".
  std::string resultSinceJson(const std::string& offsets_json) const;
  double progress() const;
  std::string updateRun(int index, const std::string& run_json);

  // Problem views (API.md). Each returns "" or the error; array results wait in
  // floatBuffer()/intBuffer() until the next view call.
  std::string problemInfo();  // JSON, or {"error": "..."}
  std::string lossGrid(double xmin, double xmax, double ymin, double ymax, int nx, int ny);
  std::string runParams(int run);
  std::string predictGrid(int run, double xmin, double xmax, double ymin, double ymax, int nx, int ny);
  std::string dataPoints(const std::string& which, int max);  // JSON, or {"error": "..."}
  std::string testImages(int start, int count);
  std::string testLabels(int start, int count);
  std::string predict(int run, int start, int count);
  const std::vector<float>& floatBuffer() const { return floats_; }
  const std::vector<int32_t>& intBuffer() const { return ints_; }

 private:
  // The run's parameters, or an Error for a bad index.
  const std::vector<float>& params_of(int run) const;
  std::unique_ptr<Experiment> experiment_;
  std::string error_;
  std::vector<float> floats_;
  std::vector<int32_t> ints_;
};

// Parses and stores a packed dataset for later experiments; "" or the error.
std::string register_dataset_bytes(const std::string& name, const std::string& bytes);

std::string registry_json();
std::string validate_spec(const std::string& spec_json);
std::string version();
bool simd_enabled();

class TrainingBenchHandle {
 public:
  TrainingBenchHandle(const std::string& sizes_json, int batch, const std::string& optimizer, double lr);
  double run(int steps) { return bench_->run(steps); }

 private:
  std::unique_ptr<TrainingBench> bench_;
};

class GemmBenchHandle {
 public:
  explicit GemmBenchHandle(int n) : bench_(n, 1) {}
  double run(int reps) { return bench_.run(reps); }

 private:
  GemmBench bench_;
};

}  // namespace optzoo::wasm
