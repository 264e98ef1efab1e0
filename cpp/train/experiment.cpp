#include <nlohmann/json.hpp>

#include "train/experiment.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "problems/problem_factory.hpp"
#include "train/run_curvature.hpp"
#include "core/limits.hpp"
#include "train/faults.hpp"
#include "train/memory_estimate.hpp"
#include "train/series_sink.hpp"

namespace optzoo {

Experiment::Experiment(const std::string& spec_json) : Experiment(parse_json(spec_json)) {}

Experiment::Experiment(const Json& spec) { parse(spec); }

void Experiment::parse(const Json& json) {
  // Every independent part of the spec is checked even after another part failed, so
  // that the user sees all violations at once (SpecErrors). Nothing large is allocated
  // until the whole spec is valid and the memory estimate fits.
  Violations violations;
  SpecObject spec(json, "", &violations);
  violations.check([&] {
    seed_ = static_cast<uint64_t>(spec.number("seed", closed(0, 4294967295.0), 0));
    if (json.contains("seed") && json["seed"].get<double>() != std::floor(json["seed"].get<double>()))
      throw Error("seed", "must be a whole number");
  });
  violations.check([&] { budget_ = spec.number("budget", half_open(0, limits::kMaxBudget), 0); });
  violations.check([&] {
    if (!spec.has("steps") && budget_ == 0)
      throw Error("steps", "is required (or give a \"budget\" in forward-pass equivalents)");
    steps_ = spec.has("steps") ? spec.integer("steps", 0, limits::kMaxSteps) : limits::kMaxSteps;
  });
  if (!violations.check([&] {
        problem_ = make_problem(spec, seed_);
        forward_flops_ = problem_->forward_flops();
      }))
    spec.touch({"problem", "model", "loss"});  // not reached after the error: not unknown
  violations.check([&] { batch_size_ = spec.integer("batch_size", 0, limits::kMaxBatch, 0); });
  violations.check([&] {
    const Json* h = spec.optional("histogram");
    if (h && problem_) histogram_ = read_histogram(*h, "histogram", problem_->dim());
  });
  violations.check([&] {
    const Json* d = spec.optional("diagnostics");
    if (d && problem_) diagnostics_ = read_diagnostics(*d, "diagnostics", problem_->layout());
  });
  violations.check([&] {
    if (spec.has("record_every") && spec.has("record_fpe"))
      throw Error("record_fpe", "cannot be combined with \"record_every\"; record by steps or by compute");
  });
  violations.check([&] { record_every_ = spec.integer("record_every", 1, limits::kMaxBatch, 1); });
  violations.check([&] { record_fpe_ = spec.number("record_fpe", above(0), 0); });
  // A budget run takes as many steps as its compute allows, so it records by compute
  // unless told otherwise: about 50 points over the budget.
  if (budget_ > 0 && !spec.has("record_every") && record_fpe_ == 0) record_fpe_ = budget_ / 50;

  const Json* runs = nullptr;
  violations.check([&] {
    runs = &read_array(spec.required("runs"), "runs", 1);
    if (runs->size() > limits::kMaxRuns) {
      runs = nullptr;
      throw Error("runs", "must have at most " + std::to_string(limits::kMaxRuns) + " runs");
    }
  });
  for (std::size_t i = 0; runs && i < runs->size(); ++i)
    violations.check([&] {
      Run run = make_run((*runs)[i], i);
      for (const Run& other : runs_)
        if (other.label == run.label)
          throw Error(index_path("runs", i) + ".label",
                      "must be unique: \"" + run.label + "\" is used twice (add a \"label\" to tell the runs apart)");
      runs_.push_back(std::move(run));
    });
  spec.finish();
  violations.throw_if_any();
  int largest_batch = batch_size_;  // 0 (full batch) is the largest
  for (Run& run : runs_) {
    if (!run.own_batch_size) run.batch_size = batch_size_;
    if (largest_batch != 0 && (run.batch_size == 0 || run.batch_size > largest_batch)) largest_batch = run.batch_size;
  }
  check_memory(*problem_, largest_batch, runs_.size());

  const Rng root(seed_);
  init_.resize(problem_->dim());
  Rng init_rng = root.fork(rng_streams::kInit);
  problem_->initial_point(init_rng, init_.data());
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    Run& run = runs_[i];
    run.params = init_;
    run.grad.assign(init_.size(), 0.0f);
    run.noise = root.fork(rng_streams::kNoise).fork(i);
    run.state = run.opt->init(run.params.data(), run.params.size());
    if (!histogram_.bins.empty()) run.histogram = IterateHistogram(histogram_);
    run.diagnostics = Diagnostics(diagnostics_);
  }
  for (Run& run : runs_) {
    const auto found = std::find(sampler_sizes_.begin(), sampler_sizes_.end(), run.batch_size);
    run.sampler = static_cast<std::size_t>(found - sampler_sizes_.begin());
    if (found != sampler_sizes_.end()) continue;
    sampler_sizes_.push_back(run.batch_size);
    samplers_.push_back(
        std::make_unique<BatchSampler>(problem_->train_size(), run.batch_size, root.fork(rng_streams::kBatches)));
  }
  for (Run& run : runs_) record(run, 0);
}

