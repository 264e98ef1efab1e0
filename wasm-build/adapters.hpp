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

 private:
  std::unique_ptr<Experiment> experiment_;
  std::string error_;
};

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
