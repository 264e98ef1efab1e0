#include "bench/bench.hpp"

#include <nlohmann/json.hpp>

#include "core/gemm.hpp"
#include "optim/registry.hpp"

namespace optzoo {

TrainingBench::TrainingBench(const std::vector<int>& sizes, int batch, const std::string& optimizer, double lr,
                             uint64_t seed) {
  Rng rng(seed);
  auto data = std::make_shared<Dataset>();
  data->task = Task::Classification;
  data->n = batch;
  data->features = sizes.front();
  data->shape = {sizes.front(), 1, 1};
  data->num_classes = sizes.back();
  for (int i = 0; i < batch * sizes.front(); ++i) data->x.push_back(static_cast<float>(rng.uniform()));
  for (int i = 0; i < batch; ++i) data->labels.push_back(static_cast<int32_t>(rng.below(sizes.back())));

  ModelSpec spec;
  spec.kind = "mlp";
  spec.input = data->shape;
  for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
    spec.layers.push_back({"dense", sizes[i + 1], Activation::Identity});
    if (i + 2 < sizes.size()) spec.layers.push_back({"activation", 0, Activation::Relu});
  }
  problem_ = std::make_unique<NetworkProblem>(spec, LossKind::CrossEntropy, data);
  params_.resize(problem_->dim());
  grad_.resize(problem_->dim());
  problem_->initial_point(rng, params_.data());

  const OptimizerInfo* info = find_optimizer(optimizer);
  if (!info) throw Error("optimizer", "is not a known optimizer: \"" + optimizer + "\"");
  Hyperparams h = default_hyperparams(info->hyperparams);
  h.set("lr", {lr});
  opt_ = info->make(h);
  state_ = opt_->init(params_.data(), params_.size());
}

double TrainingBench::run(int steps) {
  double loss = 0;
  StepContext ctx;
  ctx.layout = &problem_->layout();
  for (int s = 0; s < steps; ++s) {
    loss = problem_->loss_and_grad(params_.data(), {}, grad_.data());
    opt_->update(params_.data(), grad_.data(), params_.size(), state_, ctx);
  }
  return loss;
}

GemmBench::GemmBench(int n, uint64_t seed) : n_(n), a_(static_cast<std::size_t>(n) * n), b_(a_.size()), c_(a_.size()) {
  Rng rng(seed);
  for (std::size_t i = 0; i < a_.size(); ++i) {
    a_[i] = static_cast<float>(rng.uniform(-1, 1));
    b_[i] = static_cast<float>(rng.uniform(-1, 1));
  }
}

double GemmBench::run(int reps) {
  for (int r = 0; r < reps; ++r) gemm_f32(TransA::No, n_, n_, n_, a_.data(), b_.data(), c_.data(), false);
  return c_[0] + c_[c_.size() - 1];
}

}  // namespace optzoo