Run Experiment::make_run(const Json& run_spec, std::size_t i) {
  // The run's own violations (every bad hyperparameter, unknown keys) come out together.
  const std::string path = index_path("runs", i);
  Violations violations;
  SpecObject r(run_spec, path, &violations);
  const std::string name = r.string("optimizer", {});
  const OptimizerInfo* info = find_optimizer(name);
  if (!info) throw Error(r.path("optimizer"), "is not a known optimizer: \"" + name + "\" (npx optzoo optimizers lists them)");
  if (info->caps.needs_fisher && problem_) {  // no problem: its own violation is already listed
    const std::string why = problem_->fisher_unsupported();
    if (!why.empty()) throw Error(r.path("optimizer"), name + " " + why);
  }
  if (info->max_params > 0 && problem_ && problem_->dim() > info->max_params)
    throw Error(r.path("optimizer"), name + " holds dense matrices of the parameter count squared and is limited to " +
                                         std::to_string(info->max_params) + " parameters; this model has " +
                                         std::to_string(problem_->dim()) + " (kfac, shampoo or adam scale further)");
  Run run;
  run.optimizer = name;
  run.caps = info->caps;
  run.label = name;
  violations.check([&] {
    if (const Json* label = r.optional("label")) {
      if (!label->is_string() || label->get<std::string>().empty()) throw Error(r.path("label"), "must be a non-empty string");
      if (label->get<std::string>().size() > limits::kMaxLabelLength)
        throw Error(r.path("label"), "must be at most " + std::to_string(limits::kMaxLabelLength) + " characters");
      run.label = label->get<std::string>();
    }
  });
  const Hyperparams hyper = read_hyperparams(info->hyperparams, r);
  violations.check([&] {
    if (!r.has("batch_size")) return;
    run.batch_size = r.integer("batch_size", 0, limits::kMaxBatch);
    run.own_batch_size = true;
  });
  violations.check([&] {
    if (const Json* schedule = r.optional("schedule")) run.schedule = read_schedule(*schedule, r.path("schedule"), steps_);
  });
  r.finish();
  violations.throw_if_any();
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
  if ((fresh.own_batch_size ? fresh.batch_size : batch_size_) != run.batch_size)
    throw Error(index_path("runs", i) + ".batch_size", "cannot change mid-run; reset instead");
  OptimizerState restarted = fresh.opt->init(run.params.data(), run.params.size());
  const bool same_shape = restarted.slots.size() == run.state.slots.size() && restarted.scalars.size() == run.state.scalars.size();
  if (!same_shape) run.state = std::move(restarted);
  run.opt = std::move(fresh.opt);
  run.label = fresh.label;
}

bool Experiment::finished() const {
  if (done_ >= steps_) return true;
  for (const Run& run : runs_)
    if (run.live()) return false;
  return true;
}

double Experiment::progress() const {
  if (finished()) return 1.0;
  double p = steps_ > 0 ? static_cast<double>(done_) / steps_ : 1.0;
  if (budget_ > 0) {
    double slowest = 1.0;
    for (const Run& run : runs_)
      if (run.live()) slowest = std::min(slowest, run.fpe() / budget_);
    p = std::max(p, slowest);
  }
  return std::min(p, 1.0);
}

