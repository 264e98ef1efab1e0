#include "train/views.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "problems/dataset_store.hpp"

namespace optzoo {

OrderedJson problem_info_json(Experiment& e) {
  const ProblemInfo p = e.problem().info();
  OrderedJson j;
  j["kind"] = p.kind;
  j["name"] = p.name;
  j["dim"] = e.problem().dim();
  j["input_shape"] = {p.channels, p.height, p.width};
  j["task"] = p.task;
  j["classes"] = p.classes;
  j["two_d"] = p.two_d;
  j["image"] = p.image;
  j["bounds"] = {p.bounds[0], p.bounds[1], p.bounds[2], p.bounds[3]};
  if (p.has_minimum) j["minimum"] = {p.minimum[0], p.minimum[1]};
  for (const auto& d : real_datasets())
    if (p.kind == "dataset" && p.name == d.name) j["class_names"] = d.class_names;
  return j;
}

OrderedJson data_points_json(Experiment& e, const std::string& which, int max) {
  if (which != "train" && which != "test") throw Error("dataPoints", "which must be \"train\" or \"test\", got \"" + which + "\"");
  const DataPoints d = e.problem().data_points(which == "test", std::max(max, 0));
  OrderedJson j;
  j["x"] = OrderedJson::array();
  const std::size_t r = static_cast<std::size_t>(std::max(d.raw_features, 1));
  for (std::size_t i = 0; (i + 1) * r <= d.x.size(); ++i)
    j["x"].push_back(std::vector<float>(d.x.begin() + i * r, d.x.begin() + (i + 1) * r));
  j["y"] = d.y;
  return j;
}

void check_grid(int nx, int ny) {
  if (nx < 1 || ny < 1 || static_cast<double>(nx) * ny > kMaxGridPoints)
    throw Error("grid", "nx and ny must be at least 1 with nx * ny at most 4,000,000, got " + std::to_string(nx) + " x " +
                            std::to_string(ny));
}

namespace {
void check_bounds(const double b[4]) {
  for (int i = 0; i < 4; ++i)
    if (!std::isfinite(b[i])) throw Error("grid", "bounds must be finite numbers");
}
}  // namespace

void loss_grid(Experiment& e, const double bounds[4], int nx, int ny, std::vector<float>& out) {
  check_grid(nx, ny);
  check_bounds(bounds);
  out.resize(static_cast<std::size_t>(nx) * ny);
  e.problem().loss_grid(bounds, nx, ny, out.data());
}

void predict_grid(Experiment& e, int run, const double bounds[4], int nx, int ny, std::vector<float>& out) {
  check_grid(nx, ny);
  check_bounds(bounds);
  e.problem().predict_grid(run_params(e, run).data(), bounds, nx, ny, out);
}

const std::vector<float>& run_params(const Experiment& e, int run) {
  const int runs = static_cast<int>(e.runs().size());
  if (run < 0 || run >= runs)
    throw Error("run", "index " + std::to_string(run) + " is out of range (" + std::to_string(runs) + " runs)");
  return e.runs()[static_cast<std::size_t>(run)].params;
}

std::vector<std::size_t> read_offsets(const std::string& offsets_json) {
  const Json list = parse_json(offsets_json, "offsets");
  if (!list.is_array()) throw Error("offsets", "must be a list of whole numbers, got " + describe_type(list));
  std::vector<std::size_t> from;
  for (const auto& v : list) {
    const double x = v.is_number() ? v.get<double>() : 0;
    from.push_back(std::isfinite(x) && x > 0 ? static_cast<std::size_t>(std::min(x, 1e15)) : 0);
  }
  return from;
}

}  // namespace optzoo
