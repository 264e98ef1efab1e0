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

namespace optzoo {

struct Run {
  std::string label, optimizer;
  std::unique_ptr<Optimizer> opt;
  Capabilities caps;
  Schedule schedule;  // lr multiplier per update (run spec "schedule"; constant by default)
  OptimizerState state;
  std::vector<float> params, grad;
  bool diverged = false;
  int64_t diverged_at = -1;
  int64_t forward_passes = 0, backward_passes = 0;  // per example, cumulative
  // Recorded at steps 0, record_every, 2*record_every, ..., and at the last step.
  std::vector<int64_t> step;
  std::vector<double> loss;
  std::vector<int64_t> forward_at, backward_at;
  std::vector<std::pair<std::string, std::vector<double>>> metrics;
};

class Experiment {
 public:
  // Parses and validates the spec; throws Error("path", "rule") on the first problem.
  explicit Experiment(const std::string& spec_json);
  explicit Experiment(const Json& spec);

  int64_t steps() const { return steps_; }
  int64_t steps_done() const { return done_; }
  bool finished() const { return done_ >= steps_; }
  // Advances every live run by up to n steps (fewer at the end).
  void advance(int64_t n);
  void run_to_end() { advance(steps_ - done_); }

  const std::vector<Run>& runs() const { return runs_; }
  Problem& problem() { return *problem_; }
  const std::vector<float>& initial_point() const { return init_; }

  // Replaces run i's optimizer settings mid-run (the page's controls). The state is
  // kept when the new settings use the same state shape, and restarted otherwise.
  void update_run(std::size_t i, const Json& run_spec);

  // {"runs": [...]} with curves from recorded point `from` on (0 = everything).
  OrderedJson result(std::size_t from = 0) const;

 private:
  void parse(const Json& spec);
  Run make_run(const Json& run_spec, std::size_t i);
  void record(Run& run);
  void step_run(Run& run, const Batch& batch);

  uint64_t seed_ = 0;
  int64_t steps_ = 0, done_ = 0;
  int record_every_ = 1;
  int batch_size_ = 0;
  std::unique_ptr<Problem> problem_;
  std::unique_ptr<BatchSampler> sampler_;
  std::vector<float> init_;
  std::vector<Run> runs_;
  Rng noise_rng_;
};

}  // namespace optzoo