void Experiment::record(Run& run, int64_t step) {
  const double loss = problem_->loss(run.params.data(), {});
  run.step.push_back(step);
  run.loss.push_back(loss);
  run.forward_at.push_back(run.forward_passes);
  run.backward_at.push_back(run.backward_passes);
  run.examples_at.push_back(run.examples);
  run.wall_at.push_back(run.wall_seconds);
  run.curvature_flops_at.push_back(run.curvature_flops);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (run.steps_taken == 0) {
    run.internals.push_missing(weight_view_names(problem_->layout()).size());
  } else {
    // Measured here rather than after every step: record() follows the step it reports
    // at once, so before, params, grad and the optimizer's estimate are still that step's.
    const std::vector<float>* estimate = run.caps.needs_objective ? run.opt->gradient_estimate(run.state) : nullptr;
    const float* grad = run.caps.needs_objective ? (estimate ? estimate->data() : nullptr) : run.grad.data();
    run.internals.push(measure_step(problem_->layout(), run.before.data(), run.params.data(), grad));
  }
  if (run.caps.needs_objective) run.cosine.push_back(run.steps_taken == 0 ? nan : run.last_cosine);
  if (run.diagnostics.active()) run.diagnostics.record(*problem_, run.params.data(), run.steps_taken > 0);
  if (!std::isfinite(loss) && !run.diverged) {
    run.diverged = true;
    run.diverged_at = step;
    run.diverged_reason = std::string("training loss is ") + non_finite_kind(loss);
  }
  if (run.diverged) {
    // No metrics of a broken point: null, so every series stays aligned with "step".
    for (auto& m : run.metrics) m.second.push_back(nan);
    return;
  }
  const auto metrics = problem_->metrics(run.params.data());
  if (run.metrics.empty())
    for (const auto& m : metrics) run.metrics.push_back({m.name, {}});
  for (std::size_t i = 0; i < metrics.size(); ++i) run.metrics[i].second.push_back(metrics[i].value);
}

bool Experiment::should_record(const Run& run, int64_t step, int64_t fpe_before) const {
  if (run.stopped || step == steps_) return true;
  if (record_fpe_ > 0)
    return std::floor(run.fpe() / record_fpe_) > std::floor(fpe_before / record_fpe_);
  return step % record_every_ == 0;
}

