#include "bench/bench.hpp"

#include <nlohmann/json.hpp>

#include "core/gemm.hpp"
#include "core/spec_reader.hpp"
#include "optim/registry.hpp"

namespace optzoo {

TrainingBench::TrainingBench(const std::vector<int>& sizes, int batch, const std::string& optimizer, double lr,
                             uint64_t seed) {
  if (sizes.size() < 2) throw Error("sizes", "must list at least the input and output widths");
  ModelSpec spec;
  spec.kind = "mlp";
  spec.input = {sizes.front(), 1, 1};
  for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
    spec.layers.push_back({"dense", sizes[i + 1], Activation::Identity});
    if (i + 2 < sizes.size()) spec.layers.push_back({"activation", 0, Activation::Relu});
  }
  init(spec, sizes.back(), batch, optimizer, lr, seed);
}

TrainingBench::TrainingBench(const ModelSpec& spec, int classes, int batch, const std::string& optimizer, double lr,
                             uint64_t seed) {
  init(spec, classes, batch, optimizer, lr, seed);
}

std::unique_ptr<TrainingBench> TrainingBench::from_json(const std::string& config, int batch,
                                                        const std::string& optimizer, double lr, uint64_t seed) {
  const Json j = parse_json(config, "config");
  if (j.is_array()) return std::make_unique<TrainingBench>(j.get<std::vector<int>>(), batch, optimizer, lr, seed);
  SpecObject o(j, "config");
  const Json& input = read_array(o.required("input"), o.path("input"), 3);
  ModelContract contract;
  contract.input = {read_integer(input[0], o.path("input[0]"), 1, 4096), read_integer(input[1], o.path("input[1]"), 1, 4096),
                    read_integer(input[2], o.path("input[2]"), 1, 4096)};
  contract.outputs = o.integer("classes", 2, 100000);
  contract.outputs_why = "the number of classes";
  const ModelSpec spec = parse_model_spec(SpecObject(o.required("model"), o.path("model")), contract);
  o.finish();
  return std::make_unique<TrainingBench>(spec, contract.outputs, batch, optimizer, lr, seed);
}

void TrainingBench::init(const ModelSpec& spec, int classes, int batch, const std::string& optimizer, double lr,
                         uint64_t seed) {
  if (batch < 1) throw Error("batch", "must be at least 1, got " + std::to_string(batch));
  Rng rng(seed);
  noise_ = Rng(seed, 1);
  batch_ = batch;
  auto data = std::make_shared<Dataset>();
  data->task = Task::Classification;
  data->n = batch;
  data->shape = spec.input;
  data->features = spec.input.size();
  data->num_classes = classes;
  for (int i = 0; i < batch * data->features; ++i) data->x.push_back(static_cast<float>(rng.uniform()));
  for (int i = 0; i < batch; ++i) data->labels.push_back(static_cast<int32_t>(rng.below(classes)));

  problem_ = std::make_unique<NetworkProblem>(spec, LossKind::CrossEntropy, data);
  params_.resize(problem_->dim());
  grad_.resize(problem_->dim());
  problem_->initial_point(rng, params_.data());

  const OptimizerInfo* info = find_optimizer(optimizer);
  if (!info) throw Error("optimizer", "is not a known optimizer: \"" + optimizer + "\"");
  if (info->caps.needs_curvature || info->caps.needs_gradient_at || info->caps.needs_per_example)
    throw Error("optimizer", "\"" + optimizer + "\" needs more than a gradient or an objective; the bench runs neither kind");
  zeroth_order_ = info->caps.needs_objective;
  Hyperparams h = default_hyperparams(info->hyperparams);
  h.set("lr", {lr});
  opt_ = info->make(h);
  state_ = opt_->init(params_.data(), params_.size());
}

double TrainingBench::run(int steps) {
  double loss = 0;
  StepContext ctx;
  ctx.layout = &problem_->layout();
  ctx.rng = &noise_;
  ctx.batch_size = batch_;
  // The same callbacks Experiment::step_run hands a zeroth-order method, counted alike.
  const Objective objective = [&](const float* p) {
    forward_passes_ += batch_;
    return problem_->loss(p, {});
  };
  const PerturbedObjective perturbed = [&](const float* center, const float* dirs, int count, float sigma, double* plus,
                                           double* minus) {
    forward_passes_ += static_cast<double>(batch_) * count * (minus ? 2 : 1);
    problem_->perturbed_losses(center, {}, dirs, count, sigma, plus, minus);
  };
  if (zeroth_order_) {
    ctx.objective = &objective;
    ctx.perturbed = &perturbed;
  }
  for (int s = 0; s < steps; ++s) {
    if (!zeroth_order_) {
      loss = problem_->loss_and_grad(params_.data(), {}, grad_.data());
      forward_passes_ += batch_;
    }
    opt_->update(params_.data(), grad_.data(), params_.size(), state_, ctx);
  }
  return zeroth_order_ ? params_[0] : loss;
}

GemmBench::GemmBench(int n, uint64_t seed) : n_(n), a_(static_cast<std::size_t>(n) * n), b_(a_.size()), c_(a_.size()) {
  if (n < 1) throw Error("n", "must be at least 1, got " + std::to_string(n));
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
