// Learning-rate schedules: a pure function from the update index t (0 for the first
// update) to a multiplier of the optimizer's step size, passed to every optimizer as
// StepContext::lr_scale. A run's spec selects one with
//   "schedule": {"kind": "cosine", "t_max": 500, "min_scale": 0.01}
// Kinds and parameters (all optional except where marked):
//   constant
//   step         step_size (required), gamma = 0.1        gamma^floor(t / step_size)       (torch StepLR)
//   exponential  gamma (required)                         gamma^t                           (torch ExponentialLR)
//   cosine       t_max = the run's steps, min_scale = 0    cosine from 1 to min_scale over t_max, then flat
//   sgdr         t_0 (required), t_mult = 1, min_scale = 0 cosine restarted after t_0, t_0*t_mult, ... (Loshchilov & Hutter 2017)
//   warmup       warmup_steps (required)                  (t + 1) / warmup_steps, then 1 (linear warm-up)
//   inv_sqrt     t0 = 1                                   sqrt(t0 / (t + t0))               (1/sqrt(t))
//   inv_t        t0 = 1                                   t0 / (t + t0)   (Robbins-Monro: sum = inf, sum of squares < inf)
//   cyclic       step_size (required), min_scale = 0.1    triangle min_scale -> 1 -> min_scale every 2 step_size (Smith 2017)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/spec_reader.hpp"

namespace optzoo {

struct Schedule {
  enum class Kind { Constant, Step, Exponential, Cosine, Sgdr, Warmup, InvSqrt, InvT, Cyclic };
  Kind kind = Kind::Constant;
  double gamma = 0.1, min_scale = 0.0, t0 = 1.0, mult = 1.0;
  int64_t period = 1;  // step_size, t_max, t_0 or warmup_steps

  double at(int64_t t) const;  // the multiplier for update t = 0, 1, 2, ...
};

// Every "kind" read_schedule accepts.
const std::vector<std::string>& schedule_kinds();

// Reads a "schedule" object (errors name `path` and the rule); total_steps is the
// run's length, the default t_max of a cosine schedule.
Schedule read_schedule(const Json& j, const std::string& path, int64_t total_steps);

// McAllester's batch-size re-parameterisation (TTIC 31230, lecture on SGD): with
// eta' and N_g' the learning rate and momentum window that suit batch size 1, batch
// size B should use N_g = max(1, N_g'/B) (the average then still spans N_g' examples)
// and eta = B eta' / N_g (B examples per step; momentum v = (1-1/N_g) v + eta g sums
// N_g steps). The slides print min(1, N_g'/B), which would make N_g <= 1; N_g >= 1 is
// what the momentum form needs, so max is used here.
struct BatchScaled {
  double lr;         // eta
  double momentum_window;  // N_g; momentum factor = 1 - 1/N_g
};
BatchScaled mcallester_batch_scaling(double lr_unit, double momentum_window_unit, double batch_size);

}  // namespace optzoo