bool Experiment::will_record(const Run& run, int64_t step) const {
  if (step >= steps_ || run.last_step_cost == 0) return true;
  if (record_fpe_ > 0 || budget_ > 0) {
    const double after = static_cast<double>(run.fpe() + run.last_step_cost);
    if (budget_ > 0 && after + run.last_step_cost > budget_) return true;
    return record_fpe_ > 0 && std::floor(after / record_fpe_) > std::floor(run.fpe() / record_fpe_);
  }
  return step % record_every_ == 0;
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

std::string Experiment::step_run(Run& run, const Batch& batch, bool diagnose) {
  const auto started = std::chrono::steady_clock::now();
  const int examples = batch.empty() ? std::max(problem_->train_size(), 1) : static_cast<int>(batch.size());
  const int64_t fpe_before = run.fpe();
  StepContext ctx;
  ctx.layout = &problem_->layout();
  ctx.rng = &run.noise;
  ctx.lr_scale = run.schedule.at(run.steps_taken);
  ctx.batch_size = examples;
  // Zeroth-order methods see the minibatch loss only; every evaluation is counted as
  // forward passes so that they can be compared with backprop at equal compute.
  const auto objective_fn = [&](const float* params) {
    run.forward_passes += examples;
    return problem_->loss(params, batch);
  };
  const auto perturbed_fn = [&](const float* center, const float* dirs, int count, float sigma, double* plus,
                                double* minus) {
    run.forward_passes += static_cast<int64_t>(examples) * count * (minus ? 2 : 1);
    problem_->perturbed_losses(center, batch, dirs, count, sigma, plus, minus);
  };
  // Look-ahead methods take the minibatch gradient where they choose, counted likewise;
  // the last one taken is kept in run.grad for the diagnostics.
  const auto gradient_at_fn = [&](const float* params, float* grad) {
    run.forward_passes += examples;
    run.backward_passes += examples;
    const double loss = problem_->loss_and_grad(params, batch, grad);
    if (grad != run.grad.data()) std::copy(grad, grad + run.grad.size(), run.grad.begin());
    return loss;
  };
  // Wrapped in std::function only for the methods that call them: a wrapper of a
  // lambda this size allocates, and most steps need none of them.
  Objective objective;
  PerturbedObjective perturbed;
  GradientAt gradient_at;
  run.before = run.params;
  if (run.caps.needs_objective || run.caps.needs_curvature) {
    objective = objective_fn;
    ctx.objective = &objective;
  }
  if (run.caps.needs_objective) {
    perturbed = perturbed_fn;
    ctx.perturbed = &perturbed;
    // The true gradient, for the cosine diagnostic only: not counted as compute, and
    // not part of the timed work.
    if (diagnose) problem_->loss_and_grad(run.params.data(), batch, run.grad.data());
  } else if (run.caps.needs_gradient_at) {
    gradient_at = gradient_at_fn;
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
  const RunCurvature curvature(*problem_, run, batch, examples);
  if (run.caps.needs_curvature) ctx.curvature = &curvature;
  const auto step_started = run.caps.needs_objective && diagnose ? std::chrono::steady_clock::now() : started;
  run.opt->update(run.params.data(), run.grad.data(), run.params.size(), run.state, ctx);
  run.wall_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - step_started).count();
  ++run.steps_taken;
  run.examples += examples;
  run.last_step_cost = run.fpe() - fpe_before;

  // The step's internals (norms over every parameter) are measured only when the
  // point is recorded, which happens right after this step (record()).
  if (run.caps.needs_objective) {
    const std::vector<float>* estimate = run.opt->gradient_estimate(run.state);
    run.last_cosine = diagnose && estimate ? cosine(estimate->data(), run.grad.data(), run.grad.size())
                                           : std::numeric_limits<double>::quiet_NaN();
  }
  if (diagnose && run.diagnostics.wants_gradient_change()) {
    // Both gradients on this step's minibatch, taken afresh (look-ahead and zeroth-order
    // methods never hold the one at the old point); a diagnostic, not counted.
    std::vector<float> at_before(run.params.size()), at_after(run.params.size());
    problem_->loss_and_grad(run.before.data(), batch, at_before.data());
    problem_->loss_and_grad(run.params.data(), batch, at_after.data());
    run.diagnostics.measure_step(problem_->layout(), run.before.data(), run.params.data(), at_before.data(),
                                 at_after.data());
  }
  // Zeroth-order methods never see a gradient, so only their state and point count.
  const bool has_loss = !run.caps.needs_objective && !run.caps.needs_gradient_at;
  return find_fault(has_loss ? &ctx.loss : nullptr, run.caps.needs_objective ? nullptr : &run.grad, run.state, run.params);
}

void Experiment::advance(int64_t n) {
  for (int64_t i = 0; i < n && !finished(); ++i) {
    // Every sampler advances every step, whichever runs are still live, so a run's
    // minibatches never depend on the other runs.
    batches_.clear();  // kept between steps: no allocation per step
    for (auto& sampler : samplers_) batches_.push_back(&sampler->next());
    problem_->begin_step(done_);  // simulated gradient noise: one draw per step for all runs
    const int64_t step = done_ + 1;  // the step count after this update
    for (Run& run : runs_) {
      if (!run.live()) continue;
      const bool diagnose = will_record(run, step);
      const int64_t fpe_before = run.fpe();
      const std::string fault = step_run(run, *batches_[run.sampler], diagnose);
      if (!fault.empty()) {
        // The curve ends at the step that broke it; the other runs go on.
        run.diverged = true;
        run.diverged_at = step;
        run.diverged_reason = fault;
        record(run, step);
        continue;
      }
      run.histogram.add(step, run.params.data());
      // Stop before a step that would overrun the budget, so every run ends at or
      // just under it.
      if (budget_ > 0 && run.fpe() + run.last_step_cost > budget_) run.stopped = true;
      if (should_record(run, step, fpe_before)) record(run, step);
    }
    if (trajectory_max_ > 0)
      for (Run& run : runs_) record_trajectory(run);
    done_ = step;
  }
}

OrderedJson Experiment::result(std::size_t from) const {
  return result(std::vector<std::size_t>(runs_.size(), from));
}

void Experiment::visit_series(const Run& run, std::size_t from, SeriesSink& sink) const {
  sink.tail({"step"}, run.step, from);
  sink.tail({"loss"}, run.loss, from);
  sink.tail({"forward_passes"}, run.forward_at, from);
  sink.tail({"backward_passes"}, run.backward_at, from);
  const std::size_t start = std::min(from, run.forward_at.size());
  std::vector<int64_t> fpe(run.forward_at.size() - start);
  for (std::size_t k = 0; k < fpe.size(); ++k) fpe[k] = run.forward_at[start + k] + kBackwardCost * run.backward_at[start + k];
  sink.series({"fpe"}, fpe.data(), fpe.size());
  sink.tail({"examples"}, run.examples_at, from);
  sink.tail({"wall_time"}, run.wall_at, from);
  sink.tail({"curvature_flops"}, run.curvature_flops_at, from);
  std::vector<double> flops(fpe.size());
  for (std::size_t k = 0; k < flops.size(); ++k) flops[k] = fpe[k] * forward_flops_ + run.curvature_flops_at[start + k];
  sink.series({"flops"}, flops.data(), flops.size());
  sink.group({"metrics"});
  for (const auto& m : run.metrics) sink.tail({"metrics", m.first}, m.second, from);
  sink.tail({"internals", "grad_norm"}, run.internals.grad_norm, from);
  sink.tail({"internals", "update_norm"}, run.internals.update_norm, from);
  sink.tail({"internals", "effective_lr"}, run.internals.effective_lr, from);
  sink.group({"internals", "update_ratio"});
  const auto names = weight_view_names(problem_->layout());
  for (std::size_t v = 0; v < run.internals.update_ratio.size() && v < names.size(); ++v)
    sink.tail({"internals", "update_ratio", names[v]}, run.internals.update_ratio[v], from);
  if (run.caps.needs_objective) sink.tail({"cosine"}, run.cosine, from);
}

OrderedJson Experiment::result(const std::vector<std::size_t>& from_per_run) const {
  OrderedJson out;
  out["runs"] = OrderedJson::array();
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    const Run& run = runs_[i];
    const std::size_t from = i < from_per_run.size() ? from_per_run[i] : 0;
    OrderedJson r;
    r["label"] = run.label;
    r["optimizer"] = run.optimizer;
    r["status"] = run.diverged ? "diverged" : "ok";
    if (run.diverged) {
      r["diverged_at"] = run.diverged_at;
      r["diverged_reason"] = run.diverged_reason;
    }
    if (run.stopped) r["stopped_at"] = run.step.back();
    if (run.own_batch_size) r["batch_size"] = run.batch_size;
    JsonSeriesWriter writer(r);
    visit_series(run, from, writer);
    if (run.histogram.active()) r["histogram"] = run.histogram.to_json();
    if (run.diagnostics.active()) run.diagnostics.visit(problem_->layout(), from, writer);
    out["runs"].push_back(r);
  }
  return out;
}

