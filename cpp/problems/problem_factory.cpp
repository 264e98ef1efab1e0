#include <nlohmann/json.hpp>

#include "problems/problem_factory.hpp"

#include "nn/model_spec.hpp"
#include "problems/network_problem.hpp"
#include "problems/test_function.hpp"

namespace optzoo {

std::unique_ptr<Problem> make_network_problem(SpecObject& spec, std::shared_ptr<const Dataset> train,
                                              std::shared_ptr<const Dataset> test) {
  const bool classify = train->task == Task::Classification;
  LossKind loss = classify ? LossKind::CrossEntropy : LossKind::Mse;
  if (spec.has("loss")) {
    const std::string name = spec.string("loss", {"cross_entropy", "mse", "binary_cross_entropy"});
    parse_loss(name, &loss);
    if (classify != (loss == LossKind::CrossEntropy))
      throw Error("loss", classify ? "must be \"cross_entropy\" for a classification task (integer labels)"
                                   : "must be \"mse\" or \"binary_cross_entropy\" for a regression task (target rows)");
  }
  if (loss == LossKind::BinaryCrossEntropy)
    for (float t : train->targets)
      if (t < 0.0f || t > 1.0f) throw Error("problem.y", "must hold targets in [0, 1] for binary_cross_entropy");

  ModelContract contract;
  contract.input = train->shape;
  contract.loss = loss;
  contract.outputs = classify ? train->num_classes : train->target_dim;
  contract.outputs_why = classify ? "the number of classes (" + std::to_string(train->num_classes) + ")"
                                  : "the number of targets per example (" + std::to_string(train->target_dim) + ")";
  ModelSpec model = parse_model_spec(spec.object("model"), contract);
  return std::make_unique<NetworkProblem>(std::move(model), loss, std::move(train), std::move(test));
}

std::unique_ptr<Problem> make_problem(SpecObject& spec, uint64_t seed) {
  SpecObject problem = spec.object("problem");
  const std::string kind = problem.string("kind", {"inline", "dataset", "function", "csv"});
  if (kind == "function") {
    // A test function is the whole objective: there is no model and no loss to choose.
    for (const char* key : {"model", "loss"})
      if (spec.has(key)) throw Error(key, "must not be given for a \"function\" problem (the function is the loss)");
    auto out = make_function_problem(problem, seed);
    problem.finish();
    return out;
  }
  if (kind == "dataset") return make_dataset_problem(spec, problem, seed);
  if (kind == "csv") return make_csv_problem(spec, problem, seed);
  auto data = parse_inline_data(problem);
  problem.finish();
  auto out = make_network_problem(spec, data, nullptr);
  out->set_source("inline", "");
  return out;
}

}  // namespace optzoo
