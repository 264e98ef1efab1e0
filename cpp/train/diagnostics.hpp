// Optional per-run diagnostics, asked for by the spec's "diagnostics" object and
// recorded at every recorded point, for lessons on the geometry of deep networks:
//   weight_norms: ||W_l||_F per weight matrix (ReLU rescaling, weight decay balancing
//     the layers; Tanner's lecture 004);
//   gradient_change: the relative change in the minibatch gradient that the step made,
//     ||g_W(W + dW) - g_W(W)|| / ||g_W(W)|| over the weight matrices, beside the
//     perturbation bound prod_l (1 + ||dW_l||/||W_l||) - 1 (Bernstein's lecture 000,
//     the product over layers; a problem without weight matrices, such as a test
//     function, counts as one layer);
//   relu_rescale: c, the relative change in training loss when the first layer's
//     weights and biases are multiplied by c and the second layer's weights by 1/c:
//     0 up to round-off for ReLU, which is positively homogeneous, not for tanh.
// None of this is counted as compute.
#pragma once
#include <string>
#include <vector>

#include "core/spec_reader.hpp"
#include "problems/problem.hpp"
#include "train/series_sink.hpp"

namespace optzoo {

struct DiagnosticsSpec {
  bool weight_norms = false, gradient_change = false;
  double relu_rescale = 0;  // 0 = off
  bool any() const { return weight_norms || gradient_change || relu_rescale > 0; }
};

DiagnosticsSpec read_diagnostics(const Json& j, const std::string& path, const ParamLayout& layout);

// The recorded series of one run, aligned with its recorded steps.
struct DiagnosticsSeries {
  std::vector<std::vector<double>> weight_norm;  // [weight view][point]
  std::vector<double> gradient_change, gradient_change_bound, relu_rescale_change;
};

class Diagnostics {
 public:
  Diagnostics() = default;
  explicit Diagnostics(DiagnosticsSpec spec) : spec_(spec) {}
  bool active() const { return spec_.any(); }
  bool wants_gradient_change() const { return spec_.gradient_change; }

  // After a step that ends at a recorded point: the gradient change of that step, from
  // the minibatch gradient at the old point (before) and at the new one (after).
  void measure_step(const ParamLayout& layout, const float* before, const float* after, const float* grad_before,
                    const float* grad_after);
  // At a recorded point: appends every series (the step's values, or null at step 0).
  void record(Problem& problem, const float* params, bool has_step);
  // Every series from recorded point `from` on, under the key "diagnostics".
  void visit(const ParamLayout& layout, std::size_t from, SeriesSink& sink) const;

 private:
  DiagnosticsSpec spec_;
  DiagnosticsSeries series_;
  double last_change_ = 0, last_bound_ = 0;
};

}  // namespace optzoo
