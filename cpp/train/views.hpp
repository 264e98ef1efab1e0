// The page's views of an experiment (loss contours, decision boundaries, data
// scatter, test images) as plain data, with the size checks they need, so the
// bindings only convert types. Each throws Error("view", "rule") when it does not apply.
#pragma once
#include <string>
#include <vector>

#include "train/experiment.hpp"

namespace optzoo {

// At most this many grid points per contour or decision-boundary request.
constexpr double kMaxGridPoints = 4e6;

// {"kind", "name", "dim", "input_shape", "task", "classes", "two_d", "image", "bounds", "minimum"?}
OrderedJson problem_info_json(Experiment& e);
// {"x": [[...], ...] (one row per point, raw features), "y": [...]} of "train" or "test".
OrderedJson data_points_json(Experiment& e, const std::string& which, int max);
// Throws unless 1 <= nx, ny and nx * ny <= kMaxGridPoints.
void check_grid(int nx, int ny);
void loss_grid(Experiment& e, const double bounds[4], int nx, int ny, std::vector<float>& out);
void predict_grid(Experiment& e, int run, const double bounds[4], int nx, int ny, std::vector<float>& out);
// Run `run`'s parameters, or an Error for an index out of range.
const std::vector<float>& run_params(const Experiment& e, int run);
// Per-run offsets for Experiment::result from a JSON list such as "[12, 3]"; entries
// that are not whole numbers >= 0 count as 0.
std::vector<std::size_t> read_offsets(const std::string& offsets_json);

}  // namespace optzoo
