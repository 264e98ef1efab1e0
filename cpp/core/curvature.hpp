// What second-order methods ask of the problem beyond the gradient: Hessian-vector
// products (cubic-regularised Newton) and the per-layer statistics behind the Fisher
// (natural gradient, K-FAC). The experiment implements it on top of the Problem and
// counts every pass it spends; the optimizer adds the flops of its own linear algebra.
#pragma once
#include <cstddef>
#include <vector>

#include "core/param_layout.hpp"

namespace optzoo {

// Which Fisher information matrix the statistics describe (Martens, New insights and
// perspectives on the natural gradient method, 2020, sections 9-11):
//   True      E_x E_{y ~ p(y|x, theta)} [grad log p grad log p^T], the expectation over
//             the model's own predictive distribution taken exactly (one probe per class
//             or output, weighted);
//   Sampled   the same with one label per example drawn from the model (Martens & Grosse 2015);
//   Empirical the training labels in place of model samples.
enum class FisherKind { True, Sampled, Empirical };

// One dense layer y = x W^T + b seen through a batch of probes. Each probe is one
// example with one output-space gradient: row r of `a` is that example's input to
// the layer, row r of `g` is d loss / d y for that probe (per example, not divided by
// the batch size). The Fisher restricted to this layer is
//   F = (1/examples) sum_r vec(g_r [a_r; 1]^T) vec(g_r [a_r; 1]^T)^T,
// and K-FAC approximates it by A (x) G with A = mean_r [a;1][a;1]^T, G = sum_r g g^T / examples.
struct DenseProbes {
  std::size_t weight = 0, bias = 0;  // offsets of W ([out][in]) and b in the flat buffer
  int in = 0, out = 0;
  std::vector<float> a;  // [rows][in]
  std::vector<float> g;  // [rows][out]
};

struct FisherProbes {
  int examples = 0;  // examples in the batch
  int rows = 0;      // probes: examples x probes per example
  std::vector<DenseProbes> layers;
};

class CurvatureOracle {
 public:
  virtual ~CurvatureOracle() = default;
  // H v at the step's point on the step's minibatch.
  virtual void hessian_vector(const float* v, float* out) const = 0;
  // The step's point and minibatch through the model's dense layers. Throws Error
  // when the problem has no model with a likelihood (a test function) or has layers
  // other than dense ones and activations.
  virtual const FisherProbes& fisher_probes(FisherKind kind) const = 0;
  // The optimizer's own matrix work, reported with the run's compute.
  virtual void add_flops(double flops) const = 0;
};

// The Fisher kinds as a hyperparameter: a Choice whose index is the enum value.
inline FisherKind fisher_kind(int option) { return static_cast<FisherKind>(option); }

}  // namespace optzoo
