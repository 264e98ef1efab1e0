// A Problem is what an optimizer minimises: a flat parameter vector, a loss on a
// batch of examples and its gradient. A network on a dataset is one kind; a 2-D
// test function is another. Batches are lists of example indices; an empty list
// means the whole training set.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/param_layout.hpp"
#include "core/rng.hpp"

namespace optzoo {

using Batch = std::vector<int32_t>;

// Extra numbers a problem can report at a recorded point (test loss, accuracy, ...).
struct Metric {
  std::string name;
  double value;
};

class Problem {
 public:
  virtual ~Problem() = default;

  std::size_t dim() const { return layout().size(); }
  // The per-layer/per-neuron structure that Nero, LARS, LAMB, K-FAC and friends need.
  virtual const ParamLayout& layout() const = 0;
  virtual void initial_point(Rng& rng, float* params) const = 0;
  // Number of training examples; 0 for a problem without data (a test function).
  virtual int train_size() const = 0;

  virtual double loss(const float* params, const Batch& batch) = 0;
  virtual double loss_and_grad(const float* params, const Batch& batch, float* grad) = 0;

  // out is [batch size][dim]: the gradient of each example's own loss. Their mean is
  // the batch gradient.
  virtual void per_example_grads(const float* params, const Batch& batch, float* out);

  // Hessian-vector product by central differences of the gradient, in double around
  // the float parameters: (g(p + h v) - g(p - h v)) / 2h.
  virtual void hessian_vector_product(const float* params, const Batch& batch, const float* v, float* out,
                                      double h = 1e-3);

  // Minibatch losses at center ± sigma * d for `count` directions d (one after another,
  // dim() floats each); minus may be null. The default evaluates one point at a time;
  // networks override it to share work between the perturbations.
  virtual void perturbed_losses(const float* center, const Batch& batch, const float* directions, int count,
                                float sigma, double* plus, double* minus);

  // Extra metrics at a recorded point; the default has none.
  virtual std::vector<Metric> metrics(const float* params) { (void)params; return {}; }
};

}  // namespace optzoo
