// The Optimizer shape (after optax): immutable hyperparameters, all mutable numbers
// in an explicit State, so runs can be reset, cloned, serialised and compared.
//
//   state = opt.init(params)
//   opt.update(params, grad, state, ctx)   // one step, in place on params and state
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/param_layout.hpp"
#include "core/rng.hpp"
#include "core/curvature.hpp"

namespace optzoo {

// Everything an optimizer carries between steps. Slots have the parameter layout
// (momentum, second moments, ...); scalars hold running products, norms, etc.
struct OptimizerState {
  int64_t step = 0;  // updates taken so far
  std::vector<std::vector<float>> slots;
  std::vector<double> scalars;
  std::vector<OptimizerState> inner;  // states of wrapped optimizers (lookahead)
  bool operator==(const OptimizerState& o) const {
    return step == o.step && slots == o.slots && scalars == o.scalars && inner == o.inner;
  }
};

// A fresh state with `count` zero slots of n floats each.
inline OptimizerState zero_slots(std::size_t n, std::size_t count) {
  OptimizerState s;
  s.slots.assign(count, std::vector<float>(n, 0.0f));
  return s;
}

// For zeroth-order methods and line searches: the loss of the current minibatch at
// any point. Gradient methods never call it.
using Objective = std::function<double(const float* params)>;
// For methods that need the gradient somewhere other than the current point
// (Nesterov's look-ahead): the minibatch loss and gradient at `params`.
using GradientAt = std::function<double(const float* params, float* grad)>;

// For evolution strategies: the minibatch losses at center + sigma*d and (when minus
// is not null) center - sigma*d, for `count` directions d stored one after another,
// each as long as the parameter vector. Lets the problem batch the perturbed forward
// passes into matrix products instead of evaluating model copies one by one.
using PerturbedObjective =
    std::function<void(const float* center, const float* directions, int count, float sigma, double* plus, double* minus)>;

struct StepContext {
  const ParamLayout* layout = nullptr;  // structure, for per-layer / per-neuron methods
  double lr_scale = 1.0;                // schedule multiplier for this step
  Rng* rng = nullptr;                   // for methods with noise (SGLD, ES, ...)
  const Objective* objective = nullptr; // set when the optimizer asks for it
  const PerturbedObjective* perturbed = nullptr;  // likewise
  double loss = 0.0;                    // minibatch loss at params (before the step)
  const GradientAt* gradient_at = nullptr;  // set for caps.needs_gradient_at
  // Set for caps.needs_per_example: per parameter, the mean over the minibatch of the
  // squared per-example gradients, E_b[g_b^2] (McAllester's adaptive method).
  const float* grad_sq_mean = nullptr;
  int batch_size = 1;                   // examples in this minibatch (1 for a function)
  // Set for caps.needs_curvature: Hessian-vector products and Fisher statistics at
  // params on this minibatch, and the counter for the optimizer's own matrix flops.
  const CurvatureOracle* curvature = nullptr;
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual OptimizerState init(const float* params, std::size_t n) const = 0;
  virtual void update(float* params, const float* grad, std::size_t n, OptimizerState& state,
                      const StepContext& ctx) const = 0;
  // Zeroth-order methods: the gradient estimate behind the last update, so that the
  // experiment can compare it with the true gradient. nullptr when there is none.
  virtual const std::vector<float>* gradient_estimate(const OptimizerState& state) const {
    (void)state;
    return nullptr;
  }
};

}  // namespace optzoo
