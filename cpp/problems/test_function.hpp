// Test functions: small objectives with known minima, to watch optimizers move on a
// landscape (lecture 004's curvature pictures) and to measure convergence rates. They
// are evaluated in double; the parameters are the point itself.
#pragma once
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "core/spec_reader.hpp"
#include "problems/problem.hpp"

namespace optzoo {

class TestFunction {
 public:
  virtual ~TestFunction() = default;
  virtual int dim() const = 0;
  // f(x) on a batch of its data (empty = all of it; functions without data ignore the
  // batch). g, when not null, receives the gradient (dim values).
  virtual double eval(const double* x, const Batch& batch, double* g) const = 0;
  // Examples behind a stochastic function (the noisy quadratic); 0 for a plain function.
  virtual int train_size() const { return 0; }
  // Every global minimiser (Himmelblau has four); distance_to_min is to the nearest.
  virtual std::vector<std::vector<double>> minima() const = 0;
  virtual std::vector<double> start() const = 0;
  // Suggested [xmin, xmax, ymin, ymax] for a 2-D contour plot.
  virtual std::array<double, 4> bounds() const { return {-2, 2, -2, 2}; }
};

// The registry of "function" problems: name -> builder reading that function's own
// options from the problem object.
using TestFunctionBuilder = std::unique_ptr<TestFunction> (*)(SpecObject& problem, Rng& data_rng);
struct TestFunctionEntry {
  const char* name;
  TestFunctionBuilder build;
  const char* label = nullptr;  // what a menu shows (the name when not given)
};
const std::vector<TestFunctionEntry>& test_functions();

// Builders defined in their own files.
std::unique_ptr<TestFunction> build_quadratic(SpecObject& problem, Rng& data_rng);
std::unique_ptr<TestFunction> build_noisy_quadratic(SpecObject& problem, Rng& data_rng);
std::unique_ptr<TestFunction> build_rastrigin(SpecObject& problem, Rng& data_rng);
std::unique_ptr<TestFunction> build_simplex_quadratic(SpecObject& problem, Rng& data_rng);
std::unique_ptr<TestFunction> build_double_well(SpecObject& problem, Rng& data_rng);

// Eigenvalues from 1 to kappa (the last exactly kappa), log- or linearly spaced.
std::vector<double> quadratic_spectrum(int d, double kappa, bool log_spacing);

// A test function as a Problem: adds the start point, simulated gradient noise and
// the distance_to_min metric.
class FunctionProblem : public Problem {
 public:
  // noise_std: standard deviation of the Gaussian noise added to each gradient entry
  // (one per coordinate, or one for all); noise_rng: the root of its stream (one fork
  // per step, so all runs see the same noise).
  FunctionProblem(std::unique_ptr<TestFunction> f, std::vector<double> start, std::vector<double> noise_std,
                  Rng noise_rng);

  const ParamLayout& layout() const override { return layout_; }
  void initial_point(Rng& rng, float* params) const override;
  int train_size() const override { return f_->train_size(); }
  double loss(const float* params, const Batch& batch) override;
  double loss_and_grad(const float* params, const Batch& batch, float* grad) override;
  std::vector<Metric> metrics(const float* params) override;
  void begin_step(int64_t step) override { step_ = step; }
  void loss_grid(const double bounds[4], int nx, int ny, float* out) override;

  double distance_to_min(const float* params) const;
  const TestFunction& function() const { return *f_; }

 protected:
  void describe(ProblemInfo& info) const override;

 private:
  std::unique_ptr<TestFunction> f_;
  std::vector<double> start_;
  std::vector<double> noise_std_;
  Rng noise_rng_;
  int64_t step_ = 0;
  ParamLayout layout_;
  std::vector<double> x_, g_;
};

// problem.kind "function": reads name, start, gradient_noise and the function's options.
std::unique_ptr<Problem> make_function_problem(SpecObject& problem, uint64_t seed);

}  // namespace optzoo
