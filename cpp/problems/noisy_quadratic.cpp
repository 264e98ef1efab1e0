// The 1-D noisy quadratic of lecture 003 (McAllester, SGD): loss(beta, y) = 1/2 (beta - y)^2
// over a sample of y ~ N(mean, std^2). The full-batch gradient is beta - mean(y), a
// minibatch's is beta - mean(y over the batch), so even at the optimum a finite batch
// gives a non-zero gradient: minibatch noise, controlled by batch_size.
#include <nlohmann/json.hpp>

#include "problems/test_function.hpp"

namespace optzoo {
namespace {

class NoisyQuadratic : public TestFunction {
 public:
  explicit NoisyQuadratic(std::vector<double> y) : y_(std::move(y)) {
    for (double v : y_) mean_ += v;
    mean_ /= static_cast<double>(y_.size());
  }
  int dim() const override { return 1; }
  int train_size() const override { return static_cast<int>(y_.size()); }
  double eval(const double* x, const Batch& batch, double* g) const override {
    const std::size_t m = batch.empty() ? y_.size() : batch.size();
    double f = 0, grad = 0;
    for (std::size_t i = 0; i < m; ++i) {
      const double r = x[0] - y_[batch.empty() ? i : static_cast<std::size_t>(batch[i])];
      f += 0.5 * r * r;
      grad += r;
    }
    if (g) g[0] = grad / static_cast<double>(m);
    return f / static_cast<double>(m);
  }
  // The training loss is minimised at the sample mean.
  std::vector<std::vector<double>> minima() const override { return {{mean_}}; }
  std::vector<double> start() const override { return {mean_ + 4.0}; }
  std::array<double, 4> bounds() const override { return {mean_ - 5, mean_ + 5, 0, 1}; }

 private:
  std::vector<double> y_;
  double mean_ = 0;
};

}  // namespace

std::unique_ptr<TestFunction> build_noisy_quadratic(SpecObject& problem, Rng& data_rng) {
  const int n = problem.integer("size", 1, 1000000, 1000);
  const double mean = problem.number("mean", closed(-1e6, 1e6), 0.0);
  const double std_dev = problem.number("std", closed(0, 1e6), 1.0);
  std::vector<double> y(n);
  for (double& v : y) v = mean + std_dev * data_rng.normal();
  return std::make_unique<NoisyQuadratic>(std::move(y));
}

}  // namespace optzoo
