#include "adapters.hpp"

#include <nlohmann/json.hpp>

#include "core/gemm.hpp"
#include "optim/registry.hpp"

namespace optzoo::wasm {
namespace {

// Runs f; returns "" or the message of whatever it threw.
template <class F>
std::string guarded(F&& f) {
  try {
    f();
    return "";
  } catch (const std::bad_alloc&) {
    return "out of memory: the model or dataset is too large for this browser tab";
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace

ExperimentHandle::ExperimentHandle(const std::string& spec_json) {
  error_ = guarded([&] { experiment_ = std::make_unique<Experiment>(spec_json); });
}

std::string ExperimentHandle::advance(int steps) {
  if (!experiment_) return error_;
  return guarded([&] { experiment_->advance(steps); });
}

double ExperimentHandle::stepsDone() const { return experiment_ ? static_cast<double>(experiment_->steps_done()) : 0; }
double ExperimentHandle::steps() const { return experiment_ ? static_cast<double>(experiment_->steps()) : 0; }
bool ExperimentHandle::finished() const { return !experiment_ || experiment_->finished(); }
int ExperimentHandle::numRuns() const { return experiment_ ? static_cast<int>(experiment_->runs().size()) : 0; }
int ExperimentHandle::dim() const { return experiment_ ? static_cast<int>(experiment_->problem().dim()) : 0; }

std::string ExperimentHandle::resultJson(int from) const {
  if (!experiment_) return "{}";
  return experiment_->result(static_cast<std::size_t>(std::max(from, 0))).dump();
}

std::string ExperimentHandle::resultSinceJson(const std::string& offsets_json) const {
  if (!experiment_) return "{}";
  std::vector<std::size_t> from;
  for (const auto& v : parse_json(offsets_json, "offsets"))
    from.push_back(v.is_number() && v.get<double>() > 0 ? static_cast<std::size_t>(v.get<double>()) : 0);
  return experiment_->result(from).dump();
}

double ExperimentHandle::progress() const { return experiment_ ? experiment_->progress() : 1.0; }

std::string ExperimentHandle::updateRun(int index, const std::string& run_json) {
  if (!experiment_) return error_;
  return guarded([&] { experiment_->update_run(static_cast<std::size_t>(index), parse_json(run_json, "run")); });
}

std::string registry_json() { return registry_to_json().dump(); }

std::string validate_spec(const std::string& spec_json) {
  return guarded([&] { Experiment e(spec_json); });
}

std::string version() { return "0.1.0"; }

bool simd_enabled() { return gemm_f32_is_simd(); }

TrainingBenchHandle::TrainingBenchHandle(const std::string& sizes_json, int batch, const std::string& optimizer, double lr)
    : bench_(std::make_unique<TrainingBench>(Json::parse(sizes_json).get<std::vector<int>>(), batch, optimizer, lr, 1)) {}

}  // namespace optzoo::wasm
