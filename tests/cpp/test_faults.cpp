// Numerical faults end the run that hit them at that step, with the reason, while
// the other runs go on; losses stay finite at extreme logits.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "nn/activation.hpp"
#include "nn/loss.hpp"
#include "test_support.hpp"
#include "train/experiment.hpp"
#include "train/faults.hpp"

using namespace optzoo;
using namespace optzoo::testing;

namespace {

// Rosenbrock: plain gradient descent with a huge step overflows within a few steps.
Json race(double big_lr) {
  Json spec = Json::parse(R"({"seed": 0, "problem": {"kind": "function", "name": "rosenbrock"}, "steps": 60,
    "runs": [{"optimizer": "sgd", "lr": 0.0005, "label": "calm"}, {"optimizer": "sgd", "label": "wild"}]})");
  spec["runs"][1]["lr"] = big_lr;
  return spec;
}

}  // namespace

TEST_CASE("faults: a run that overflows is marked diverged at that step with the reason; others continue") {
  Experiment e(race(1e3));
  e.run_to_end();
  const OrderedJson r = e.result();
  const auto& calm = r["runs"][0];
  const auto& wild = r["runs"][1];
  CHECK(calm["status"] == "ok");
  CHECK(calm["step"].back() == 60);
  REQUIRE(wild["status"] == "diverged");
  const int64_t at = wild["diverged_at"].get<int64_t>();
  CHECK(at > 0);
  CHECK(at < 60);
  CHECK(wild["step"].back() == at);  // the curve ends at the step that broke it
  const std::string reason = wild["diverged_reason"].get<std::string>();
  INFO(reason);
  CHECK((reason.find("NaN") != std::string::npos || reason.find("Inf") != std::string::npos));
  // Every earlier point was finite: it was caught at the step it happened.
  for (std::size_t k = 0; k + 1 < wild["loss"].size(); ++k) CHECK(std::isfinite(wild["loss"][k].get<double>()));
  // Metrics stay aligned with the steps.
  CHECK(wild["metrics"]["distance_to_min"].size() == wild["step"].size());
}

TEST_CASE("faults: find_fault names the first broken part") {
  OptimizerState state;
  std::vector<float> params = {1, 2}, grad = {0, 0};
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  CHECK(find_fault(nullptr, &grad, state, params) == "");
  CHECK(find_fault(&nan, &grad, state, params) == "loss is NaN");
  CHECK(find_fault(&inf, &grad, state, params) == "loss is Inf");
  grad[1] = static_cast<float>(inf);
  CHECK(find_fault(nullptr, &grad, state, params) == "gradient has Inf");
  grad[1] = 0;
  state.slots.push_back({0.0f, static_cast<float>(nan)});
  CHECK(find_fault(nullptr, &grad, state, params) == "optimizer state has NaN");
  state.slots.clear();
  params[0] = static_cast<float>(-inf);
  CHECK(find_fault(nullptr, &grad, state, params) == "parameters have Inf");
}

TEST_CASE("faults: cross-entropy, BCE and activations are finite at extreme logits") {
  for (const float big : {1e4f, 3e38f}) {
    Tensor<float> z;
    z.resize(2, 3);
    const float rows[2][3] = {{big, -big, 0}, {-big, big, -big}};
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 3; ++j) z.row(i)[j] = rows[i][j];
    const int32_t labels[2] = {1, 0};  // the wrong class each time: the largest loss
    TargetView t;
    t.labels = labels;
    Tensor<float> dz;
    const double ce = loss_and_output_grad(LossKind::CrossEntropy, z, t, &dz);
    INFO("logit scale " << big << ", ce " << ce);
    CHECK(std::isfinite(ce));
    CHECK(ce == doctest::Approx(2.0 * big).epsilon(1e-6));  // (big - (-big)) on each row, mean of 2
    for (float g : dz.data) CHECK(std::isfinite(g));
    CHECK(dz.row(0)[0] == doctest::Approx(0.5));   // softmax 1 on the wrong class, / n
    CHECK(dz.row(0)[1] == doctest::Approx(-0.5));  // 0 - 1 on the true class, / n

    const float targets[6] = {0, 1, 0.5f, 1, 0, 1};
    TargetView tb;
    tb.values = targets;
    tb.dim = 3;
    const double bce = loss_and_output_grad(LossKind::BinaryCrossEntropy, z, tb, &dz);
    CHECK(std::isfinite(bce));
    for (float g : dz.data) CHECK(std::isfinite(g));

    for (Activation a : {Activation::Tanh, Activation::Sigmoid, Activation::Gelu, Activation::Relu})
      for (const float x : {big, -big}) {
        const float y = activate(a, x);
        CHECK(std::isfinite(y));
        CHECK(std::isfinite(activate_derivative(a, x, y)));
      }
  }
}