void Experiment::track_trajectories(std::size_t max_points) {
  if (problem_->dim() < 2) throw Error("trajectory", "needs at least two parameters");
  trajectory_max_ = max_points;
  for (Run& run : runs_)
    if (run.trajectory.empty()) record_trajectory(run);
}

void Experiment::record_trajectory(Run& run) {
  if (run.trajectory.size() / 2 >= trajectory_max_) return;
  run.trajectory.push_back(run.params[0]);
  run.trajectory.push_back(run.params[1]);
}

OrderedJson Experiment::take_points(PointsCursor& cursor, std::vector<double>& values) const {
  cursor.points.resize(runs_.size(), 0);
  cursor.trajectory.resize(runs_.size(), 0);
  values.clear();
  OrderedJson out;
  out["runs"] = OrderedJson::array();
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    const Run& run = runs_[i];
    ColumnWriter columns(values);
    visit_series(run, cursor.points[i], columns);
    if (run.diagnostics.active()) run.diagnostics.visit(problem_->layout(), cursor.points[i], columns);
    cursor.points[i] = run.step.size();
    OrderedJson r;
    r["label"] = run.label;
    r["optimizer"] = run.optimizer;
    r["status"] = run.diverged ? "diverged" : "ok";
    r["diverged_at"] = run.diverged ? OrderedJson(run.diverged_at) : OrderedJson();
    r["keys"] = columns.keys();
    r["counts"] = columns.counts();
    out["runs"].push_back(r);
  }
  // The trajectories follow every run's columns, [x0, y0, x1, y1, ...] per run.
  if (trajectory_max_ > 0) {
    out["trajectory"] = OrderedJson::array();
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      const std::vector<float>& t = runs_[i].trajectory;
      values.insert(values.end(), t.begin() + std::min(cursor.trajectory[i], t.size()), t.end());
      out["trajectory"].push_back((t.size() - std::min(cursor.trajectory[i], t.size())) / 2);  // points
      cursor.trajectory[i] = t.size();
    }
  }
  return out;
}

}  // namespace optzoo
