#include <nlohmann/json.hpp>

#include "problems/test_function.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace optzoo {

FunctionProblem::FunctionProblem(std::unique_ptr<TestFunction> f, std::vector<double> start,
                                 std::vector<double> noise_std, Rng noise_rng)
    : f_(std::move(f)), start_(std::move(start)), noise_std_(std::move(noise_std)), noise_rng_(noise_rng) {
  noise_std_.resize(static_cast<std::size_t>(f_->dim()), noise_std_.empty() ? 0.0 : noise_std_.back());
  layout_.add("x", 1, f_->dim(), ParamRole::Other);
  x_.resize(f_->dim());
  g_.resize(f_->dim());
}

void FunctionProblem::initial_point(Rng&, float* params) const {
  for (std::size_t i = 0; i < start_.size(); ++i) params[i] = static_cast<float>(start_[i]);
}

double FunctionProblem::loss(const float* params, const Batch& batch) {
  std::copy(params, params + x_.size(), x_.begin());
  return f_->eval(x_.data(), batch, nullptr);
}

double FunctionProblem::loss_and_grad(const float* params, const Batch& batch, float* grad) {
  std::copy(params, params + x_.size(), x_.begin());
  const double value = f_->eval(x_.data(), batch, g_.data());
  // The noise depends on the step only: every run, and every gradient a method takes
  // within one step, sees the same draw, as they would see the same minibatch.
  Rng noise = noise_rng_.fork(static_cast<uint64_t>(step_));
  // One normal per coordinate whether or not its std is 0, so that silencing one
  // coordinate's noise leaves the other coordinates' draws unchanged.
  const bool noisy = std::any_of(noise_std_.begin(), noise_std_.end(), [](double s) { return s > 0; });
  for (std::size_t i = 0; i < g_.size(); ++i)
    grad[i] = static_cast<float>(g_[i] + (noisy ? noise_std_[i] * noise.normal() : 0.0));
  return value;
}

double FunctionProblem::distance_to_min(const float* params) const {
  double best = std::numeric_limits<double>::infinity();
  for (const auto& m : f_->minima()) {
    double d2 = 0;
    for (std::size_t i = 0; i < m.size(); ++i) d2 += (params[i] - m[i]) * (params[i] - m[i]);
    best = std::min(best, d2);
  }
  return std::sqrt(best);
}

std::vector<Metric> FunctionProblem::metrics(const float* params) { return {{"distance_to_min", distance_to_min(params)}}; }

// 2-D: nx x ny points over [xmin, xmax] x [ymin, ymax]. 1-D: one row of nx points over
// [xmin, xmax] (ymin and ymax unused), so the page can draw exp(-f/T) over a 1-D
// stationary-density histogram (lecture 003, the 1-D Langevin stationary distribution).
void FunctionProblem::loss_grid(const double b[4], int nx, int ny, float* out) {
  const int d = f_->dim();
  if (d != 1 && d != 2) Problem::loss_grid(b, nx, ny, out);
  if (d == 1 && ny != 1)
    throw Error("lossGrid", "a 1-D function's grid is one row: ny must be 1, got " + std::to_string(ny));
  const Batch all;
  const auto at = [](double lo, double hi, int i, int n) { return n > 1 ? lo + (hi - lo) * i / (n - 1) : lo; };
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const double p[2] = {at(b[0], b[1], i, nx), at(b[2], b[3], j, ny)};
      out[static_cast<std::size_t>(j) * nx + i] = static_cast<float>(f_->eval(p, all, nullptr));
    }
}

void FunctionProblem::describe(ProblemInfo& info) const {
  info.task = "function";
  info.channels = f_->dim();
  info.two_d = f_->dim() == 2;
  const auto b = f_->bounds();
  std::copy(b.begin(), b.end(), info.bounds);
  const auto minima = f_->minima();
  if (!minima.empty() && minima[0].size() == 2) {
    info.has_minimum = true;
    info.minimum[0] = minima[0][0];
    info.minimum[1] = minima[0][1];
  }
}

std::unique_ptr<Problem> make_function_problem(SpecObject& problem, uint64_t seed) {
  std::vector<std::string> names;
  for (const auto& e : test_functions()) names.push_back(e.name);
  const std::string name = problem.string("name", names);
  const Rng root(seed);
  Rng data_rng = root.fork(rng_streams::kData);
  std::unique_ptr<TestFunction> f;
  for (const auto& e : test_functions())
    if (name == e.name) f = e.build(problem, data_rng);

  std::vector<double> start = f->start();
  if (const Json* s = problem.optional("start")) {
    const std::string path = problem.path("start");
    const Json& list = read_array(*s, path);
    if (static_cast<int>(list.size()) != f->dim())
      throw Error(path, "must list " + std::to_string(f->dim()) + " coordinates (the function's dimension), got " +
                            std::to_string(list.size()));
    for (std::size_t i = 0; i < list.size(); ++i) start[i] = read_number(list[i], index_path(path, i), closed(-1e6, 1e6));
  }
  // One standard deviation for every coordinate, or one per coordinate (two
  // temperatures in 2-D: McAllester's anisotropic Langevin example).
  std::vector<double> noise(1, 0.0);
  if (const Json* n = problem.optional("gradient_noise")) {
    const std::string path = problem.path("gradient_noise");
    if (n->is_array()) {
      const Json& list = read_array(*n, path, 1);
      if (static_cast<int>(list.size()) != f->dim())
        throw Error(path, "must be one number or one per coordinate (" + std::to_string(f->dim()) + "), got " +
                              std::to_string(list.size()));
      noise.clear();
      for (std::size_t i = 0; i < list.size(); ++i) noise.push_back(read_number(list[i], index_path(path, i), closed(0, 1e6)));
    } else {
      noise[0] = read_number(*n, path, closed(0, 1e6));
    }
  }
  // Derived from the experiment's noise stream, so it is reproducible from the seed; the
  // experiment forks runs' own noise as fork(run index < 64), so this fork is apart.
  const Rng noise_rng = root.fork(rng_streams::kNoise).fork(1u << 20);
  auto out = std::make_unique<FunctionProblem>(std::move(f), std::move(start), noise, noise_rng);
  out->set_source("function", name);
  return out;
}

}  // namespace optzoo
