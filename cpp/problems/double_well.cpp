// A double well in 1-D or 2-D, f(x) = height * sum_i (x_i^2 - 1)^2: the simplest loss
// whose Gibbs density exp(-f/T) is not Gaussian, for comparing SGD's stationary
// density with it (McAllester's lecture 003, Langevin dynamics). With gradient_noise
// per coordinate it gives two temperatures in 2-D.
#include <nlohmann/json.hpp>

#include "problems/test_function.hpp"

namespace optzoo {
namespace {

class DoubleWell : public TestFunction {
 public:
  DoubleWell(int d, double height) : d_(d), height_(height) {}
  int dim() const override { return d_; }
  double eval(const double* x, const Batch&, double* g) const override {
    double f = 0;
    for (int i = 0; i < d_; ++i) {
      const double r = x[i] * x[i] - 1;
      f += height_ * r * r;
      if (g) g[i] = 4 * height_ * r * x[i];
    }
    return f;
  }
  // Every corner (+-1, ...).
  std::vector<std::vector<double>> minima() const override {
    std::vector<std::vector<double>> out;
    for (int mask = 0; mask < (1 << d_); ++mask) {
      std::vector<double> m(d_);
      for (int i = 0; i < d_; ++i) m[i] = (mask >> i) & 1 ? -1.0 : 1.0;
      out.push_back(m);
    }
    return out;
  }
  std::vector<double> start() const override { return std::vector<double>(d_, 0.5); }

 private:
  int d_;
  double height_;
};

}  // namespace

std::unique_ptr<TestFunction> build_double_well(SpecObject& problem, Rng&) {
  const int d = problem.integer("dim", 1, 2, 1);
  return std::make_unique<DoubleWell>(d, problem.number("height", above(0), 1.0));
}

}  // namespace optzoo
