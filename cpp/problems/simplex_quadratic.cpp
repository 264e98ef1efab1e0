// A quadratic over the probability simplex, the model problem for mirror descent
// (Bernstein's lecture 000; Beck & Teboulle 2003): exponentiated gradient against
// projected gradient descent, both staying on the simplex.
//   f(w) = 1/2 sum_i a_i (w_i - c_i)^2,  w in {w >= 0, sum w = 1}
// a_i run from 1 to `condition` as in the quadratic; the target c is `target` or a
// seeded draw c_i = (1 + 2 z_i)/n, so that some coordinates of the constrained
// minimiser sit on the boundary (w_i = 0) and some inside. The start is the centre 1/n.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "problems/test_function.hpp"

namespace optzoo {
namespace {

class SimplexQuadratic : public TestFunction {
 public:
  SimplexQuadratic(std::vector<double> a, std::vector<double> c) : a_(std::move(a)), c_(std::move(c)) {}
  int dim() const override { return static_cast<int>(a_.size()); }
  double eval(const double* x, const Batch&, double* g) const override {
    double f = 0;
    for (std::size_t i = 0; i < a_.size(); ++i) {
      const double r = x[i] - c_[i];
      f += 0.5 * a_[i] * r * r;
      if (g) g[i] = a_[i] * r;
    }
    return f;
  }
  // KKT: w_i = max(0, c_i - nu / a_i) with nu such that sum w = 1; the sum falls as nu
  // grows, so bisection finds nu.
  std::vector<std::vector<double>> minima() const override {
    double lo = 0, hi = 0;
    for (std::size_t i = 0; i < a_.size(); ++i) {
      lo = i == 0 ? a_[i] * (c_[i] - 1) : std::min(lo, a_[i] * (c_[i] - 1));  // sum >= 1 here
      hi = i == 0 ? a_[i] * c_[i] : std::max(hi, a_[i] * c_[i]);              // sum = 0 here
    }
    for (int k = 0; k < 200; ++k) {
      const double nu = 0.5 * (lo + hi);
      (mass(nu) > 1 ? lo : hi) = nu;
    }
    std::vector<double> w(a_.size());
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = std::max(0.0, c_[i] - lo / a_[i]);
    return {w};
  }
  std::vector<double> start() const override { return std::vector<double>(a_.size(), 1.0 / static_cast<double>(a_.size())); }
  std::array<double, 4> bounds() const override { return {0, 1, 0, 1}; }

 private:
  double mass(double nu) const {
    double s = 0;
    for (std::size_t i = 0; i < a_.size(); ++i) s += std::max(0.0, c_[i] - nu / a_[i]);
    return s;
  }
  std::vector<double> a_, c_;
};

}  // namespace

std::unique_ptr<TestFunction> build_simplex_quadratic(SpecObject& problem, Rng& data_rng) {
  const int d = problem.integer("dim", 2, 100000, 10);
  const double kappa = problem.number("condition", closed(1, 1e12), 1.0);
  std::vector<double> c(d);
  if (const Json* t = problem.optional("target")) {
    const std::string path = problem.path("target");
    const Json& list = read_array(*t, path);
    if (static_cast<int>(list.size()) != d)
      throw Error(path, "must list " + std::to_string(d) + " numbers (dim), got " + std::to_string(list.size()));
    for (int i = 0; i < d; ++i) c[i] = read_number(list[i], index_path(path, i), closed(-1e6, 1e6));
  } else {
    for (double& v : c) v = (1.0 + 2.0 * data_rng.normal()) / d;
  }
  return std::make_unique<SimplexQuadratic>(quadratic_spectrum(d, kappa, true), std::move(c));
}

}  // namespace optzoo
