#include "adapters.hpp"

#include <nlohmann/json.hpp>

#include "core/gemm.hpp"
#include "optim/registry.hpp"
#include "problems/dataset_store.hpp"

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

const std::vector<float>& ExperimentHandle::params_of(int run) const {
  if (run < 0 || run >= numRuns())
    throw Error("run", "index " + std::to_string(run) + " is out of range (" + std::to_string(numRuns()) + " runs)");
  return experiment_->runs()[run].params;
}

namespace {

void check_grid(int nx, int ny) {
  if (nx < 1 || ny < 1 || static_cast<double>(nx) * ny > 4e6)
    throw Error("grid", "nx and ny must be at least 1 with nx * ny at most 4,000,000, got " + std::to_string(nx) + " x " +
                            std::to_string(ny));
}

std::string error_json(const std::string& message) {
  OrderedJson j;
  j["error"] = message;
  return j.dump();
}

}  // namespace

std::string ExperimentHandle::problemInfo() {
  if (!experiment_) return error_json(error_);
  const ProblemInfo p = experiment_->problem().info();
  OrderedJson j;
  j["kind"] = p.kind;
  j["name"] = p.name;
  j["dim"] = experiment_->problem().dim();
  j["input_shape"] = {p.channels, p.height, p.width};
  j["task"] = p.task;
  j["classes"] = p.classes;
  j["two_d"] = p.two_d;
  j["image"] = p.image;
  j["bounds"] = {p.bounds[0], p.bounds[1], p.bounds[2], p.bounds[3]};
  if (p.has_minimum) j["minimum"] = {p.minimum[0], p.minimum[1]};
  return j.dump();
}

std::string ExperimentHandle::lossGrid(double xmin, double xmax, double ymin, double ymax, int nx, int ny) {
  if (!experiment_) return error_;
  return guarded([&] {
    check_grid(nx, ny);
    const double b[4] = {xmin, xmax, ymin, ymax};
    floats_.resize(static_cast<std::size_t>(nx) * ny);
    experiment_->problem().loss_grid(b, nx, ny, floats_.data());
  });
}

std::string ExperimentHandle::runParams(int run) {
  if (!experiment_) return error_;
  return guarded([&] { floats_ = params_of(run); });
}

std::string ExperimentHandle::predictGrid(int run, double xmin, double xmax, double ymin, double ymax, int nx, int ny) {
  if (!experiment_) return error_;
  return guarded([&] {
    check_grid(nx, ny);
    const double b[4] = {xmin, xmax, ymin, ymax};
    experiment_->problem().predict_grid(params_of(run).data(), b, nx, ny, floats_);
  });
}

std::string ExperimentHandle::dataPoints(const std::string& which, int max) {
  if (!experiment_) return error_json(error_);
  std::string json;
  const std::string status = guarded([&] {
    if (which != "train" && which != "test") throw Error("dataPoints", "which must be \"train\" or \"test\", got \"" + which + "\"");
    const DataPoints d = experiment_->problem().data_points(which == "test", std::max(max, 0));
    OrderedJson j;
    j["x"] = OrderedJson::array();
    const int r = std::max(d.raw_features, 1);
    for (std::size_t i = 0; i * r < d.x.size(); ++i)
      j["x"].push_back(std::vector<float>(d.x.begin() + i * r, d.x.begin() + (i + 1) * r));
    j["y"] = d.y;
    json = j.dump();
  });
  return status.empty() ? json : error_json(status);
}

std::string ExperimentHandle::testImages(int start, int count) {
  if (!experiment_) return error_;
  return guarded([&] { experiment_->problem().test_images(start, count, floats_); });
}

std::string ExperimentHandle::testLabels(int start, int count) {
  if (!experiment_) return error_;
  return guarded([&] { experiment_->problem().test_labels(start, count, ints_); });
}

std::string ExperimentHandle::predict(int run, int start, int count) {
  if (!experiment_) return error_;
  return guarded([&] { experiment_->problem().predict(params_of(run).data(), start, count, ints_); });
}

std::string register_dataset_bytes(const std::string& name, const std::string& bytes) {
  return guarded([&] { register_dataset(name, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()); });
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
