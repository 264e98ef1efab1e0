#include <nlohmann/json.hpp>

#include "train/experiment.hpp"

#include <algorithm>
#include <cmath>

#include "problems/problem_factory.hpp"

namespace optzoo {

Experiment::Experiment(const std::string& spec_json) : Experiment(parse_json(spec_json)) {}

Experiment::Experiment(const Json& spec) { parse(spec); }

void Experiment::parse(const Json& json) {
  SpecObject spec(json, "");
  seed_ = static_cast<uint64_t>(spec.number("seed", closed(0, 4294967295.0), 0));
  if (json.contains("seed") && json["seed"].is_number() && json["seed"].get<double>() != std::floor(json["seed"].get<double>()))
    throw Error("seed", "must be a whole number");
  steps_ = spec.integer("steps", 0, 10000000);
  problem_ = make_problem(spec, seed_);
  batch_size_ = spec.integer("batch_size", 0, 1 << 24, 0);
  record_every_ = spec.integer("record_every", 1, 1 << 24, 1);

  const Json& runs = read_array(spec.required("runs"), "runs", 1);
  if (runs.size() > 64) throw Error("runs", "must have at most 64 runs");
  const Rng root(seed_);
  init_.resize(problem_->dim());
  Rng init_rng = root.fork(rng_streams::kInit);
  problem_->initial_point(init_rng, init_.data());
  for (std::size_t i = 0; i < runs.size(); ++i) {
    Run run = make_run(runs[i], i);
    for (const Run& other : runs_)
      if (other.label == run.label)
        throw Error(index_path("runs", i) + ".label",
                    "must be unique: \"" + run.label + "\" is used twice (add a \"label\" to tell the runs apart)");
    run.params = init_;
    run.grad.assign(init_.size(), 0.0f);
    run.state = run.opt->init(run.params.data(), run.params.size());
    runs_.push_back(std::move(run));
  }
  spec.finish();

  sampler_ = std::make_unique<BatchSampler>(problem_->train_size(), batch_size_, root.fork(rng_streams::kBatches));
  noise_rng_ = root.fork(rng_streams::kNoise);
  for (Run& run : runs_) record(run);
}

Run Experiment::make_run(const Json& run_spec, std::size_t i) {
  const std::string path = index_path("runs", i);
  SpecObject r(run_spec, path);
  const std::string name = r.string("optimizer", {});
  const OptimizerInfo* info = find_optimizer(name);
  if (!info) throw Error(r.path("optimizer"), "is not a known optimizer: \"" + name + "\" (npx optzoo optimizers lists them)");
  Run run;
  run.optimizer = name;
  run.caps = info->caps;
  run.label = name;
  if (const Json* label = r.optional("label")) {
    if (!label->is_string() || label->get<std::string>().empty()) throw Error(r.path("label"), "must be a non-empty string");
    run.label = label->get<std::string>();
  }
  const Hyperparams hyper = read_hyperparams(info->hyperparams, r);
  if (const Json* schedule = r.optional("schedule")) run.schedule = read_schedule(*schedule, r.path("schedule"), steps_);
  r.finish();
  try {
    run.opt = info->make(hyper);
  } catch (const Error& e) {
    throw Error("", path + "." + e.what());
  }
  return run;
}

void Experiment::update_run(std::size_t i, const Json& run_spec) {
  if (i >= runs_.size()) throw Error("run", "index " + std::to_string(i) + " is out of range");
  Run fresh = make_run(run_spec, i);
  Run& run = runs_[i];
  if (fresh.optimizer != run.optimizer) throw Error(index_path("runs", i) + ".optimizer", "cannot change mid-run; reset instead");
  OptimizerState restarted = fresh.opt->init(run.params.data(), run.params.size());
  const bool same_shape = restarted.slots.size() == run.state.slots.size() && restarted.scalars.size() == run.state.scalars.size();
  if (!same_shape) run.state = std::move(restarted);
  run.opt = std::move(fresh.opt);
  run.label = fresh.label;
}

void Experiment::record(Run& run) {
  const double loss = problem_->loss(run.params.data(), {});
  run.step.push_back(done_);
  run.loss.push_back(loss);
  run.forward_at.push_back(run.forward_passes);
  run.backward_at.push_back(run.backward_passes);
  if (!std::isfinite(loss)) {
    run.diverged = true;
    run.diverged_at = done_;
    return;
  }
  const auto metrics = problem_->metrics(run.params.data());
  if (run.metrics.empty())
    for (const auto& m : metrics) run.metrics.push_back({m.name, {}});
  for (std::size_t i = 0; i < metrics.size(); ++i) run.metrics[i].second.push_back(metrics[i].value);
}

namespace {
// E_b[g_b^2] per parameter over the minibatch, one example at a time so memory stays
// O(dim); `scratch` holds one example's gradient. A problem without data (a test
// function) has one "example": the whole objective.
void mean_squared_example_grads(Problem& problem, const float* params, const Batch& batch, float* out, float* scratch) {
  const std::size_t d = problem.dim();
  std::fill(out, out + d, 0.0f);
  Batch all;
  if (batch.empty())
    for (int i = 0; i < problem.train_size(); ++i) all.push_back(i);
  const Batch& examples = batch.empty() ? all : batch;
  if (examples.empty()) {
    problem.loss_and_grad(params, {}, scratch);
    for (std::size_t i = 0; i < d; ++i) out[i] = scratch[i] * scratch[i];
    return;
  }
  Batch one(1);
  for (const int32_t e : examples) {
    one[0] = e;
    problem.loss_and_grad(params, one, scratch);
    for (std::size_t i = 0; i < d; ++i) out[i] += scratch[i] * scratch[i];
  }
  const float inv = 1.0f / static_cast<float>(examples.size());
  for (std::size_t i = 0; i < d; ++i) out[i] *= inv;
}
}  // namespace

void Experiment::step_run(Run& run, const Batch& batch) {
  const int examples = batch.empty() ? std::max(problem_->train_size(), 1) : static_cast<int>(batch.size());
  StepContext ctx;
  ctx.layout = &problem_->layout();
  ctx.rng = &noise_rng_;
  ctx.lr_scale = run.schedule.at(done_ - 1);
  ctx.batch_size = examples;
  // Zeroth-order methods see the minibatch loss only; every evaluation is counted as
  // forward passes so that they can be compared with backprop at equal compute.
  const Objective objective = [&](const float* params) {
    run.forward_passes += examples;
    return problem_->loss(params, batch);
  };
  // Look-ahead methods take the minibatch gradient where they choose, counted likewise.
  const GradientAt gradient_at = [&](const float* params, float* grad) {
    run.forward_passes += examples;
    run.backward_passes += examples;
    return problem_->loss_and_grad(params, batch, grad);
  };
  if (run.caps.needs_objective) {
    ctx.objective = &objective;
  } else if (run.caps.needs_gradient_at) {
    ctx.gradient_at = &gradient_at;
  } else {
    ctx.loss = problem_->loss_and_grad(run.params.data(), batch, run.grad.data());
    run.forward_passes += examples;
    run.backward_passes += examples;
  }
  std::vector<float> grad_sq;
  if (run.caps.needs_per_example) {
    grad_sq.resize(run.params.size());
    std::vector<float> scratch(run.params.size());
    mean_squared_example_grads(*problem_, run.params.data(), batch, grad_sq.data(), scratch.data());
    ctx.grad_sq_mean = grad_sq.data();
    run.forward_passes += examples;
    run.backward_passes += examples;
  }
  run.opt->update(run.params.data(), run.grad.data(), run.params.size(), run.state, ctx);
}

void Experiment::advance(int64_t n) {
  for (int64_t i = 0; i < n && done_ < steps_; ++i) {
    const Batch& batch = sampler_->next();
    problem_->begin_step(done_);  // simulated gradient noise: one draw per step for all runs
    ++done_;
    const bool record_now = done_ % record_every_ == 0 || done_ == steps_;
    for (Run& run : runs_) {
      if (run.diverged) continue;
      step_run(run, batch);
      if (record_now) record(run);
    }
  }
}

OrderedJson Experiment::result(std::size_t from) const {
  OrderedJson out;
  out["runs"] = OrderedJson::array();
  for (const Run& run : runs_) {
    auto tail = [from](const auto& v) { return OrderedJson(std::vector<typename std::decay_t<decltype(v)>::value_type>(v.begin() + std::min(from, v.size()), v.end())); };
    OrderedJson r;
    r["label"] = run.label;
    r["optimizer"] = run.optimizer;
    r["status"] = run.diverged ? "diverged" : "ok";
    if (run.diverged) r["diverged_at"] = run.diverged_at;
    r["step"] = tail(run.step);
    r["loss"] = tail(run.loss);
    r["forward_passes"] = tail(run.forward_at);
    r["backward_passes"] = tail(run.backward_at);
    OrderedJson metrics = OrderedJson::object();
    for (const auto& m : run.metrics) metrics[m.first] = tail(m.second);
    r["metrics"] = metrics;
    out["runs"].push_back(r);
  }
  return out;
}

}  // namespace optzoo
