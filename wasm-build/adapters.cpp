#include "adapters.hpp"

#include <nlohmann/json.hpp>

#include <malloc.h>

#include <limits>

#include "catalogue/catalogue.hpp"
#include "core/gemm.hpp"
#include "core/reply.hpp"
#include "core/version.hpp"
#include "optim/registry.hpp"
#include "problems/dataset_store.hpp"
#include "problems/problem_registry.hpp"
#include "train/views.hpp"

namespace optzoo::wasm {

ExperimentHandle::ExperimentHandle(const std::string& spec_json) {
  status_ = reply([&] { experiment_ = std::make_unique<Experiment>(spec_json); });
}

template <class F>
std::string ExperimentHandle::with_experiment(F&& f) const {
  if (!experiment_) return status_;
  return reply(std::forward<F>(f));
}

std::string ExperimentHandle::advance(int steps) {
  return with_experiment([&] { experiment_->advance(steps); });
}

double ExperimentHandle::stepsDone() const { return experiment_ ? static_cast<double>(experiment_->steps_done()) : 0; }
double ExperimentHandle::steps() const { return experiment_ ? static_cast<double>(experiment_->steps()) : 0; }
bool ExperimentHandle::finished() const { return !experiment_ || experiment_->finished(); }
int ExperimentHandle::numRuns() const { return experiment_ ? static_cast<int>(experiment_->runs().size()) : 0; }
int ExperimentHandle::dim() const { return experiment_ ? static_cast<int>(experiment_->problem().dim()) : 0; }
double ExperimentHandle::progress() const { return experiment_ ? experiment_->progress() : 1.0; }

std::string ExperimentHandle::resultJson(int from) const {
  return with_experiment([&] { return experiment_->result(static_cast<std::size_t>(std::max(from, 0))); });
}

std::string ExperimentHandle::resultSinceJson(const std::string& offsets_json) const {
  return with_experiment([&] { return experiment_->result(read_offsets(offsets_json)); });
}

std::string ExperimentHandle::takePoints() {
  return with_experiment([&] { return experiment_->take_points(taken_, doubles_); });
}

std::string ExperimentHandle::trackTrajectory(int max_points) {
  return with_experiment([&] { experiment_->track_trajectories(static_cast<std::size_t>(std::max(max_points, 0))); });
}

std::string ExperimentHandle::updateRun(int index, const std::string& run_json) {
  return with_experiment([&] { experiment_->update_run(static_cast<std::size_t>(index), parse_json(run_json, "run")); });
}

std::string ExperimentHandle::problemInfo() {
  return with_experiment([&] { return problem_info_json(*experiment_); });
}

std::string ExperimentHandle::lossGrid(double xmin, double xmax, double ymin, double ymax, int nx, int ny) {
  return with_experiment([&] {
    const double b[4] = {xmin, xmax, ymin, ymax};
    loss_grid(*experiment_, b, nx, ny, floats_);
  });
}

std::string ExperimentHandle::runParams(int run) {
  return with_experiment([&] { floats_ = run_params(*experiment_, run); });
}

std::string ExperimentHandle::predictGrid(int run, double xmin, double xmax, double ymin, double ymax, int nx, int ny) {
  return with_experiment([&] {
    const double b[4] = {xmin, xmax, ymin, ymax};
    predict_grid(*experiment_, run, b, nx, ny, floats_);
  });
}

std::string ExperimentHandle::dataPoints(const std::string& which, int max) {
  return with_experiment([&] { return data_points_json(*experiment_, which, max); });
}

std::string ExperimentHandle::testImages(int start, int count) {
  return with_experiment([&] { experiment_->problem().test_images(start, count, floats_); });
}

std::string ExperimentHandle::testLabels(int start, int count) {
  return with_experiment([&] { experiment_->problem().test_labels(start, count, ints_); });
}

std::string ExperimentHandle::predict(int run, int start, int count) {
  return with_experiment([&] { experiment_->problem().predict(run_params(*experiment_, run).data(), start, count, ints_); });
}

std::string register_dataset_bytes(const std::string& name, const std::string& bytes) {
  return reply([&] { register_dataset(name, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()); });
}

std::string registry_json() {
  return reply([] { return registry_to_json(); });
}

std::string catalogue_json() { return catalogue_text(); }

std::string problems_json() {
  return reply([] { return problems_to_json(); });
}

std::string validate_spec(const std::string& spec_json) {
  return reply([&] { Experiment e(spec_json); });
}

std::string version() { return optzoo::version(); }

bool simd_enabled() { return gemm_f32_is_simd(); }

double heap_bytes_in_use() { return static_cast<double>(mallinfo().uordblks); }

TrainingBenchHandle::TrainingBenchHandle(const std::string& sizes_json, int batch, const std::string& optimizer, double lr) {
  status_ = reply([&] { bench_ = TrainingBench::from_json(sizes_json, batch, optimizer, lr, 1); });
}

double TrainingBenchHandle::run(int steps) {
  double seconds = std::numeric_limits<double>::quiet_NaN();
  if (bench_) reply([&] { seconds = bench_->run(steps); });
  return seconds;
}

GemmBenchHandle::GemmBenchHandle(int n) {
  status_ = reply([&] { bench_ = std::make_unique<GemmBench>(n, 1); });
}

double TrainingBenchHandle::forwardPasses() const { return bench_ ? bench_->forward_passes() : 0; }

double GemmBenchHandle::run(int reps) {
  double seconds = std::numeric_limits<double>::quiet_NaN();
  if (bench_) reply([&] { seconds = bench_->run(reps); });
  return seconds;
}

double simd_peak(int op, int reps) { return simd_peak_run(op == 0 ? PeakOp::Multiply : PeakOp::Add, reps); }
double simd_peak_flops_per_rep() { return kSimdPeakFlopsPerRep; }

}  // namespace optzoo::wasm
