// Learning-rate schedules (pure functions of the step), their spec errors, their
// wiring into the experiment, and McAllester's batch-size re-parameterisation.
#include <doctest/doctest.h>

#include <cmath>

#include "optim/schedule.hpp"
#include "test_support.hpp"
#include "train/experiment.hpp"

using namespace optzoo;
using namespace optzoo::testing;

namespace {
Schedule sched(const char* json, int64_t steps = 100) { return read_schedule(Json::parse(json), "runs[0].schedule", steps); }
const double kPi = 3.14159265358979323846;
}  // namespace

TEST_CASE("schedule: multipliers at chosen steps, worked out by hand") {
  CHECK(sched(R"({"kind": "constant"})").at(57) == 1.0);
  const Schedule step = sched(R"({"kind": "step", "step_size": 10, "gamma": 0.5})");
  CHECK(step.at(0) == 1.0);
  CHECK(step.at(9) == 1.0);
  CHECK(step.at(10) == 0.5);
  CHECK(step.at(25) == 0.25);
  CHECK(sched(R"({"kind": "exponential", "gamma": 0.9})").at(3) == doctest::Approx(0.729));
  const Schedule cosine = sched(R"({"kind": "cosine", "t_max": 10, "min_scale": 0.1})");
  CHECK(cosine.at(0) == 1.0);
  CHECK(cosine.at(5) == doctest::Approx(0.55));
  CHECK(cosine.at(10) == doctest::Approx(0.1));
  CHECK(cosine.at(50) == doctest::Approx(0.1));
  CHECK(sched(R"({"kind": "cosine"})", 40).at(20) == doctest::Approx(0.5));  // t_max defaults to the run's steps
  // SGDR, t_0 = 4, t_mult = 2: cycles [0,4), [4,12), [12,28)
  const Schedule sgdr = sched(R"({"kind": "sgdr", "t_0": 4, "t_mult": 2})");
  CHECK(sgdr.at(0) == 1.0);
  CHECK(sgdr.at(2) == doctest::Approx(0.5));
  CHECK(sgdr.at(4) == 1.0);
  CHECK(sgdr.at(8) == doctest::Approx(0.5));
  CHECK(sgdr.at(12) == 1.0);
  CHECK(sgdr.at(13) == doctest::Approx(0.5 * (1 + std::cos(kPi / 16))));
  const Schedule warm = sched(R"({"kind": "warmup", "warmup_steps": 4})");
  CHECK(warm.at(0) == 0.25);
  CHECK(warm.at(3) == 1.0);
  CHECK(warm.at(99) == 1.0);
  CHECK(sched(R"({"kind": "inv_sqrt", "t0": 4})").at(12) == doctest::Approx(0.5));
  CHECK(sched(R"({"kind": "inv_t", "t0": 2})").at(6) == doctest::Approx(0.25));
  // Cyclic triangle, step_size 5, min 0.2: 0.2 at 0, 1 at 5, 0.2 at 10, 0.6 at 12.5 -> check 12 and 15
  const Schedule cyc = sched(R"({"kind": "cyclic", "step_size": 5, "min_scale": 0.2})");
  CHECK(cyc.at(0) == doctest::Approx(0.2));
  CHECK(cyc.at(5) == doctest::Approx(1.0));
  CHECK(cyc.at(10) == doctest::Approx(0.2));
  CHECK(cyc.at(12) == doctest::Approx(0.2 + 0.8 * 0.4));
  CHECK(cyc.at(15) == doctest::Approx(1.0));
}

TEST_CASE("schedule: inv_t satisfies the Robbins-Monro conditions numerically (divergent sum, convergent squares)") {
  const Schedule s = sched(R"({"kind": "inv_t", "t0": 1})");
  double sum = 0, squares = 0;
  for (int64_t t = 0; t < 100000; ++t) sum += s.at(t), squares += s.at(t) * s.at(t);
  CHECK(sum > 11.0);  // ~ ln(1e5) + 0.58
  CHECK(squares < kPi * kPi / 6 + 1e-9);
}

