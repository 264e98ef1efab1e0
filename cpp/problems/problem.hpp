// A Problem is what an optimizer minimises: a flat parameter vector, a loss on a
// batch of examples and its gradient. A network on a dataset is one kind; a 2-D
// test function is another. Batches are lists of example indices; an empty list
// means the whole training set.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/curvature.hpp"
#include "core/param_layout.hpp"
#include "core/rng.hpp"

namespace optzoo {

using Batch = std::vector<int32_t>;

// Extra numbers a problem can report at a recorded point (test loss, accuracy, ...).
struct Metric {
  std::string name;
  double value;
};

// What the page needs to know to draw a problem (see "Problem views" in API.md).
struct ProblemInfo {
  std::string kind, name;      // the spec's problem.kind and problem.name
  std::string task;            // "classification" | "regression" | "function"
  int channels = 1, height = 1, width = 1;  // input shape of one example
  int classes = 0;
  bool two_d = false;          // a 2-D function, or a dataset with 2 raw input features
  bool image = false;
  double bounds[4] = {-1, 1, -1, 1};  // suggested [xmin, xmax, ymin, ymax] for 2-D views
  bool has_minimum = false;
  double minimum[2] = {0, 0};
};

// Raw 2-D (or 1-D) points of a dataset split, for scatter plots.
struct DataPoints {
  int raw_features = 0;
  std::vector<float> x;  // [count][raw_features]
  std::vector<float> y;  // labels (classification) or the first target (regression)
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

  // Floating-point operations of one forward pass on one example, for plotting against
  // compute in flops. The default counts a multiply and an add per parameter.
  virtual double forward_flops() const { return 2.0 * static_cast<double>(dim()); }

  // Why this problem cannot give Fisher statistics, or "" when it can. The default:
  // a test function has no model whose likelihood would define one.
  virtual std::string fisher_unsupported() const;
  // The Fisher probes of `kind` at params on the batch (see core/curvature.hpp); the
  // passes spent are added to *forward and *backward, per example.
  virtual void fisher_probes(const float* params, const Batch& batch, FisherKind kind, Rng& rng, FisherProbes& out,
                             int64_t* forward, int64_t* backward);

  // Minibatch losses at center ± sigma * d for `count` directions d (one after another,
  // dim() floats each); minus may be null. The default evaluates one point at a time;
  // networks override it to share work between the perturbations.
  virtual void perturbed_losses(const float* center, const Batch& batch, const float* directions, int count,
                                float sigma, double* plus, double* minus);

  // Floats the problem allocates to evaluate the loss and gradient on `rows` examples
  // at once (activations, their gradients, workspaces), for the memory estimate made
  // before a run is set up. The default is a few copies of the parameters.
  virtual double working_floats(double rows) const { (void)rows; return 4.0 * static_cast<double>(dim()); }

  // Extra metrics at a recorded point; the default has none.
  virtual std::vector<Metric> metrics(const float* params) { (void)params; return {}; }

  // Called by the experiment before every step's updates, so that simulated gradient
  // noise can be the same for every run at a step (lockstep) and for every gradient
  // evaluated within it.
  virtual void begin_step(int64_t step) { (void)step; }

  // --- Views for the page. Each throws Error when it does not apply to the problem.
  ProblemInfo info() const;
  // f on an nx-by-ny grid, row-major (row = y index): 2-D functions, and 1-D ones with ny = 1.
  virtual void loss_grid(const double bounds[4], int nx, int ny, float* out);
  // Model outputs on a grid of raw 2-D inputs: softmax probabilities or regression outputs.
  virtual int predict_grid(const float* params, const double bounds[4], int nx, int ny, std::vector<float>& out);
  virtual DataPoints data_points(bool test, int max) const;
  // Test images as [count][h*w] in [0, 1], their labels, and the model's predicted classes.
  virtual void test_images(int start, int count, std::vector<float>& out) const;
  virtual void test_labels(int start, int count, std::vector<int32_t>& out) const;
  virtual void predict(const float* params, int start, int count, std::vector<int32_t>& out);

  // The spec's kind and name, set by make_problem.
  void set_source(std::string kind, std::string name) {
    kind_ = std::move(kind);
    name_ = std::move(name);
  }

 protected:
  // Everything info() reports except kind and name.
  virtual void describe(ProblemInfo& info) const = 0;

 private:
  std::string kind_, name_;
};

}  // namespace optzoo
