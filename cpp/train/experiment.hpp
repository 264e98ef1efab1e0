// An Experiment: one problem, one seed, N runs in lockstep. Every run starts from the
// same initial point and sees the same minibatch at every step, so differences in
// the curves come from the optimizers alone. This is the one class the bindings
// expose.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/spec_reader.hpp"
#include "optim/registry.hpp"
#include "optim/schedule.hpp"
#include "problems/problem.hpp"
#include "train/batch_sampler.hpp"
#include "train/diagnostics.hpp"
#include "train/histogram.hpp"
#include "train/internals.hpp"

namespace optzoo {

// Equal-compute accounting: one backward pass costs two forward passes (the usual
// estimate for dense layers: the backward pass does two matrix products per layer,
// the forward pass one).
constexpr int64_t kBackwardCost = 2;

struct Run {
  std::string label, optimizer;
  std::unique_ptr<Optimizer> opt;
  Capabilities caps;
  Schedule schedule;  // lr multiplier per update (run spec "schedule"; constant by default)
  OptimizerState state;
  Rng noise;  // this run's own noise stream (SGLD, ES, ...), independent of the others
  std::vector<float> params, grad, before;
  bool diverged = false;
  int64_t diverged_at = -1;
  std::string diverged_reason;  // "loss is NaN", "gradient has Inf", ... (train/faults.hpp)
  bool stopped = false;  // reached the compute budget
  // The run's minibatch size (its own "batch_size", else the experiment's; 0 = full
  // batch) and the shared sampler of that size.
  int batch_size = 0;
  bool own_batch_size = false;
  std::size_t sampler = 0;
  int64_t steps_taken = 0;
  int64_t forward_passes = 0, backward_passes = 0, examples = 0;  // per example, cumulative
  int64_t last_step_cost = 0;                                      // forward-pass equivalents
  double curvature_flops = 0;  // the optimizer's own matrix work (K-FAC factors, solves, ...), cumulative
  double wall_seconds = 0;                                         // time spent in steps
  double last_cosine = 0;
  int64_t fpe() const { return forward_passes + kBackwardCost * backward_passes; }
  bool live() const { return !diverged && !stopped; }

  // Recorded at step 0, then every record_every steps (or record_fpe forward-pass
  // equivalents), when the run stops, and at the last step.
  std::vector<int64_t> step;
  std::vector<double> loss;
  std::vector<int64_t> forward_at, backward_at, examples_at;
  std::vector<double> wall_at, curvature_flops_at;
  std::vector<std::pair<std::string, std::vector<double>>> metrics;
  InternalsSeries internals;
  std::vector<double> cosine;  // zeroth-order runs: estimate vs true minibatch gradient
  IterateHistogram histogram;  // the spec's "histogram": iterates after the burn-in
  Diagnostics diagnostics;     // the spec's "diagnostics"
  std::vector<float> trajectory;  // [x0, y0, x1, y1, ...] after every step, when tracked
};

// How far take_points() has handed out each run's points and trajectory.
struct PointsCursor {
  std::vector<std::size_t> points, trajectory;
};

class SeriesSink;

class Experiment {
 public:
  // Parses and validates the spec; throws Error("path", "rule") on the first problem.
  explicit Experiment(const std::string& spec_json);
  explicit Experiment(const Json& spec);

  int64_t steps() const { return steps_; }
  int64_t steps_done() const { return done_; }
  double budget() const { return budget_; }  // forward-pass equivalents per run; 0 = none
  bool finished() const;
  // Fraction of the work done, in [0, 1]: steps, or the budget of the slowest run.
  double progress() const;
  // Advances every live run by up to n steps (fewer at the end).
  void advance(int64_t n);
  void run_to_end() {
    while (!finished()) advance(1 << 20);
  }

  const std::vector<Run>& runs() const { return runs_; }
  Problem& problem() { return *problem_; }
  const std::vector<float>& initial_point() const { return init_; }

  // Replaces run i's optimizer settings mid-run (the page's controls). The state is
  // kept when the new settings use the same state shape, and restarted otherwise.
  void update_run(std::size_t i, const Json& run_spec);

  // {"runs": [...]} with curves from recorded point `from` on (0 = everything).
  OrderedJson result(std::size_t from = 0) const;
  // The same with one offset per run (runs under a budget record different numbers of
  // points); missing entries count as 0.
  OrderedJson result(const std::vector<std::size_t>& from_per_run) const;

  // The points recorded since `cursor` (which moves on) as flat columns appended to
  // `values`: per run, each series in result order. Returns per run its label, status,
  // column keys and counts, and with tracking the trajectory points that follow.
  OrderedJson take_points(PointsCursor& cursor, std::vector<double>& values) const;
  // Records the first two parameters of every run after every step, up to max_points
  // per run (2-D test functions drawn as paths), starting with the current point.
  void track_trajectories(std::size_t max_points);

 private:
  void parse(const Json& spec);
  Run make_run(const Json& run_spec, std::size_t i);
  void record(Run& run, int64_t step);
  void record_trajectory(Run& run);
  // Every per-point series of a run, from point `from` on, in the result's key order.
  void visit_series(const Run& run, std::size_t from, SeriesSink& sink) const;
  // Whether the step about to be taken will end at a recorded point (for the
  // diagnostics that cost extra work, such as the ES cosine).
  bool will_record(const Run& run, int64_t step) const;
  bool should_record(const Run& run, int64_t step, int64_t fpe_before) const;
  // Takes one step; returns the fault it caused ("" when none).
  std::string step_run(Run& run, const Batch& batch, bool diagnose);

  uint64_t seed_ = 0;
  int64_t steps_ = 0, done_ = 0;
  int record_every_ = 1;
  double budget_ = 0, record_fpe_ = 0;
  double forward_flops_ = 0;  // per example, for the result's total flops
  int batch_size_ = 0;
  HistogramSpec histogram_;  // no bins: no histogram
  DiagnosticsSpec diagnostics_;
  std::unique_ptr<Problem> problem_;
  // One sampler per distinct batch size, all from the same seed stream: runs that share
  // a batch size share every minibatch.
  std::vector<std::unique_ptr<BatchSampler>> samplers_;
  std::vector<int> sampler_sizes_;
  std::vector<const Batch*> batches_;  // this step's minibatch of each sampler
  std::vector<float> init_;
  std::vector<Run> runs_;
  std::size_t trajectory_max_ = 0;  // 0: no trajectories
};

}  // namespace optzoo
