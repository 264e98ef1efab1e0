// The quadratic f(x) = 1/2 x^T A x with A = Q diag(lambda) Q^T: the model problem for
// convergence rates (lecture 004). Its eigenvalues run from mu = 1 to L = kappa, so the
// condition number is exactly kappa; Q is the identity or a seeded random rotation.
#include <nlohmann/json.hpp>

#include <cmath>

#include "nn/init.hpp"
#include "problems/test_function.hpp"

namespace optzoo {
namespace {

class Quadratic : public TestFunction {
 public:
  Quadratic(std::vector<double> lambda, std::vector<double> q) : lambda_(std::move(lambda)), q_(std::move(q)) {}
  int dim() const override { return static_cast<int>(lambda_.size()); }
  double eval(const double* x, const Batch&, double* g) const override {
    const std::size_t d = lambda_.size();
    // z = Q^T x in the eigenbasis; f = 1/2 sum lambda_i z_i^2, grad = Q (lambda * z).
    std::vector<double> z(x, x + d);
    if (!q_.empty())
      for (std::size_t i = 0; i < d; ++i) {
        double s = 0;
        for (std::size_t k = 0; k < d; ++k) s += q_[k * d + i] * x[k];
        z[i] = s;
      }
    double f = 0;
    for (std::size_t i = 0; i < d; ++i) f += 0.5 * lambda_[i] * z[i] * z[i];
    if (g) {
      for (std::size_t i = 0; i < d; ++i) z[i] *= lambda_[i];
      for (std::size_t k = 0; k < d; ++k) {
        double s = z[k];
        if (!q_.empty()) {
          s = 0;
          for (std::size_t i = 0; i < d; ++i) s += q_[k * d + i] * z[i];
        }
        g[k] = s;
      }
    }
    return f;
  }
  std::vector<std::vector<double>> minima() const override { return {std::vector<double>(lambda_.size(), 0.0)}; }
  std::vector<double> start() const override { return std::vector<double>(lambda_.size(), 1.0); }
  std::array<double, 4> bounds() const override { return {-1.5, 1.5, -1.5, 1.5}; }

 private:
  std::vector<double> lambda_;
  std::vector<double> q_;  // d x d row-major, empty = identity
};

}  // namespace

std::vector<double> quadratic_spectrum(int d, double kappa, bool log_spacing) {
  std::vector<double> lambda(d, 1.0);
  for (int i = 1; i < d; ++i) {
    const double t = static_cast<double>(i) / (d - 1);
    // log spacing: lambda_i = kappa^t, so every scale between mu and L is represented.
    lambda[i] = log_spacing ? std::exp(t * std::log(kappa)) : 1.0 + t * (kappa - 1.0);
  }
  if (d > 1) lambda[d - 1] = kappa;  // exact, whatever exp/log rounded to
  return lambda;
}

std::unique_ptr<TestFunction> build_quadratic(SpecObject& problem, Rng& data_rng) {
  const bool rotate = problem.boolean("rotate", false);
  const int d = problem.integer("dim", 1, rotate ? 2000 : 1000000, 2);
  const double kappa = problem.number("condition", closed(1, 1e12), 10.0);
  const std::string spacing = problem.string("spacing", {"log", "linear"}, "log");
  std::vector<double> lambda = quadratic_spectrum(d, kappa, spacing == "log");
  std::vector<double> q;
  if (rotate) random_orthogonal(d, d, data_rng, q);
  return std::make_unique<Quadratic>(std::move(lambda), std::move(q));
}

}  // namespace optzoo
