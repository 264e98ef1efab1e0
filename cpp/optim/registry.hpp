// The optimizer registry: one entry per optimizer with its schema, capabilities,
// reference and factory. The CLI, the UI and the tests all read it, so an optimizer
// added here is validated, documented and tested without further wiring.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "optim/hyperparams.hpp"
#include "optim/optimizer.hpp"

namespace optzoo {

struct Capabilities {
  bool needs_structure = false;    // uses the layer/neuron layout (LARS, Nero, ...)
  bool needs_objective = false;    // evaluates the loss itself (random search, ES)
  bool needs_per_example = false;  // per-example gradients
  bool needs_curvature = false;    // Hessian-vector products or Fisher statistics (StepContext::curvature)
  bool needs_fisher = false;       // the Fisher of a model's likelihood: network problems only
  bool needs_gradient_at = false;  // gradients at points of its choosing (look-ahead)
};

struct OptimizerInfo {
  std::string name;       // spec name, as torch.optim where it exists
  std::string title;      // "Adam"
  std::string summary;    // one or two sentences for the UI
  std::string reference;  // paper or lecture
  std::string equation;   // the update it implements, in plain text
  std::vector<HyperparamSpec> hyperparams;
  Capabilities caps;
  // Hyperparameter values that are stable on stiff 2-D test functions (Rosenbrock's
  // valley has curvature ~1e3) where the defaults are not, e.g. {"lr": 1e-3}; empty
  // when the defaults are fine. The UI may offer them for function problems; the
  // table tests use them on Rosenbrock.
  std::map<std::string, double> rosenbrock_settings;
  // Methods that hold dense d x d matrices refuse models with more parameters than
  // this (0 = no limit), before anything is allocated.
  std::size_t max_params = 0;
  std::function<std::unique_ptr<Optimizer>(const Hyperparams&)> make;
};

const std::vector<OptimizerInfo>& optimizer_registry();
const OptimizerInfo* find_optimizer(const std::string& name);
Json registry_to_json();

// The learning rate most optimizers share: finite and > 0.
HyperparamSpec lr_param(double fallback);
// Which Fisher a curvature method uses (core/curvature.hpp's FisherKind, in order).
HyperparamSpec fisher_param(const std::string& fallback);

}  // namespace optzoo
