#include <nlohmann/json.hpp>

#include "optim/registry.hpp"

namespace optzoo {

#define OPTIMIZER(name) OptimizerInfo name##_info();
#include "optim/all_optimizers.inc"
#undef OPTIMIZER

const std::vector<OptimizerInfo>& optimizer_registry() {
  static const std::vector<OptimizerInfo> registry = {
#define OPTIMIZER(name) name##_info(),
#include "optim/all_optimizers.inc"
#undef OPTIMIZER
  };
  return registry;
}

const OptimizerInfo* find_optimizer(const std::string& name) {
  for (const auto& info : optimizer_registry())
    if (info.name == name) return &info;
  return nullptr;
}

HyperparamSpec lr_param(double fallback) {
  return number("lr", fallback, above(0), "learning rate: the step size", true);
}

Json registry_to_json() {
  Json out = Json::array();
  for (const auto& info : optimizer_registry()) {
    Json j;
    j["name"] = info.name;
    j["title"] = info.title;
    j["summary"] = info.summary;
    j["reference"] = info.reference;
    j["equation"] = info.equation;
    j["hyperparams"] = schema_to_json(info.hyperparams);
    j["capabilities"] = {{"needs_structure", info.caps.needs_structure},
                         {"needs_objective", info.caps.needs_objective},
                         {"needs_per_example", info.caps.needs_per_example},
                         {"needs_curvature", info.caps.needs_curvature},
                         {"needs_fisher", info.caps.needs_fisher},
                         {"needs_gradient_at", info.caps.needs_gradient_at}};
    if (!info.rosenbrock_settings.empty()) j["rosenbrock_settings"] = info.rosenbrock_settings;
    if (info.max_params > 0) j["max_params"] = info.max_params;
    out.push_back(j);
  }
  return out;
}

}  // namespace optzoo