TEST_CASE("schedule: bad specs name the field and the rule") {
  struct Bad {
    const char* json;
    const char* message;
  };
  const Bad cases[] = {
      {R"({"kind": "linear"})", "runs[0].schedule.kind: must be one of"},
      {R"({})", "runs[0].schedule.kind: is required"},
      {R"({"kind": "step"})", "runs[0].schedule.step_size: is required"},
      {R"({"kind": "step", "step_size": 0})", "runs[0].schedule.step_size: must be an integer in [1,"},
      {R"({"kind": "step", "step_size": 5, "gamma": 1.5})", "runs[0].schedule.gamma: must be a finite number in (0, 1]"},
      {R"({"kind": "exponential", "gamma": 0})", "runs[0].schedule.gamma: must be a finite number in (0, 1]"},
      {R"({"kind": "cosine", "min_scale": -0.1})", "runs[0].schedule.min_scale: must be a finite number in [0, 1]"},
      {R"({"kind": "sgdr", "t_0": 10, "t_mult": 0})", "runs[0].schedule.t_mult: must be an integer in [1, 1000]"},
      {R"({"kind": "warmup", "warmup_steps": 2.5})", "runs[0].schedule.warmup_steps: must be an integer"},
      {R"({"kind": "inv_t", "t0": 0})", "runs[0].schedule.t0: must be a finite number > 0"},
      {R"({"kind": "cosine", "tmax": 5})", "runs[0].schedule.tmax: is not a known key here"},
      {R"(3)", "runs[0].schedule: must be an object"},
  };
  for (const auto& bad : cases) {
    const std::string msg = error_of([&] { sched(bad.json); });
    INFO(bad.json << " gave \"" << msg << "\"");
    CHECK(msg.find(bad.message) == 0);
  }
}

TEST_CASE("schedule: the experiment applies lr_scale(t) to the t-th update") {
  Json spec = Json::parse(R"({"seed": 1, "steps": 3,
    "problem": {"kind": "inline", "task": "classification", "x": [[0.1, 2.0], [1.0, -1.0], [0.5, 0.5]], "y": [0, 1, 2]},
    "model": {"kind": "mlp", "sizes": [2, 4, 3], "activation": "tanh"}, "loss": "cross_entropy",
    "runs": [{"optimizer": "sgd", "lr": 0.5, "label": "plain"},
             {"optimizer": "sgd", "lr": 0.5, "label": "constant", "schedule": {"kind": "constant"}},
             {"optimizer": "sgd", "lr": 0.5, "label": "halving", "schedule": {"kind": "step", "step_size": 1, "gamma": 0.5}},
             {"optimizer": "sgd", "lr": 0.5, "label": "warm", "schedule": {"kind": "warmup", "warmup_steps": 2}},
             {"optimizer": "sgd", "lr": 0.25, "label": "quarter"}]})");
  Experiment e(spec);
  e.run_to_end();
  const OrderedJson r = e.result();
  const auto& plain = r["runs"][0]["loss"];
  CHECK(r["runs"][1]["loss"] == plain);
  // Step schedule: the first update has scale 1, so it matches plain SGD after one step only.
  CHECK(r["runs"][2]["loss"][1] == plain[1]);
  CHECK(r["runs"][2]["loss"][2] != plain[2]);
  // Warm-up over 2 steps: the first update uses lr * 0.5, exactly lr 0.25.
  CHECK(r["runs"][3]["loss"][1] == r["runs"][4]["loss"][1]);
  CHECK(error_of([&] {
          spec["runs"][0]["schedule"] = Json::parse(R"({"kind": "cosine", "t_max": -2})");
          Experiment bad(spec);
        }).find("runs[0].schedule.t_max: must be an integer") == 0);
}

TEST_CASE("McAllester's batch-size re-parameterisation: eta', N_g', B -> eta, N_g") {
  // N_g' = 100 examples of averaging at batch 1; batch 10 keeps 10 steps of 10 examples.
  BatchScaled s = mcallester_batch_scaling(0.01, 100, 10);
  CHECK(s.momentum_window == doctest::Approx(10));
  CHECK(s.lr == doctest::Approx(10 * 0.01 / 10));
  // Past B = N_g' the window cannot shrink below one step; the rate grows with B.
  s = mcallester_batch_scaling(0.01, 100, 400);
  CHECK(s.momentum_window == 1.0);
  CHECK(s.lr == doctest::Approx(4.0));
  // B = 1 is the identity up to the N_g form: eta = eta'/N_g'.
  s = mcallester_batch_scaling(0.5, 20, 1);
  CHECK(s.momentum_window == 20);
  CHECK(s.lr == doctest::Approx(0.025));
  // Consequence checked on the momentum form v = (1-1/N_g) v + eta g: at steady state
  // with a constant gradient the step is N_g eta g = B eta' g, B examples' worth.
  for (double B : {1.0, 7.0, 50.0, 300.0}) {
    const BatchScaled k = mcallester_batch_scaling(0.01, 100, B);
    CHECK(k.momentum_window * k.lr == doctest::Approx(B * 0.01));
  }
  CHECK(error_of([] { mcallester_batch_scaling(0.01, 0.5, 4); }).find("momentum_window: must be") == 0);
  CHECK(error_of([] { mcallester_batch_scaling(-1, 10, 4); }).find("lr: must be") == 0);
}
